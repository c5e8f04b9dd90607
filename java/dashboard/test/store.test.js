// SPDX-License-Identifier: GPL-2.0
// The store and its series, fed the server's own answers (test/fixtures, see contract.test.js)
// through contract.js, as the page feeds them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseEvent, parseHistory, parseNetwork } from '../src/contract.js';
import { PALETTE } from '../src/format.js';
import { SeriesSet } from '../src/series.js';
import { Store, WINDOW_MS } from '../src/store.js';

const text = name => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const history = name => parseHistory(JSON.parse(text(name)));
const network = name => parseNetwork(JSON.parse(text(name)));
const events = name => text(name).split('\n').filter(line => line.startsWith('data: '))
  .map(line => parseEvent(JSON.parse(line.slice(6))));
const KMOD_PROTOCOLS = ['ipv4/icmp', 'ipv4/tcp', 'ipv4/udp', 'ipv6/unknown', 'ipv6/icmpv6'];

/** An event of `source` at `t` with eth0's rates and totals, with one protocol row and no notes. */
function event(t, source = 'kmod', rx = 100, tx = 10) {
  return { timestamp: t, source, module: source === 'kmod' ? { version: '0.1.0', formatVersion: 1 } : null,
    interfaces: [{ name: 'eth0', rx, tx, bytesReceived: 1000 + t, bytesSent: 2000 + t }],
    protocols: [{ key: source === 'kmod' ? 'ipv4/tcp' : 'ip/tcp', rx: 5, tx: 4, rxb: source === 'kmod' ? 500 : null,
      txb: source === 'kmod' ? 400 : null }],
    pods: [], hostNetworkPods: [], notes: [] };
}

test('series: points in time order, one per time, null for a gap', () => {
  const set = new SeriesSet(['rx', 'tx']);
  assert.equal(set.push('eth0', 2000, { rx: 2, tx: 20 }), true);
  assert.equal(set.push('eth0', 1000, { rx: 1 }), true);
  assert.equal(set.push('eth0', 3000, { rx: null, tx: 30 }), true);
  assert.equal(set.push('eth0', 2000, { rx: 9, tx: 90 }), false, 'a time held already');
  assert.deepEqual(set.points('eth0', 'rx'), [[1000, 1], [2000, 2], [3000, null]]);
  assert.deepEqual(set.points('eth0', 'tx'), [[1000, null], [2000, 20], [3000, 30]]);
  assert.equal(set.latest('eth0', 'rx'), null);
  assert.equal(set.recent('eth0', 'rx'), 2, 'the newest value that is not a gap');
  assert.equal(set.get('eth0').seen, 3000);
  assert.deepEqual(set.points('wlan9', 'rx'), []);
});

test('series: the busiest by traffic since a time, ties by name; trim drops old points and gone series', () => {
  const set = new SeriesSet(['rx', 'tx']);
  set.push('b', 1000, { rx: 1000, tx: 0 });
  set.push('b', 2000, { rx: 1, tx: 1 });
  set.push('a', 2000, { rx: 1, tx: 1 });
  set.push('c', 2000, { rx: 5, tx: null });
  assert.deepEqual(set.busiest(3, 1500), ['c', 'a', 'b']);
  assert.deepEqual(set.busiest(2, 0), ['b', 'c']);
  assert.equal(set.activity('b', 0), 1002);
  set.push('a', 5000, { rx: 1, tx: 1 });
  set.trim(1500, 2500);
  assert.deepEqual(set.names(), ['a']);
  assert.deepEqual(set.points('a', 'rx'), [[2000, 1], [5000, 1]]);
});

test('a history then the stream: the overlap counted once, the module from the first event', () => {
  const store = new Store();
  store.ingestHistory(history('history-kmod.json'));
  assert.equal(store.source, 'kmod', 'the history says the source before any event');
  assert.equal(store.module, undefined, 'a history does not say the module');
  assert.equal(store.samples, 3);
  assert.equal(store.intervalMs, 1000);
  assert.deepEqual(store.interfaces.names(), ['lo', 'eth0', 'veth1a2b3c4', 'eth0.100']);
  assert.deepEqual(store.protocols.names(), KMOD_PROTOCOLS);
  const [first, second, third] = events('stream-kmod.txt');
  assert.equal(first.timestamp, store.lastSample, 'the stream starts with the history\'s newest sample');
  assert.equal(store.ingestEvent(first), false);
  assert.deepEqual(store.module, { version: '0.1.0', formatVersion: 1 });
  assert.equal(store.pointsReceived, 0);
  assert.equal(store.ingestEvent(second), true);
  assert.equal(store.ingestEvent(third), true);
  assert.equal(store.pointsReceived, 2);
  assert.equal(store.samples, 5);
  assert.equal(store.lastSample, third.timestamp);
  assert.equal(store.intervalMs, third.timestamp - second.timestamp);
  assert.deepEqual(store.interfaces.points('eth0', 'rx').map(p => p[1]),
    [1814010.338, 1651308.586, 1661397.173, second.interfaces[1].rx, third.interfaces[1].rx]);
  assert.deepEqual(store.totals.get('eth0'), third.interfaces[1], 'the table\'s totals: the latest event\'s');
  assert.equal(store.totals.get('eth0').bytesReceived, 300945108);
  assert.deepEqual(store.notes, []);
});

