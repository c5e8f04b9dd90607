// SPDX-License-Identifier: GPL-2.0
// contract.js on the server's own answers (test/fixtures: `netmon serve` on the lab node's proc
// files with advancing counters, captured with the module loaded, then after removing
// /proc/net/netmon), and on those answers broken one field at a time.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ContractError, parseEvent, parseHistory, parseJson, parseNetwork } from '../src/contract.js';

const text = name => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const json = name => JSON.parse(text(name));
/** The data of each event of a captured stream. */
const events = name => text(name).split('\n').filter(line => line.startsWith('data: ')).map(line => JSON.parse(line.slice(6)));

/** `parse` of `document` changed by `change` throws exactly `message`. */
function rejects(parse, document, change, message) {
  const broken = structuredClone(document);
  change(broken);
  assert.throws(() => parse(broken), e => e instanceof ContractError && e.message === message);
}

test('/network with the module: counters since boot, namespace-wide rows with bytes, notes', () => {
  const n = parseNetwork(json('network-kmod.json'));
  assert.equal(n.source, 'kmod');
  assert.deepEqual(n.interfaces.map(r => r.name), ['lo', 'eth0', 'veth1a2b3c4', 'eth0.100']);
  assert.deepEqual(n.interfaces[1], { name: 'eth0', bytesReceived: 297607158, bytesSent: 851534 });
  // 2^64 - 1 is a valid counter; JSON gives it to us as the nearest double.
  assert.equal(n.interfaces[2].bytesReceived, 18446744073709551615);
  assert.deepEqual(n.protocols.map(r => r.key), ['ipv4/icmp', 'ipv4/tcp', 'ipv4/udp', 'ipv6/icmpv6', 'ipv6/unknown']);
  assert.deepEqual(n.protocols[1], { interface: 'all', key: 'ipv4/tcp', packetsReceived: 1200, packetsSent: 1100,
    bytesReceived: 9000000, bytesSent: 88000 });
  assert.deepEqual(n.notes, []);
});

test('/network without the module: no protocol bytes, TCP as ip/tcp, the note', () => {
  const n = parseNetwork(json('network-procfs.json'));
  assert.equal(n.source, 'procfs');
  assert.deepEqual(n.protocols.at(-1), { interface: 'all', key: 'ip/tcp', packetsReceived: 11773, packetsSent: 7657,
    bytesReceived: null, bytesSent: null });
  assert.equal(n.notes.length, 1);
  assert.match(n.notes[0], /^netmon\.ko is not loaded: /);
});

test('/network that breaks the contract names the field', () => {
  const kmod = json('network-kmod.json');
  const procfs = json('network-procfs.json');
  rejects(parseNetwork, kmod, d => { d.source = 'ebpf'; }, '/network: source: expected one of "kmod", "procfs", got "ebpf"');
  rejects(parseNetwork, kmod, d => { delete d.interfaces[1].bytes_sent; },
    '/network: interfaces[1].bytes_sent: expected a whole number >= 0, got nothing (the field is missing)');
  rejects(parseNetwork, kmod, d => { d.interfaces[0].bytes_received = '143355148'; },
    '/network: interfaces[0].bytes_received: expected a whole number >= 0, got "143355148"');
  rejects(parseNetwork, kmod, d => { d.protocols[1].bytes_received = null; },
    '/network: protocols[1].bytes_received: expected a whole number >= 0, got null');
  rejects(parseNetwork, procfs, d => { d.protocols[0].bytes_sent = 0; },
    '/network: protocols[0].bytes_sent: expected null (no protocol bytes without netmon.ko), got 0');
  rejects(parseNetwork, kmod, d => { d.protocols[2].family = 'inet'; },
    '/network: protocols[2].family: expected one of "ipv4", "ipv6", "ip", got "inet"');
  rejects(parseNetwork, kmod, d => { d.interfaces = {}; }, '/network: interfaces: expected an array, got {}');
  rejects(parseNetwork, kmod, d => { d.notes = [3]; }, '/network: notes[0]: expected a string, got 3');
  assert.throws(() => parseNetwork([]), { message: '/network: the document: expected an object, got []' });
});

