// SPDX-License-Identifier: GPL-2.0
// The charts, drawn with Apache ECharts (2D) and ECharts GL (3D), the prebuilt bundles the page
// loads before this module (the global `echarts`, passed in). Each draw function takes plain
// data; which series to draw is the view's business. The only state here is ECharts' own and
// the 3D box's depth last set (the camera is moved only when it changes).

import * as F from './format.js';

const SPANS = [10, 30, 60, 120, 300]; // seconds the 3D graph shows: the smallest that holds the data
const BARS = 30;                      // bars per row of the 3D graph at most: one per sample or per 10 s
const BOX = { width: 230, depth: 80, rowDepth: 16 }; // the 3D box; deeper when it has many rows
const RX_COLOUR = '#38d39f';
const TX_COLOUR = '#5b9cff';
const AXIS = { axisLine: { lineStyle: { color: '#3a4670' } }, axisLabel: { color: '#8b97b8' },
  splitLine: { lineStyle: { color: '#222c4a' } } };
const LABEL = '#8b97b8';

/**
 * The 3D graph's bars for rows `names` (bottom row first) of a SeriesSet, column `dir`, up to `now`:
 * per row the points averaged into buckets of absolute time (so bars slide, they do not flicker).
 * It spans the smallest of SPANS that holds the data; under SPANS[0] of data (a node or a source
 * that just started) just those seconds. No bucket is shorter than a sample.
 */
