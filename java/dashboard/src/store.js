// SPDX-License-Identifier: GPL-2.0
// Everything the page knows and the user chose, in one object. It takes the parsed documents of
// contract.js (never raw JSON), and answers the views' questions; no DOM, no timers, no fetches.
//
// The stream is the one live channel: every event carries its sample's source and module, the
// rates, each interface's bytes since boot and the server's notes, so the latest event is what
// the page shows. /network, read once at the start, fills the totals, notes and protocol counters
// until the first event; a history fills the rate series. A history says its source too, which the
// page takes only before the first event; its protocol series are taken only when that source is
// the one in use (a history from just before or after a source change would mix meanings).
// /network's protocol counters carry their source for the same reason. So no channel is ever
// weighed against another by its timestamps.
//
// Pods: the stream says which pods there are (those with a namespace of their own, with their
// traffic, and those on the node's network) and their rates; a history fills their series;
// /network/pods says, before the first event, who they are, and whether the server looks for pods
// at all, its notes say what could not be found, and its protocol counters give each pod's split
// until the stream has its rates. It is asked again whenever the pods or the source change and
// when the pods view is shown (`podsStale`), so its notes stay those of the pods shown: never on
// a timer.

import { PALETTE } from './format.js';
import { SeriesSet } from './series.js';

export const WINDOW_MS = 5 * 60 * 1000; // the rates kept, per interface and per protocol
const GONE_AFTER = 3;                   // samples an interface may miss before it leaves the charts
const ACTIVE_MS = 60 * 1000;            // "busiest" means over the last minute
const MAX_INTERVAL_MS = 60 * 1000;

/** A pod as the store keeps it (see Store.podInfo), from any channel's {uid, namespace, name}. */
function podOf({ uid, namespace, name }, hostNetwork, present) {
  return { uid, namespace, name, hostNetwork, present, bytesReceived: null, bytesSent: null, protocols: null };
}

/** How people call a pod: namespace/name, or its UID when no log directory names it. */
export function podLabel(pod) {
  return pod.namespace === null ? pod.uid : `${pod.namespace}/${pod.name}`;
}

export class Store {
  constructor() {
    /** Interfaces in bytes/s. */
    this.interfaces = new SeriesSet(['rx', 'tx']);
    /**
     * "ipv4/tcp": packets/s (rx, tx) and bytes/s (rxb, txb), namespace-wide with netmon.ko;
     * host-wide from /proc/net/snmp without it (bytes null, and TCP is "ip/tcp").
     */
    this.protocols = new SeriesSet(['rx', 'tx', 'rxb', 'txb']);
    this.source = null;        // 'kmod' or 'procfs', null until the server said
    this.module = undefined;   // {version, formatVersion} or null, as the latest event says; undefined until one has
    this.lastSample = 0;       // ms of the newest point held
    this.intervalMs = 1000;    // between samples: the history's resolution, then the live events'
    this.lastEventAt = 0;      // ms of the previous event on this connection of the stream
    this.samples = 0;          // samples that added points, history and stream
    this.pointsReceived = 0;   // live samples that added points
    this.stream = 'connecting';
    /** The counters since boot, the latest event's (/network's before it): interface name -> {bytesReceived, bytesSent}. */
    this.totals = new Map();
    /** /network's namespace-wide protocol rows and their source, until live rates exist. */
    this.counters = { source: null, rows: [] };
    this.notes = [];           // the server's notes: the latest event's (/network's before it)
    /** What could not be read, per channel ('network', 'history'): a sentence, or absent. */
    this.problems = new Map();
    /** Answers that did not match the API contract: how many, and the first one's message. */
    this.contract = { count: 0, first: null };
    /** Pods with a namespace of their own, by UID: bytes/s (rx, tx) and packets/s (rxp, txp), interfaces summed, lo left out. */
    this.pods = new SeriesSet(['rx', 'tx', 'rxp', 'txp']);
    /**
     * Every pod known, by UID: {uid, namespace, name (both null for a pod known by its UID alone),
     * hostNetwork, present (in the latest event; in /network/pods before the first), bytesReceived and
     * bytesSent (since its namespace began; null on the host's network or before an event), protocols
     * (the latest event's [{key, rx, tx, rxb, txb}] of those that moved, [] when none did; null when not
     * known: a segment start, the host's network, gone)}. A pod gone stays, not present, while its series
     * is in the charts.
     */
    this.podInfo = new Map();
    this.podsHeard = false;    // an event has said which pods there are
    this.podsWatched = null;   // whether the server looks for pods (/network/pods); null until it said
    this.podNotes = [];        // /network/pods's notes
    /**
     * /network/pods's protocol counters by UID, since each pod's namespace began: [{key, rx, tx, rxb,
     * txb}] (packets; L3 bytes with netmon.ko), as of `podCountersAt` (ms).
     */
    this.podCounters = new Map();
    this.podCountersAt = null;
    this.podsStale = true;     // /network/pods is to be asked (again): never asked, its answer failed, the pods or the source changed
    /**
     * The user's choices: the 3D graph by interface or protocol, rx or tx; the protocol card's unit and
     * the pods' protocol split's.
     */
    this.view = { by: 'interface', dir: 'rx', unit: 'packets', podUnit: 'packets' };
    this.colours = new Map();
  }

