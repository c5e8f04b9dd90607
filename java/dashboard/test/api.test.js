// SPDX-License-Identifier: GPL-2.0
// api.js with a fake fetch, EventSource and setTimeout: the URLs it asks, what it hands on, and
// that an answer breaking the contract is reported once and never handed on.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { createApi, HttpError } from '../src/api.js';
import { ContractError } from '../src/contract.js';

const text = name => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const eventData = name => text(name).split('\n').filter(line => line.startsWith('data: ')).map(line => line.slice(6));

/** fetch answering each URL from `answers` ({status, body}); the URLs asked go to `asked`. */
function fakeFetch(answers, asked) {
  return async (url, init) => {
    asked.push({ url, init });
    const { status = 200, body } = answers[url];
    const statusText = { 200: 'OK', 404: 'Not Found', 502: 'Bad Gateway' }[status];
    return { ok: status >= 200 && status < 300, status, statusText, text: async () => body };
  };
}

/** An EventSource whose instances the test drives: open(), message(data), fail(closed). */
class FakeEventSource {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSED = 2;
  static all = [];

  constructor(url) {
    this.url = url;
    this.readyState = FakeEventSource.CONNECTING;
    this.closed = false;
    FakeEventSource.all.push(this);
  }

  open() {
    this.readyState = FakeEventSource.OPEN;
    this.onopen();
  }

  message(data) {
    this.onmessage({ data });
  }

  fail(closed) {
    this.readyState = closed ? FakeEventSource.CLOSED : FakeEventSource.CONNECTING;
    this.onerror();
  }

  close() {
    this.closed = true;
  }
}

function setup(answers = {}) {
  const asked = [];
  const contract = [];
  const timers = [];
  FakeEventSource.all = [];
  const api = createApi({
    fetch: fakeFetch(answers, asked),
    EventSource: FakeEventSource,
    setTimeout: (f, ms) => timers.push({ f, ms }),
    onContractError: e => contract.push(e.message),
  });
  return { api, asked, contract, timers };
}

test('network, pods and history: the URLs, relative to the page, and the parsed answers', async () => {
  const { api, asked, contract } = setup({
    network: { body: text('network-kmod.json') },
    'network/pods': { body: text('pods-off.json') },
    'network/history?seconds=300': { body: text('history-kmod.json') },
    'network/history?seconds=300&interface=eth0&interface=veth%201': { body: text('history-procfs.json') },
  });
  assert.equal((await api.network()).interfaces[1].bytesReceived, 297607158);
  assert.deepEqual((await api.history(300)).timestamps, [1796170413346, 1796170414346, 1796170415346]);
  assert.equal((await api.history(300, ['eth0', 'veth 1'])).source, 'procfs');
  assert.equal((await api.pods()).watched, false);
  assert.deepEqual(asked.map(a => a.url), ['network', 'network/history?seconds=300',
    'network/history?seconds=300&interface=eth0&interface=veth%201', 'network/pods']);
  assert.deepEqual(asked[0].init, { headers: { Accept: 'application/json' }, cache: 'no-store' });
  assert.deepEqual(contract, []);
});

test('an error status is an HttpError with the server\'s sentence, not a contract error', async () => {
  const { api, contract } = setup({
    'network/history?seconds=300&interface=gone': { status: 404, body: '{"error":"no interface named \'gone\'"}' },
    network: { status: 502, body: '<html>Bad Gateway</html>' },
  });
  await assert.rejects(api.history(300, ['gone']), e => e instanceof HttpError && e.status === 404
    && e.message === 'no interface named \'gone\'');
  await assert.rejects(api.network(), e => e instanceof HttpError && e.status === 502 && e.message === '502 Bad Gateway');
  assert.deepEqual(contract, []);
});

test('an answer that breaks the contract is reported once, then rejected', async () => {
  const broken = JSON.parse(text('network-kmod.json'));
  delete broken.interfaces[0].bytes_sent;
  const { api, contract } = setup({ network: { body: JSON.stringify(broken) }, 'network/history?seconds=60': { body: 'nope' } });
  await assert.rejects(api.network(), ContractError);
  await assert.rejects(api.history(60), ContractError);
  assert.equal(contract.length, 2);
  assert.equal(contract[0], '/network: interfaces[0].bytes_sent: expected a whole number >= 0, got nothing (the field is missing)');
  assert.match(contract[1], /^\/network\/history: not JSON \(.+\): "nope"$/);
});

test('the stream: events parsed, a broken one reported and dropped, refusals retried with backoff, gaps refilled', () => {
  const { api, contract, timers } = setup();
  const got = [];
  const states = [];
  let reconnects = 0;
  api.stream({ onEvent: e => got.push(e), onState: s => states.push(s), onReconnect: () => reconnects++ });
  const [first, second] = eventData('stream-kmod.txt');
  const stream = FakeEventSource.all[0];
  assert.equal(stream.url, 'network/stream');
  stream.open();
  stream.message(first);
  stream.message(first.replace('"format_version":1', '"format_version":"1"'));
  stream.message(second);
  assert.deepEqual(got.map(e => e.timestamp), [1796170415346, 1796170416346]);
  assert.deepEqual(got[0].module, { version: '0.1.0', formatVersion: 1 });
  assert.deepEqual(contract, ['/network/stream event: module.format_version: expected an integer, got "1"']);
  assert.equal(reconnects, 0);
  // A failed read's event repeats its sample with a note: handed on like any other, the store keeps the note.
  eventData('stream-failed.txt').forEach(data => stream.message(data));
  assert.deepEqual(got.slice(2).map(e => [e.timestamp, e.notes.length]),
    [[1796170424346, 1], [1796170424346, 2], [1796170427372, 1]]);
  got.length = 2;

  stream.fail(false); // the browser reconnects by itself
  assert.equal(timers.length, 0);
  stream.open();
  assert.equal(reconnects, 1, 'the history is asked again after a gap');

  stream.fail(true); // refused (503): we retry, 1 s, then 2 s
  assert.equal(stream.closed, true);
  assert.deepEqual(timers.map(t => t.ms), [1000]);
  timers[0].f();
  FakeEventSource.all[1].fail(true);
  assert.deepEqual(timers.map(t => t.ms), [1000, 2000]);
  timers[1].f();
  const third = FakeEventSource.all[2];
  third.open();
  assert.equal(reconnects, 2);
  third.message(second);
  third.fail(true);
  assert.equal(timers[2].ms, 1000, 'an event resets the backoff');
  assert.deepEqual(states, ['live', 'reconnecting', 'live', 'retrying', 'retrying', 'live', 'retrying']);
});