test('history: rate columns aligned with the timestamps; protocol bytes only with the module', () => {
  const h = parseHistory(json('history-kmod.json'));
  assert.equal(h.source, 'kmod');
  assert.equal(h.resolutionMs, 1000);
  assert.deepEqual(h.timestamps, [1796170413346, 1796170414346, 1796170415346]);
  assert.deepEqual(h.interfaces[0], { name: 'lo', rx: [36280.207, 33026.172, 33227.943], tx: [36280.207, 33026.172, 33227.943] });
  assert.deepEqual(h.interfaces[1].tx, [96747.218, 88069.791, 88607.849]);
  assert.deepEqual(h.protocols.map(p => p.key), ['ipv4/icmp', 'ipv4/tcp', 'ipv4/udp', 'ipv6/unknown', 'ipv6/icmpv6']);
  assert.deepEqual(h.protocols[1], { key: 'ipv4/tcp', rx: [0, 0, 0], tx: [0, 0, 0], rxb: [0, 0, 0], txb: [0, 0, 0] });
  const p = parseHistory(json('history-procfs.json'));
  assert.equal(p.source, 'procfs');
  // Captured 3 s after the module went: the protocol series start again with procfs, a segment start.
  assert.deepEqual(p.protocols.at(-1), { key: 'ip/tcp', rx: [null, 0, 0], tx: [null, 0, 0], rxb: [null, null, null],
    txb: [null, null, null] });
});

test('a history before its first sample has no source and no points', () => {
  const h = parseHistory({ source: null, sequence: 0, seconds: 300, resolution: 'full', resolution_ms: 1000,
    timestamps: [], interfaces: [], protocols: [], pods: [], notes: [] });
  assert.equal(h.source, null);
  assert.deepEqual(h.timestamps, []);
});

test('a history that breaks the contract names the field', () => {
  const kmod = json('history-kmod.json');
  rejects(parseHistory, kmod, d => { d.source = null; }, '/network/history: source: expected one of "kmod", "procfs", got null');
  rejects(parseHistory, kmod, d => { d.interfaces[1].bytes_received_per_second.pop(); },
    '/network/history: interfaces[1].bytes_received_per_second: expected an array of 3 (one per timestamp), '
    + 'got [1814010.338,1651308.586]');
  rejects(parseHistory, kmod, d => { d.interfaces[0].bytes_sent_per_second[2] = 'fast'; },
    '/network/history: interfaces[0].bytes_sent_per_second[2]: expected a number or null, got "fast"');
  rejects(parseHistory, kmod, d => { delete d.protocols[0].bytes_sent_per_second; },
    '/network/history: protocols[0].bytes_sent_per_second: expected an array of 3 (one per timestamp), '
    + 'got nothing (the field is missing)');
  rejects(parseHistory, kmod, d => { d.timestamps[1] = '2026-12-01T21:17:17.649Z'; },
    '/network/history: timestamps[1]: expected milliseconds since the epoch, got "2026-12-01T21:17:17.649Z"');
  rejects(parseHistory, kmod, d => { d.resolution_ms = 0; },
    '/network/history: resolution_ms: expected a whole number of milliseconds > 0, got 0');
});

test('stream events: the time, source and module, everyone\'s rates, the totals and the notes', () => {
  const [first, second] = events('stream-kmod.txt').map(parseEvent);
  assert.equal(first.timestamp, 1796170415346);
  assert.equal(first.source, 'kmod');
  assert.deepEqual(first.module, { version: '0.1.0', formatVersion: 1 });
  assert.deepEqual(first.interfaces[1], { name: 'eth0', rx: 1661397.173, tx: 88607.849, bytesReceived: 297607158,
    bytesSent: 851534 });
  assert.equal(first.interfaces[2].bytesReceived, 18446744073709551615, '2^64 - 1 bytes since boot');
  assert.deepEqual(first.protocols[1], { key: 'ipv4/tcp', rx: 0, tx: 0, rxb: 0, txb: 0 });
  assert.deepEqual(first.notes, []);
  assert.equal(second.timestamp, 1796170416346);
  assert.equal(second.interfaces[1].bytesReceived, 299281908);
  const procfs = parseEvent(events('stream-procfs.txt')[0]);
  assert.equal(procfs.source, 'procfs');
  assert.equal(procfs.module, null);
  assert.deepEqual(procfs.interfaces[1], { name: 'eth0', rx: 1658799.243, tx: 88469.293, bytesReceived: 307416408,
    bytesSent: 1374694 });
  assert.deepEqual(procfs.protocols.at(-1), { key: 'ip/tcp', rx: 0, tx: 0, rxb: null, txb: null });
  assert.deepEqual(procfs.notes, [json('network-procfs.json').notes[0]]);
});

