// The one module that owns the WebSocket: connects, keeps the server clock
// in step with ping/pong, matches replies to requests by `id`, notices a
// dead link, and reconnects with backoff as PROTOCOL.md's close-code table
// allows. The page re-attaches itself (`rejoin` / `host`) in `onOpen`.

import { ServerClock } from './clock.js';
import { afterClose, backoffMs } from './policy.js';
import { frames, readFrame, withId } from './protocol.js';

const SUBPROTOCOL = 'quizroom.v1';
const QUICK_PINGS = [0, 1000, 2500]; // after each open: learn the offset fast
const PING_EVERY_MS = 5000;
const DEAD_AFTER_MS = 12000; // no pong for this long: the link is gone
const CONNECT_TIMEOUT_MS = 10000;

/// The WebSocket address of this page's server, routed on the room code.
/// The page's own folder is kept, so the client also works under a path prefix.
export function socketUrl(location, code) {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const folder = (location.pathname ?? '/').replace(/[^/]*$/, '');
  const query = code ? `?room=${encodeURIComponent(code)}` : '';
  return `${scheme}//${location.host}${folder}ws${query}`;
}

function browserEnv() {
  return {
    WebSocket: globalThis.WebSocket,
    setTimeout: (f, ms) => globalThis.setTimeout(f, ms),
    clearTimeout: (t) => globalThis.clearTimeout(t),
    now: () => Date.now(),
    random: Math.random,
    // Wake-ups: the network came back, or the phone woke the page.
    onWake(f) {
      globalThis.addEventListener?.('online', f);
      globalThis.document?.addEventListener?.('visibilitychange', () => {
        if (globalThis.document.visibilityState === 'visible') f();
      });
    },
  };
}

export class Connection {
  /// `onMessage(m)` for every server message; `onOpen(conn)` after each
  /// (re)connect, to attach; `onStatus(status)` when the link changes:
  /// {state: 'connecting'|'open'|'reconnecting'|'closed', attempt, reason, words, code}.
  constructor({ url, onMessage, onOpen, onStatus, clock = new ServerClock(), env = browserEnv() }) {
    this.url = url;
    this.onMessage = onMessage ?? (() => {});
    this.onOpen = onOpen ?? (() => {});
    this.onStatus = onStatus ?? (() => {});
    this.clock = clock;
    this.env = env;
    this.ws = null;
    this.attempt = 0;
    this.stopped = false;
    this.nextId = 1;
    this.pending = new Map(); // id -> {resolve, reject}
    this.timers = new Set();
    this.retryTimer = null;
    this.lastPongAt = 0;
    this.status = { state: 'idle' };
    env.onWake?.(() => this.wake());
  }

  start() {
    this.stopped = false;
    this.connect();
  }

  /// Closes for good: no reconnect.
  stop() {
    this.stopped = true;
    this.clearRetry();
    const ws = this.detach();
    if (ws) {
      try {
        ws.close(1000, 'done');
      } catch {
        // already closing
      }
    }
    this.failPending('closed');
    this.setStatus({ state: 'closed', reason: 'stopped', words: '' });
  }

