// SPDX-License-Identifier: GPL-2.0
// Time series of one kind of thing (interfaces, protocols; pods later), by name: per series one
// array of times and one array per column (rx, tx, ...), aligned, in time order, null where there
// is no value (ECharts breaks the line there: a counter reset is a gap, never a spike).

export class SeriesSet {
  /** @param columns the columns every series has, e.g. ['rx', 'tx'] */
  constructor(columns) {
    this.columns = Object.freeze([...columns]);
    this.byName = new Map();
  }

  get size() {
    return this.byName.size;
  }

  names() {
    return [...this.byName.keys()];
  }

  /** {t: [ms], <column>: [value], seen: ms of the newest point}, or undefined. */
  get(name) {
    return this.byName.get(name);
  }

  clear() {
    this.byName.clear();
  }

  /**
   * Adds the point `values` (an object with the columns; missing ones are null) at time `t`, in
   * time order; false when the series has a point at `t` already (history and stream overlap).
   */
  push(name, t, values) {
    let s = this.byName.get(name);
    if (!s) {
      s = { t: [], seen: t };
      for (const c of this.columns) {
        s[c] = [];
      }
      this.byName.set(name, s);
    }
    let i = s.t.length;
    if (i && t <= s.t[i - 1]) {
      let lo = 0;
      while (lo < i) { // binary search: the first point at or after t
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
    s.t.splice(i, 0, t);
    for (const c of this.columns) {
      const v = values[c];
      s[c].splice(i, 0, v === undefined ? null : v);
    }
    s.seen = Math.max(s.seen, t);
    return true;
  }

  /** Drops the points before `oldest` and the series with no point since `goneBefore`. */
  trim(oldest, goneBefore) {
    for (const [name, s] of this.byName) {
      if (s.seen < goneBefore) {
        this.byName.delete(name);
        continue;
      }
      let n = 0;
      while (n < s.t.length && s.t[n] < oldest) {
        n++;
      }
      if (n) {
        s.t.splice(0, n);
        for (const c of this.columns) {
          s[c].splice(0, n);
        }
      }
    }
  }

  /** [[t, value]] of one column, as ECharts wants it. */
  points(name, column) {
    const s = this.byName.get(name);
    return s ? s.t.map((t, i) => [t, s[column][i]]) : [];
  }

  /** The newest point's value of a column (null for a gap or no series). */
  latest(name, column) {
    const s = this.byName.get(name);
    return s && s.t.length ? s[column][s.t.length - 1] : null;
  }

  /** The newest value that is not a gap, among the last three points (a segment starts with one). */
  recent(name, column) {
    const s = this.byName.get(name);
    for (let i = s ? s.t.length - 1 : -1; i >= 0 && i >= s.t.length - 3; i--) {
      if (s[column][i] !== null) {
        return s[column][i];
      }
    }
    return null;
  }

  /** A series' traffic since `since`: the sum of columns `rx` and `tx` over its points. */
  activity(name, since, rx = 'rx', tx = 'tx') {
    const s = this.byName.get(name);
    let sum = 0;
    for (let i = s ? s.t.length - 1 : -1; i >= 0 && s.t[i] >= since; i--) {
      sum += (s[rx][i] || 0) + (s[tx][i] || 0);
    }
    return sum;
  }

  /** The `n` busiest names since `since`, busiest first, ties by name. */
  busiest(n, since, rx = 'rx', tx = 'tx') {
    return this.names()
      .map(name => [name, this.activity(name, since, rx, tx)])
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, n)
      .map(e => e[0]);
  }
}
