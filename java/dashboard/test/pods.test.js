// SPDX-License-Identifier: GPL-2.0
// The pods: /network/pods and the stream's pods as contract.js reads them, the store's pods, and
// the pods view's table and empty state as the page writes them (pods.js's podRows, emptyText),
// all from the server's own answers (test/fixtures: a node with web-0, coredns, a pod without a
// log directory and kube-proxy on the host's network; see fixtures/README.md).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ContractError, parseEvent, parsePods } from '../src/contract.js';
import * as F from '../src/format.js';
import { emptyText, podNotes, podRows } from '../src/pods.js';
import { podLabel, Store } from '../src/store.js';

const text = name => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const json = name => JSON.parse(text(name));
const events = name => text(name).split('\n').filter(line => line.startsWith('data: '))
  .map(line => parseEvent(JSON.parse(line.slice(6))));

const WEB0 = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
const WEB1 = '22222222-3333-4444-5555-666666666666';
const COREDNS = '11111111-2222-3333-4444-555555555555';
const NAMELESS = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const PROXY = '99999999-8888-7777-6666-555544443333';
const NOW = 'share of packets/s received + sent, the latest sample';
const HOST = { text: '–', title: 'on the node\'s network: its protocols are the node\'s, in the node view' };

/** The table's rows as text: name, namespace, the six figures, the protocol split; a tag for the host's network. */
const table = store => podRows(store).map(r => [r.name + (r.hostNetwork ? ' [host network]' : ''), r.namespace,
  r.rx, r.tx, r.rxp, r.txp, r.received, r.sent, r.protocols.text]);

function rejects(document, change, message) {
  const broken = structuredClone(document);
  change(broken);
  assert.throws(() => parsePods(broken), e => e instanceof ContractError && e.message === message);
}

test('/network/pods with the module: who the pods are, on the host\'s network or not, their protocol counters', () => {
  const p = parsePods(json('pods-kmod.json'));
  assert.equal(p.timestamp, Date.parse('2026-12-02T00:13:35.346Z'));
  assert.equal(p.watched, true);
  assert.deepEqual(p.pods.map(pod => [pod.uid, pod.namespace, pod.name, pod.hostNetwork]), [
    [WEB0, 'default', 'web-0', false],
    [COREDNS, 'kube-system', 'coredns-5d78c9869d-x2x8q', false],
    [PROXY, 'kube-system', 'kube-proxy-7xk2p', true],
    [NAMELESS, null, null, false],
  ]);
  assert.deepEqual(p.pods[0].protocols, [
    { key: 'ipv4/icmp', rx: 2094, tx: 1047, rxb: 175869, txb: 87935 },
    { key: 'ipv4/tcp', rx: 39780, tx: 30358, rxb: 11515240, txb: 5443568 },
  ]);
  assert.deepEqual(p.pods[2].protocols, [], 'the host\'s network: the node\'s protocols, not the pod\'s');
  assert.deepEqual(p.notes, ['1 pod has no directory in pods: listed by UID alone']);
});

test('/network/pods without the module, without pod discovery, on a node without pods', () => {
  const procfs = parsePods(json('pods-procfs.json'));
  assert.deepEqual(procfs.pods[0].protocols.filter(r => r.rx > 0),
    [{ key: 'ipv4/icmp', rx: 2213, tx: 1106, rxb: null, txb: null }, { key: 'ip/tcp', rx: 42039, tx: 32082, rxb: null, txb: null }]);
  assert.equal(procfs.watched, true);
  const off = parsePods(json('pods-off.json'));
  assert.equal(off.watched, false);
  assert.deepEqual(off.pods, []);
  const none = parsePods(json('pods-none.json'));
  assert.equal(none.watched, true);
  assert.deepEqual(none.pods, []);
  assert.match(none.notes[1], /^no kubepods cgroup in no-pods: no pod is listed/);
});

