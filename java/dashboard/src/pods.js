// SPDX-License-Identifier: GPL-2.0
// The pods view: the busiest pods' traffic over time, their protocol split, every pod in a table,
// and what to say when there is no pod to show. Drawn from the store's pods (store.js), which the
// stream keeps current; it chooses what each card shows and hands the charts plain data. What the
// table and the empty state say is worked out by podRows and emptyText, without the DOM, so the
// node tests check it as the page writes it.

import { PODS_OFF_NOTE } from './contract.js';
import * as F from './format.js';
import { oncePerFrame } from './frame.js';
import { podLabel } from './store.js';

const TOP = 8;            // pods drawn in the line charts: the busiest by bytes/s over the last minute
const SPLIT_ROWS = 12;    // pods in the protocol split at most, likewise the busiest
export const TABLE_ROWS = 200; // rows of the pod table at most
const PROCFS_NOTE = 'netmon.ko is not loaded'; // the start of the server's notes without the module
const FAILURE_NOTE = 'the latest read failed'; // the stream's notes say it above both views

/** "ipv4/tcp 96% · ipv4/icmp 4%": each protocol's share of `rows`' packets received + sent, largest first. */
function shares(rows) {
  const moved = rows.map(r => [r.key, (r.rx || 0) + (r.tx || 0)]).filter(([, n]) => n > 0);
  const total = moved.reduce((sum, [, n]) => sum + n, 0);
  return moved.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([key, n]) => {
    const share = (100 * n) / total;
    return `${key} ${share < 1 ? '<1' : Math.round(share)}%`;
  }).join(' · ');
}

/**
 * A pod's protocol split, {text, title}: of its packets/s in the latest event when any protocol
 * moved, else of its packets since its namespace began (/network/pods's counters).
 */
export function protocolSplit(store, pod) {
  if (pod.hostNetwork) {
    return { text: '–', title: 'on the node\'s network: its protocols are the node\'s, in the node view' };
  }
  const now = pod.present && pod.protocols ? shares(pod.protocols) : '';
  if (now) {
    return { text: now, title: 'share of packets/s received + sent, the latest sample' };
  }
  const counted = shares(store.podCounters.get(pod.uid) || []);
  if (counted) {
    return { text: counted, title: 'share of packets received + sent since the pod\'s network namespace began, '
      + `as of ${F.clock(store.podCountersAt)} (/network/pods)` };
  }
  return { text: '–', title: 'no packet of any protocol counted yet' };
}

/**
 * The pod table as the page writes it, one object per row: present pods with a namespace of their
 * own busiest first (bytes/s received + sent in the latest sample), then those on the node's
 * network, then those gone; ties by name. Each row has `uid`, `name` (the UID when no log directory
 * names the pod), `named`, `namespace`, `hostNetwork`, `present`, the figures `rx`, `tx`, `rxp`,
 * `txp`, `received`, `sent` as written (empty on the node's network: its traffic is the node's) and
 * `protocols` ({text, title}, protocolSplit's). At most TABLE_ROWS.
 */
export function podRows(store) {
  const set = store.pods;
  const traffic = p => (set.latest(p.uid, 'rx') || 0) + (set.latest(p.uid, 'tx') || 0);
  const rank = p => (!p.present ? 2 : p.hostNetwork ? 1 : 0);
  return store.podList().sort((a, b) => rank(a) - rank(b) || traffic(b) - traffic(a)
    || (podLabel(a) < podLabel(b) ? -1 : 1)).slice(0, TABLE_ROWS).map(p => {
    const own = !p.hostNetwork;
    const figure = (format, value) => (own ? format(value) : '');
    const latest = column => set.latest(p.uid, column);
    return {
      uid: p.uid,
      name: p.name === null ? p.uid : p.name,
      named: p.name !== null,
      namespace: p.namespace === null ? '–' : p.namespace,
      hostNetwork: p.hostNetwork,
      present: p.present,
      rx: figure(F.bytesRate, latest('rx')),
      tx: figure(F.bytesRate, latest('tx')),
      rxp: figure(F.packetsRate, latest('rxp')),
      txp: figure(F.packetsRate, latest('txp')),
      received: figure(F.bytes, p.bytesReceived),
      sent: figure(F.bytes, p.bytesSent),
      protocols: protocolSplit(store, p),
    };
  });
}