test('the stream switches the source: protocols start afresh with the new source\'s, module null', () => {
  const store = new Store();
  store.ingestHistory(history('history-kmod.json'));
  store.ingestEvent(events('stream-kmod.txt')[0]);
  const [procfs] = events('stream-procfs.txt');
  store.ingestEvent(procfs);
  assert.equal(store.source, 'procfs');
  assert.equal(store.module, null);
  assert.deepEqual(store.protocols.names(),
    ['ipv4/icmp', 'ipv4/udp', 'ipv4/udplite', 'ipv6/icmpv6', 'ipv6/udp', 'ipv6/udplite', 'ip/tcp']);
  assert.deepEqual(store.protocols.points('ip/tcp', 'rxb'), [[procfs.timestamp, null]]);
  assert.equal(store.interfaces.points('eth0', 'rx').length, 4, 'interfaces keep their history');
});

test('a history of another source than the stream\'s: its interfaces, not its protocols', () => {
  const store = new Store();
  store.ingestEvent(event(1796159830000, 'procfs'));
  store.ingestHistory(history('history-kmod.json'));
  assert.equal(store.source, 'procfs', 'only the stream changes the source once it has spoken');
  assert.deepEqual(store.protocols.names(), ['ip/tcp']);
  assert.equal(store.interfaces.points('lo', 'rx').length, 3);
  store.ingestHistory(history('history-procfs.json'));
  assert.deepEqual(store.protocols.points('ip/tcp', 'rx').map(p => p[1]), [5, null, 0, 0]);
});

test('a reopened stream measures its own interval; the history\'s resolution until then', () => {
  const store = new Store();
  store.setStream('live');
  store.ingestEvent(event(10_000));
  store.ingestEvent(event(10_500));
  assert.equal(store.intervalMs, 500);
  store.setStream('reconnecting');
  store.setStream('live');
  store.ingestEvent(event(40_500));
  assert.equal(store.intervalMs, 500, 'the gap is not an interval');
  store.ingestEvent(event(41_000));
  assert.equal(store.intervalMs, 500);
  store.ingestHistory({ source: 'kmod', resolutionMs: 2000, timestamps: [], interfaces: [], protocols: [], pods: [] });
  assert.equal(store.intervalMs, 2000);
});

test('trim keeps the window and drops what missed more than three samples', () => {
  const store = new Store();
  store.setStream('live');
  const start = 1_000_000;
  store.ingestEvent(event(start));
  const lo = { name: 'lo', rx: 1, tx: 1 };
  for (let t = start + 1000; t <= start + WINDOW_MS + 1000; t += 1000) {
    const e = event(t);
    if (t <= start + 5000) {
      e.interfaces.push(lo);
    }
    store.ingestEvent(e);
  }
  store.trim();
  assert.deepEqual(store.interfaces.names(), ['eth0']);
  const eth0 = store.interfaces.get('eth0');
  assert.equal(eth0.t.length, WINDOW_MS / 1000 + 1);
  assert.equal(eth0.t[0], start + 1000);
  // lo misses three samples and stays; it leaves with the fourth.
  const store2 = new Store();
  store2.setStream('live');
  [0, 1000].forEach(t => store2.ingestEvent({ ...event(t), interfaces: [lo, { name: 'eth0', rx: 1, tx: 1 }] }));
  [2000, 3000, 4000].forEach(t => store2.ingestEvent(event(t)));
  store2.trim();
  assert.deepEqual(store2.interfaces.names(), ['lo', 'eth0'], 'three samples missed');
  store2.ingestEvent(event(5000));
  store2.trim();
  assert.deepEqual(store2.interfaces.names(), ['eth0']);
});

