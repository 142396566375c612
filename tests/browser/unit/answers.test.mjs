// How answers look and read: shapes for colour-blind players, and the
// correct answers of the golden reveal and recap vectors in words.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  LOOKS,
  answerFields,
  choicesOf,
  correctIndexes,
  describeAnswer,
  describeCorrect,
  lookOf,
  ordinal,
  points,
} from '../../../client-web/js/answers.js';
import { frames } from '../../../client-web/js/protocol.js';
import { client, server, vector } from './vectors.mjs';

test('every answer has its own shape, not only its own colour', () => {
  const shapes = new Set(LOOKS.map((l) => l.shape));
  const colours = new Set(LOOKS.map((l) => l.colour));
  assert.equal(shapes.size, LOOKS.length);
  assert.equal(colours.size, LOOKS.length);
  assert.equal(lookOf(0).shape, 'triangle');
  assert.equal(lookOf(LOOKS.length).shape, 'triangle', 'wraps around');
});

test('answer fields for each kind build the golden answer frames', () => {
  const same = (q, kind, given, name) => {
    const { id, ...want } = vector(client, name);
    assert.deepEqual(frames.answer(q, answerFields(kind, given)), want, name);
  };
  same(0, 'choice', 2, 'answer-choice');
  same(3, 'multi', [2, 0], 'answer-choices');
  same(3, 'multi', [], 'answer-choices-empty');
  same(1, 'text', 'Ada Lovelace', 'answer-text');
  same(2, 'order', [2, 0, 1], 'answer-order');
  same(4, 'number', '4.5', 'answer-value');
  same(5, 'number', -42, 'answer-value-integer');
});

test('reveals read in words', () => {
  const q = vector(server, 'question');
  assert.equal(describeCorrect(vector(server, 'reveal').correct, q.choices), 'Jupiter');
  assert.equal(describeCorrect(vector(server, 'reveal-number').correct, []), '42 (± 2)');
  assert.equal(describeCorrect(vector(server, 'reveal-poll').correct, ['a', 'b', 'c']), '');
  assert.equal(describeCorrect(vector(server, 'reveal-interview').correct), 'Key points: destructor, scope, exception');
  assert.equal(describeCorrect({ choices: [0, 2] }, ['He', 'O', 'Ne']), 'He and Ne');
  assert.deepEqual([...correctIndexes(vector(server, 'reveal').correct)], [1]);
  assert.deepEqual([...correctIndexes(null)], []);
});

test('recap items read in words', () => {
  const [missed, partial] = vector(server, 'recap').items;
  assert.equal(describeAnswer(missed.your_answer), 'No answer');
  assert.equal(describeCorrect(missed.correct), 'Ada Lovelace or Lovelace');
  assert.equal(describeAnswer(partial.your_answer, ['small', 'big', 'medium']), 'small → medium → big');
  assert.equal(describeCorrect(partial.correct, ['small', 'big', 'medium']), 'medium → small → big');
  // Without the question's choices a pick still reads as something.
  assert.equal(describeAnswer({ choice: 1 }), 'answer 2');
});

test('the state vector answer reads as the choice picked', () => {
  const s = vector(server, 'state-question-player');
  assert.equal(describeAnswer(s.you.answer, choicesOf(s.question)), 'Jupiter');
});

test('true/false questions without choices still get two buttons', () => {
  assert.deepEqual(choicesOf({ kind: 'truefalse' }), ['True', 'False']);
  assert.deepEqual(choicesOf({ kind: 'text' }), []);
});

test('ranks and points read well', () => {
  assert.deepEqual([1, 2, 3, 4, 11, 12, 13, 21, 22, 101].map(ordinal), ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '101st']);
  assert.equal(points(2900), '2,900');
  assert.equal(points(1234567), '1,234,567');
  assert.equal(points(0), '0');
});
