// Small byte and text helpers: hex, base64url as Python reads it, Python's strip() and len().
// Part of the TR1 verifier; tr1.js is its public entry.

import { DocumentError } from './tr1-core.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf8Encoder = new TextEncoder();

function concatBytes(parts) {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function toHex(bytes) {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}

export function b64url(bytes) {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const B64_VALUES = (() => {
  const table = new Int16Array(128).fill(-1);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  table['-'.charCodeAt(0)] = 62;
  table['_'.charCodeAt(0)] = 63;
  return table;
})();

// Lenient base64url exactly as the Python side reads it (urlsafe_b64decode after padding):
// characters outside the alphabet are skipped, '+' '/' '-' '_' all accepted, and a complete
// padding sequence ends the data. Throws on non-ASCII input or an impossible length.
export function unb64url(text) {
  if (typeof text !== 'string') throw new DocumentError('base64url value must be text');
  if (!/^[\x00-\x7f]*$/.test(text)) throw new DocumentError('base64url value is not ASCII');
  const padded = text + '='.repeat((4 - (text.length % 4)) % 4);
  const out = [];
  let quad = 0;
  let left = 0;
  let pads = 0;
  for (let i = 0; i < padded.length; i++) {
    const code = padded.charCodeAt(i);
    if (code === 61) {
      pads += 1;
      if (quad >= 2 && quad + pads >= 4) return Uint8Array.from(out);
      continue;
    }
    const value = B64_VALUES[code];
    if (value < 0) continue;
    pads = 0;
    if (quad === 0) {
      left = value;
      quad = 1;
    } else if (quad === 1) {
      out.push(((left << 2) | (value >> 4)) & 0xff);
      left = value & 0x0f;
      quad = 2;
    } else if (quad === 2) {
      out.push(((left << 4) | (value >> 2)) & 0xff);
      left = value & 0x03;
      quad = 3;
    } else {
      out.push(((left << 6) | value) & 0xff);
      quad = 0;
    }
  }
  if (quad !== 0) throw new DocumentError('base64url value has an impossible length');
  return Uint8Array.from(out);
}

// Python's str.strip() whitespace, which differs from String.prototype.trim().
const PY_SPACE =
  '\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006' +
  '\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000';

function pyStrip(text) {
  let start = 0;
  let end = text.length;
  while (start < end && PY_SPACE.includes(text[start])) start++;
  while (end > start && PY_SPACE.includes(text[end - 1])) end--;
  return text.slice(start, end);
}

// Length in code points (Python's len), counted only when it could matter.
function codePointLength(text) {
  let length = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        length--;
        i++;
      }
    }
  }
  return length;
}

function longerThan(text, limit) {
  if (text.length <= limit) return false;
  if (text.length > 2 * limit) return true;
  return codePointLength(text) > limit;
}

export { codePointLength, concatBytes, longerThan, pyStrip, utf8, utf8Encoder };
