// The protocol's golden vectors (protocol/vectors/), read once.

import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const folder = join(root, 'protocol', 'vectors');

function load(kind) {
  const out = new Map();
  for (const file of readdirSync(join(folder, kind)).sort()) {
    if (file.endsWith('.json')) {
      out.set(file.slice(0, -'.json'.length), JSON.parse(readFileSync(join(folder, kind, file), 'utf8')));
    }
  }
  return out;
}

export const client = load('client');
export const server = load('server');
export const errors = load('errors');

/// A vector by name; fails loudly when the vector set changed under the test.
export function vector(set, name) {
  const v = set.get(name);
  if (v === undefined) throw new Error(`no golden vector ${name}`);
  return structuredClone(v);
}

export const clientModule = (name) => join(root, 'client-web', 'js', name);
