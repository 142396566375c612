// The view state of both screens, driven by the golden server vectors.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { answering, initialView, reduce, standing, waitingForHost, withError } from '../../../client-web/js/model.js';
import { makeStore } from '../../../client-web/js/storage.js';
import { server, vector } from './vectors.mjs';

const feed = (view, names, now = 0) => names.reduce((v, n) => reduce(v, vector(server, n), now), view);

test('every server vector is handled by both screens without throwing', () => {
  for (const role of ['player', 'host']) {
    let v = initialView(role);
    for (const [name, m] of server) {
      v = reduce(v, structuredClone(m), 1);
      assert.equal(typeof v.phase, 'string', `${role} after ${name}`);
    }
  }
});

test('a player reloading mid-question gets the question, the score and the answer back', () => {
  const v = feed(initialView('player'), ['joined', 'state-question-player'], 1000);
  assert.equal(v.phase, 'question');
  assert.equal(v.q, 3);
  assert.equal(v.question.prompt, 'Which planet is largest?');
  assert.equal(v.deadline, 1700000020000);
  assert.equal(v.you.score, 2900);
  assert.equal(v.you.rank, 2);
  assert.equal(v.answered, true);
  assert.deepEqual(v.answer, { choice: 1 });
  assert.equal(v.phaseSince, 1000);
});

test('a reload before answering leaves the question open to answer', () => {
  const s = vector(server, 'state-question-player');
  s.you.answered = false;
  s.you.answer = null;
  const v = reduce(initialView('player'), s, 0);
  assert.equal(v.answered, false);
  assert.equal(v.answer, null);
  assert.equal(v.sending, false);
});

test('a reload during the reveal knows no result will follow', () => {
  const v = feed(initialView('player'), ['state-reveal']);
  assert.equal(v.phase, 'reveal');
  assert.equal(v.revealReloaded, true);
  const live = feed(initialView('player'), ['question', 'reveal']);
  assert.equal(live.revealReloaded, false);
  // A state for the same reveal after the result keeps the result.
  const again = feed(live, ['result', 'state-reveal']);
  assert.equal(again.revealReloaded, false);
  assert.equal(again.result.points, 950);
  // A reconnect that lands in the next reveal drops the old result.
  const next = reduce(again, { ...vector(server, 'state-reveal'), q: 4, reveal: { ...vector(server, 'state-reveal').reveal, q: 4 } });
  assert.equal(next.result, null);
  assert.equal(next.revealReloaded, true);
});

test('a paused question shows the time left and stands still', () => {
  const v = feed(initialView('player'), ['state-question-paused']);
  assert.equal(v.paused, true);
  assert.equal(v.remainingMs, 12500);
  assert.equal(v.deadline, null);
  const resumed = feed(v, ['resumed']);
  assert.equal(resumed.paused, false);
  assert.equal(resumed.deadline, 1700000032500);
  assert.equal(resumed.remainingMs, null);
});

test('a question, an answer, the reveal and the result, in order', () => {
  let v = feed(initialView('player'), ['joined', 'state-lobby-player', 'question']);
  assert.equal(v.phase, 'question');
  assert.equal(v.answered, false);
  v = answering(v, { choice: 1 });
  assert.equal(v.sending, true);
  v = feed(v, ['answer_ack']);
  assert.equal(v.answered, true);
  assert.equal(v.ackMs, 1834);
  assert.equal(v.durable, true);
  v = feed(v, ['reveal']);
  assert.equal(v.phase, 'reveal');
  assert.deepEqual(v.reveal.correct, { choice: 1 });
  assert.equal(v.result, null, 'the result comes after the reveal');
  v = feed(v, ['result']);
  assert.equal(v.result.points, 950);
  assert.equal(v.streak, 2);
  assert.equal(v.you.score, 2900);
  assert.deepEqual(standing(v), { rank: 2, of: 4 });
  // The next question wipes the last answer and result.
  const next = reduce(v, { ...vector(server, 'question'), q: 4 }, 5);
  assert.equal(next.answered, false);
  assert.equal(next.answer, null);
  assert.equal(next.result, null);
  assert.equal(next.reveal, null);
});

test('an answer the store could not keep still counts, and says so', () => {
  const v = feed(initialView('player'), ['question', 'answer_ack-not-durable']);
  assert.equal(v.answered, true);
  assert.equal(v.durable, false);
});

test('an ack for another question changes nothing', () => {
  const v = feed(initialView('player'), ['question']);
  assert.equal(reduce(v, { type: 'answer_ack', q: 9, ms: 5 }).answered, false);
});

test('refused answers: duplicate keeps the answer, late lets go of it', () => {
  const v = answering(feed(initialView('player'), ['question']), { choice: 2 });
  const dup = withError(v, 'duplicate', 'already', 'answer');
  assert.equal(dup.answered, true);
  assert.equal(dup.sending, false);
  const late = withError(v, 'late', 'closed', 'answer');
  assert.equal(late.answered, false);
  assert.equal(late.answer, null);
  assert.match(late.error.title, /Too late/);
});

