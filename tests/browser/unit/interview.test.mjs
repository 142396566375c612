// Interview mode as the screens see it, driven by the golden server vectors.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { canRate, candidateOf, describeRated, isCandidate, rubric, withSavedQuestion } from '../../../client-web/js/interview.js';
import { initialView, rating, ratingRefused, reduce } from '../../../client-web/js/model.js';
import { makeStore } from '../../../client-web/js/storage.js';
import { server, vector } from './vectors.mjs';

function fakeStorage() {
  const data = new Map();
  return { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => data.set(k, String(v)), removeItem: (k) => data.delete(k) };
}

const joinedAs = (id) => reduce(initialView('player'), { type: 'joined', player_id: id, token: 't', name: id, team: null });
const asked = (view) => reduce(view, vector(server, 'question-interview'), 0);
// The vectors' question and reveal are both of question 1; rating closes at 1700000020000.
const revealed = (view) => reduce(asked(view), vector(server, 'reveal-interview'), 0);
const beforeDeadline = 1700000019999;

test('the question names its candidate; only that player is the candidate', () => {
  assert.deepEqual(candidateOf(asked(joinedAs('p2'))), { id: 'p2', name: 'Grace' });
  assert.equal(isCandidate(asked(joinedAs('p2'))), true);
  assert.equal(isCandidate(asked(joinedAs('p3'))), false);
  // A classic question has no candidate.
  assert.equal(candidateOf(reduce(joinedAs('p2'), vector(server, 'question'), 0)), null);
});

test('the rubric marks the keywords the typed answer covered, and only those', () => {
  assert.deepEqual(rubric(vector(server, 'reveal-interview')), [
    { keyword: 'destructor', covered: true },
    { keyword: 'scope', covered: true },
    { keyword: 'exception', covered: false },
  ]);
  assert.deepEqual(rubric(vector(server, 'reveal-poll')), []);
});

test('a rater may rate once, before the deadline and before `rated`; never the candidate', () => {
  const rater = revealed(joinedAs('p3'));
  assert.equal(canRate(rater, beforeDeadline), true);
  assert.equal(canRate(rater, 1700000020000), false);
  assert.equal(canRate(rating(rater, 4), beforeDeadline), false);
  assert.equal(canRate(reduce(rater, vector(server, 'rated'), 0), beforeDeadline), false);
  assert.equal(canRate(revealed(joinedAs('p2')), beforeDeadline), false);
  // The host screen rates too.
  assert.equal(canRate(revealed(initialView('host')), beforeDeadline), true);
  // Not in the question phase, nor in a classic reveal.
  assert.equal(canRate(asked(joinedAs('p3')), beforeDeadline), false);
  assert.equal(canRate(reduce(joinedAs('p3'), vector(server, 'reveal'), 0), beforeDeadline), false);
});

test('a refused rating frees the buttons again, unless one was given before', () => {
  const sent = rating(revealed(joinedAs('p3')), 5);
  assert.equal(ratingRefused(sent, 'late').myRating, null);
  assert.equal(ratingRefused(sent, 'duplicate').myRating, 5);
  assert.equal(ratingRefused(revealed(joinedAs('p3')), 'duplicate').myRating, 'given');
});

test('the next question forgets the last rating', () => {
  const done = reduce(rating(revealed(joinedAs('p3')), 4), vector(server, 'rated'), 0);
  assert.equal(done.rated.points, 700);
  const next = reduce(done, { ...vector(server, 'question-interview'), q: 2 }, 0);
  assert.equal(next.rated, null);
  assert.equal(next.myRating, null);
});

test('a rater reloaded into the reveal gets the candidate back from the saved question', () => {
  const store = makeStore(fakeStorage());
  store.saveQuestion('K7PQ3M', vector(server, 'question-interview'));
  const reloaded = reduce(joinedAs('p3'), vector(server, 'state-reveal'), 0);
  // Without the question, nobody can tell who to rate.
  const bare = { ...reloaded, reveal: vector(server, 'reveal-interview'), q: 1 };
  assert.equal(canRate(bare, beforeDeadline), false);
  const back = withSavedQuestion(bare, store.questions('K7PQ3M'));
  assert.deepEqual(candidateOf(back), { id: 'p2', name: 'Grace' });
  assert.equal(canRate(back, beforeDeadline), true);
  // A view that has its question keeps it.
  const asked1 = asked(joinedAs('p3'));
  assert.equal(withSavedQuestion(asked1, {}), asked1);
});

test('`rated` in words', () => {
  assert.equal(describeRated(vector(server, 'rated')), 'Median 3.5 of 5 from 4 ratings: 700 points');
  assert.equal(describeRated({ q: 1, median: 4, ratings: 1, points: 800 }), 'Median 4 of 5 from 1 rating: 800 points');
  assert.equal(describeRated({ q: 1, median: 0, ratings: 0, points: 400 }), 'No ratings: 400 points for the key terms covered');
});
