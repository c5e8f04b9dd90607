// SPDX-License-Identifier: GPL-2.0
// The server's channels, relative to the page (so it also works behind a path prefix):
//   network          GET: the counters since boot, the protocol rows, the notes
//   network/pods     GET: who the pods are, which share the node's network, their protocol
//                    counters, and the pods' notes
//   network/history  GET: the last minutes of rates, columnar
//   network/stream   Server-Sent Events: per sample its time, source, module, rates, totals and
//                    notes, and the pods' rates
// Every answer goes through contract.js. One that does not match is handed to onContractError
// (the page shows it, console.error logs it) and then thrown (fetches) or dropped (events): it
// never reaches the store. The browser's fetch, EventSource and setTimeout come in as arguments.

import { ContractError, parseEvent, parseHistory, parseJson, parseNetwork, parsePods } from './contract.js';

/** An answer with an error status; the message is the server's {"error": ...} when it sent one. */
export class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
  }
}

const RETRY_MS = 1000;      // first wait after the server refused the stream, doubled up to
const RETRY_MAX_MS = 30000;

/** The server's {"error": "..."}, or null when the body is something else (a proxy's page). */
function serverError(text) {
  try {
    const body = JSON.parse(text);
    return body && typeof body.error === 'string' ? body.error : null;
  } catch (e) {
    return null;
  }
}

export function createApi({ fetch, EventSource, setTimeout, onContractError }) {
  function checked(document, text, parse) {
    try {
      return parseJson(document, text, parse);
    } catch (e) {
      if (e instanceof ContractError) {
        onContractError(e);
      }
      throw e;
    }
  }

  async function get(url, document, parse) {
    const response = await fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store' });
    const text = await response.text();
    if (!response.ok) {
      throw new HttpError(response.status, serverError(text) || `${response.status} ${response.statusText}`);
    }
    return checked(document, text, parse);
  }

  return {
    /** parseNetwork's answer of GET network. */
    network() {
      return get('network', '/network', parseNetwork);
    },

    /** parsePods's answer of GET network/pods. */
    pods() {
      return get('network/pods', '/network/pods', parsePods);
    },

    /** parseHistory's answer for the last `seconds`, of every interface or of `interfaces` only. */
    history(seconds, interfaces = null) {
      const query = [`seconds=${seconds}`, ...(interfaces || []).map(name => 'interface=' + encodeURIComponent(name))];
      return get('network/history?' + query.join('&'), '/network/history', parseHistory);
    },

    /**
     * Opens the stream and keeps it open: `onEvent(parseEvent's answer)` per sample, `onState` with
     * 'live', 'reconnecting' (the browser retries by itself) or 'retrying' (the server refused it:
     * we retry, backing off up to 30 s), and `onReconnect()` once live again after a gap.
     */
    stream({ onEvent, onState, onReconnect }) {
      let retryMs = RETRY_MS;
      let gap = false;
      const open = () => {
        const events = new EventSource('network/stream');
        events.onmessage = message => {
          retryMs = RETRY_MS;
          let event;
          try {
            event = checked('/network/stream event', message.data, parseEvent);
          } catch (e) {
            if (e instanceof ContractError) {
              return; // shown and logged already; the next event may be fine
            }
            throw e;
          }
          onEvent(event);
        };
        events.onopen = () => {
          onState('live');
          if (gap) {
            gap = false;
            onReconnect();
          }
        };
        events.onerror = () => {
          gap = true;
          if (events.readyState === EventSource.CLOSED) {
            onState('retrying');
            events.close();
            setTimeout(open, retryMs);
            retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
          } else {
            onState('reconnecting');
          }
        };
      };
      open();
    },
  };
}
