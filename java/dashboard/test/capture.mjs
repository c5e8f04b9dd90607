#!/usr/bin/env node
// SPDX-License-Identifier: GPL-2.0
// Captures test/fixtures/ again: what a real `netmon serve` answers on the lab node's proc files
// (java/src/test/resources/fixtures/) while this script advances lo's and eth0's counters in
// DIR/net/dev every 100 ms, on a node with pods laid out as the kubelet lays them out (PODS: a
// cgroup2 tree of kubepods under DIR's cgroup/, log directories under pods/, each pod's namespace
// in DIR/proc/<pid>/net/, advancing too; one pod on the host's network, one without a log
// directory). Run it when the API changes, then fix the values the tests assert:
//
//   make build && node java/dashboard/test/capture.mjs [target/netmon.jar]
//
// It writes network-, pods-, history- and stream-{kmod,procfs}.*, stream-failed.txt (a read that
// fails after a sample, then recovers), stream-pods-churn.txt (a pod comes, one goes) and the
// /network/pods of a server without pod discovery (pods-off.json) and of a node without pods
// (pods-none.json), checks that each capture has the shape the tests rely on, and exits non-zero
// naming the step that broke. The server's roots are in a temporary folder, which the fixtures
// call DIR (notes name its files), so no path of this machine ends up in them.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const out = path.join(here, 'fixtures');
const proc = path.join(root, 'java/src/test/resources/fixtures');
const jar = path.resolve(process.argv[2] || path.join(root, 'target/netmon.jar'));
const TICK_MS = 100;
const STREAM_MS = 2500;
const PATIENCE_MS = 20000; // a stream that has not said what it should by then fails the step
const FAILED_NOTE = 'the latest read failed, figures are from the sample before it: ';
/** Bytes and packets per second that lo and eth0 move while the script runs (receive, then transmit). */
const TRAFFIC = { lo: [33000, 220, 33000, 220], eth0: [1650000, 1100, 88000, 550] };
/**
 * The node's pods: eth0's bytes and packets per second (receive, then transmit) and, per protocol of
 * the pod's namespace, packets and L3 bytes per second (receive, then transmit) in its
 * /proc/<pid>/net/netmon and the same packets in its snmp. `life`: there from the start (always),
 * or only before or after the churn of the last capture.
 */
const PODS = [
  { namespace: 'default', name: 'web-0', uid: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0', pid: 4101, qos: 'burstable',
    eth0: [120000, 400, 60000, 300],
    protocols: { 'ipv4 6': [380, 110000, 290, 52000], 'ipv4 1': [20, 1680, 10, 840] } },
  { namespace: 'kube-system', name: 'coredns-5d78c9869d-x2x8q', uid: '11111111-2222-3333-4444-555555555555', pid: 4201,
    qos: 'burstable', eth0: [30000, 250, 45000, 250], protocols: { 'ipv4 17': [250, 23000, 250, 38000] }, life: 'before' },
  { namespace: null, name: null, uid: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', pid: 4301, qos: 'besteffort',
    eth0: [1000, 10, 500, 5], protocols: { 'ipv6 58': [10, 640, 5, 320] } },
  { namespace: 'kube-system', name: 'kube-proxy-7xk2p', uid: '99999999-8888-7777-6666-555544443333', pid: 4401,
    qos: 'guaranteed', hostNetwork: true },
  { namespace: 'default', name: 'web-1', uid: '22222222-3333-4444-5555-666666666666', pid: 4501, qos: 'burstable',
    eth0: [80000, 300, 40000, 200], protocols: { 'ipv4 6': [300, 76000, 200, 32000] }, life: 'after' },
];
/** The snmp and snmp6 counters that count each protocol of PODS: [received, sent]. */
const MIBS = { 'ipv4 6': ['Tcp InSegs', 'Tcp OutSegs'], 'ipv4 1': ['Icmp InMsgs', 'Icmp OutMsgs'],
  'ipv4 17': ['Udp InDatagrams', 'Udp OutDatagrams'], 'ipv6 58': ['Icmp6InMsgs', 'Icmp6OutMsgs'] };

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

class StepError extends Error {}