test('leaderboard and podium update the player place', () => {
  let v = feed(initialView('player'), ['joined', 'state-lobby-player']);
  v = feed(v, ['leaderboard']);
  assert.equal(v.phase, 'leaderboard');
  assert.equal(v.you.score, 2900);
  assert.equal(v.you.rank, 2);
  v = feed(v, ['podium', 'recap']);
  assert.equal(v.phase, 'podium');
  assert.equal(v.podium.top[0].name, 'Grace');
  assert.equal(v.recap.length, 2);
  v = feed(v, ['ended']);
  assert.equal(v.phase, 'ended');
  assert.equal(v.ended, 'finished');
  assert.equal(feed(initialView('player'), ['ended-host']).ended, 'host_ended');
});

test('a reload in the podium phase shows the podium', () => {
  const v = feed(initialView('player'), ['state-podium']);
  assert.equal(v.phase, 'podium');
  assert.equal(v.podium.top.length, 3);
  assert.equal(v.podium.teams[0].name, 'Blue');
});

test('the host roster follows joins, disconnects, rejoins and kicks', () => {
  let v = feed(initialView('host'), ['state-lobby-host']);
  assert.deepEqual(v.roster.map((r) => [r.id, r.connected]), [['p1', true], ['p2', false]]);
  assert.equal(v.connected, 1);
  v = feed(v, ['player_joined']); // p4 Linus
  assert.deepEqual(v.roster.map((r) => r.id), ['p1', 'p2', 'p4']);
  assert.equal(v.players, 4);
  assert.equal(v.connected, 2);
  v = feed(v, ['player_left-disconnect']); // p4 drops, stays
  assert.equal(v.roster.find((r) => r.id === 'p4').connected, false);
  assert.equal(v.connected, 1);
  v = feed(v, ['player_joined']); // p4 rejoins
  assert.equal(v.roster.filter((r) => r.id === 'p4').length, 1);
  assert.equal(v.roster.find((r) => r.id === 'p4').connected, true);
  v = feed(v, ['player_left']); // gone for good (left or kicked)
  assert.deepEqual(v.roster.map((r) => r.id), ['p1', 'p2']);
  assert.equal(v.players, 3);
});

test('the host counts answers for the open question only', () => {
  let v = feed(initialView('host'), ['question', 'answers']);
  assert.equal(v.answeredCount, 2);
  assert.equal(v.connected, 3);
  v = reduce(v, { type: 'answers', q: 2, answered: 9, connected: 9 });
  assert.equal(v.answeredCount, 2, 'a stale count is ignored');
});

test('the host keeps a line per revealed question for the results', () => {
  let v = feed(initialView('host'), ['question', 'reveal']);
  assert.deepEqual(v.history, [{ q: 3, prompt: 'Which planet is largest?', kind: 'choice', answered: 8, correct_count: 5 }]);
  v = feed(v, ['state-reveal']); // a reload of the same reveal: no double line
  assert.equal(v.history.length, 1);
  assert.equal(v.history[0].prompt, 'Which planet is largest?');
  assert.deepEqual(feed(initialView('player'), ['question', 'reveal']).history, []);
});

test('a kicked player is told so', () => {
  const v = feed(initialView('player'), ['joined', 'kicked']);
  assert.equal(v.kicked, true);
});

test('a server error is kept in plain words', () => {
  const v = feed(initialView('player'), ['error']);
  assert.equal(v.error.code, 'name_taken');
  assert.match(v.error.title, /already has that name/);
});

test('"waiting for the host" shows only after a while, only where the host moves the game', () => {
  let v = feed(initialView('player'), ['joined', 'state-lobby-player'], 1000);
  assert.equal(waitingForHost(v, 1000 + 5000), false);
  assert.equal(waitingForHost(v, 1000 + 20000), true);
  v = feed(v, ['question'], 30000);
  assert.equal(waitingForHost(v, 30000 + 60000), false, 'a question runs on its own clock');
  v = feed(v, ['reveal'], 40000);
  assert.equal(waitingForHost(v, 41000), false);
  assert.equal(waitingForHost(v, 61000), true);
  assert.equal(waitingForHost(feed(initialView('host'), ['state-reveal'], 0), 99999), false);
});

test('the tab remembers seats, host keys and questions per room', () => {
  const map = new Map();
  const storage = { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => map.set(k, v), removeItem: (k) => map.delete(k) };
  const store = makeStore(storage);
  assert.equal(store.seat('K7PQ3M'), null);
  const joined = vector(server, 'joined');
  store.saveSeat('K7PQ3M', { token: joined.token, player_id: joined.player_id, name: joined.name });
  assert.equal(store.seat('K7PQ3M').token, joined.token);
  assert.equal(store.seat('OTHER2'), null);
  store.forgetSeat('K7PQ3M');
  assert.equal(store.seat('K7PQ3M'), null);
  store.saveQuestion('K7PQ3M', vector(server, 'question'));
  assert.deepEqual(store.questions('K7PQ3M')[3].choices, ['Mars', 'Jupiter', 'Venus', 'Earth']);
  // A storage that refuses (private mode) does not break the game.
  const broken = makeStore({ getItem: () => { throw new Error('no'); }, setItem: () => { throw new Error('no'); }, removeItem: () => {} });
  broken.saveSeat('X', { token: 't' });
  assert.equal(broken.seat('X'), null);
});
