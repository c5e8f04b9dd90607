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
  const SPANS = [10, 30, 60, 120, 300]; // seconds the 3D graph shows: the smallest that holds the data
                                  // (under 10 s of data, just that: a node or a source that just started)
  const BARS = 30;                // bars per row of the 3D graph at most: one per sample or per 10 s
  const BOX = { width: 230, depth: 80, rowDepth: 16 }; // the 3D box; deeper when it has many rows
  const GONE_AFTER = 3;           // samples an interface may miss before it leaves the charts
  const POLL_MS = 5000;           // /network: totals, protocols, source, module
  const MANY = 64;                // more interfaces than this: history of the busiest only

  // ---- state -------------------------------------------------------------------------------

  /** name -> {t: [ms], rx: [B/s], tx: [B/s], seen: ms}: columns in time order, null where no rate */
  const interfaces = new Map();
  /**
   * "ipv4/tcp" -> {t, rx, tx: [packets/s], rxb, txb: [B/s], seen}: namespace-wide with netmon.ko,
   * host-wide from /proc/net/snmp (bytes null there, and TCP is "ip/tcp": one MIB for both families)
   */
  const protocols = new Map();
  const state = {
    source: null,
    sourceAt: 0,         // time of the sample that said which source is in use
    module: null,        // /network's "module": {version, format_version}, null without it
    lastSample: 0,
    intervalMs: 1000,
    pointsReceived: 0,   // live samples from the stream drawn in the 2D charts
    samples: 0,          // every sample ingested, history included
    streamState: 'connecting',
    totals: new Map(),   // name -> interface object of the latest /network
    protocolRows: null,  // latest /network "protocols", null when the server has none
    view3d: { by: 'interface', dir: 'rx' },
    protoUnit: 'packets', // the protocol card: 'packets' or 'bytes' (bytes only with netmon.ko)
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
  /** Columns kept per series: interfaces in bytes/s, protocols in packets/s and bytes/s. */
  const IFACE_COLS = { rx: RX_BYTES, tx: TX_BYTES };
  const PROTO_COLS = { rx: RX_PACKETS, tx: TX_PACKETS, rxb: RX_BYTES, txb: TX_BYTES };

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

  /**
   * Adds one point in time order, `value(column)` giving each column's value; false when the
   * series has it already (history and stream overlap).
   */
  function push(map, key, t, cols, value) {
    let s = map.get(key);
    if (!s) {
      s = { t: [], seen: t };
      for (const c in cols) {
        s[c] = [];
      }
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
    for (const c in cols) {
      const v = value(cols[c]);
      s[c].splice(i, 0, v === undefined ? null : v);
    }
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

  /** The newest value that is not a gap, among the last few points (a segment starts with one). */
  function recent(s, dir) {
    for (let i = s ? s.t.length - 1 : -1; i >= 0 && i >= s.t.length - 3; i--) {
      if (s[dir][i] !== null) {
        return s[dir][i];
      }
    }
    return null;
  }

  /** One sample of the stream: {timestamp, source, interfaces: [{interface, ...rates}], protocols?}. */
  function ingestSample(sample, live) {
    const t = millis(pick(sample, ['timestamp', 'time', 't']));
    if (!Number.isFinite(t)) {
      return;
    }
    noteSource(sample.source, sample.module, t);
    let added = false;
    for (const row of rows(sample.interfaces, 'interface')) {
      added = push(interfaces, row.interface, t, IFACE_COLS, keys => pick(row, keys)) || added;
    }
    for (const row of rows(sample.protocols, 'protocol')) {
      if (row.interface && row.interface !== 'all') {
        continue;
      }
      push(protocols, protocolKey(row), t, PROTO_COLS, keys => pick(row, keys));
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
    noteSource(h.source, h.module, ts.length ? ts[ts.length - 1] : 0);
    if (h.resolution_ms) {
      state.intervalMs = h.resolution_ms;
    }
    const ifRows = rows(h.interfaces, 'interface');
    const protoRows = rows(h.protocols, 'protocol').filter(r => !r.interface || r.interface === 'all');
    for (let i = 0; i < ts.length; i++) {
      const at = a => (Array.isArray(a) ? a[i] : undefined);
      for (const row of ifRows) {
        push(interfaces, row.interface, ts[i], IFACE_COLS, keys => at(pick(row, keys)));
      }
      for (const row of protoRows) {
        push(protocols, protocolKey(row), ts[i], PROTO_COLS, keys => at(pick(row, keys)));
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
          for (const c in s) {
            if (Array.isArray(s[c])) {
              s[c].splice(0, n);
            }
          }
        }
      }
    }
  }

  /**
   * The source in use as of the sample taken at `t`. Stream events, histories and /network all
   * say it, only /network with the module's version; an answer older than the last one heard (a
   * /network in flight while the stream announced a change) does not change the source.
   */
  function noteSource(source, module, t) {
    if (!source) {
      return;
    }
    if (Number.isFinite(t) && t < state.sourceAt) {
      // Older than the stream's latest event (a /network that was answered meanwhile): its module
      // is still good when it agrees on the source.
      if (source === state.source && module !== undefined) {
        state.module = module;
      }
      return;
    }
    state.sourceAt = Number.isFinite(t) ? t : state.sourceAt;
    if (source !== state.source) {
      const before = state.source;
      state.source = source;
      state.module = null;
      if (before) {
        // procfs <-> kmod: protocol figures change meaning (bytes appear or vanish, TCP is one
        // "ip" row without the module); start afresh, and ask /network for the module's version
        // at once (stream events do not carry it).
        protocols.clear();
        state.protocolRows = null;
        if (module === undefined) {
          setTimeout(poll, 0);
        }
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
      noteSource(network.source, network.module === undefined ? null : network.module, millis(network.timestamp));
      state.totals = new Map(rows(network.interfaces, 'interface').map(r => [r.interface, r]));
      if (network.source === state.source) {
        state.protocolRows = Array.isArray(network.protocols) ? network.protocols : null;
      }
      // The procfs note (packets only, host-wide, tcp as "ip") is the protocol card's tooltip: the
      // header and the card's subtitle say the gist already.
      const notes = network.notes || [];
      const procfs = notes.filter(n => n.startsWith('netmon.ko is not loaded'));
      el('proto-note').title = procfs.join(' ') ||
        (network.source === 'kmod' ? 'netmon.ko counts every IP packet per protocol, per direction, in this network namespace' : '');
      note(notes.filter(n => !procfs.includes(n)).join(' '));
    } catch (e) {
      note('/network: ' + e.message);
    }
    drawBadges();
    drawProtocols();
    drawTable();
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
      xAxis: Object.assign({ type: 'time', splitNumber: 5 }, AXIS, { axisLabel: { color: '#8b97b8', hideOverlap: true } }),
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
      grid: { left: 96, right: 128, top: 28, bottom: 24 },
      legend: { top: 0, textStyle: { color: '#dfe6f5' } },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: Object.assign({ type: 'value', axisLabel: { color: '#8b97b8', formatter: F.axis } }, AXIS,
        { axisLabel: { color: '#8b97b8', formatter: F.axis } }),
      yAxis: Object.assign({ type: 'category', inverse: true, data: [] }, AXIS,
        { axisLabel: { color: '#dfe6f5', fontFamily: 'monospace' } }),
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
      xAxis3D: { type: 'value', name: 'seconds ago', min: -SPANS[0], max: 0, nameGap: 24, minInterval: 1,
        nameTextStyle: { color: '#8b97b8' },
        // The axis ends half a bar after now: no label there, whole seconds elsewhere.
        axisLabel: { textStyle: { color: '#8b97b8' }, formatter: v => (v > 0 ? '' : String(Math.round(v * 10) / 10)) } },
      yAxis3D: { type: 'category', name: '', data: [], axisLabel: { interval: 0, textStyle: { color: '#dfe6f5' } } },
      zAxis3D: { type: 'value', name: '', min: 0,
        axisLabel: { textStyle: { color: '#8b97b8' }, formatter: v => format3d(v) } },
      grid3D: {
        boxWidth: BOX.width, boxDepth: BOX.depth, boxHeight: 75, top: -20,
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

  /** A series' traffic over the last minute, by the columns rx and tx (or rxb and txb). */
  function activity(s, rx = 'rx', tx = 'tx') {
    const since = state.lastSample - 60000;
    let sum = 0;
    for (let i = s.t.length - 1; i >= 0 && s.t[i] >= since; i--) {
      sum += (s[rx][i] || 0) + (s[tx][i] || 0);
    }
    return sum;
  }

  /** The busiest names of a map over the last minute, busiest first. */
  function busiest(map, n, rx = 'rx', tx = 'tx') {
    return [...map.entries()]
      .map(([name, s]) => [name, activity(s, rx, tx)])
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
    let names = busiest(map, TOP);
    // Rows without traffic in the last minute (udplite, mostly) only when nothing has any.
    const busy = names.filter(name => activity(map.get(name)) > 0);
    names = (busy.length ? busy : names).reverse();
    const now = state.lastSample;
    const oldest = Math.min(now, ...names.map(name => map.get(name).t[0]));
    const held = (now - oldest) / 1000;
    const span = held < SPANS[0]
      ? Math.max(Math.ceil(held) + 1, Math.ceil(3 * state.intervalMs / 1000))
      : SPANS.find(seconds => seconds >= held) || SPANS[SPANS.length - 1];
    // No bar narrower than a sample: after a restart or a source change (protocols start afresh)
    // the graph spans the few seconds there are, with one bar per sample.
    const bucketMs = Math.max(span * 1000 / BARS, state.intervalMs);
    const depth = Math.max(BOX.depth, names.length * BOX.rowDepth);
    const grid3D = { boxDepth: depth };
    if (depth !== draw3d.depth) {
      // A deeper box (more rows) is seen from further away, so its front rows stay in the picture.
      // Only when the depth changes: the camera is the user's to move.
      draw3d.depth = depth;
      grid3D.viewControl = { distance: 215 + (depth - BOX.depth) * 1.1 };
    }
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
      grid3D,
      series: [{ name: state.view3d.by, data,
        barSize: [BOX.width * bucketMs / (span * 1000) * 0.55, Math.min(5, depth / Math.max(names.length, 1) * 0.3)] }],
    });
  }

  /** The protocol card's unit: bytes when asked for and the source has them (netmon.ko), else packets. */
  function protoUnit() {
    return state.protoUnit === 'bytes' && state.source === 'kmod' ? 'bytes' : 'packets';
  }

  /**
   * The protocol card: one bar per family/protocol, received and sent stacked, the figures at its
   * end. Live rates from the stream; before the first of them, /network's counters since boot.
   */
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
    const bytesButton = document.querySelector('[data-unit="bytes"]');
    bytesButton.disabled = state.source !== 'kmod';
    bytesButton.title = bytesButton.disabled ? 'bytes per protocol need netmon.ko' : 'bytes/s per protocol (L3: IP header and payload)';
    const unit = protoUnit();
    document.querySelectorAll('[data-unit]').forEach(b => b.classList.toggle('on', b.dataset.unit === unit));
    const scope = state.source === 'kmod' ? 'namespace-wide, netmon.ko' : 'host-wide, /proc/net/snmp';
    if (empty) {
      el('proto-note').textContent = '';
      return;
    }
    const bytes = unit === 'bytes';
    let list;
    let format;
    let id;
    if (live) {
      const [rx, tx] = bytes ? ['rxb', 'txb'] : ['rx', 'tx'];
      list = busiest(protocols, 12, rx, tx).map(name => {
        const s = protocols.get(name);
        return { name, rx: recent(s, rx), tx: recent(s, tx) };
      });
      // Rows without traffic in the last minute (udplite, mostly) only when nothing has any.
      const busy = list.filter(r => activity(protocols.get(r.name), rx, tx) > 0);
      list = busy.length ? busy : list;
      format = bytes ? F.bytesRate : F.packetsRate;
      id = unit;
      el('proto-note').textContent = (bytes ? 'bytes/s' : 'packets/s') + ' · ' + scope;
    } else {
      const [rx, tx] = bytes ? ['bytes_received', 'bytes_sent'] : ['packets_received', 'packets_sent'];
      list = rowsNow.filter(r => !r.interface || r.interface === 'all')
        .map(r => ({ name: protocolKey(r), rx: r[rx] || 0, tx: r[tx] || 0 }))
        .sort((a, b) => b.rx + b.tx - (a.rx + a.tx)).slice(0, 12);
      format = bytes ? F.bytes : F.count;
      id = unit + '_total';
      el('proto-note').textContent = (bytes ? 'bytes' : 'packets') + ' since the start · ' + scope;
    }
    const short = v => (v === null || v === undefined ? '–' : F.axis(v));
    charts.proto.setOption({
      tooltip: { valueFormatter: format },
      yAxis: { data: list.map(r => r.name) },
      series: [
        { id: id + '_received', name: 'received', type: 'bar', stack: 'p', barMaxWidth: 18,
          data: list.map(r => r.rx), itemStyle: { color: '#38d39f' } },
        { id: id + '_sent', name: 'sent', type: 'bar', stack: 'p', barMaxWidth: 18,
          data: list.map(r => r.tx), itemStyle: { color: '#5b9cff' },
          label: {
            show: true, position: 'right', distance: 6, fontFamily: 'monospace',
            formatter: p => `{rx|${short(list[p.dataIndex].rx)}} {tx|${short(list[p.dataIndex].tx)}}`,
            rich: { rx: { color: '#38d39f', fontSize: 12 }, tx: { color: '#5b9cff', fontSize: 12 } },
          } },
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
      module.textContent = m && m.version ? 'netmon.ko ' + m.version : 'netmon.ko loaded';
      module.title = 'netmon.ko is loaded' + (m && m.format_version ? ' (/proc/net/netmon format ' + m.format_version + ')' : '');
      module.className = 'badge ok';
    } else if (state.source) {
      module.textContent = 'netmon.ko not loaded';
      module.title = 'no per-interface protocol figures and no protocol bytes without it';
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
    drawProtocols();
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
      drawProtocols();
      if (Date.now() - last3d > 2000) {
        last3d = Date.now();
        draw3d();
      }
    });
  }

  function initControls() {
    document.querySelectorAll('.controls button[data-unit]').forEach(button => {
      button.addEventListener('click', () => {
        state.protoUnit = button.dataset.unit;
        drawProtocols();
      });
    });
    document.querySelectorAll('.controls button[data-by], .controls button[data-dir]').forEach(button => {
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
