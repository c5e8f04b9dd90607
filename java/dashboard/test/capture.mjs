#!/usr/bin/env node
// SPDX-License-Identifier: GPL-2.0
// Captures test/fixtures/ again: what a real `netmon serve` answers on the lab node's proc files
// (java/src/test/resources/fixtures/) while this script advances lo's and eth0's counters in
// DIR/net/dev every 100 ms. Run it when the API changes, then fix the values the tests assert:
//
//   make build && node java/dashboard/test/capture.mjs [target/netmon.jar]
//
// It writes network-, history- and stream-{kmod,procfs}.* and stream-failed.txt (a read that
// fails after a sample, then recovers), checks that each capture has the shape the tests rely on,
// and exits non-zero naming the step that broke. The server's proc root is a temporary folder,
// which the fixtures call DIR (a failed read's note names its file), so no path of this machine
// ends up in them.

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
  const next = path.join(dir, 'net', name + '.next');
  fs.writeFileSync(next, text);
  fs.renameSync(next, path.join(dir, 'net', name));
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

/** network, history and stream of one source, the history's newest point being the stream's first event. */
async function capture(base, source, dir) {
  const network = await get(base, 'network');
  if (JSON.parse(network).source !== source) {
    throw new Error(`/network says source ${JSON.parse(network).source}, expected ${source}`);
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
        && events.every(e => e.source === source)) {
      writeFixture(`network-${source}.json`, network, dir);
      writeFixture(`history-${source}.json`, history, dir);
      writeFixture(`stream-${source}.txt`, raw, dir);
      return;
    }
    console.error(`capture ${source}: attempt ${attempt}: history ${JSON.stringify(h.timestamps)}, events `
      + JSON.stringify(events.map(e => [e.source, e.timestamp])) + '; again');
  }
  throw new Error('no consistent capture in 3 attempts');
}

async function main() {
  if (!fs.existsSync(jar)) {
    throw new StepError(`capture: ${jar} does not exist: run make build first`);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'netmon-capture-'));
  const dir = path.join(tmp, 'proc');
  fs.mkdirSync(path.join(dir, 'net'), { recursive: true });
  const template = fs.readFileSync(path.join(proc, 'proc-net-dev-lab-node.txt'), 'utf8');
  for (const [from, to] of [['snmp', 'snmp'], ['snmp6', 'snmp6'], ['netmon', 'netmon']]) {
    fs.copyFileSync(path.join(proc, `proc-net-${from}-lab-node.txt`), path.join(dir, 'net', to));
  }
  const start = Date.now();
  const tick = () => writeProc(dir, 'dev', dev(template, (Date.now() - start) / 1000));
  tick();
  let ticking = setInterval(tick, TICK_MS);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}/`;
  const server = spawn('java', ['-jar', jar, 'serve', '--proc-root', 'proc', '--bind', '127.0.0.1', '--port', String(port),
    '--interval', '1s'], { cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  server.stdout.on('data', d => { log += d; });
  server.stderr.on('data', d => { log += d; });
  try {
    await step('the server\'s first samples', async () => {
      for (let waited = 0; ; waited += 200) {
        const ready = await fetch(base + 'readyz').then(r => (r.ok ? r.json() : null), () => null);
        if (ready && ready.samples >= 4) {
          return;
        }
        if (waited > 30000 || server.exitCode !== null) {
          throw new Error('not ready within 30 s; its output:\n' + log);
        }
        await sleep(200);
      }
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
  } finally {
    clearInterval(ticking);
    server.kill('SIGTERM');
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`capture: wrote ${out}`);
}

main().catch(e => {
  console.error(e instanceof StepError ? e.message : e);
  process.exit(1);
});
