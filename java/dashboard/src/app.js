// SPDX-License-Identifier: GPL-2.0
// Netmon dashboard, the entry module: wires the API client (api.js, checked by contract.js), the
// store (store.js), the charts (charts.js) and the node view (view.js). The channels:
//   network          once, at the start: the counters since boot, the notes and the protocol rows
//                    until the stream speaks (and which interfaces are busiest, for the history)
//   network/stream   then, kept open: one event per sample, the live points, totals, notes, source
//                    and module; nothing is polled
//   network/history  with the stream's opening and after every gap in it: fills the charts
// A second view would be created here beside the node view, over the same store and stream.

import { createApi } from './api.js';
import { createCharts } from './charts.js';
import { ContractError } from './contract.js';
import { Store, WINDOW_MS } from './store.js';
import { createNodeView } from './view.js';

const MANY = 64; // more interfaces than this: the history of the busiest only

const store = new Store();
const charts = createCharts(window.echarts, id => document.getElementById(id));
const view = createNodeView(store, charts, document);
const api = createApi({
  fetch: window.fetch.bind(window),
  EventSource: window.EventSource,
  setTimeout: window.setTimeout.bind(window),
  onContractError(error) {
    console.error('netmon: the server\'s answer does not match the API this page reads:', error.message);
    store.contractBroken(error);
    view.drawStatus();
  },
});

/** A read failed: a contract error is shown already; anything else goes to the banner. */
function failed(channel, prefix, error) {
  if (!(error instanceof ContractError)) {
    store.setProblem(channel, prefix + error.message);
  }
}

/** /network, once: what the page shows until the stream's first event. */
async function readCounters() {
  try {
    store.setNetwork(await api.network());
  } catch (error) {
    failed('network', '/network: ', error);
  }
  view.drawStatus();
}

/**
 * The last WINDOW_MS of every interface, or on a node with many of the busiest only; when one of
 * those went away meanwhile (404), a shorter history of everyone instead.
 */
async function history() {
  const some = store.historyInterfaces(MANY);
  try {
    return await api.history(WINDOW_MS / 1000, some);
  } catch (error) {
    if (some && error.status === 404) {
      return api.history(60);
    }
    throw error;
  }
}

async function loadHistory() {
  try {
    store.ingestHistory(await history());
    store.setProblem('history', null);
  } catch (error) {
    failed('history', 'history unavailable: ', error);
  }
  view.redraw();
}

// Read-only hooks for people and for the browser test.
window.netmon = Object.freeze({
  get pointsReceived() { return store.pointsReceived; },
  get samples() { return store.samples; },
  get source() { return store.source; },
  get module() { return store.module; },
  get stream() { return store.stream; },
  get interfaces() { return store.interfaces.names(); },
  get protocols() { return store.protocols.names(); },
  get contractErrors() { return store.contract.count; },
});

document.getElementById('host').textContent = location.host;
document.getElementById('libs').textContent = `Apache ECharts ${window.echarts.version} and ECharts GL`;
window.addEventListener('resize', () => charts.resize());
// The stream opens first and the history is asked at once: the stream brings every sample after
// its first, the history every one before, and the store takes each point once. (History first
// would lose the samples taken while the charts are first drawn.)
readCounters().then(() => {
  api.stream({
    onEvent(event) {
      store.ingestEvent(event);
      view.schedule();
    },
    onState(state) {
      store.setStream(state);
      view.drawStatus();
    },
    onReconnect: loadHistory, // fill what the gap missed
  });
  return loadHistory();
});
