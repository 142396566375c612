// Which keywords of an `open` question a player's text covered: the same
// stems, words and coverage as the server (tests/data/key_terms.json), and
// marks shown only when they agree with the server's credit.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { coverage, coveredTerms, keywordSpellings, stem, stemmedWords } from '../../../client-web/js/keywords.js';
import { root, server, vector } from './vectors.mjs';

const examples = JSON.parse(readFileSync(join(root, 'tests', 'data', 'key_terms.json'), 'utf8'));
const spellings = (keywords) => keywords.map((k) => (typeof k === 'string' ? [k] : k));

test('stems as the server makes them', () => {
  for (const [word, want] of Object.entries(examples.stems)) {
    assert.equal(stem(word), want, word);
  }
});

test('words as the server reads them: folded, punctuation apart, apostrophes dropped', () => {
  for (const { text, words } of examples.stemmed_words) {
    assert.deepEqual(stemmedWords(text), words, text);
  }
});

test('keywords covered as the server counts them', () => {
  for (const group of examples.covered) {
    for (const { text, covered } of group.cases) {
      assert.deepEqual(coveredTerms(spellings(group.keywords), text), covered, text);
    }
  }
});

test("an open reveal's keywords come with their synonyms", () => {
  const { correct } = vector(server, 'reveal-open');
  assert.deepEqual(keywordSpellings(correct), [['hash map', 'hash table'], ['collision'], ['O(1)']]);
  // Without `synonyms` (as an interview reveal may be), each keyword stands alone.
  assert.deepEqual(keywordSpellings(vector(server, 'reveal-interview').correct), [['destructor'], ['scope'], ['exception']]);
  assert.deepEqual(keywordSpellings({ choice: 1 }), []);
  assert.deepEqual(keywordSpellings(null), []);
});

test('coverage marks each keyword when it agrees with the credit the server gave', () => {
  const { correct } = vector(server, 'reveal-open');
  const text = 'A hash table: collisions go to a list.';
  assert.deepEqual(coverage(correct, text, 2 / 3), [
    { keyword: 'hash map', covered: true },
    { keyword: 'collision', covered: true },
    { keyword: 'O(1)', covered: false },
  ]);
  // result.correct is a boolean for full or no credit; a recap's credit is rounded.
  assert.equal(coverage(correct, 'hash maps, collisions, O(1)', true).every((m) => m.covered), true);
  assert.equal(coverage(correct, 'no idea', false).every((m) => !m.covered), true);
  assert.notEqual(coverage(correct, text, 0.667), null);
});

test('no marks where the server counted otherwise, or there is nothing to mark', () => {
  const { correct } = vector(server, 'reveal-open');
  // The host overrode the credit: the server's word stands, so no marks.
  assert.equal(coverage(correct, 'A hash table: collisions go to a list.', 1), null);
  assert.equal(coverage(correct, undefined, 0), null); // no answer typed
  assert.equal(coverage(correct, 'hash map', undefined), null); // no result yet
  assert.equal(coverage({ value: 42, tolerance: 2 }, '42', 1), null); // not an open question
});