  /** A history (parseHistory): fills the series; its source only while the stream has said none. */
  ingestHistory(h) {
    if (this.source === null && h.source !== null) {
      this.source = h.source;
    }
    for (const row of h.pods) {
      if (!this.podInfo.has(row.uid)) {
        // Before the first event it is a pod of now (the history has the latest sample's pods).
        this.podInfo.set(row.uid, podOf(row, false, !this.podsHeard));
      }
    }
    this.intervalMs = h.resolutionMs;
    const withProtocols = h.source === this.source;
    h.timestamps.forEach((t, i) => {
      let added = false;
      for (const row of h.interfaces) {
        added = this.interfaces.push(row.name, t, { rx: row.rx[i], tx: row.tx[i] }) || added;
      }
      if (withProtocols) {
        for (const row of h.protocols) {
          added = this.protocols.push(row.key, t, { rx: row.rx[i], tx: row.tx[i], rxb: row.rxb[i], txb: row.txb[i] })
            || added;
        }
      }
      for (const row of h.pods) {
        added = this.pods.push(row.uid, t, { rx: row.rx[i], tx: row.tx[i], rxp: row.rxp[i], txp: row.txp[i] }) || added;
      }
      if (added) {
        this.samples++;
        this.lastSample = Math.max(this.lastSample, t);
      }
    });
  }

  /**
   * One stream event (parseEvent): the source and module in use, a point per series, the totals
   * and the notes. A failed read after a sample brings that sample again, with the failure's note:
   * its points are held already, its notes are new.
   */
  ingestEvent(e) {
    if (this.source !== null && e.source !== this.source) {
      // netmon.ko loaded or unloaded: protocol figures change meaning (bytes appear or vanish,
      // TCP becomes one "ip" row without the module). Start afresh, as the server's history does.
      this.protocols.clear();
      this.podsStale = true; // the pods' notes say what their protocol figures are
    }
    this.source = e.source;
    this.module = e.module;
    this.notes = e.notes;
    this.problems.delete('network'); // what /network would have said, the event says
    const totals = new Map(e.interfaces.map(row => [row.name, row]));
    for (const [name, row] of this.totals) {
      if (!totals.has(name) && this.interfaces.get(name)) {
        totals.set(name, row); // gone from the node, not yet from the table: its last totals
      }
    }
    this.totals = totals;
    let added = false;
    for (const row of e.interfaces) {
      added = this.interfaces.push(row.name, e.timestamp, row) || added;
    }
    for (const row of e.protocols) {
      this.protocols.push(row.key, e.timestamp, row);
    }
    this.ingestPods(e);
    if (added) {
      if (this.lastEventAt && e.timestamp > this.lastEventAt) {
        this.intervalMs = Math.min(e.timestamp - this.lastEventAt, MAX_INTERVAL_MS);
      }
      this.samples++;
      this.pointsReceived++;
      this.lastSample = Math.max(this.lastSample, e.timestamp);
    }
    this.lastEventAt = e.timestamp;
    return added;
  }

  /** An event's pods: who is there now, their points, counters and protocol rates. */
  ingestPods(e) {
    const before = this.podSet();
    const now = new Map();
    for (const row of e.pods) {
      now.set(row.uid, { ...podOf(row, false, true), bytesReceived: row.bytesReceived, bytesSent: row.bytesSent,
        protocols: row.protocols });
      this.pods.push(row.uid, e.timestamp, row);
    }
    for (const row of e.hostNetworkPods) {
      now.set(row.uid, podOf(row, true, true));
    }
    for (const [uid, info] of this.podInfo) {
      if (!now.has(uid) && this.pods.get(uid)) {
        now.set(uid, { ...info, present: false, protocols: null }); // gone, still in the charts
      }
    }
    this.podInfo = now;
    this.podsHeard = true;
    if (this.podSet() !== before || this.problems.has('pods')) { // a failed answer: asked again with each sample
      this.podsStale = true;
    }
  }

