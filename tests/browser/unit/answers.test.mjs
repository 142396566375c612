// How answers look and read: shapes for colour-blind players, and the
// correct answers of the golden reveal and recap vectors in words.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  LOOKS,
  OPEN_TEXT_MAX,
  answerFields,
  choicesOf,
  correctIndexes,
  describeAnswer,
  describeCorrect,
  inputOf,
  lookOf,
  moveItem,
  ordinal,
  parseNumber,
  points,
  textBudget,
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
  same(6, 'open', vector(client, 'answer-text-open').text, 'answer-text-open');
});

test('each new kind gets its own input', () => {
  assert.equal(inputOf('order'), 'order');
  assert.equal(inputOf('number'), 'number');
  assert.equal(inputOf('open'), 'longtext');
  assert.equal(inputOf('text'), 'text');
});

test('numbers as players type them, and what is not one', () => {
  const read = {
    '42': 42,
    ' -3.5 ': -3.5,
    '+2': 2,
    '.5': 0.5,
    '5.': 5,
    '1e3': 1000,
    '3,5': 3.5, // a phone keyboard's decimal comma
    '1 000': 1000,
    '\u22127': -7, // a typographic minus
  };
  for (const [text, n] of Object.entries(read)) assert.equal(parseNumber(text), n, text);
  for (const text of ['', '  ', 'abc', '42abc', '1,000', '1,000.5', '1,5,6', 'Infinity', 'NaN', '1e999', '0x10', '--1']) {
    assert.equal(parseNumber(text), null, text);
  }
});

test('the open answer counter counts characters as the server does, up to 2,000', () => {
  assert.equal(OPEN_TEXT_MAX, 2000);
  assert.deepEqual(textBudget('', OPEN_TEXT_MAX), { count: 0, over: false, label: '0 / 2,000' });
  assert.deepEqual(textBudget('x'.repeat(2000), OPEN_TEXT_MAX), { count: 2000, over: false, label: '2,000 / 2,000' });
  assert.equal(textBudget('x'.repeat(2001), OPEN_TEXT_MAX).over, true);
  // An emoji is two UTF-16 units but one character.
  assert.deepEqual(textBudget('😀'.repeat(2000), OPEN_TEXT_MAX), { count: 2000, over: false, label: '2,000 / 2,000' });
  assert.equal(textBudget('é'.repeat(2001), OPEN_TEXT_MAX).over, true);
  assert.equal(vector(client, 'answer-text-open').text.length, 2000);
});

test('order items move up and down, never off the list', () => {
  assert.deepEqual(moveItem([0, 1, 2], 1, -1), [1, 0, 2]);
  assert.deepEqual(moveItem([0, 1, 2], 1, 1), [0, 2, 1]);
  assert.deepEqual(moveItem([0, 1, 2], 0, -1), [0, 1, 2]);
  assert.deepEqual(moveItem([0, 1, 2], 2, 1), [0, 1, 2]);
  const order = [2, 0, 1];
  moveItem(order, 0, 1);
  assert.deepEqual(order, [2, 0, 1], 'the order given is left as it is');
});

test('reveals read in words', () => {
  const q = vector(server, 'question');
  assert.equal(describeCorrect(vector(server, 'reveal').correct, q.choices), 'Jupiter');
  assert.equal(describeCorrect(vector(server, 'reveal-number').correct, []), '42 (± 2)');
  assert.equal(describeCorrect(vector(server, 'reveal-poll').correct, ['a', 'b', 'c']), '');
  assert.equal(describeCorrect(vector(server, 'reveal-interview').correct), 'Key points: destructor, scope, exception');
  assert.equal(describeCorrect(vector(server, 'reveal-open').correct), 'Key points: hash map, collision, O(1)');
  assert.equal(describeCorrect(vector(server, 'reveal-order').correct, ['Earth', 'Mars', 'Mercury']), 'Mercury → Earth → Mars');
  assert.equal(describeCorrect({ value: 1822, tolerance: 0 }), '1822');
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