test('a failed read in the stream: the sample before it again, with the failure\'s note', () => {
  const [before, failed, after] = events('stream-failed.txt').map(parseEvent);
  const procfsNote = json('network-procfs.json').notes[0];
  assert.deepEqual(before.notes, [procfsNote]);
  assert.deepEqual(failed.notes, [procfsNote, 'the latest read failed, figures are from the sample before it: '
    + 'DIR/net/dev: malformed input (see line and column) at line 3, column 14']);
  assert.deepEqual({ ...failed, notes: null }, { ...before, notes: null }, 'the same sample, rates and totals');
  assert.deepEqual(after.notes, [procfsNote]);
  assert.equal(after.timestamp - before.timestamp, 3026);
  assert.deepEqual(after.interfaces[1].bytesReceived, 317321358);
});

test('a stream event that breaks the contract names the field', () => {
  const [kmod] = events('stream-kmod.txt');
  const [procfs] = events('stream-procfs.txt');
  const doc = '/network/stream event';
  rejects(parseEvent, kmod, d => { delete d.module; }, `${doc}: module: expected an object, got nothing (the field is missing)`);
  rejects(parseEvent, kmod, d => { d.module.format_version = '1'; }, `${doc}: module.format_version: expected an integer, got "1"`);
  rejects(parseEvent, kmod, d => { d.module = null; }, `${doc}: module: expected an object, got null`);
  rejects(parseEvent, procfs, d => { delete d.module; },
    `${doc}: module: expected null (source is procfs), got nothing (the field is missing)`);
  rejects(parseEvent, kmod, d => { d.timestamp = '1796159838649'; }, `${doc}: timestamp: expected an integer, got "1796159838649"`);
  rejects(parseEvent, kmod, d => { d.interfaces[3].bytes_sent_per_second = true; },
    `${doc}: interfaces[3].bytes_sent_per_second: expected a number or null, got true`);
  rejects(parseEvent, kmod, d => { delete d.protocols[2].bytes_received_per_second; },
    `${doc}: protocols[2].bytes_received_per_second: expected a number or null, got nothing (the field is missing)`);
  rejects(parseEvent, procfs, d => { d.interfaces[0].interface = 7; }, `${doc}: interfaces[0].interface: expected a string, got 7`);
  rejects(parseEvent, kmod, d => { delete d.interfaces[1].bytes_sent; },
    `${doc}: interfaces[1].bytes_sent: expected a whole number >= 0, got nothing (the field is missing)`);
  rejects(parseEvent, procfs, d => { d.interfaces[0].bytes_received = -1; },
    `${doc}: interfaces[0].bytes_received: expected a whole number >= 0, got -1`);
  rejects(parseEvent, kmod, d => { d.interfaces[2].bytes_received = 1.5; },
    `${doc}: interfaces[2].bytes_received: expected a whole number >= 0, got 1.5`);
  rejects(parseEvent, kmod, d => { delete d.notes; }, `${doc}: notes: expected an array, got nothing (the field is missing)`);
  rejects(parseEvent, procfs, d => { d.notes = [null]; }, `${doc}: notes[0]: expected a string, got null`);
});

test('an answer that is not JSON is a contract error, with its start', () => {
  assert.throws(() => parseJson('/network', '<html>502 Bad Gateway</html>', parseNetwork),
    e => e instanceof ContractError && e.message.startsWith('/network: not JSON (')
      && e.message.endsWith('): "<html>502 Bad Gateway</html>"'));
  assert.equal(parseJson('/network/stream event', text('stream-kmod.txt').split('\n')[4].slice(6), parseEvent).source, 'kmod');
});