async function step(name, run) {
  try {
    return await run();
  } catch (e) {
    throw new StepError(`capture: ${name}: ${e.message}`);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** /proc/net/dev of the lab node with lo's and eth0's counters moved on by `seconds` of TRAFFIC. */
function dev(template, seconds) {
  return template.split('\n').map(line => {
    const match = /^(\s*)([^:\s]+):(.*)$/.exec(line);
    const traffic = match && TRAFFIC[match[2]];
    if (!traffic) {
      return line;
    }
    const fields = match[3].trim().split(/\s+/).map(BigInt);
    [0, 1, 8, 9].forEach((field, i) => { fields[field] += BigInt(Math.round(traffic[i] * seconds)); });
    return `${match[1]}${match[2]}: ${fields.join(' ')}`;
  }).join('\n');
}

/** Writes DIR/net/NAME in one rename, so the server never reads half a file. */
function writeProc(dir, name, text) {
  writeAtomically(path.join(dir, 'net', name), text);
}

function writeAtomically(file, text) {
  fs.writeFileSync(file + '.next', text);
  fs.renameSync(file + '.next', file);
}

/** Whether a pod of PODS exists now: `churned` after the churn of the last capture. */
function alive(pod, churned) {
  return !pod.life || pod.life === (churned ? 'after' : 'before');
}

/** The pod's cgroup directory, as the kubelet's systemd driver names it. */
function podCgroup(root, pod) {
  const slice = 'kubepods.slice';
  const escaped = pod.uid.replaceAll('-', '_');
  return pod.qos === 'guaranteed' ? path.join(root, slice, `kubepods-pod${escaped}.slice`)
    : path.join(root, slice, `kubepods-${pod.qos}.slice`, `kubepods-${pod.qos}-pod${escaped}.slice`);
}

/** Lays out (or removes) each pod's cgroup with its process, and its log directory when it has a name. */
function layPods(tmp, churned) {
  for (const pod of PODS) {
    const cgroup = podCgroup(path.join(tmp, 'cgroup'), pod);
    const logs = pod.namespace && path.join(tmp, 'pods', `${pod.namespace}_${pod.name}_${pod.uid}`);
    if (!alive(pod, churned)) {
      fs.rmSync(cgroup, { recursive: true, force: true });
      if (logs) {
        fs.rmSync(logs, { recursive: true, force: true });
      }
      continue;
    }
    const scope = path.join(cgroup, `cri-containerd-${pod.pid.toString(16).padStart(64, '0')}.scope`);
    fs.mkdirSync(scope, { recursive: true });
    fs.writeFileSync(path.join(cgroup, 'cgroup.procs'), '');
    fs.writeFileSync(path.join(scope, 'cgroup.procs'), `${pod.pid}\n`);
    if (logs) {
      fs.mkdirSync(path.join(logs, 'app'), { recursive: true });
    }
    const net = path.join(tmp, 'proc', String(pod.pid), 'net');
    if (pod.hostNetwork && !fs.existsSync(net)) {
      fs.mkdirSync(path.dirname(net), { recursive: true });
      fs.symlinkSync('../net', net); // the node's namespace: the very files of the node
    }
  }
}

/** A MIB file of the lab node with `values` ("Tcp InSegs" -> n, "Icmp6InMsgs" -> n) in place and every other 0. */
function mib(template, values) {
  const lines = template.trimEnd().split('\n');
  if (lines[0].includes(':')) { // snmp: a line of names, then one of values, per group
    return lines.map((line, i) => {
      if (i % 2 === 0) {
        return line;
      }
      const [group, ...names] = lines[i - 1].trim().split(/:? +/);
      return `${group}: ` + names.map(name => values[`${group} ${name}`] ?? 0).join(' ');
    }).join('\n') + '\n';
  }
  return lines.map(line => {
    const name = line.split(/\s+/)[0];
    return `${name.padEnd(32)}\t${values[name] ?? 0}`;
  }).join('\n') + '\n';
}

/** Rewrites each live pod's own namespace for `seconds` of its traffic: dev, snmp, snmp6 and (format 2) netmon. */
function tickPods(tmp, seconds, churned, templates) {
  PODS.forEach((pod, p) => {
    if (pod.hostNetwork || !alive(pod, churned)) {
      return;
    }
    const net = path.join(tmp, 'proc', String(pod.pid), 'net');
    fs.mkdirSync(net, { recursive: true });
    const n = rate => Math.round(rate * (100 + seconds)); // counted since 100 s before the start
    const [rxb, rxp, txb, txp] = pod.eth0.map(n);
    writeAtomically(path.join(net, 'dev'), 'Inter-|   Receive                                                |  Transmit\n'
      + ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n'
      + '    lo: 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n'
      + `  eth0: ${rxb} ${rxp} 0 0 0 0 0 0 ${txb} ${txp} 0 0 0 0 0 0\n`);
    const values = {};
    const rows = [];
    for (const [key, [rp, rb, tp, tb]] of Object.entries(pod.protocols)) {
      const [rx, tx] = MIBS[key];
      values[rx] = n(rp);
      values[tx] = n(tp);
      rows.push(`0 all ${key} ${n(rp)} ${n(rb)} ${n(tp)} ${n(tb)}`, `2 eth0 ${key} ${n(rp)} ${n(rb)} ${n(tp)} ${n(tb)}`);
    }
    writeAtomically(path.join(net, 'snmp'), mib(templates.snmp, values));
    writeAtomically(path.join(net, 'snmp6'), mib(templates.snmp6, values));
    writeAtomically(path.join(net, 'netmon'), `netmon 2 0.2.0 ${4026532300 + p}\n`
      + 'ifindex ifname family proto rx_packets rx_bytes tx_packets tx_bytes\n' + rows.join('\n') + '\n');
  });
}

/** Writes test/fixtures/NAME, the proc root's path in it replaced by DIR. */
function writeFixture(name, text, dir) {
  fs.writeFileSync(path.join(out, name), text.replaceAll(fs.realpathSync(dir), 'DIR').replaceAll(dir, 'DIR'));
}

async function get(base, url) {
  const response = await fetch(base + url);
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`GET ${url}: ${response.status} ${text}`);
  }
  return text;
}

