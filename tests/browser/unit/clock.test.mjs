// The server clock offset learnt from ping/pong, and countdowns against it.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ServerClock, countdown } from '../../../client-web/js/clock.js';
import { server, vector } from './vectors.mjs';

test('the golden pong gives the offset to within half its round trip', () => {
  const pong = vector(server, 'pong'); // t 1700000000123, now 1700000000140
  const clock = new ServerClock();
  // Local clock 5 s behind the server's; 34 ms round trip.
  const sent = pong.t;
  const received = pong.t + 34;
  clock.sample(sent, received, pong.now);
  assert.equal(clock.offset, Math.round(pong.now - (sent + received) / 2));
  assert.equal(clock.rtt, 34);
  assert.ok(clock.synced);
});

test('before any pong the local clock is trusted', () => {
  const clock = new ServerClock();
  assert.equal(clock.offset, 0);
  assert.equal(clock.synced, false);
  assert.equal(clock.now(1000), 1000);
});

test('the sample with the shortest round trip wins', () => {
  const clock = new ServerClock();
  const truth = 5000; // server = local + 5000
  // A slow sample whose reply was delayed on the way back skews the midpoint.
  clock.sample(0, 800, 100 + truth);
  assert.equal(clock.offset, truth + 100 - 400);
  clock.sample(1000, 1010, 1005 + truth); // fast and symmetric
  assert.equal(clock.offset, truth);
  clock.sample(2000, 2600, 2500 + truth); // slow again: ignored
  assert.equal(clock.offset, truth);
});

test('old samples are forgotten', () => {
  const clock = new ServerClock({ keep: 3 });
  clock.sample(0, 2, 1 + 100); // the best, but old
  for (let i = 1; i <= 3; i++) clock.sample(i * 1000, i * 1000 + 50, i * 1000 + 25 + 200);
  assert.equal(clock.offset, 200);
});

test('nonsense samples are ignored', () => {
  const clock = new ServerClock();
  clock.sample(10, 5, 100); // received before sent
  clock.sample(Number.NaN, 5, 100);
  clock.sample({ seq: 3 }, 5, 100); // ping-any's `t` is not a time
  assert.equal(clock.synced, false);
});

test('a countdown agrees with the server deadline, not the local clock', () => {
  const q = vector(server, 'question'); // deadline 1700000020000, limit 20000
  const clock = new ServerClock();
  const skew = -3000; // the phone's clock runs 3 s behind the server
  const serverNow = q.deadline - 12000;
  const local = serverNow + skew;
  clock.sample(local - 10, local + 10, serverNow);
  const c = countdown({ deadline: q.deadline, limitMs: q.time_limit_ms }, clock, local);
  assert.equal(c.ms, 12000);
  assert.equal(c.seconds, 12);
  assert.equal(c.fraction, 0.6);
  assert.equal(c.over, false);
  // Uncorrected, the phone would have shown 15 s.
  assert.equal(countdown({ deadline: q.deadline, limitMs: q.time_limit_ms }, new ServerClock(), local).seconds, 15);
});

test('a paused countdown stands still at remaining_ms', () => {
  const paused = vector(server, 'paused');
  const c = countdown({ deadline: null, remainingMs: paused.remaining_ms, paused: true, limitMs: 20000 }, new ServerClock(), 0);
  assert.equal(c.seconds, 13);
  assert.equal(c.ms, 12500);
});

test('past the deadline the countdown is over, never negative', () => {
  const clock = new ServerClock();
  const c = countdown({ deadline: 1000, limitMs: 20000 }, clock, 5000);
  assert.deepEqual(c, { ms: 0, seconds: 0, fraction: 0, over: true });
});