test('/network/pods that breaks the contract names the field', () => {
  const kmod = json('pods-kmod.json');
  rejects(kmod, d => { delete d.pods[1].host_network; }, '/network/pods: pods[1].host_network: expected true or false, got nothing (the field is missing)');
  rejects(kmod, d => { d.pods[3].pod = 'x'; }, '/network/pods: pods[3].pod: expected null (namespace is null: the pod is known by its uid alone), got "x"');
  rejects(kmod, d => { d.pods[0].protocols[1].packets_sent = -1; }, '/network/pods: pods[0].protocols[1].packets_sent: expected a whole number >= 0, got -1');
  rejects(kmod, d => { d.timestamp = 'now'; }, '/network/pods: timestamp: expected an ISO-8601 time, got "now"');
  rejects(json('pods-procfs.json'), d => { d.pods[0].protocols[0].bytes_received = 5; },
    '/network/pods: pods[0].protocols[0].bytes_received: expected null (no protocol bytes without netmon.ko), got 5');
});

test('stream events: each pod\'s rates, counters and protocols that moved; those on the host\'s network named', () => {
  const [first] = events('stream-kmod.txt');
  assert.deepEqual(first.pods[0], { uid: WEB0, namespace: 'default', name: 'web-0', rx: 120828.885, tx: 60414.443,
    rxp: 402.963, txp: 301.972, bytesReceived: 12562080, bytesSent: 6281040, protocols: [
      { key: 'ipv4/tcp', rx: 382.965, tx: 291.973, rxb: 110759.812, txb: 52359.184 },
      { key: 'ipv4/icmp', rx: 19.998, tx: 9.999, rxb: 1691.844, txb: 845.922 }] });
  assert.deepEqual(first.pods.map(p => p.uid), [WEB0, COREDNS, NAMELESS]);
  assert.deepEqual(first.hostNetworkPods, [{ uid: PROXY, namespace: 'kube-system', name: 'kube-proxy-7xk2p' }]);
  const [, second] = events('stream-pods-churn.txt');
  const web1 = second.pods.find(p => p.uid === WEB1);
  assert.equal(web1.rx, null, 'a new pod starts a segment: no rate yet');
  assert.equal(web1.protocols, null, 'nor protocols');
  assert.deepEqual([web1.bytesReceived, web1.bytesSent], [9411040, 4705520], 'its counters since its namespace began');
});

test('the pods view before the stream: /network/pods\'s pods, their split since they began, no rates yet', () => {
  const store = new Store();
  assert.equal(emptyText(store), 'Looking for pods…');
  store.setPods(parsePods(json('pods-kmod.json')));
  assert.equal(emptyText(store), null);
  assert.deepEqual(table(store), [
    [NAMELESS, '–', '–', '–', '–', '–', '–', '–', 'ipv6/icmpv6 100%'],
    ['web-0', 'default', '–', '–', '–', '–', '–', '–', 'ipv4/tcp 96% · ipv4/icmp 4%'],
    ['coredns-5d78c9869d-x2x8q', 'kube-system', '–', '–', '–', '–', '–', '–', 'ipv4/udp 100%'],
    ['kube-proxy-7xk2p [host network]', 'kube-system', '', '', '', '', '', '', '–'],
  ]);
  assert.equal(podRows(store)[1].protocols.title, 'share of packets received + sent since the pod\'s network namespace '
    + `began, as of ${F.clock(Date.parse('2026-12-02T00:13:35.346Z'))} (/network/pods)`);
  assert.deepEqual(podRows(store)[3].protocols, HOST);
  assert.deepEqual(podNotes(store), ['1 pod has no directory in pods: listed by UID alone']);
});