  /** The pods present and where: a text that changes when one comes, goes, or moves to or from the host's network. */
  podSet() {
    return [...this.podInfo.values()].filter(p => p.present).map(p => p.uid + (p.hostNetwork ? '@host' : '')).sort().join(' ');
  }

  /**
   * /network/pods (parsePods): whether pods are looked for, the notes and the pods' protocol
   * counters; before the first event also who the pods are (the stream says it after that).
   */
  setPods(p) {
    this.podsWatched = p.watched;
    this.podNotes = p.notes;
    this.podCounters = new Map(p.pods.map(pod => [pod.uid, pod.protocols]));
    this.podCountersAt = p.timestamp;
    this.problems.delete('pods');
    if (!this.podsHeard) {
      this.podInfo = new Map(p.pods.map(pod => [pod.uid, podOf(pod, pod.hostNetwork, true)]));
    }
  }

  /** The pods the page knows (present, and gone but still in the charts). */
  podList() {
    return [...this.podInfo.values()];
  }

  /** /network (parseNetwork), read once at the start: the counters since boot and the notes until the first event. */
  setNetwork(n) {
    this.totals = new Map(n.interfaces.map(row => [row.name, row]));
    this.counters = { source: n.source, rows: n.protocols.filter(row => row.interface === 'all') };
    this.notes = n.notes;
    this.problems.delete('network');
  }

  /** 'connecting', 'live', 'reconnecting' or 'retrying'. A new connection measures its own interval. */
  setStream(state) {
    if (state === 'live' && this.stream !== 'live') {
      this.lastEventAt = 0;
    }
    this.stream = state;
  }

  /** A channel could not be read (`sentence`), or could again (null). */
  setProblem(channel, sentence) {
    if (sentence) {
      this.problems.set(channel, sentence);
    } else {
      this.problems.delete(channel);
    }
  }

  contractBroken(error) {
    this.contract.count++;
    this.contract.first = this.contract.first || error.message;
  }

  /** Drops points older than the window and series that left the node. */
  trim() {
    const oldest = this.lastSample - WINDOW_MS;
    const goneBefore = this.lastSample - GONE_AFTER * this.intervalMs - 1;
    this.interfaces.trim(oldest, goneBefore);
    this.protocols.trim(oldest, goneBefore);
    this.pods.trim(oldest, goneBefore);
    for (const [uid, info] of this.podInfo) {
      if (!info.present && !this.pods.get(uid)) {
        this.podInfo.delete(uid);
      }
    }
  }

  /** The start of the last minute, over which "busiest" is measured. */
  activeSince() {
    return this.lastSample - ACTIVE_MS;
  }

  /** /network's protocol rows when they are of the source in use, else none. */
  counterRows() {
    return this.counters.source === this.source ? this.counters.rows : [];
  }

  /** The protocol card's unit: bytes when chosen and the source has them (netmon.ko), else packets. */
  protocolUnit() {
    return this.unitOf(this.view.unit);
  }

  /** The pods' protocol split's unit, likewise. */
  podUnit() {
    return this.unitOf(this.view.podUnit);
  }

  unitOf(chosen) {
    return chosen === 'bytes' && this.source === 'kmod' ? 'bytes' : 'packets';
  }

  /**
   * The interfaces to ask the history for: all (null), or on a node with more than `many` (thousands
   * of veths) the busiest half of `many` by bytes since boot; the stream brings the others from now on.
   */
  historyInterfaces(many) {
    if (this.totals.size <= many) {
      return null;
    }
    const bytes = r => r.bytesReceived + r.bytesSent;
    return [...this.totals.values()].sort((a, b) => bytes(b) - bytes(a)).slice(0, many / 2).map(r => r.name);
  }

  /** One colour per name for the whole visit, in order of appearance: the first twelve all differ. */
  colour(name) {
    if (!this.colours.has(name)) {
      this.colours.set(name, PALETTE[this.colours.size % PALETTE.length]);
    }
    return this.colours.get(name);
  }
}