/** What the view says when there is no pod to show, or null when there are some. */
export function emptyText(store) {
  if (store.podsWatched === false) {
    return 'Pods are not looked for: this server was started with netmon serve --pods off.';
  }
  if (store.podList().length > 0) {
    return null;
  }
  return store.podsHeard || store.podsWatched ? 'No pods on this node.' : 'Looking for pods…';
}

/** The pods' notes the view shows above its cards: not those the node view's banner or the empty state say. */
export function podNotes(store) {
  return store.podNotes.filter(n => !n.startsWith(PROCFS_NOTE) && !n.startsWith(FAILURE_NOTE)
    && !n.startsWith(PODS_OFF_NOTE));
}

export function createPodsView(store, charts, document) {
  const el = id => document.getElementById(id);
  let shown = false;
  let cards = false; // the cards are shown (not the empty state): the charts have their size

  /** The `n` busiest present pods with a namespace of their own, by bytes/s over the last minute. */
  function busiest(n) {
    const present = new Set(store.podList().filter(p => p.present && !p.hostNetwork).map(p => p.uid));
    return store.pods.busiest(store.pods.size, store.activeSince()).filter(uid => present.has(uid)).slice(0, n);
  }

  function lines() {
    const set = store.pods;
    const uids = set.busiest(TOP, store.activeSince());
    const names = new Map(uids.map(uid => [uid, store.podInfo.get(uid)]).filter(([, p]) => p).map(([uid, p]) => [uid, podLabel(p)]));
    const order = [...names.keys()].sort((a, b) => (names.get(a) < names.get(b) ? -1 : 1));
    for (const dir of ['rx', 'tx']) {
      charts.lines(dir, order.map(uid => ({ id: uid, name: names.get(uid), colour: store.colour(uid), points: set.points(uid, dir) })));
    }
  }

  /** The busiest pods' protocols: received + sent per protocol, in the unit chosen (bytes only with netmon.ko). */
  function split() {
    const unit = store.podUnit();
    const [rx, tx] = unit === 'bytes' ? ['rxb', 'txb'] : ['rx', 'tx'];
    const totals = new Map();
    const pods = busiest(SPLIT_ROWS).map(uid => {
      const pod = store.podInfo.get(uid);
      if (!pod.protocols) {
        return { label: podLabel(pod), protocols: null };
      }
      const protocols = {};
      for (const row of pod.protocols) {
        protocols[row.key] = { rx: row[rx], tx: row[tx] };
        totals.set(row.key, (totals.get(row.key) || 0) + (row[rx] || 0) + (row[tx] || 0));
      }
      return { label: podLabel(pod), protocols };
    });
    const keys = [...totals.keys()].sort((a, b) => totals.get(b) - totals.get(a) || (a < b ? -1 : 1));
    charts.split(pods, keys.map(key => ({ key, colour: store.colour(key) })), unit,
      unit === 'bytes' ? F.bytesRate : F.packetsRate);

    const kmod = store.source === 'kmod';
    const bytesButton = document.querySelector('[data-pod-unit="bytes"]');
    bytesButton.disabled = !kmod;
    bytesButton.title = kmod ? 'bytes/s per protocol (L3: IP header and payload)' : 'bytes per protocol need netmon.ko';
    document.querySelectorAll('[data-pod-unit]').forEach(b => b.classList.toggle('on', b.dataset.podUnit === unit));
    const note = el('split-note');
    note.textContent = `${unit === 'bytes' ? 'bytes/s' : 'packets/s'} received + sent · each pod's own namespace, `
      + (kmod ? 'netmon.ko' : '/proc/<pid>/net/snmp');
    note.title = store.podNotes.filter(n => n.startsWith(PROCFS_NOTE)).join(' ')
      || (kmod ? 'netmon.ko counts every IP packet per protocol, per direction, in each pod\'s network namespace' : '');
  }

  function cell(text, className) {
    const td = document.createElement('td');
    td.textContent = text;
    if (className) {
      td.className = className;
    }
    return td;
  }

  function table(pods) {
    el('pods').tBodies[0].replaceChildren(...podRows(store).map(row => {
      const tr = document.createElement('tr');
      tr.dataset.uid = row.uid;
      tr.classList.toggle('gone', !row.present);
      const name = document.createElement('td');
      name.className = 'pod';
      const dot = document.createElement('span');
      dot.className = 'dot';
      dot.style.background = row.hostNetwork ? 'transparent' : store.colour(row.uid);
      name.append(dot, row.name);
      if (!row.named) {
        name.title = 'no kubelet log directory names this pod: its UID';
        name.classList.add('uid');
      }
      if (row.hostNetwork) {
        const tag = document.createElement('span');
        tag.className = 'tag';
        tag.textContent = 'host network';
        tag.title = 'on the node\'s own network: its traffic is the node\'s, in the node view';
        name.append(tag);
      }
      const split = cell(row.protocols.text, 'protocols');
      split.title = row.protocols.title;
      tr.append(name, cell(row.namespace), ...[row.rx, row.tx, row.rxp, row.txp, row.received, row.sent]
        .map(text => cell(text)), split);
      return tr;
    }));
    const present = pods.filter(p => p.present);
    const host = present.filter(p => p.hostNetwork).length;
    el('pod-count').textContent = present.length + (present.length === 1 ? ' pod' : ' pods')
      + (host ? `, ${host} on the host's network` : '') + (pods.length > TABLE_ROWS ? `, busiest ${TABLE_ROWS} shown` : '');
  }

  /** The tab's count, the empty state, and the pods' notes (those the stream's banner and the empty state do not say). */
  function status() {
    const pods = store.podList();
    const present = pods.filter(p => p.present).length;
    el('tab-pods-count').textContent = store.podsWatched === false ? 'off' : String(present);
    if (!shown) {
      return pods;
    }
    const empty = emptyText(store);
    el('pods-empty').hidden = empty === null;
    el('pods-empty-text').textContent = empty || '';
    document.querySelectorAll('.pods-data').forEach(card => { card.hidden = empty !== null; });
    if (cards !== (empty === null)) {
      cards = empty === null;
      if (cards) {
        charts.resize(); // drawn while hidden, they had no size
      }
    }
    const notes = el('pod-notes');
    notes.textContent = podNotes(store).join(' ');
    notes.hidden = !notes.textContent;
    return empty === null ? pods : null;
  }

  function draw(withLines) {
    const pods = status();
    if (!shown || pods === null) {
      return;
    }
    if (withLines) {
      lines();
    }
    split();
    table(pods);
  }

  document.querySelectorAll('.controls button[data-pod-unit]').forEach(button => {
    button.addEventListener('click', () => {
      store.view.podUnit = button.dataset.podUnit;
      split();
    });
  });

  return {
    /** Everything, now: after a history or when shown. */
    redraw() {
      store.trim();
      draw(true);
    },

    /** The count, the empty state, the split and the table: after /network/pods or a change of state. */
    drawStatus() {
      draw(false);
    },

    /** After a stream event: at most once per animation frame. */
    schedule: oncePerFrame(() => {
      store.trim();
      draw(true);
    }),

    /** Shows or hides the view; shown, its charts take their size and are drawn. */
    show(visible) {
      shown = visible;
      if (visible) {
        status();
        charts.resize();
        this.redraw();
      }
    },
  };
}