  /// Sends a frame now; false when the socket is not open.
  send(frame) {
    if (!this.ws || this.ws.readyState !== 1) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  /// Sends a frame with a fresh `id`; resolves with the direct reply (which
  /// may be an `error`), rejects when the socket closes first.
  request(frame) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (!this.send(withId(frame, id))) {
        reject(new Error('not connected'));
        return;
      }
      this.pending.set(id, { resolve, reject });
    });
  }

  /// Try again at once (a wake-up, or a person pressing "Reconnect").
  wake() {
    if (this.stopped || this.status.state === 'closed') return;
    if (this.status.state === 'reconnecting') {
      this.clearRetry();
      this.connect();
    } else if (this.status.state === 'open' && this.ws) {
      this.ping(); // a sleeping phone's socket may be dead: find out now
    }
  }

  /// After a close the table says not to retry, a person may still ask to.
  reconnect() {
    this.stopped = false;
    this.attempt = 0;
    this.clearRetry();
    this.connect();
  }

  // ---- internals ----------------------------------------------------------

  connect() {
    this.detach();
    this.setStatus({ state: this.attempt === 0 ? 'connecting' : 'reconnecting', attempt: this.attempt });
    let ws;
    try {
      ws = new this.env.WebSocket(this.url, SUBPROTOCOL);
    } catch {
      this.lost(1006);
      return;
    }
    this.ws = ws;
    const opening = this.later(() => {
      if (this.ws === ws && ws.readyState !== 1) this.drop(ws);
    }, CONNECT_TIMEOUT_MS);
    ws.onopen = () => {
      if (this.ws !== ws) return;
      this.cancel(opening);
      this.attempt = 0;
      this.lastPongAt = this.env.now();
      this.setStatus({ state: 'open' });
      for (const at of QUICK_PINGS) this.later(() => this.ws === ws && this.ping(), at);
      this.schedulePings(ws);
      this.onOpen(this);
    };
    ws.onmessage = (event) => {
      if (this.ws !== ws) return;
      this.received(event.data);
    };
    ws.onerror = () => {
      // A close event follows; it decides.
    };
    ws.onclose = (event) => {
      if (this.ws !== ws) return;
      this.cancel(opening);
      this.ws = null;
      this.closed(event.code);
    };
  }

  received(data) {
    const m = readFrame(typeof data === 'string' ? data : '');
    if (!m) return;
    if (m.type === 'pong') {
      this.lastPongAt = this.env.now();
      if (typeof m.t === 'number' && typeof m.now === 'number') {
        this.clock.sample(m.t, this.env.now(), m.now);
      }
    }
    if (m.id !== undefined && this.pending.has(m.id)) {
      const { resolve } = this.pending.get(m.id);
      this.pending.delete(m.id);
      this.onMessage(m);
      resolve(m);
      return;
    }
    this.onMessage(m);
  }

  ping() {
    this.send(frames.ping(this.env.now()));
  }

  schedulePings(ws) {
    this.later(() => {
      if (this.ws !== ws) return;
      if (this.env.now() - this.lastPongAt > DEAD_AFTER_MS) {
        this.drop(ws);
        return;
      }
      this.ping();
      this.schedulePings(ws);
    }, PING_EVERY_MS);
  }

  /// Gives up on a socket that stopped answering, as if the network dropped it.
  drop(ws) {
    if (this.ws !== ws) return;
    this.detach();
    try {
      ws.close(1000, 'no answer');
    } catch {
      // nothing to close
    }
    this.closed(1006);
  }

  closed(code) {
    this.clearTimers();
    this.failPending('closed');
    if (this.stopped) return;
    const what = afterClose(code);
    if (what.reconnect) {
      this.lost(code, what);
    } else {
      this.setStatus({ state: 'closed', code, reason: what.reason, words: what.words });
    }
  }

  lost(code, what = afterClose(code)) {
    const delay = backoffMs(this.attempt, this.env.random);
    this.attempt += 1;
    this.setStatus({ state: 'reconnecting', attempt: this.attempt, code, reason: what.reason, words: what.words, delayMs: delay });
    this.clearRetry();
    this.retryTimer = this.env.setTimeout(() => {
      this.retryTimer = null;
      if (!this.stopped) this.connect();
    }, delay);
  }

  detach() {
    const ws = this.ws;
    this.ws = null;
    this.clearTimers();
    if (ws) {
      ws.onopen = ws.onmessage = ws.onerror = ws.onclose = null;
    }
    return ws;
  }

  failPending(why) {
    for (const { reject } of this.pending.values()) reject(new Error(why));
    this.pending.clear();
  }

  later(f, ms) {
    const t = this.env.setTimeout(() => {
      this.timers.delete(t);
      f();
    }, ms);
    this.timers.add(t);
    return t;
  }

  cancel(t) {
    this.env.clearTimeout(t);
    this.timers.delete(t);
  }

  clearTimers() {
    for (const t of this.timers) this.env.clearTimeout(t);
    this.timers.clear();
  }

  clearRetry() {
    if (this.retryTimer !== null) this.env.clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  setStatus(status) {
    this.status = status;
    this.onStatus(status);
  }
}
