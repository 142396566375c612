// The connection module against a fake socket and a fake clock: attach on
// every open, replies matched by id, the clock fed by pongs, reconnects
// only where the close-code table allows them, and a dead link noticed.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Connection, socketUrl } from '../../../client-web/js/net.js';
import { server, vector } from './vectors.mjs';

function fakeWorld() {
  let now = 1_700_000_000_000;
  let nextTimer = 1;
  const timers = new Map();
  const sockets = [];
  class FakeSocket {
    constructor(url, protocol) {
      this.url = url;
      this.protocol = protocol;
      this.readyState = 0;
      this.sent = [];
      sockets.push(this);
    }
    send(text) {
      this.sent.push(JSON.parse(text));
    }
    close(code) {
      this.readyState = 3;
      this.closedWith = code;
    }
    // What the server side does:
    open() {
      this.readyState = 1;
      this.onopen?.();
    }
    receive(m) {
      this.onmessage?.({ data: JSON.stringify(m) });
    }
    drop(code) {
      this.readyState = 3;
      this.onclose?.({ code });
    }
  }
  const env = {
    WebSocket: FakeSocket,
    setTimeout(f, ms) {
      const id = nextTimer++;
      timers.set(id, { at: now + ms, f });
      return id;
    },
    clearTimeout(id) {
      timers.delete(id);
    },
    now: () => now,
    random: () => 1,
  };
  return {
    env,
    sockets,
    get now() {
      return now;
    },
    /// Runs the timers due within `ms`, in order.
    advance(ms) {
      const end = now + ms;
      for (;;) {
        let next = null;
        for (const [id, t] of timers) if (t.at <= end && (next === null || t.at < next[1].at)) next = [id, t];
        if (next === null) break;
        timers.delete(next[0]);
        now = next[1].at;
        next[1].f();
      }
      now = end;
    },
  };
}

function connect(world, extra = {}) {
  const log = { messages: [], statuses: [], opens: 0 };
  const conn = new Connection({
    url: 'ws://example.test/ws?room=K7PQ3M',
    env: world.env,
    onMessage: (m) => log.messages.push(m),
    onStatus: (s) => log.statuses.push(s),
    onOpen: (c) => {
      log.opens += 1;
      extra.onOpen?.(c);
    },
  });
  conn.start();
  return { conn, log };
}

test('the socket address keeps the page folder and routes on the room code', () => {
  assert.equal(socketUrl({ protocol: 'http:', host: 'a:8080', pathname: '/play.html' }, 'K7PQ3M'), 'ws://a:8080/ws?room=K7PQ3M');
  assert.equal(socketUrl({ protocol: 'https:', host: 'q.example', pathname: '/quiz/host.html' }, null), 'wss://q.example/quiz/ws');
});

test('opens with the subprotocol, attaches, and pings for the clock', () => {
  const world = fakeWorld();
  const { conn, log } = connect(world, { onOpen: (c) => c.send({ type: 'rejoin', code: 'K7PQ3M', token: 't' }) });
  const ws = world.sockets[0];
  assert.equal(ws.protocol, 'quizroom.v1');
  ws.open();
  assert.equal(log.opens, 1);
  assert.equal(conn.status.state, 'open');
  assert.deepEqual(ws.sent[0], { type: 'rejoin', code: 'K7PQ3M', token: 't' });
  world.advance(0);
  const ping = ws.sent.find((f) => f.type === 'ping');
  assert.equal(ping.t, world.now);
  // The server's clock is 5 s ahead; the pong comes back 40 ms later.
  world.advance(40);
  ws.receive({ type: 'pong', t: ping.t, now: ping.t + 20 + 5000 });
  assert.equal(conn.clock.offset, 5000);
});

test('a request resolves with the reply that echoes its id', async () => {
  const world = fakeWorld();
  const { conn, log } = connect(world);
  const ws = world.sockets[0];
  ws.open();
  const pending = conn.request({ type: 'join', code: 'K7PQ3M', name: 'Ada' });
  const sent = ws.sent.at(-1);
  assert.equal(sent.type, 'join');
  assert.equal(typeof sent.id, 'number');
  const error = { ...vector(server, 'error'), id: sent.id };
  ws.receive({ ...vector(server, 'lobby') }); // a broadcast in between
  ws.receive(error);
  assert.deepEqual(await pending, error);
  // The page still sees both.
  assert.deepEqual(log.messages.map((m) => m.type), ['lobby', 'error']);
});

test('a dropped network reconnects with backoff and attaches again', async () => {
  const world = fakeWorld();
  const { conn, log } = connect(world);
  world.sockets[0].open();
  const pending = conn.request({ type: 'answer', q: 0, choice: 1 });
  world.sockets[0].drop(1006);
  await assert.rejects(pending);
  assert.equal(conn.status.state, 'reconnecting');
  assert.equal(world.sockets.length, 1);
  world.advance(499);
  assert.equal(world.sockets.length, 1);
  world.advance(1);
  assert.equal(world.sockets.length, 2, 'a new socket after the backoff');
  world.sockets[1].drop(1006); // still down: the next wait doubles
  world.advance(999);
  assert.equal(world.sockets.length, 2);
  world.advance(1);
  assert.equal(world.sockets.length, 3);
  world.sockets[2].open();
  assert.equal(log.opens, 2);
  assert.equal(conn.status.state, 'open');
  world.sockets[2].drop(1012); // the server restarts: the wait starts small again
  world.advance(500);
  assert.equal(world.sockets.length, 4);
});

for (const [code, reason] of [
  [4001, 'kicked'],
  [4002, 'ended'],
  [1008, 'rate_limited'],
  [1009, 'too_big'],
  [1000, 'normal'],
]) {
  test(`close ${code} (${reason}) never reconnects`, () => {
    const world = fakeWorld();
    const { conn } = connect(world);
    world.sockets[0].open();
    world.sockets[0].drop(code);
    assert.equal(conn.status.state, 'closed');
    assert.equal(conn.status.reason, reason);
    world.advance(10 * 60 * 1000);
    assert.equal(world.sockets.length, 1, 'no new socket, however long we wait');
  });
}

test('a person may still reconnect after a close the table does not retry', () => {
  const world = fakeWorld();
  const { conn } = connect(world);
  world.sockets[0].open();
  world.sockets[0].drop(1000);
  conn.reconnect();
  assert.equal(world.sockets.length, 2);
});

test('a link that stops answering pings is given up and replaced', () => {
  const world = fakeWorld();
  const { conn } = connect(world);
  const ws = world.sockets[0];
  ws.open();
  // No pong ever comes back.
  world.advance(20000);
  assert.equal(ws.closedWith, 1000);
  assert.ok(world.sockets.length >= 2, 'reconnecting');
  assert.notEqual(conn.status.state, 'closed');
});

test('a socket that never opens is given up after a while', () => {
  const world = fakeWorld();
  const { conn } = connect(world);
  world.advance(10000);
  assert.equal(conn.status.state, 'reconnecting');
  world.advance(1000);
  assert.equal(world.sockets.length, 2);
});

test('stop() closes for good', () => {
  const world = fakeWorld();
  const { conn } = connect(world);
  world.sockets[0].open();
  conn.stop();
  world.advance(60000);
  assert.equal(world.sockets.length, 1);
  assert.equal(conn.status.state, 'closed');
});
