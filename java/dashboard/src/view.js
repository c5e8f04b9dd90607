// SPDX-License-Identifier: GPL-2.0
// The node view: the page's header badges, banners, cards and buttons, drawn from the store. It
// chooses what each card shows (the busiest, the unit, the fallbacks) and hands the charts plain
// data. The header and the banners above both views are drawn whichever view is shown; the cards
// only while this view is (pods.js is the other).

import * as F from './format.js';
import { layout3d } from './charts.js';
import { oncePerFrame } from './frame.js';

const TOP = 8;            // interfaces (or protocols) drawn in the charts: the busiest
const PROTOCOL_ROWS = 12; // rows of the protocol card at most
const TABLE_ROWS = 200;   // rows of the interface table at most
const REDRAW_3D_MS = 2000;
const PROCFS_NOTE = 'netmon.ko is not loaded'; // the start of the server's note without the module

export function createNodeView(store, charts, document) {
  const el = id => document.getElementById(id);
  let drawn3dAt = 0;
  let shown = true;

  function lines() {
    const set = store.interfaces;
    const names = set.busiest(TOP, store.activeSince()).sort();
    for (const dir of ['rx', 'tx']) {
      charts.lines(dir, names.map(name => ({ name, colour: store.colour(name), points: set.points(name, dir) })));
    }
  }

  function graph3d() {
    const by = store.view.by;
    const set = by === 'interface' ? store.interfaces : store.protocols;
    const since = store.activeSince();
    const names = set.busiest(TOP, since);
    // Rows without traffic in the last minute (udplite, mostly) only when nothing has any.
    const busy = names.filter(name => set.activity(name, since) > 0);
    const rows = (busy.length ? busy : names).reverse();
    charts.bars3d(layout3d(set, rows, store.view.dir, store.lastSample, store.intervalMs), by,
      by === 'interface' ? F.bytesRate : F.packetsRate);
    drawn3dAt = Date.now();
  }

  /**
   * The protocol card: live rates of the busiest protocols; before the first of them, /network's
   * counters since the start; "no data" when the server has neither.
   */
  function protocols() {
    const live = store.protocols.size > 0;
    const counted = store.counterRows();
    const empty = !live && counted.length === 0;
    const kmod = store.source === 'kmod';
    el('proto-empty').hidden = !empty;
    charts.showProtocols(!empty);
    document.querySelector('[data-by="protocol"]').disabled = !live;
    const bytesButton = document.querySelector('[data-unit="bytes"]');
    bytesButton.disabled = !kmod;
    bytesButton.title = kmod ? 'bytes/s per protocol (L3: IP header and payload)' : 'bytes per protocol need netmon.ko';
    const unit = store.protocolUnit();
    document.querySelectorAll('[data-unit]').forEach(b => b.classList.toggle('on', b.dataset.unit === unit));
    const note = el('proto-note');
    if (empty) {
      note.textContent = '';
      return;
    }
    const bytes = unit === 'bytes';
    const scope = kmod ? 'namespace-wide, netmon.ko' : 'host-wide, /proc/net/snmp';
    if (live) {
      const set = store.protocols;
      const since = store.activeSince();
      const [rx, tx] = bytes ? ['rxb', 'txb'] : ['rx', 'tx'];
      const names = set.busiest(PROTOCOL_ROWS, since, rx, tx);
      // Rows without traffic in the last minute (udplite, mostly) only when nothing has any.
      const busy = names.filter(name => set.activity(name, since, rx, tx) > 0);
      const list = (busy.length ? busy : names).map(name => ({ name, rx: set.recent(name, rx), tx: set.recent(name, tx) }));
      note.textContent = (bytes ? 'bytes/s' : 'packets/s') + ' · ' + scope;
      charts.protocols(list, unit, bytes ? F.bytesRate : F.packetsRate);
    } else {
      const [rx, tx] = bytes ? ['bytesReceived', 'bytesSent'] : ['packetsReceived', 'packetsSent'];
      const list = counted.map(r => ({ name: r.key, rx: r[rx], tx: r[tx] }))
        .sort((a, b) => b.rx + b.tx - (a.rx + a.tx)).slice(0, PROTOCOL_ROWS);
      note.textContent = (bytes ? 'bytes' : 'packets') + ' since the start · ' + scope;
      charts.protocols(list, unit + '_total', bytes ? F.bytes : F.count);
    }
  }

  function table() {
    // The stream says which interfaces exist now; /network only until it has.
    const set = store.interfaces;
    const names = set.size ? set.names() : [...store.totals.keys()];
    const list = names.map(name => {
      const total = store.totals.get(name);
      return { name, rx: set.latest(name, 'rx'), tx: set.latest(name, 'tx'),
        rxTotal: total ? total.bytesReceived : null, txTotal: total ? total.bytesSent : null };
    }).sort((a, b) => (b.rx || 0) + (b.tx || 0) - ((a.rx || 0) + (a.tx || 0)) || (a.name < b.name ? -1 : 1));
    el('ifaces').tBodies[0].replaceChildren(...list.slice(0, TABLE_ROWS).map(r => {
      const tr = document.createElement('tr');
      const name = document.createElement('td');
      const dot = document.createElement('span');
      dot.className = 'dot';
      dot.style.background = store.colour(r.name);
      name.append(dot, r.name);
      tr.append(name, ...[F.bytesRate(r.rx), F.bytesRate(r.tx), F.bytes(r.rxTotal), F.bytes(r.txTotal)].map(text => {
        const td = document.createElement('td');
        td.textContent = text;
        return td;
      }));
      return tr;
    }));
    el('iface-count').textContent = list.length + (list.length === 1 ? ' interface' : ' interfaces')
      + (list.length > TABLE_ROWS ? `, busiest ${TABLE_ROWS} shown` : '');
  }

  function badges() {
    const source = el('source');
    const kmod = store.source === 'kmod';
    source.textContent = 'source: ' + (store.source || '…');
    source.className = 'badge ' + (kmod ? 'ok' : store.source ? 'warn' : '');
    source.title = kmod ? 'netmon.ko: per-protocol packets and bytes per interface'
      : '/proc/net/dev and /proc/net/snmp: no module loaded';
    const module = el('module');
    const m = store.module;
    if (kmod) {
      module.textContent = m ? 'netmon.ko ' + m.version : 'netmon.ko loaded';
      module.title = 'netmon.ko is loaded' + (m ? ` (/proc/net/netmon format ${m.formatVersion})` : '');
      module.className = 'badge ok';
    } else if (store.source) {
      module.textContent = 'netmon.ko not loaded';
      module.title = 'no per-interface protocol figures and no protocol bytes without it';
      module.className = 'badge muted';
    }
    el('clock').textContent = store.lastSample ? F.clock(store.lastSample) : '';
    const stream = el('stream');
    stream.textContent = { live: '● live', reconnecting: 'reconnecting…', retrying: 'stream lost, retrying…' }[store.stream]
      || store.stream + '…';
    stream.className = 'badge ' + ({ live: 'ok', connecting: '' }[store.stream] ?? 'bad');
  }

  /**
   * The banners: what could not be read and the server's notes, except the procfs one (packets
   * only, host-wide, tcp as "ip"), which is the protocol card's tooltip; and, apart, answers that
   * broke the API contract.
   */
  function banners() {
    const procfs = store.notes.filter(n => n.startsWith(PROCFS_NOTE));
    el('proto-note').title = procfs.join(' ')
      || (store.source === 'kmod' ? 'netmon.ko counts every IP packet per protocol, per direction, in this network namespace' : '');
    const notes = el('notes');
    notes.textContent = [...store.problems.values(), ...store.notes.filter(n => !procfs.includes(n))].join(' ');
    notes.hidden = !notes.textContent;
    const contract = el('contract');
    const { count, first } = store.contract;
    contract.hidden = count === 0;
    contract.textContent = count === 0 ? '' : `This page does not understand the server's answers (${count} so far; `
      + `the console has each): ${first}. Figures from those answers are left out.`;
  }

  function redraw() {
    store.trim();
    badges();
    banners();
    if (shown) {
      lines();
      graph3d();
      table();
      protocols();
    }
  }

  document.querySelectorAll('.controls button[data-unit]').forEach(button => {
    button.addEventListener('click', () => {
      store.view.unit = button.dataset.unit;
      protocols();
    });
  });
  document.querySelectorAll('.controls button[data-by], .controls button[data-dir]').forEach(button => {
    button.addEventListener('click', () => {
      const key = button.dataset.by ? 'by' : 'dir';
      store.view[key] = button.dataset[key];
      document.querySelectorAll(`.controls button[data-${key}]`).forEach(b => b.classList.toggle('on', b === button));
      graph3d();
    });
  });

  return {
    /** Everything, now: after a history or at the start. */
    redraw,

    /** The header and banners, the table and the protocol card: after /network or a change of state. */
    drawStatus() {
      badges();
      banners();
      if (shown) {
        table();
        protocols();
      }
    },

    /**
     * After a stream event (its points, totals and notes): at most once per animation frame, the 3D
     * graph at most every 2 s.
     */
    schedule: oncePerFrame(() => {
      store.trim();
      badges();
      banners();
      if (!shown) {
        return;
      }
      lines();
      table();
      protocols();
      if (Date.now() - drawn3dAt > REDRAW_3D_MS) {
        graph3d();
      }
    }),

    /** Shows or hides the view's cards; shown, its charts take their size and everything is drawn. */
    show(visible) {
      shown = visible;
      if (visible) {
        charts.resize();
        redraw();
      }
    },
  };
}