test('/network at the start: totals by name and notes until the first event; its rows only while of the source in use', () => {
  const store = new Store();
  store.setProblem('network', '/network: 503 no sample yet');
  store.setNetwork(network('network-procfs.json'));
  assert.equal(store.problems.size, 0, 'a good answer clears the channel\'s problem');
  assert.deepEqual(store.totals.get('eth0'), { name: 'eth0', bytesReceived: 307416408, bytesSent: 1374694 });
  assert.deepEqual(store.notes, network('network-procfs.json').notes);
  assert.equal(store.notes.length, 1);
  assert.deepEqual(store.counterRows(), [], 'no source in use yet');
  store.ingestEvent(event(1796159844649, 'procfs'));
  assert.deepEqual(store.counterRows().map(r => r.key),
    ['ipv4/icmp', 'ipv4/udp', 'ipv4/udplite', 'ipv6/udp', 'ipv6/icmpv6', 'ipv6/udplite', 'ip/tcp']);
  assert.deepEqual(store.notes, [], 'the event\'s notes');
  assert.deepEqual([...store.totals.keys()], ['eth0'], 'the event\'s totals');
  assert.equal(store.totals.get('eth0').bytesReceived, 1796159845649);
  store.ingestEvent(event(1796159845649, 'kmod'));
  assert.deepEqual(store.counterRows(), [], 'rows of the source before the switch');
});

test('the stream alone keeps totals and notes current: a failed /network at the start, then a failed read', () => {
  const store = new Store();
  store.setProblem('network', '/network: no sample yet; the first is on its way');
  const [before, failed, after] = events('stream-failed.txt');
  assert.equal(store.ingestEvent(before), true);
  assert.equal(store.problems.size, 0, 'the stream says what /network would have');
  assert.deepEqual(store.notes, before.notes);
  assert.equal(store.ingestEvent(failed), false, 'the same sample: no new point');
  assert.equal(store.samples, 1);
  assert.equal(store.notes.length, 2);
  assert.match(store.notes[1], /^the latest read failed, figures are from the sample before it: DIR\/net\/dev: /);
  assert.equal(store.ingestEvent(after), true);
  assert.deepEqual(store.notes, before.notes, 'the next sample: the failure is over');
  assert.equal(store.totals.get('eth0').bytesReceived, 317321358);
  assert.equal(store.intervalMs, 3026);
});

test('totals: the latest event\'s; an interface gone from the node keeps its last until it leaves the table', () => {
  const store = new Store();
  store.setStream('live');
  const lo = t => ({ name: 'lo', rx: 1, tx: 1, bytesReceived: 7 + t, bytesSent: 8 + t });
  store.ingestEvent({ ...event(1000), interfaces: [lo(1000), event(1000).interfaces[0]] });
  store.ingestEvent(event(2000));
  assert.deepEqual(store.totals.get('lo'), lo(1000), 'gone from the node, still in the charts');
  assert.equal(store.totals.get('eth0').bytesReceived, 3000);
  [3000, 4000, 5000].forEach(t => store.ingestEvent(event(t)));
  store.trim();
  assert.deepEqual(store.interfaces.names(), ['eth0']);
  store.ingestEvent(event(6000));
  assert.deepEqual([...store.totals.keys()], ['eth0'], 'gone from the table too');
});

test('the history of the busiest half when there are many interfaces', () => {
  const store = new Store();
  store.setNetwork(network('network-kmod.json'));
  assert.equal(store.historyInterfaces(64), null);
  assert.deepEqual(store.historyInterfaces(2), ['veth1a2b3c4']);
  const many = { source: 'procfs', protocols: [], notes: [],
    interfaces: Array.from({ length: 70 }, (_, i) => ({ name: `veth${i}`, bytesReceived: i, bytesSent: 1000 * (i % 2) })) };
  store.setNetwork(many);
  const top = store.historyInterfaces(64);
  assert.equal(top.length, 32);
  assert.deepEqual(top.slice(0, 3), ['veth69', 'veth67', 'veth65']);
});

test('the protocol card\'s unit: bytes only when chosen and the module is loaded; colours kept per name', () => {
  const store = new Store();
  store.view.unit = 'bytes';
  store.ingestEvent(event(1000, 'procfs'));
  assert.equal(store.protocolUnit(), 'packets');
  store.ingestEvent(event(2000, 'kmod'));
  assert.equal(store.protocolUnit(), 'bytes');
  const names = Array.from({ length: PALETTE.length + 1 }, (_, i) => `if${i}`);
  const colours = names.map(n => store.colour(n));
  assert.equal(new Set(colours.slice(0, PALETTE.length)).size, PALETTE.length);
  assert.equal(colours[PALETTE.length], PALETTE[0]);
  assert.equal(store.colour('if3'), colours[3]);
});

test('contract errors: counted, the first kept', () => {
  const store = new Store();
  store.contractBroken(new Error('/network: source: expected one of "kmod", "procfs", got "ebpf"'));
  store.contractBroken(new Error('/network/stream event: module: expected an object, got null'));
  assert.deepEqual(store.contract, { count: 2, first: '/network: source: expected one of "kmod", "procfs", got "ebpf"' });
});