/**
 * Opens the stream and collects its raw text; `until(events)` decides when to stop (after the
 * events so far, parsed). `onEvent(events)` runs after each event, awaited.
 */
async function stream(base, { until, onEvent = async () => {} }) {
  const abort = new AbortController();
  const response = await fetch(base + 'network/stream', { signal: abort.signal });
  if (!response.ok) {
    throw new Error(`GET network/stream: ${response.status}`);
  }
  const decoder = new TextDecoder();
  let raw = '';
  const events = [];
  const reader = response.body.getReader();
  const late = setTimeout(() => abort.abort(), PATIENCE_MS);
  try {
    while (!until(events)) {
      const { value, done } = await reader.read().catch(e => {
        throw new Error(abort.signal.aborted ? `the stream said too little within ${PATIENCE_MS} ms: `
          + JSON.stringify(events.map(e => ({ sequence: e.sequence, notes: e.notes }))) : e.message);
      });
      if (done) {
        throw new Error('the stream ended');
      }
      raw += decoder.decode(value, { stream: true });
      const complete = raw.split('\n\n').slice(0, -1).flatMap(block => block.split('\n'))
        .filter(line => line.startsWith('data: ')).map(line => JSON.parse(line.slice(6)));
      while (events.length < complete.length) {
        events.push(complete[events.length]);
        await onEvent(events);
      }
    }
  } finally {
    clearTimeout(late);
    abort.abort();
  }
  return { raw: raw.slice(0, raw.lastIndexOf('\n\n') + 2), events };
}

/** network, pods, history and stream of one source, the history's newest point being the stream's first event. */
async function capture(base, source, dir) {
  const network = await get(base, 'network');
  if (JSON.parse(network).source !== source) {
    throw new Error(`/network says source ${JSON.parse(network).source}, expected ${source}`);
  }
  const pods = await get(base, 'network/pods');
  const listed = JSON.parse(pods).pods.map(p => p.uid).sort();
  const expected = PODS.filter(p => alive(p, false)).map(p => p.uid).sort();
  if (JSON.stringify(listed) !== JSON.stringify(expected)) {
    throw new Error(`/network/pods lists ${listed}, expected ${expected}`);
  }
  for (let attempt = 1; attempt <= 3; attempt++) {
    let history = null;
    const started = Date.now();
    const { raw, events } = await stream(base, {
      until: () => Date.now() - started >= STREAM_MS,
      onEvent: async events => {
        if (events.length === 1) { // as the page does: the stream first, then the history at once
          history = await get(base, 'network/history?seconds=3');
        }
      },
    });
    const h = JSON.parse(history);
    if (h.timestamps.length === 3 && h.timestamps.at(-1) === events[0].timestamp && events.length >= 3
        && events.every(e => e.source === source && e.pods.every(p => !p.segment_start)
          && e.host_network_pods.length === 1)) {
      writeFixture(`network-${source}.json`, network, dir);
      writeFixture(`pods-${source}.json`, pods, dir);
      writeFixture(`history-${source}.json`, history, dir);
      writeFixture(`stream-${source}.txt`, raw, dir);
      return;
    }
    console.error(`capture ${source}: attempt ${attempt}: history ${JSON.stringify(h.timestamps)}, events `
      + JSON.stringify(events.map(e => [e.source, e.timestamp, e.pods.length])) + '; again');
  }
  throw new Error('no consistent capture in 3 attempts');
}

