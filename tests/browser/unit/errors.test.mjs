// Every error the server can send is shown in plain words.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { ERROR_CODES, describeError } from '../../../client-web/js/errors.js';
import { errors, root, server, vector } from './vectors.mjs';

/// The error codes PROTOCOL.md lists, read from the page itself.
function protocolCodes() {
  const text = readFileSync(join(root, 'protocol', 'PROTOCOL.md'), 'utf8');
  const section = text.slice(text.indexOf('Error codes:'), text.indexOf('A bad message never closes'));
  return [...section.matchAll(/`([a-z_]+)`/g)].map((m) => m[1]);
}

test('PROTOCOL.md lists the codes this client knows, no more and no fewer', () => {
  const listed = protocolCodes();
  assert.ok(listed.length >= 17, `found ${listed.length} codes`);
  assert.deepEqual([...new Set(listed)].sort(), [...ERROR_CODES].sort());
});

test('every code has a sentence for people, not the code itself', () => {
  for (const code of protocolCodes()) {
    const { title } = describeError(code, 'x');
    assert.ok(title.length > 15, code);
    if (code.includes('_')) assert.ok(!title.includes(code), `${code}: ${title}`);
    assert.match(title, /^[A-Z].*[.!]$/, `${code}: a sentence`);
  }
});

test('every error code in the golden vectors has its own words', () => {
  const generic = describeError('no_such_code').title;
  const codes = new Set([...errors.values()].map((v) => v.error));
  codes.add(vector(server, 'error').code);
  codes.add(vector(server, 'error-broadcast').code);
  for (const code of codes) {
    assert.notEqual(describeError(code).title, generic, code);
  }
});

test('a code this client does not know still reads as a sentence', () => {
  assert.match(describeError('brand_new').title, /^Something went wrong/);
});

test('context picks better words, and useful server detail is kept', () => {
  assert.match(describeError('forbidden', '', 'rejoin').title, /no longer valid/);
  assert.match(describeError('wrong_phase', '', 'join').title, /over/);
  const invalid = describeError('name_invalid', 'names may not contain control characters', 'join');
  assert.equal(invalid.detail, 'Names may not contain control characters');
  // A server message about tokens is not shown to a player who cannot act on it.
  assert.equal(describeError('forbidden', 'that token is not valid in this room', 'rejoin').detail, '');
});