test('the pods view live: busiest first by the latest rates, the split of the latest sample, the host\'s network last', () => {
  const store = new Store();
  store.podsStale = false; // as the page does when it asks
  store.setPods(parsePods(json('pods-kmod.json')));
  const stream = events('stream-kmod.txt');
  stream.forEach(e => store.ingestEvent(e));
  assert.equal(stream.at(-1).timestamp, 1796170418346);
  // The last event's figures: web-0 120254.727 B/s in, 60127.363 out, 401.049 and 301.037 pkt/s,
  // 12925080 and 6462540 bytes; tcp 380.047 + 291.036 pkt/s of 701.086 is 96 %.
  assert.deepEqual(table(store), [
    ['web-0', 'default', '120 kB/s', '60.1 kB/s', '401 pkt/s', '301 pkt/s', '12.9 MB', '6.46 MB', 'ipv4/tcp 96% · ipv4/icmp 4%'],
    ['coredns-5d78c9869d-x2x8q', 'kube-system', '30.1 kB/s', '45.1 kB/s', '250 pkt/s', '250 pkt/s', '3.23 MB', '4.85 MB',
      'ipv4/udp 100%'],
    [NAMELESS, '–', '902 B/s', '451 B/s', '9 pkt/s', '4 pkt/s', '108 kB', '53.8 kB', 'ipv6/icmpv6 100%'],
    ['kube-proxy-7xk2p [host network]', 'kube-system', '', '', '', '', '', '', '–'],
  ]);
  assert.deepEqual(podRows(store).map(r => r.protocols.title).slice(0, 3), [NOW, NOW, NOW]);
  assert.deepEqual(podRows(store).map(r => [r.named, r.present]), [[true, true], [true, true], [false, true], [true, true]]);
  assert.deepEqual(store.podList().filter(p => p.present).map(podLabel).sort(),
    [NAMELESS, 'default/web-0', 'kube-system/coredns-5d78c9869d-x2x8q', 'kube-system/kube-proxy-7xk2p']);
  assert.equal(store.podsStale, false, 'the stream\'s pods are /network/pods\'s: nothing to ask again');
  store.setProblem('pods', '/network/pods: 503 no sample yet');
  store.ingestEvent(events('stream-kmod.txt').at(-1)); // the same sample again: the same pods
  assert.equal(store.podsStale, true, 'a failed /network/pods is asked again with the next event');
  store.setPods(parsePods(json('pods-kmod.json')));
  assert.equal(store.problems.has('pods'), false, 'a good answer ends the problem');
});

test('pods come and go: a new one is listed at once and ranked by its rates when it has them; the one gone stays greyed while charted', () => {
  const store = new Store();
  store.setPods(parsePods(json('pods-procfs.json')));
  const [before, during, after] = events('stream-pods-churn.txt');
  store.ingestEvent(before);
  store.podsStale = false;
  store.ingestEvent(during);
  assert.equal(store.podsStale, true, 'another set of pods: /network/pods is asked again');
  assert.deepEqual(podRows(store).map(r => [r.name, r.present, r.rx, r.protocols.text]), [
    ['web-0', true, '111 kB/s', 'ip/tcp 96% · ipv4/icmp 4%'],
    [NAMELESS, true, '1.03 kB/s', 'ipv6/icmpv6 100%'],
    ['web-1', true, '–', '–'],
    ['kube-proxy-7xk2p', true, '', '–'],
    ['coredns-5d78c9869d-x2x8q', false, '29.5 kB/s', 'ipv4/udp 100%'],
  ]);
  store.ingestEvent(after);
  assert.deepEqual(podRows(store).slice(0, 3).map(r => [r.name, r.rx, r.protocols.text]), [
    ['web-0', '121 kB/s', 'ip/tcp 96% · ipv4/icmp 4%'],
    ['web-1', '80.7 kB/s', 'ip/tcp 100%'],
    [NAMELESS, '1.01 kB/s', 'ipv6/icmpv6 100%'],
  ]);
  assert.deepEqual(podRows(store).at(-1).name, 'coredns-5d78c9869d-x2x8q', 'gone, its last figures while charted');
  // Its series missed more than three samples: it leaves the charts, and so the table. (Here every
  // series did: with no rates the pods with their own network are in the order of their names.)
  store.lastSample = after.timestamp + 4 * store.intervalMs;
  store.trim();
  assert.deepEqual(podRows(store).map(r => [r.name, r.rx]), [[NAMELESS, '–'], ['web-0', '–'], ['web-1', '–'],
    ['kube-proxy-7xk2p', '']]);
});

test('the empty state: pods not looked for, none on the node, and their notes', () => {
  const off = new Store();
  off.setPods(parsePods(json('pods-off.json')));
  assert.equal(emptyText(off), 'Pods are not looked for: this server was started with netmon serve --pods off.');
  assert.deepEqual(podNotes(off), [], 'the procfs note is the split\'s subtitle; the off note is the empty state');
  const none = new Store();
  none.setPods(parsePods(json('pods-none.json')));
  assert.equal(emptyText(none), 'No pods on this node.');
  assert.deepEqual(podNotes(none), ['no kubepods cgroup in no-pods: no pod is listed (not a Kubernetes node, or '
    + '--cgroup-root is not the node\'s cgroup2 mount)']);
  assert.deepEqual(podRows(none), []);
});
