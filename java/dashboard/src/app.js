// SPDX-License-Identifier: GPL-2.0
// Netmon dashboard. Reads, all relative to the page so it also works behind a path prefix:
//   network/history  once at start and after every stream gap: fills the charts
//   network/stream   Server-Sent Events, one sample per interval: the live points
//   network          every few seconds: totals, protocols, source and module
// Keeps the last WINDOW_MS of rates per interface and per protocol and redraws from that.
'use strict';

(function () {
  const F = window.NetmonFormat;
  const WINDOW_MS = 5 * 60 * 1000;
  const TOP = 8;                  // interfaces drawn in the charts (the busiest)
  const SPANS = [30, 60, 120, 300]; // seconds the 3D graph shows: the smallest that holds the data
  const BARS = 30;                // bars per row of the 3D graph: 1 s to 10 s each
  const GONE_AFTER = 3;           // samples an interface may miss before it leaves the charts
  const POLL_MS = 5000;           // /network: totals, protocols, source, module
  const MANY = 64;                // more interfaces than this: history of the busiest only

  // ---- state -------------------------------------------------------------------------------

  /** name -> {t: [ms], rx: [B/s], tx: [B/s], seen: ms}: columns in time order, null where no rate */
  const interfaces = new Map();
  /** "ipv4/tcp" -> the same in packets/s */
  const protocols = new Map();
  const state = {
    source: null,
    module: null,
    lastSample: 0,
    intervalMs: 1000,
    pointsReceived: 0,   // live samples from the stream drawn in the 2D charts
    samples: 0,          // every sample ingested, history included
    streamState: 'connecting',
    totals: new Map(),   // name -> interface object of the latest /network
    protocolRows: null,  // latest /network "protocols", null when the server has none
    view3d: { by: 'interface', dir: 'rx' },
  };

  // ---- reading the API's shapes --------------------------------------------------------------

  /** The first of `keys` present in `obj` (the API names rates by direction and unit). */
  function pick(obj, keys) {
    for (const k of keys) {
      if (obj && obj[k] !== undefined) {
        return obj[k];
      }
    }
    return undefined;
  }
  const RX_BYTES = ['bytes_received_per_second', 'receive_bytes_per_second'];
  const TX_BYTES = ['bytes_sent_per_second', 'transmit_bytes_per_second'];
  const RX_PACKETS = ['packets_received_per_second', 'receive_packets_per_second'];
  const TX_PACKETS = ['packets_sent_per_second', 'transmit_packets_per_second'];

  function millis(t) {
    return typeof t === 'number' ? t : Date.parse(t);
  }

  function protocolKey(row) {
    return (row.family ? row.family + '/' : '') + (row.protocol !== undefined ? row.protocol : row.number);
  }

  /** Rows of a sample or of a history: an array of objects, or an object keyed by name. */
  function rows(value, nameField) {
    if (!value) {
      return [];
    }
    if (Array.isArray(value)) {
      return value;
    }
    return Object.entries(value).map(([name, row]) => Object.assign({ [nameField]: name }, row));
  }

  /** Adds one point in time order; false when the series has it already (history and stream overlap). */
  function push(map, key, t, rx, tx) {
    let s = map.get(key);
    if (!s) {
      s = { t: [], rx: [], tx: [], seen: t };
      map.set(key, s);
    }
    let i = s.t.length;
    if (i && t <= s.t[i - 1]) {
      let lo = 0;
      while (lo < i) {  // binary search: the first point at or after t
        const mid = (lo + i) >> 1;
        if (s.t[mid] < t) {
          lo = mid + 1;
        } else {
          i = mid;
        }
      }
      if (s.t[i] === t) {
        return false;
      }
    }
    // null is a gap (a counter reset, a new segment): ECharts breaks the line there.
    s.t.splice(i, 0, t);
    s.rx.splice(i, 0, rx === undefined ? null : rx);
    s.tx.splice(i, 0, tx === undefined ? null : tx);
    s.seen = Math.max(s.seen, t);
    return true;
  }

  /** [[t, value]] of one direction, as ECharts wants it. */
  function points(s, dir) {
    const values = s[dir];
    return s.t.map((t, i) => [t, values[i]]);
  }

  function latest(s, dir) {
    return s && s.t.length ? s[dir][s.t.length - 1] : null;
  }

  /** One sample of the stream: {timestamp, source, interfaces: [{interface, ...rates}], protocols?}. */
  function ingestSample(sample, live) {
    const t = millis(pick(sample, ['timestamp', 'time', 't']));
    if (!Number.isFinite(t)) {
      return;
    }
    noteSource(sample.source, sample.module);
    let added = false;
    for (const row of rows(sample.interfaces, 'interface')) {
      added = push(interfaces, row.interface, t, pick(row, RX_BYTES), pick(row, TX_BYTES)) || added;
    }
    for (const row of rows(sample.protocols, 'protocol')) {
      if (row.interface && row.interface !== 'all') {
        continue;
      }
      push(protocols, protocolKey(row), t, pick(row, RX_PACKETS), pick(row, TX_PACKETS));
    }
    if (added) {
      if (live && state.lastSample && t > state.lastSample) {
        state.intervalMs = Math.min(t - state.lastSample, 60000);
      }
      state.samples++;
      state.lastSample = Math.max(state.lastSample, t);
      if (live) {
        state.pointsReceived++;
      }
    }
  }

  /** A history: {timestamps: [ms], interfaces: [{interface, rate: [..]}], protocols?: [...]}. */
  function ingestHistory(h) {
    const ts = (h.timestamps || []).map(millis);
    noteSource(h.source, h.module);
    if (h.resolution_ms) {
      state.intervalMs = h.resolution_ms;
    }
    const ifRows = rows(h.interfaces, 'interface');
    const protoRows = rows(h.protocols, 'protocol').filter(r => !r.interface || r.interface === 'all');
    for (let i = 0; i < ts.length; i++) {
      const at = a => (Array.isArray(a) ? a[i] : undefined);
      for (const row of ifRows) {
        push(interfaces, row.interface, ts[i], at(pick(row, RX_BYTES)), at(pick(row, TX_BYTES)));
      }
      for (const row of protoRows) {
        push(protocols, protocolKey(row), ts[i], at(pick(row, RX_PACKETS)), at(pick(row, TX_PACKETS)));
      }
      state.samples++;
    }
    if (ts.length) {
      state.lastSample = Math.max(state.lastSample, ts[ts.length - 1]);
    }
  }

  /** Drops points older than the window and series that left the node. */
  function trim() {
    const oldest = state.lastSample - WINDOW_MS;
    const goneBefore = state.lastSample - GONE_AFTER * state.intervalMs - 1;
    for (const map of [interfaces, protocols]) {
      for (const [key, s] of map) {
        if (s.seen < goneBefore) {
          map.delete(key);
          continue;
        }
        let n = 0;
        while (n < s.t.length && s.t[n] < oldest) {
          n++;
        }
        if (n) {
          s.t.splice(0, n);
          s.rx.splice(0, n);
          s.tx.splice(0, n);
        }
      }
    }
  }

  function noteSource(source, module) {
    if (source && source !== state.source) {
      const before = state.source;
      state.source = source;
      state.module = null;
      if (before) {
        // procfs <-> kmod: protocol figures change meaning (bytes appear or vanish); start afresh.
        protocols.clear();
        state.protocolRows = null;
      }
    }
    if (module !== undefined) {
      state.module = module;
    }
  }

  // ---- talking to the server -----------------------------------------------------------------

  async function getJson(url) {
    const response = await fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store' });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      const error = new Error(body.error || response.status + ' ' + response.statusText);
      error.status = response.status;
      throw error;
    }
    return body;
  }

  /**
   * The last WINDOW_MS of every interface, or on a node with many (thousands of veths) of the
   * busiest since boot only: the stream brings the others' rates from now on.
   */
  async function loadHistory() {
    const all = 'network/history?seconds=' + WINDOW_MS / 1000;
    let url = all;
    if (state.totals.size > MANY) {
      const bytes = r => (r.bytes_received || 0) + (r.bytes_sent || 0);
      const top = [...state.totals.values()].sort((a, b) => bytes(b) - bytes(a)).slice(0, MANY / 2);
      url += '&' + top.map(r => 'interface=' + encodeURIComponent(r.interface)).join('&');
    }
    try {
      ingestHistory(await getJson(url));
    } catch (e) {
      if (url !== all && e.status === 404) {
        // One of them went away meanwhile: a shorter history of everyone instead.
        await getJson('network/history?seconds=60').then(ingestHistory, () => {});
      } else {
        note('history unavailable: ' + e.message);
      }
    }
    trim();
    redraw();
  }

  async function poll() {
    try {
      const network = await getJson('network');
      noteSource(network.source, network.module);
      if (state.source === 'kmod' && !state.module) {
        state.module = await moduleInfo();
      }
      state.totals = new Map(rows(network.interfaces, 'interface').map(r => [r.interface, r]));
      state.protocolRows = Array.isArray(network.protocols) ? network.protocols : null;
      note((network.notes || []).join(' '));
    } catch (e) {
      note('/network: ' + e.message);
    }
    drawBadges();
    drawProtocols();
    drawTable();
  }

  /** The module's versions from /metrics' netmon_source_info, for servers whose /network lacks them. */
  async function moduleInfo() {
    try {
      const response = await fetch('metrics', { cache: 'no-store' });
      const line = (await response.text()).split('\n').find(l => l.startsWith('netmon_source_info{'));
      const labels = {};
      for (const [, key, value] of (line || '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
        labels[key] = value;
      }
      return { module_version: labels.module_version, format_version: labels.format_version };
    } catch (e) {
      return { module_version: null };
    }
  }

  let stream = null;
  let retryMs = 1000;
  let gap = false;

  function openStream() {
    stream = new EventSource('network/stream');
    const onSample = event => {
      retryMs = 1000;
      try {
        ingestSample(JSON.parse(event.data), true);
      } catch (e) {
        console.warn('netmon: bad stream event', e);
        return;
      }
      schedule();
    };
    stream.addEventListener('message', onSample);
    stream.addEventListener('sample', onSample);
    stream.onopen = () => {
      setStream('live');
      if (gap) {
        gap = false;
        loadHistory();  // fill what the gap missed
      }
    };
    stream.onerror = () => {
      gap = true;
      if (stream.readyState === EventSource.CLOSED) {
        // The server answered with an error (e.g. 503: too many streams): EventSource gives up, we don't.
        setStream('retrying');
        stream.close();
        setTimeout(openStream, retryMs);
        retryMs = Math.min(retryMs * 2, 30000);
      } else {
        setStream('reconnecting');  // EventSource retries by itself
      }
    };
  }

  // ---- drawing ---------------------------------------------------------------------------

  const el = id => document.getElementById(id);
  const AXIS = { axisLine: { lineStyle: { color: '#3a4670' } }, axisLabel: { color: '#8b97b8' },
    splitLine: { lineStyle: { color: '#222c4a' } } };

  function lineChart(id) {
    const chart = echarts.init(el(id), null, { renderer: 'canvas' });
    chart.setOption({
      animation: false,
      grid: { left: 64, right: 12, top: 16, bottom: 52 },
      tooltip: { trigger: 'axis', valueFormatter: F.bytesRate },
      legend: { type: 'scroll', bottom: 0, textStyle: { color: '#dfe6f5' }, pageTextStyle: { color: '#8b97b8' } },
      xAxis: Object.assign({ type: 'time', splitNumber: 5 }, AXIS),
      yAxis: Object.assign({ type: 'value', min: 0, axisLabel: { color: '#8b97b8', formatter: F.axis } }, AXIS,
        { axisLabel: { color: '#8b97b8', formatter: v => F.axis(v) + 'B/s' } }),
      series: [],
    });
    return chart;
  }

  const charts = {};

  function initCharts() {
    charts.rx = lineChart('chart-rx');
    charts.tx = lineChart('chart-tx');
    charts.proto = echarts.init(el('chart-proto'));
    charts.proto.setOption({
      animation: false,
      grid: { left: 90, right: 16, top: 24, bottom: 24 },
      legend: { top: 0, textStyle: { color: '#dfe6f5' } },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: Object.assign({ type: 'value', axisLabel: { color: '#8b97b8', formatter: F.axis } }, AXIS,
        { axisLabel: { color: '#8b97b8', formatter: F.axis } }),
      yAxis: Object.assign({ type: 'category', inverse: true, data: [] }, AXIS),
      series: [],
    });
    charts.g3d = echarts.init(el('chart3d'));
    charts.g3d.setOption({
      tooltip: {
        formatter: p => `${p.seriesName}<br>${F.clock(p.value[3])}: ${format3d(p.value[2])}`,
      },
      visualMap: {
        show: true, dimension: 2, min: 0, max: 1, calculable: false, right: 10, bottom: 10,
        itemHeight: 120, textStyle: { color: '#8b97b8' }, formatter: v => F.axis(v),
        inRange: { color: ['#1d3b6e', '#2f7de1', '#38d39f', '#ffcc4d', '#ff7a9a'] },
      },
      xAxis3D: { type: 'value', name: 'seconds ago', min: -SPANS[0], max: 0,
        nameTextStyle: { color: '#8b97b8' }, axisLabel: { textStyle: { color: '#8b97b8' } } },
      yAxis3D: { type: 'category', name: '', data: [], axisLabel: { interval: 0, textStyle: { color: '#dfe6f5' } } },
      zAxis3D: { type: 'value', name: '', min: 0,
        axisLabel: { textStyle: { color: '#8b97b8' }, formatter: v => format3d(v) } },
      grid3D: {
        boxWidth: 230, boxDepth: 80, boxHeight: 75, top: -20,
        axisLine: { lineStyle: { color: '#4a5886' } },
        axisPointer: { lineStyle: { color: '#ffcc4d' } },
        splitLine: { lineStyle: { color: '#263154' } },
        viewControl: { alpha: 18, beta: 26, distance: 215, rotateSensitivity: 1.2 },
        light: { main: { intensity: 1.15, shadow: false, alpha: 40, beta: 30 }, ambient: { intensity: 0.35 } },
      },
      series: [{ type: 'bar3D', name: '', data: [], shading: 'lambert', bevelSize: 0.2,
        barSize: [4.2, 5], itemStyle: { opacity: 0.95 }, emphasis: { label: { show: false } } }],
    });
    window.addEventListener('resize', () => Object.values(charts).forEach(c => c.resize()));
  }

  // One colour per interface for the whole visit, in order of appearance: the first twelve all
  // differ, and an interface keeps its colour in every chart and after every reorder.
  const colours = new Map();
  function colour(name) {
    if (!colours.has(name)) {
      colours.set(name, F.PALETTE[colours.size % F.PALETTE.length]);
    }
    return colours.get(name);
  }

  function format3d(v) {
    return state.view3d.by === 'interface' ? F.bytesRate(v) : F.packetsRate(v);
  }

  /** The busiest names of a map over the last minute, busiest first. */
  function busiest(map, n) {
    const since = state.lastSample - 60000;
    const score = s => {
      let sum = 0;
      for (let i = s.t.length - 1; i >= 0 && s.t[i] >= since; i--) {
        sum += (s.rx[i] || 0) + (s.tx[i] || 0);
      }
      return sum;
    };
    return [...map.entries()]
      .map(([name, s]) => [name, score(s)])
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, n)
      .map(e => e[0]);
  }

  function drawLines() {
    const names = busiest(interfaces, TOP).sort();
    for (const dir of ['rx', 'tx']) {
      charts[dir].setOption({
        series: names.map(name => ({
          id: name, name, type: 'line', showSymbol: false, smooth: false, sampling: 'lttb',
          lineStyle: { width: 1.6 }, itemStyle: { color: colour(name) }, areaStyle: { opacity: 0.08 },
          data: points(interfaces.get(name), dir),
        })),
      }, { replaceMerge: ['series'] });
    }
  }

  function draw3d() {
    const map = state.view3d.by === 'interface' ? interfaces : protocols;
    const dir = state.view3d.dir;
    const names = busiest(map, TOP).reverse();
    const now = state.lastSample;
    const oldest = Math.min(now, ...names.map(name => map.get(name).t[0]));
    const span = SPANS.find(seconds => seconds * 1000 >= now - oldest) || SPANS[SPANS.length - 1];
    const bucketMs = span * 1000 / BARS;
    const data = [];
    let max = 0;
    names.forEach((name, y) => {
      const buckets = new Map();
      const s = map.get(name);
      for (let i = 0; i < s.t.length; i++) {
        const t = s.t[i];
        const v = s[dir][i];
        if (v === null || t < now - span * 1000) {
          continue;
        }
        const b = Math.floor(t / bucketMs);  // absolute buckets: bars slide, they do not flicker
        const cur = buckets.get(b) || { sum: 0, n: 0, t };
        cur.sum += v;
        cur.n++;
        cur.t = t;
        buckets.set(b, cur);
      }
      for (const [b, { sum, n, t }] of buckets) {
        const avg = sum / n;
        max = Math.max(max, avg);
        data.push({ name, value: [((b + 0.5) * bucketMs - now) / 1000, y, avg, t] });
      }
    });
    charts.g3d.setOption({
      visualMap: { max: max || 1 },
      xAxis3D: { min: -span, max: bucketMs / 1000 },
      yAxis3D: { data: names },
      series: [{ name: state.view3d.by, data }],
    });
  }

  function drawProtocols() {
    const rowsNow = state.protocolRows;
    const live = protocols.size > 0;
    const empty = !live && (!rowsNow || rowsNow.length === 0);
    el('proto-empty').hidden = !empty;
    if (el('chart-proto').hidden !== empty) {
      el('chart-proto').hidden = empty;
      charts.proto.resize();
    }
    document.querySelector('[data-by="protocol"]').disabled = !live;
    if (empty) {
      el('proto-note').textContent = '';
      return;
    }
    let names;
    let rx;
    let tx;
    if (live) {
      names = busiest(protocols, 12);
      rx = names.map(n => latest(protocols.get(n), 'rx'));
      tx = names.map(n => latest(protocols.get(n), 'tx'));
      el('proto-note').textContent = 'packets/s, host-wide';
    } else {
      const top = rowsNow.filter(r => !r.interface || r.interface === 'all')
        .map(r => ({ name: protocolKey(r), rx: r.packets_received || 0, tx: r.packets_sent || 0 }))
        .sort((a, b) => b.rx + b.tx - (a.rx + a.tx)).slice(0, 12);
      names = top.map(r => r.name);
      rx = top.map(r => r.rx);
      tx = top.map(r => r.tx);
      el('proto-note').textContent = 'packets since boot, host-wide' +
        (state.source === 'procfs' ? ' (bytes need netmon.ko)' : '');
    }
    charts.proto.setOption({
      tooltip: { valueFormatter: live ? F.packetsRate : F.count },
      yAxis: { data: names },
      series: [
        { id: 'rx', name: 'received', type: 'bar', stack: 'p', data: rx, itemStyle: { color: '#38d39f' } },
        { id: 'tx', name: 'sent', type: 'bar', stack: 'p', data: tx, itemStyle: { color: '#5b9cff' } },
      ],
    }, { replaceMerge: ['series'] });
  }

  function drawTable() {
    // The stream says which interfaces exist now; /network (every 5 s) only until it has.
    const names = interfaces.size ? [...interfaces.keys()] : [...state.totals.keys()];
    const list = names.map(name => {
      const s = interfaces.get(name);
      const total = state.totals.get(name) || {};
      return { name, rx: latest(s, 'rx'), tx: latest(s, 'tx'), rxTotal: total.bytes_received, txTotal: total.bytes_sent };
    }).sort((a, b) => (b.rx || 0) + (b.tx || 0) - ((a.rx || 0) + (a.tx || 0)) || (a.name < b.name ? -1 : 1));
    const body = document.querySelector('#ifaces tbody');
    body.replaceChildren(...list.slice(0, 200).map(r => {
      const tr = document.createElement('tr');
      const name = document.createElement('td');
      const dot = document.createElement('span');
      dot.className = 'dot';
      dot.style.background = colour(r.name);
      name.append(dot, r.name);
      tr.append(name, ...[F.bytesRate(r.rx), F.bytesRate(r.tx), F.bytes(r.rxTotal), F.bytes(r.txTotal)].map(text => {
        const td = document.createElement('td');
        td.textContent = text;
        return td;
      }));
      return tr;
    }));
    el('iface-count').textContent = list.length + (list.length === 1 ? ' interface' : ' interfaces') +
      (list.length > 200 ? ', busiest 200 shown' : '');
  }

  function drawBadges() {
    const source = el('source');
    source.textContent = 'source: ' + (state.source || '…');
    source.className = 'badge ' + (state.source === 'kmod' ? 'ok' : state.source ? 'warn' : '');
    source.title = state.source === 'kmod' ? 'netmon.ko: per-protocol packets and bytes per interface'
      : '/proc/net/dev and /proc/net/snmp: no module loaded';
    const module = el('module');
    const m = state.module;
    if (state.source === 'kmod') {
      const version = m && (m.module_version || m.version);
      module.textContent = 'netmon.ko loaded' + (version ? ' ' + version : '');
      module.className = 'badge ok';
    } else if (state.source) {
      module.textContent = 'netmon.ko not loaded';
      module.className = 'badge muted';
    }
    el('clock').textContent = state.lastSample ? F.clock(state.lastSample) : '';
  }

  function setStream(s) {
    state.streamState = s;
    const badge = el('stream');
    badge.textContent = { live: '● live', reconnecting: 'reconnecting…', retrying: 'stream lost, retrying…' }[s] || s;
    badge.className = 'badge ' + (s === 'live' ? 'ok' : 'bad');
  }

  function note(text) {
    const notes = el('notes');
    notes.textContent = text || '';
    notes.hidden = !text;
  }

  function redraw() {
    drawLines();
    draw3d();
    drawBadges();
    drawTable();
    if (protocols.size) {
      drawProtocols();
    }
  }

  // Stream events redraw at most once per animation frame, the 3D graph at most every 2 s.
  let pending = false;
  let last3d = 0;
  function schedule() {
    if (pending) {
      return;
    }
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      trim();
      drawLines();
      drawBadges();
      drawTable();
      if (protocols.size) {
        drawProtocols();
      }
      if (Date.now() - last3d > 2000) {
        last3d = Date.now();
        draw3d();
      }
    });
  }

  function initControls() {
    document.querySelectorAll('.controls button').forEach(button => {
      button.addEventListener('click', () => {
        const key = button.dataset.by ? 'by' : 'dir';
        state.view3d[key] = button.dataset[key];
        document.querySelectorAll(`.controls button[data-${key}]`)
          .forEach(b => b.classList.toggle('on', b === button));
        draw3d();
      });
    });
  }

  // ---- start -------------------------------------------------------------------------------

  // Read-only hooks for people and for the browser test.
  window.netmon = Object.freeze({
    get pointsReceived() { return state.pointsReceived; },
    get samples() { return state.samples; },
    get source() { return state.source; },
    get stream() { return state.streamState; },
    get interfaces() { return [...interfaces.keys()]; },
    get protocols() { return [...protocols.keys()]; },
  });

  el('host').textContent = location.host;
  el('libs').textContent = `Apache ECharts ${echarts.version} and ECharts GL`;
  initCharts();
  initControls();
  poll().then(loadHistory).then(openStream);
  setInterval(poll, POLL_MS);
})();
