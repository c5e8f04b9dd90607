// SPDX-License-Identifier: GPL-2.0
// Small pure helpers of the dashboard: units, the palette. No DOM, no state.
'use strict';

window.NetmonFormat = (function () {
  const SI = ['', 'k', 'M', 'G', 'T', 'P', 'E'];

  /** 1234567 -> "1.23 M": decimal prefixes, three significant digits. */
  function si(value) {
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

  function bytesRate(value) {
    const s = si(value);
    return s === '–' ? s : s.replace(/ ?([kMGTPE]?)$/, ' $1B/s');
  }

  function packetsRate(value) {
    const s = si(value);
    return s === '–' ? s : s.replace(/ ?([kMGTPE]?)$/, ' $1pkt/s');
  }

  function bytes(value) {
    const s = si(value);
    return s === '–' ? s : s.replace(/ ?([kMGTPE]?)$/, ' $1B');
  }

  function count(value) {
    return si(value);
  }

  /** Short axis labels: "1.5M", "200k". */
  function axis(value) {
    return si(value).replace(' ', '');
  }

  const PALETTE = ['#38d39f', '#5b9cff', '#ffcc4d', '#ff7a9a', '#b58cff', '#4dd9ff',
    '#ff9f4d', '#9be36d', '#f06bd1', '#7f8cff', '#ffd6a5', '#66e0c2'];

  /** "12:03:04" in the browser's time zone. */
  function clock(ms) {
    return new Date(ms).toLocaleTimeString([], { hour12: false });
  }

  return Object.freeze({ si, bytesRate, packetsRate, bytes, count, axis, clock, PALETTE });
})();