/** `netmon serve` in `cwd` with `args` after the common ones, once it has taken 4 samples: {base, stop()}. */
async function serve(cwd, args) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}/`;
  const server = spawn('java', ['-jar', jar, 'serve', '--proc-root', 'proc', '--bind', '127.0.0.1', '--port', String(port),
    '--interval', '1s', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  server.stdout.on('data', d => { log += d; });
  server.stderr.on('data', d => { log += d; });
  const stop = () => server.kill('SIGTERM');
  try {
    for (let waited = 0; ; waited += 200) {
      const ready = await fetch(base + 'readyz').then(r => (r.ok ? r.json() : null), () => null);
      if (ready && ready.samples >= 4) {
        return { base, stop };
      }
      if (waited > 30000 || server.exitCode !== null) {
        throw new Error(`netmon serve ${args.join(' ')}: not ready within 30 s; its output:\n` + log);
      }
      await sleep(200);
    }
  } catch (e) {
    stop();
    throw e;
  }
}

async function main() {
  if (!fs.existsSync(jar)) {
    throw new StepError(`capture: ${jar} does not exist: run make build first`);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'netmon-capture-'));
  const dir = path.join(tmp, 'proc');
  fs.mkdirSync(path.join(dir, 'net'), { recursive: true });
  fs.mkdirSync(path.join(tmp, 'no-pods'));
  const template = fs.readFileSync(path.join(proc, 'proc-net-dev-lab-node.txt'), 'utf8');
  for (const [from, to] of [['snmp', 'snmp'], ['snmp6', 'snmp6'], ['netmon', 'netmon']]) {
    fs.copyFileSync(path.join(proc, `proc-net-${from}-lab-node.txt`), path.join(dir, 'net', to));
  }
  const mibs = { snmp: fs.readFileSync(path.join(proc, 'proc-net-snmp-lab-node.txt'), 'utf8'),
    snmp6: fs.readFileSync(path.join(proc, 'proc-net-snmp6-lab-node.txt'), 'utf8') };
  let churned = false;
  layPods(tmp, churned);
  const start = Date.now();
  const tick = () => {
    const seconds = (Date.now() - start) / 1000;
    tickPods(tmp, seconds, churned, mibs);
    writeProc(dir, 'dev', dev(template, seconds));
  };
  tick();
  let ticking = setInterval(tick, TICK_MS);
  const pods = ['--cgroup-root', 'cgroup', '--pod-log-root', 'pods'];
  const servers = [];
  try {
    const { base } = await step('the server\'s first samples', async () => {
      servers.push(await serve(tmp, pods));
      return servers[0];
    });
    await step('with the module', () => capture(base, 'kmod', dir));
    fs.unlinkSync(path.join(dir, 'net/netmon'));
    await sleep(3000);
    await step('without the module', () => capture(base, 'procfs', dir));
    await step('a failed read', async () => {
      const { raw, events } = await stream(base, {
        until: events => events.length === 3,
        onEvent: async events => {
          if (events.length === 1) {
            clearInterval(ticking);
            writeProc(dir, 'dev', 'Inter-|\n face |\n    lo: 1 2 3\n');
          } else if (events.length === 2) {
            await sleep(1500); // the same failure again: nothing to send
            ticking = setInterval(tick, TICK_MS);
          }
        },
      });
      const [before, failed, after] = events;
      const failures = e => e.notes.filter(n => n.startsWith(FAILED_NOTE)).length;
      if (failed.sequence !== before.sequence || failures(before) !== 0 || failures(failed) !== 1
          || after.sequence !== before.sequence + 1 || failures(after) !== 0) {
        throw new Error('expected a sample, the same sample with the failed read\'s note, the next sample; got '
          + JSON.stringify(events.map(e => ({ sequence: e.sequence, notes: e.notes }))));
      }
      writeFixture('stream-failed.txt', raw, dir);
    });
    await step('a pod comes, one goes', async () => {
      const [come, go] = [PODS.find(p => p.life === 'after'), PODS.find(p => p.life === 'before')];
      const has = (e, pod) => e.pods.some(p => p.uid === pod.uid);
      const { raw, events } = await stream(base, {
        // until the new pod has rates: it starts a segment, then moves
        until: events => events.some(e => e.pods.some(p => p.uid === come.uid && !p.segment_start)),
        onEvent: async events => {
          if (events.length === 1) {
            churned = true;
            layPods(tmp, churned);
          }
        },
      });
      if (!has(events[0], go) || has(events[0], come) || has(events.at(-1), go) || !has(events.at(-1), come)) {
        throw new Error(`expected ${go.name} and not ${come.name} first, the other way round last; got `
          + JSON.stringify(events.map(e => e.pods.map(p => p.pod))));
      }
      writeFixture('stream-pods-churn.txt', raw, dir);
    });
    await step('a server without pod discovery', async () => {
      servers.push(await serve(tmp, ['--pods', 'off']));
      writeFixture('pods-off.json', await get(servers.at(-1).base, 'network/pods'), dir);
    });
    await step('a node without pods', async () => {
      servers.push(await serve(tmp, ['--cgroup-root', 'no-pods', '--pod-log-root', 'pods']));
      writeFixture('pods-none.json', await get(servers.at(-1).base, 'network/pods'), dir);
    });
  } finally {
    clearInterval(ticking);
    servers.forEach(server => server.stop());
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`capture: wrote ${out}`);
}

main().catch(e => {
  console.error(e instanceof StepError ? e.message : e);
  process.exit(1);
});
