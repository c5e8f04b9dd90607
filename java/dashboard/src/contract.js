// SPDX-License-Identifier: GPL-2.0
// The server's documents as this page reads them (docs/API.md). Each parse function checks every
// field the page reads, reads no other, and returns the page's own plain objects; a field that is
// missing or of another type throws a ContractError naming the document and the field's path.
// No DOM, no state: the node tests (test/) run these on the server's own output.

const SOURCES = Object.freeze(['kmod', 'procfs']);
const FAMILIES = ['ipv4', 'ipv6', 'ip'];

/** The server sent something this page does not understand: a deployment mismatch, never data. */
export class ContractError extends Error {
  constructor(document, message) {
    super(`${document}: ${message}`);
    this.name = 'ContractError';
    this.document = document;
  }
}

function describe(value) {
  if (value === undefined) {
    return 'nothing (the field is missing)';
  }
  const text = JSON.stringify(value);
  return text.length > 60 ? text.slice(0, 57) + '...' : text;
}

const isRate = v => v === null || typeof v === 'number';
const isCounter = v => Number.isInteger(v) && v >= 0;

/** One JSON object of a document, read field by field; `path` names it in errors ("interfaces[3]"). */
class Fields {
  constructor(document, path, value) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new ContractError(document, `${path || 'the document'}: expected an object, got ${describe(value)}`);
    }
    this.document = document;
    this.path = path;
    this.value = value;
  }

  at(name) {
    return this.path ? `${this.path}.${name}` : name;
  }

  check(name, expected, ok) {
    const value = this.value[name];
    if (!ok(value)) {
      throw new ContractError(this.document, `${this.at(name)}: expected ${expected}, got ${describe(value)}`);
    }
    return value;
  }

  string(name) {
    return this.check(name, 'a string', v => typeof v === 'string');
  }

  oneOf(name, values) {
    return this.check(name, 'one of ' + values.map(v => JSON.stringify(v)).join(', '), v => values.includes(v));
  }

  integer(name) {
    return this.check(name, 'an integer', Number.isInteger);
  }

  counter(name) {
    return this.check(name, 'a whole number >= 0', isCounter);
  }

  boolean(name) {
    return this.check(name, 'true or false', v => typeof v === 'boolean');
  }

  rate(name) {
    return this.check(name, 'a number or null', isRate);
  }

  nothing(name, why) {
    return this.check(name, `null (${why})`, v => v === null);
  }

  object(name) {
    return new Fields(this.document, this.at(name), this.value[name]);
  }

  /** An array of values each passing `ok`; of exactly `n` when given (a history's columns). */
  values(name, expected, ok, n) {
    const shape = n === undefined ? 'an array' : `an array of ${n} (one per timestamp)`;
    const values = this.check(name, shape, v => Array.isArray(v) && (n === undefined || v.length === n));
    const bad = values.findIndex(v => !ok(v));
    if (bad >= 0) {
      throw new ContractError(this.document, `${this.at(name)}[${bad}]: expected ${expected}, got ${describe(values[bad])}`);
    }
    return values;
  }

  /** An array of objects, each read by `read(fields)`. */
  objects(name, read) {
    const path = this.at(name);
    return this.check(name, 'an array', Array.isArray).map((v, i) => read(new Fields(this.document, `${path}[${i}]`, v)));
  }
}

/** "ipv4/tcp": how the page names a protocol series (family, then the server's protocol name). */
function protocolKey(row) {
  return row.oneOf('family', FAMILIES) + '/' + row.string('protocol');
}

/** `module`: {version, formatVersion} with the module (source kmod), else null. */
function moduleOf(fields, source) {
  if (source !== 'kmod') {
    return fields.nothing('module', `source is ${source}`);
  }
  const m = fields.object('module');
  return { version: m.string('version'), formatVersion: m.integer('format_version') };
}

/**
 * Who a pod is: `{uid, namespace, name}`. `namespace` and `pod` are both null when the kubelet's
 * log directory for the pod was not found: it is then known by its UID alone.
 */
function podOf(row) {
  const uid = row.string('uid');
  const namespace = row.check('namespace', 'a string, or null when the pod has no name',
    v => v === null || typeof v === 'string');
  const name = namespace === null ? row.nothing('pod', 'namespace is null: the pod is known by its uid alone')
    : row.string('pod');
  return { uid, namespace, name };
}

/** `notes`: sentences for people. */
function notesOf(fields) {
  return fields.values('notes', 'a string', v => typeof v === 'string');
}

/** Parses a document's text, naming it when it is not JSON. */
export function parseJson(document, text, parse) {
  let json;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ContractError(document, `not JSON (${e.message}): ${describe(String(text))}`);
  }
  return parse(json);
}

/**
 * `GET /network`: the counters since boot, the protocol rows and the notes. The page reads no
 * source or module from it (the stream says those); `source` only says what the rows mean.
 */
export function parseNetwork(json) {
  const doc = new Fields('/network', '', json);
  const source = doc.oneOf('source', SOURCES);
  const bytes = source === 'kmod';
  const protocolBytes = (row, name) => (bytes ? row.counter(name) : row.nothing(name, 'no protocol bytes without netmon.ko'));
  return {
    source,
    interfaces: doc.objects('interfaces', row => ({
      name: row.string('interface'),
      bytesReceived: row.counter('bytes_received'),
      bytesSent: row.counter('bytes_sent'),
    })),
    protocols: doc.objects('protocols', row => ({
      interface: row.string('interface'),
      key: protocolKey(row),
      packetsReceived: row.counter('packets_received'),
      packetsSent: row.counter('packets_sent'),
      bytesReceived: protocolBytes(row, 'bytes_received'),
      bytesSent: protocolBytes(row, 'bytes_sent'),
    })),
    notes: notesOf(doc),
  };
}

