// The reconnect policy follows PROTOCOL.md's close-code table exactly.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { CLOSE, afterClose, backoffMs } from '../../../client-web/js/policy.js';
import { root } from './vectors.mjs';

test('the close-code table of PROTOCOL.md', () => {
  const table = {
    1000: false, // normal
    1008: false, // persistent rate_limited
    1009: false, // too_big
    1012: true, // server restarting
    1013: true, // too slow to keep up
    4001: false, // kicked
    4002: false, // room ended
  };
  for (const [code, reconnect] of Object.entries(table)) {
    assert.equal(afterClose(Number(code)).reconnect, reconnect, `close ${code}`);
  }
});

test('the table in this test is the one PROTOCOL.md states', () => {
  const text = readFileSync(join(root, 'protocol', 'PROTOCOL.md'), 'utf8').replace(/\s+/g, ' ');
  for (const phrase of [
    '1000 normal (no)',
    '1008 persistent `rate_limited` (no)',
    '1009 `too_big` (no)',
    '1012 server restarting (yes, then `rejoin`)',
    '1013 too slow to keep up (yes, then `rejoin`)',
    '4001 kicked (no;',
    '4002 room ended (no)',
  ]) {
    assert.ok(text.includes(phrase), `PROTOCOL.md no longer says: ${phrase}`);
  }
});

test('a dropped network (1006) and other unnamed codes are retried', () => {
  for (const code of [1001, 1006, 1011, 1005]) {
    const a = afterClose(code);
    assert.equal(a.reconnect, true, `close ${code}`);
    assert.equal(a.reason, 'lost');
  }
});

test('every verdict has words for people', () => {
  for (const code of [...Object.values(CLOSE), 1011]) {
    const a = afterClose(code);
    assert.equal(typeof a.words, 'string');
    assert.ok(a.words.length > 10, `close ${code}`);
  }
  assert.equal(afterClose(CLOSE.kicked).reason, 'kicked');
  assert.equal(afterClose(CLOSE.room_ended).reason, 'ended');
});

test('backoff doubles from 0.5 s, with jitter, and stops growing at 10 s', () => {
  const low = () => 0;
  const high = () => 0.999999;
  assert.equal(backoffMs(0, low), 250);
  assert.equal(backoffMs(0, high), 500);
  assert.equal(backoffMs(1, high), 1000);
  assert.equal(backoffMs(3, high), 4000);
  assert.equal(backoffMs(5, high), 10000);
  assert.equal(backoffMs(50, high), 10000);
  assert.equal(backoffMs(50, low), 5000);
  for (let a = 0; a < 30; a++) {
    const d = backoffMs(a);
    assert.ok(d >= 250 && d <= 10000, `attempt ${a}: ${d}`);
  }
});
