// SPDX-License-Identifier: GPL-2.0
// Netmon dashboard, the entry module: wires the API client (api.js, checked by contract.js), the
// store (store.js), the charts (charts.js), the node view (view.js) and the pods view (pods.js),
// and the tabs between the two views (#node, #pods). The channels:
//   network          once, at the start: the counters since boot, the notes and the protocol rows
//                    until the stream speaks (and which interfaces are busiest, for the history)
//   network/pods     at the start, again when the stream's pods or the source change and whenever
//                    the pods view is shown: who the pods are until the stream speaks, whether pods
//                    are looked for, the pods' notes, their protocol counters since they began
//   network/stream   then, kept open: one event per sample, the live points, totals, notes, source
//                    and module, the pods and their rates; nothing is polled
//   network/history  with the stream's opening and after every gap in it: fills the charts

import { createApi } from './api.js';
import { createCharts, createPodCharts } from './charts.js';
import { ContractError } from './contract.js';
import { createPodsView } from './pods.js';
import { podLabel, Store, WINDOW_MS } from './store.js';
import { createNodeView } from './view.js';

const MANY = 64; // more interfaces than this: the history of the busiest only

const store = new Store();
const charts = createCharts(window.echarts, id => document.getElementById(id));
const view = createNodeView(store, charts, document);
const podCharts = createPodCharts(window.echarts, id => document.getElementById(id));
const podsView = createPodsView(store, podCharts, document);
const api = createApi({
  fetch: window.fetch.bind(window),
  EventSource: window.EventSource,
  setTimeout: window.setTimeout.bind(window),
  onContractError(error) {
    console.error('netmon: the server\'s answer does not match the API this page reads:', error.message);
    store.contractBroken(error);
    view.drawStatus();
    podsView.drawStatus();
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

let podsAsked = null; // the /network/pods request in flight

/** /network/pods when the store says it is stale, one request at a time; again if it went stale meanwhile. */
function readPods() {
  if (podsAsked || !store.podsStale) {
    return podsAsked;
  }
  store.podsStale = false;
  podsAsked = api.pods().then(pods => store.setPods(pods), error => failed('pods', '/network/pods: ', error))
    .then(() => {
      podsAsked = null;
      podsView.drawStatus();
      view.drawStatus(); // a problem with it is in the banner
      return readPods();
    });
  return podsAsked;
}

/** The view the location's hash names: #pods, or the node's. */
function showView() {
  const pods = location.hash === '#pods';
  document.getElementById('view-node').hidden = pods;
  document.getElementById('view-pods').hidden = !pods;
  document.getElementById('tab-node').setAttribute('aria-selected', String(!pods));
  document.getElementById('tab-pods').setAttribute('aria-selected', String(pods));
  view.show(!pods);
  podsView.show(pods);
  if (pods) { // the pods' notes and protocol counters of now
    store.podsStale = true;
    readPods();
  }
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
  podsView.redraw();
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
  /** The pods present, as people call them (namespace/name, or the UID), and those of them on the host's network. */
  get pods() { return store.podList().filter(p => p.present).map(podLabel).sort(); },
  get hostNetworkPods() { return store.podList().filter(p => p.present && p.hostNetwork).map(podLabel).sort(); },
  get podsWatched() { return store.podsWatched; },
});

document.getElementById('host').textContent = location.host;
document.getElementById('libs').textContent = `Apache ECharts ${window.echarts.version} and ECharts GL`;
window.addEventListener('resize', () => {
  charts.resize();
  podCharts.resize();
});
window.addEventListener('hashchange', showView);
showView();
// The stream opens first and the history is asked at once: the stream brings every sample after
// its first, the history every one before, and the store takes each point once. (History first
// would lose the samples taken while the charts are first drawn.)
Promise.all([readCounters(), readPods()]).then(() => {
  api.stream({
    onEvent(event) {
      store.ingestEvent(event);
      view.schedule();
      podsView.schedule();
      readPods();
    },
    onState(state) {
      store.setStream(state);
      view.drawStatus();
      podsView.drawStatus();
    },
    onReconnect() { // fill what the gap missed; the pods' notes too
      store.podsStale = true;
      readPods();
      return loadHistory();
    },
  });
  return loadHistory();
});