/**
 * `GET /network/history`: columns of rates aligned with `timestamps`. Interfaces in bytes/s;
 * protocols in packets/s and, with the module, bytes/s (null columns without it).
 */
export function parseHistory(json) {
  const doc = new Fields('/network/history', '', json);
  const timestamps = doc.values('timestamps', 'milliseconds since the epoch', Number.isInteger);
  const n = timestamps.length;
  // Before the history has taken in the first sample, it has no source and no points.
  const source = n === 0 && doc.value.source === null ? null : doc.oneOf('source', SOURCES);
  const rates = (row, name) => row.values(name, 'a number or null', isRate, n);
  const none = new Array(n).fill(null);
  return {
    source,
    resolutionMs: doc.check('resolution_ms', 'a whole number of milliseconds > 0', v => Number.isInteger(v) && v > 0),
    timestamps,
    interfaces: doc.objects('interfaces', row => ({
      name: row.string('interface'),
      rx: rates(row, 'bytes_received_per_second'),
      tx: rates(row, 'bytes_sent_per_second'),
    })),
    protocols: doc.objects('protocols', row => ({
      key: protocolKey(row),
      rx: rates(row, 'packets_received_per_second'),
      tx: rates(row, 'packets_sent_per_second'),
      rxb: source === 'kmod' ? rates(row, 'bytes_received_per_second') : none,
      txb: source === 'kmod' ? rates(row, 'bytes_sent_per_second') : none,
    })),
    pods: doc.objects('pods', row => ({
      ...podOf(row),
      rx: rates(row, 'bytes_received_per_second'),
      tx: rates(row, 'bytes_sent_per_second'),
      rxp: rates(row, 'packets_received_per_second'),
      txp: rates(row, 'packets_sent_per_second'),
    })),
  };
}

/**
 * One `/network/stream` event: the sample's time, source and module, everyone's rates since the
 * sample before (null at a segment start), each interface's bytes since boot, and the notes
 * /network would give now (a failed read's among them). Protocol bytes/s only with the module.
 * Pods: those with a namespace of their own with their traffic (interfaces summed, lo left out:
 * bytes since their namespace began, bytes/s and packets/s) and the rates of their protocols that
 * moved since the sample before (none at a segment start, when `protocols` is null here); those on
 * the node's network named only, their traffic being the node's.
 */
export function parseEvent(json) {
  const doc = new Fields('/network/stream event', '', json);
  const source = doc.oneOf('source', SOURCES);
  const bytes = source === 'kmod';
  const protocolRates = row => ({
    key: protocolKey(row),
    rx: row.rate('packets_received_per_second'),
    tx: row.rate('packets_sent_per_second'),
    rxb: bytes ? row.rate('bytes_received_per_second') : null,
    txb: bytes ? row.rate('bytes_sent_per_second') : null,
  });
  return {
    timestamp: doc.integer('timestamp'),
    source,
    module: moduleOf(doc, source),
    interfaces: doc.objects('interfaces', row => ({
      name: row.string('interface'),
      rx: row.rate('bytes_received_per_second'),
      tx: row.rate('bytes_sent_per_second'),
      bytesReceived: row.counter('bytes_received'),
      bytesSent: row.counter('bytes_sent'),
    })),
    protocols: doc.objects('protocols', protocolRates),
    pods: doc.objects('pods', row => {
      const pod = podOf(row);
      const start = row.boolean('segment_start');
      const protocols = row.objects('protocols', protocolRates);
      return {
        ...pod,
        rx: row.rate('bytes_received_per_second'),
        tx: row.rate('bytes_sent_per_second'),
        rxp: row.rate('packets_received_per_second'),
        txp: row.rate('packets_sent_per_second'),
        bytesReceived: row.counter('bytes_received'),
        bytesSent: row.counter('bytes_sent'),
        protocols: start ? null : protocols,
      };
    }),
    hostNetworkPods: doc.objects('host_network_pods', podOf),
    notes: notesOf(doc),
  };
}

/** The start of /network/pods's note when the server looks for no pod (`netmon serve --pods off`). */
export const PODS_OFF_NOTE = 'pods are not looked for';

/**
 * `GET /network/pods`: who the node's pods are and which share the node's network, each pod's
 * protocol counters since its namespace began (`protocols`: [{key, rx, tx, rxb, txb}], packets and,
 * with netmon.ko, L3 bytes; none for a pod on the node's network), the answer's time, and the notes
 * (what could not be found or read). `watched` is false when the server looks for no pod at all,
 * which only its note says. The page reads no pod's interfaces: their traffic comes from the stream.
 */
export function parsePods(json) {
  const doc = new Fields('/network/pods', '', json);
  const source = doc.oneOf('source', SOURCES);
  const bytes = (row, name) => (source === 'kmod' ? row.counter(name)
    : row.nothing(name, 'no protocol bytes without netmon.ko'));
  const at = doc.check('timestamp', 'an ISO-8601 time', v => typeof v === 'string' && !Number.isNaN(Date.parse(v)));
  const notes = notesOf(doc);
  return {
    timestamp: Date.parse(at),
    pods: doc.objects('pods', row => ({
      ...podOf(row),
      hostNetwork: row.boolean('host_network'),
      protocols: row.objects('protocols', r => ({
        key: protocolKey(r),
        rx: r.counter('packets_received'),
        tx: r.counter('packets_sent'),
        rxb: bytes(r, 'bytes_received'),
        txb: bytes(r, 'bytes_sent'),
      })),
    })),
    notes,
    watched: !notes.some(note => note.startsWith(PODS_OFF_NOTE)),
  };
}