export function layout3d(set, names, dir, now, intervalMs) {
  const oldest = Math.min(now, ...names.map(name => set.get(name).t[0]));
  const held = (now - oldest) / 1000;
  const span = held < SPANS[0]
    ? Math.max(Math.ceil(held) + 1, Math.ceil(3 * intervalMs / 1000))
    : SPANS.find(seconds => seconds >= held) || SPANS[SPANS.length - 1];
  const bucketMs = Math.max(span * 1000 / BARS, intervalMs);
  const data = [];
  let max = 0;
  names.forEach((name, y) => {
    const buckets = new Map();
    const s = set.get(name);
    for (let i = 0; i < s.t.length; i++) {
      const t = s.t[i];
      const v = s[dir][i];
      if (v === null || t < now - span * 1000) {
        continue;
      }
      const b = Math.floor(t / bucketMs);
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
  return { names, data, max, span, bucketMs };
}

function lineChart(echarts, element) {
  const chart = echarts.init(element, null, { renderer: 'canvas' });
  chart.setOption({
    animation: false,
    grid: { left: 64, right: 12, top: 16, bottom: 52 },
    tooltip: { trigger: 'axis', valueFormatter: F.bytesRate },
    legend: { type: 'scroll', bottom: 0, textStyle: { color: '#dfe6f5' }, pageTextStyle: { color: LABEL } },
    xAxis: { type: 'time', splitNumber: 5, ...AXIS, axisLabel: { color: LABEL, hideOverlap: true } },
    yAxis: { type: 'value', min: 0, ...AXIS, axisLabel: { color: LABEL, formatter: v => F.axis(v) + 'B/s' } },
    series: [],
  });
  return chart;
}

/** Draws a line chart's series: one line per {id, name, colour, points: [[t, B/s]]}. */
function drawLines(chart, series) {
  chart.setOption({
    series: series.map(({ id, name, colour, points }) => ({
      id: id || name, name, type: 'line', showSymbol: false, smooth: false, sampling: 'lttb',
      lineStyle: { width: 1.6 }, itemStyle: { color: colour }, areaStyle: { opacity: 0.08 }, data: points,
    })),
  }, { replaceMerge: ['series'] });
}

function protocolChart(echarts, element) {
  const chart = echarts.init(element);
  chart.setOption({
    animation: false,
    grid: { left: 96, right: 128, top: 28, bottom: 24 },
    legend: { top: 0, textStyle: { color: '#dfe6f5' } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', ...AXIS, axisLabel: { color: LABEL, formatter: F.axis } },
    yAxis: { type: 'category', inverse: true, data: [], ...AXIS, axisLabel: { color: '#dfe6f5', fontFamily: 'monospace' } },
    series: [],
  });
  return chart;
}

function graph3d(echarts, element) {
  const chart = echarts.init(element);
  chart.setOption({
    visualMap: {
      show: true, dimension: 2, min: 0, max: 1, calculable: false, right: 10, bottom: 10,
      itemHeight: 120, textStyle: { color: LABEL }, formatter: v => F.axis(v),
      inRange: { color: ['#1d3b6e', '#2f7de1', '#38d39f', '#ffcc4d', '#ff7a9a'] },
    },
    xAxis3D: { type: 'value', name: 'seconds ago', min: -SPANS[0], max: 0, nameGap: 24, minInterval: 1,
      nameTextStyle: { color: LABEL },
      // The axis ends half a bar after now: no label there, whole seconds elsewhere.
      axisLabel: { textStyle: { color: LABEL }, formatter: v => (v > 0 ? '' : String(Math.round(v * 10) / 10)) } },
    yAxis3D: { type: 'category', name: '', data: [], axisLabel: { interval: 0, textStyle: { color: '#dfe6f5' } } },
    zAxis3D: { type: 'value', name: '', min: 0, axisLabel: { textStyle: { color: LABEL } } },
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
  return chart;
}

/** The page's four charts in the elements `byId` finds: chart-rx, chart-tx, chart-proto, chart3d. */
export function createCharts(echarts, byId) {
  const lines = { rx: lineChart(echarts, byId('chart-rx')), tx: lineChart(echarts, byId('chart-tx')) };
  const proto = protocolChart(echarts, byId('chart-proto'));
  const g3d = graph3d(echarts, byId('chart3d'));
  let depth3d = null;
  const all = [lines.rx, lines.tx, proto, g3d];

  return {
    resize() {
      all.forEach(c => c.resize());
    },

    /** The 2D chart of direction `dir`: one line per {name, colour, points: [[t, B/s]]}. */
    lines(dir, series) {
      drawLines(lines[dir], series);
    },

    /** The 3D graph: layout3d's bars, labelled `by`, values written by `format`. */
    bars3d({ names, data, max, span, bucketMs }, by, format) {
      const depth = Math.max(BOX.depth, names.length * BOX.rowDepth);
      const grid3D = { boxDepth: depth };
      if (depth !== depth3d) {
        // A deeper box (more rows) is seen from further away, so its front rows stay in the picture.
        // Only when the depth changes: the camera is the user's to move.
        depth3d = depth;
        grid3D.viewControl = { distance: 215 + (depth - BOX.depth) * 1.1 };
      }
      g3d.setOption({
        tooltip: { formatter: p => `${p.seriesName}<br>${F.clock(p.value[3])}: ${format(p.value[2])}` },
        visualMap: { max: max || 1 },
        xAxis3D: { min: -span, max: bucketMs / 1000 },
        yAxis3D: { data: names },
        zAxis3D: { axisLabel: { formatter: v => format(v) } },
        grid3D,
        series: [{ name: by, data,
          barSize: [BOX.width * bucketMs / (span * 1000) * 0.55, Math.min(5, depth / Math.max(names.length, 1) * 0.3)] }],
      });
    },

    /** Shows or hides the protocol chart (its card says "no data" instead), resizing it when shown. */
    showProtocols(shown) {
      const element = proto.getDom();
      if (element.hidden === shown) {
        element.hidden = !shown;
        proto.resize();
      }
    },

    /**
     * The protocol card's bars: per {name, rx, tx} received and sent stacked, both figures at the
     * bar's end; `id` names the series (so a change of unit replaces them), `format` the tooltip's.
     */
    protocols(list, id, format) {
      const short = v => (v === null || v === undefined ? '–' : F.axis(v));
      proto.setOption({
        tooltip: { valueFormatter: format },
        yAxis: { data: list.map(r => r.name) },
        series: [
          { id: id + '_received', name: 'received', type: 'bar', stack: 'p', barMaxWidth: 18,
            data: list.map(r => r.rx), itemStyle: { color: RX_COLOUR } },
          { id: id + '_sent', name: 'sent', type: 'bar', stack: 'p', barMaxWidth: 18,
            data: list.map(r => r.tx), itemStyle: { color: TX_COLOUR },
            label: {
              show: true, position: 'right', distance: 6, fontFamily: 'monospace',
              formatter: p => `{rx|${short(list[p.dataIndex].rx)}} {tx|${short(list[p.dataIndex].tx)}}`,
              rich: { rx: { color: RX_COLOUR, fontSize: 12 }, tx: { color: TX_COLOUR, fontSize: 12 } },
            } },
        ],
      }, { replaceMerge: ['series'] });
    },
  };
}

function splitChart(echarts, element) {
  const chart = echarts.init(element);
  chart.setOption({
    animation: false,
    grid: { left: 180, right: 96, top: 36, bottom: 24 },
    legend: { type: 'scroll', top: 0, textStyle: { color: '#dfe6f5' }, pageTextStyle: { color: LABEL } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', ...AXIS, axisLabel: { color: LABEL, formatter: F.axis } },
    yAxis: { type: 'category', inverse: true, data: [], ...AXIS,
      axisLabel: { color: '#dfe6f5', fontFamily: 'monospace', width: 168, overflow: 'truncate' } },
    series: [],
  });
  return chart;
}

/** The pods view's charts in the elements `byId` finds: chart-pod-rx, chart-pod-tx, chart-pod-split. */
export function createPodCharts(echarts, byId) {
  const lines = { rx: lineChart(echarts, byId('chart-pod-rx')), tx: lineChart(echarts, byId('chart-pod-tx')) };
  const split = splitChart(echarts, byId('chart-pod-split'));
  const encode = echarts.format.encodeHTML;

  return {
    resize() {
      [lines.rx, lines.tx, split].forEach(c => c.resize());
    },

    /** The 2D chart of direction `dir`: one line per {id, name, colour, points: [[t, B/s]]}. */
    lines(dir, series) {
      drawLines(lines[dir], series);
    },

    /**
     * The protocol split: per pod {label, protocols: {key: {rx, tx}}} a bar of received + sent,
     * stacked by protocol (`protocols`: [{key, colour}], the legend's order), its total at the end;
     * `unit` names the series (a change of unit replaces them), `format` writes the figures.
     */
    split(pods, protocols, unit, format) {
      const sum = r => (r ? (r.rx || 0) + (r.tx || 0) : null);
      const total = pods.map(p => (p.protocols ? Object.values(p.protocols).reduce((a, r) => a + sum(r), 0) : null));
      split.setOption({
        tooltip: {
          formatter: items => {
            const pod = pods[items[0].dataIndex];
            const rows = protocols.filter(({ key }) => pod.protocols && pod.protocols[key]).map(({ key, colour }) => {
              const r = pod.protocols[key];
              return `<span style="color:${colour}">●</span> ${encode(key)}: ${format(r.rx)} received, ${format(r.tx)} sent`;
            });
            return [encode(pod.label), ...(rows.length ? rows : [pod.protocols ? 'no protocol moved' : 'no rates yet'])].join('<br>');
          },
        },
        legend: { data: protocols.map(({ key }) => key) },
        yAxis: { data: pods.map(p => p.label) },
        series: [
          ...protocols.map(({ key, colour }) => ({
            id: `${unit}:${key}`, name: key, type: 'bar', stack: 'split', barMaxWidth: 18, itemStyle: { color: colour },
            data: pods.map(p => (p.protocols ? sum(p.protocols[key]) || 0 : null)),
          })),
          // A bar of nothing at the end of each stack, which carries the pod's total.
          { id: `${unit}:total`, name: 'total', type: 'bar', stack: 'split', data: pods.map(() => 0), silent: true,
            tooltip: { show: false }, legendHoverLink: false, itemStyle: { color: 'transparent' },
            label: { show: true, position: 'right', distance: 6, color: '#dfe6f5', fontFamily: 'monospace',
              formatter: p => (total[p.dataIndex] === null ? '–' : F.axis(total[p.dataIndex])) } },
        ],
      }, { replaceMerge: ['series'] });
    },
  };
}
