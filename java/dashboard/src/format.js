// SPDX-License-Identifier: GPL-2.0
// Units and the palette of the dashboard: pure helpers, no DOM, no state.

const SI = ['', 'k', 'M', 'G', 'T', 'P', 'E'];

/** 1234567 -> "1.23 M": decimal prefixes, three significant digits; "–" for no value. */
export function si(value) {
  if (value === null || value === undefined || !Number.isFinite(value)) {
    return '–';
  }
  let v = Math.abs(value);
  let i = 0;
  while (v >= 1000 && i < SI.length - 1) {
    v /= 1000;
    i++;
  }
  const digits = v >= 100 || i === 0 ? 0 : v >= 10 ? 1 : 2;
  return (value < 0 ? '-' : '') + v.toFixed(digits) + (SI[i] ? ' ' + SI[i] : '');
}

/** si() with a unit after the prefix: "1.23 MB/s". */
function withUnit(unit) {
  return value => {
    const s = si(value);
    return s === '–' ? s : s.replace(/ ?([kMGTPE]?)$/, ` $1${unit}`);
  };
}

export const bytesRate = withUnit('B/s');
export const packetsRate = withUnit('pkt/s');
export const bytes = withUnit('B');
export const count = si;

/** Short axis labels: "1.5M", "200k". */
export function axis(value) {
  return si(value).replace(' ', '');
}

export const PALETTE = Object.freeze(['#38d39f', '#5b9cff', '#ffcc4d', '#ff7a9a', '#b58cff', '#4dd9ff',
  '#ff9f4d', '#9be36d', '#f06bd1', '#7f8cff', '#ffd6a5', '#66e0c2']);

/** "12:03:04" in the browser's time zone. */
export function clock(ms) {
  return new Date(ms).toLocaleTimeString([], { hourCycle: 'h23' });
}
