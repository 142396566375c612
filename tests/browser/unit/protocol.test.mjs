// The frames the browser sends equal the protocol's golden client vectors.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createOptions, frames, normalizeCode, readFrame, withId } from '../../../client-web/js/protocol.js';
import { client, server, vector } from './vectors.mjs';

/// The vector without its `id`, and the id (to rebuild it with withId).
function split(name) {
  const v = vector(client, name);
  const { id, ...rest } = v;
  return { id, frame: rest, full: v };
}

function same(built, name) {
  const { id, frame, full } = split(name);
  assert.deepEqual(built, frame, `${name} without id`);
  if (id !== undefined) assert.deepEqual(withId(built, id), full, `${name} with id`);
}

test('every client frame the browser sends matches its golden vector', () => {
  same(frames.join('K7PQ3M', 'Ada'), 'join');
  same(frames.join('K7PQ3M', '  Grace Hopper  ', 'Blue'), 'join-team'); // the server trims
  same(frames.join('K7PQ3M', 'Zoë 🦊'), 'join-unicode');
  same(frames.rejoin('K7PQ3M', 'Xq3vN8kR2mT5wY7zA1bC4dE6fG9hJ0sL'), 'rejoin');
  same(frames.host('K7PQ3M', '9f2c4e1ab37d5f60c8e2a4b6d8f01357'), 'host');
  same(frames.create('general-knowledge', {}), 'create-minimal');
  same(frames.answer(0, { choice: 2 }), 'answer-choice');
  same(frames.answer(3, { choices: [0, 2] }), 'answer-choices');
  same(frames.answer(3, { choices: [] }), 'answer-choices-empty');
  same(frames.answer(1, { text: 'Ada Lovelace' }), 'answer-text');
  same(frames.answer(2, { order: [2, 0, 1] }), 'answer-order');
  same(frames.answer(4, { value: 4.5 }), 'answer-value');
  same(frames.answer(5, { value: -42 }), 'answer-value-integer');
  same(frames.start(), 'start');
  same(frames.next(), 'next');
  same(frames.next(null, 'lobby'), 'next-lobby');
  same(frames.next(3, 'reveal'), 'next-seen');
  same(frames.pause(), 'pause');
  same(frames.resume(), 'resume');
  same(frames.end(), 'end');
  same(frames.kick('p7'), 'kick');
  same(frames.lock(true), 'lock');
  same(frames.lock(false), 'lock-open');
  same(frames.ping(1700000000123), 'ping');
  same(frames.ping(null), 'ping-no-t');
  same(frames.leave(), 'leave');
  same(frames.rate('p3', 4), 'rate');
  same(frames.candidate('p5'), 'candidate');
  same(frames.override('p3', 2, 0.75), 'override');
});

test('the host set-up form becomes create options the protocol accepts', () => {
  const full = vector(client, 'create-full').options;
  const built = createOptions({
    count: full.count,
    categories: full.categories,
    time_limit_s: full.time_limit_s,
    scoring: full.scoring,
    shuffle: full.shuffle,
    streak_bonus: full.streak_bonus,
    auto_advance: full.auto_advance,
    format: full.format,
  });
  for (const [k, v] of Object.entries(built)) assert.deepEqual(v, full[k], k);
  // Interview mode is asked for by name; classic is the default and left out.
  assert.deepEqual(createOptions({ mode: 'interview', rating_s: full.rating_s }), { mode: 'interview', rating_s: full.rating_s });
  assert.deepEqual(createOptions({ mode: 'classic' }), {});
  // Empty choices are left out, never sent as null or [].
  assert.deepEqual(createOptions({ categories: [], count: 0, time_limit_s: undefined }), {});
});

test('every server vector reads as a message; junk does not', () => {
  for (const [name, v] of server) {
    const m = readFrame(JSON.stringify(v));
    assert.equal(m?.type, v.type, name);
  }
  for (const junk of ['', 'null', '[]', '"x"', '{"type":3}', '{oops', '42']) {
    assert.equal(readFrame(junk), null, junk);
  }
});

test('room codes are read the way the server matches them', () => {
  assert.equal(normalizeCode(' k7pq-3m '), 'K7PQ3M');
  assert.equal(normalizeCode(null), '');
});
