// Base45 (RFC 9285)
// Part of the TR1 verifier; tr1.js is its public entry.

import { Failure } from './tr1-core.js';

const B45_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
const B45_VALUES = (() => {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < B45_ALPHABET.length; i++) table[B45_ALPHABET.charCodeAt(i)] = i;
  return table;
})();

export function base45Decode(text) {
  const values = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const value = code < 128 ? B45_VALUES[code] : -1;
    if (value < 0) throw new Failure('BASE45_INVALID', 'character outside the base45 alphabet');
    values[i] = value;
  }
  const groups = Math.floor(values.length / 3);
  const tail = values.length % 3;
  if (tail === 1) throw new Failure('BASE45_INVALID', 'length leaves a dangling character');
  const out = new Uint8Array(2 * groups + tail / 2);
  for (let g = 0; g < groups; g++) {
    const n = values[3 * g] + 45 * values[3 * g + 1] + 2025 * values[3 * g + 2];
    if (n > 0xffff) throw new Failure('BASE45_INVALID', 'a three-character group exceeds 65535');
    out[2 * g] = n >> 8;
    out[2 * g + 1] = n & 0xff;
  }
  if (tail === 2) {
    const n = values[values.length - 2] + 45 * values[values.length - 1];
    if (n > 0xff) throw new Failure('BASE45_INVALID', 'the final two-character group exceeds 255');
    out[out.length - 1] = n;
  }
  return out;
}
