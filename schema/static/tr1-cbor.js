// Strict CBOR: one definite-length item, no trailing bytes, map keys integers or text and never
// repeated, valid UTF-8, at most MAX_DEPTH levels of arrays, maps and tags. Tags stay opaque.
// Also the one CBOR structure the verifier encodes: the bytes a COSE_Sign1 signs.
// Part of the TR1 verifier; tr1.js is its public entry.

import { concatBytes, utf8, utf8Encoder } from './tr1-bytes.js';
import { MAX_DEPTH } from './tr1-core.js';

export class CborError extends Error {}
export class CborTag {
  constructor(tag, value) {
    this.tag = tag;
    this.value = value;
  }
}
export class CborSimple {
  constructor(value) {
    this.value = value;
  }
}
export class CborFloat {
  constructor(value) {
    this.value = value;
  }
}
export const UNDEFINED = Object.freeze({ cbor: 'undefined' });

function intFrom(big) {
  return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(big)
    : big;
}

function isInt(value) {
  return typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value));
}

function halfToFloat(bits) {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

class CborReader {
  constructor(bytes) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = 0;
  }

  take(n) {
    if (this.pos + n > this.bytes.length) throw new CborError('truncated CBOR item');
    const start = this.pos;
    this.pos += n;
    return start;
  }

  item(depth) {
    const initial = this.bytes[this.take(1)];
    const major = initial >> 5;
    const info = initial & 0x1f;
    let arg;
    let start = this.pos;
    if (info < 24) arg = info;
    else if (info === 24) arg = this.bytes[this.take(1)];
    else if (info === 25) arg = this.view.getUint16((start = this.take(2)));
    else if (info === 26) arg = this.view.getUint32((start = this.take(4)));
    else if (info === 27) arg = intFrom(this.view.getBigUint64((start = this.take(8))));
    else if (info === 31) throw new CborError('indefinite-length items are not allowed');
    else throw new CborError('reserved additional information value');
    const remaining = this.bytes.length - this.pos;
    switch (major) {
      case 0:
        return arg;
      case 1:
        return intFrom(-1n - BigInt(arg));
      case 2:
      case 3: {
        if (typeof arg === 'bigint' || arg > remaining) {
          throw new CborError('string runs past the end of the data');
        }
        const from = this.take(arg);
        const raw = this.bytes.slice(from, from + arg);
        if (major === 2) return raw;
        try {
          return utf8.decode(raw);
        } catch {
          throw new CborError('text string is not valid UTF-8');
        }
      }
      case 7:
        return this.simple(info, arg, start);
      default:
        break;
    }
    if (depth >= MAX_DEPTH) throw new CborError(`nesting deeper than ${MAX_DEPTH}`);
    if (major === 4) {
      if (typeof arg === 'bigint' || arg > remaining) {
        throw new CborError('array runs past the end of the data');
      }
      const items = [];
      for (let i = 0; i < arg; i++) items.push(this.item(depth + 1));
      return items;
    }
    if (major === 5) {
      if (typeof arg === 'bigint' || 2 * arg > remaining) {
        throw new CborError('map runs past the end of the data');
      }
      const map = new Map();
      for (let i = 0; i < arg; i++) {
        const key = this.item(depth + 1);
        if (!isInt(key) && typeof key !== 'string') {
          throw new CborError('map keys must be integers or text strings');
        }
        if (map.has(key)) throw new CborError('duplicate map key');
        map.set(key, this.item(depth + 1));
      }
      return map;
    }
    return new CborTag(arg, this.item(depth + 1));
  }

  simple(info, arg, start) {
    if (info < 24) {
      if (arg === 20) return false;
      if (arg === 21) return true;
      if (arg === 22) return null;
      if (arg === 23) return UNDEFINED;
      return new CborSimple(arg);
    }
    if (info === 24) {
      if (arg < 32) throw new CborError('simple value below 32 in two-byte form');
      return new CborSimple(arg);
    }
    if (info === 25) return new CborFloat(halfToFloat(this.view.getUint16(start)));
    if (info === 26) return new CborFloat(this.view.getFloat32(start));
    return new CborFloat(this.view.getFloat64(start));
  }
}

/** Decode exactly one strict CBOR item from `bytes`, or throw CborError. */
export function decodeCbor(bytes) {
  const reader = new CborReader(bytes);
  const item = reader.item(0);
  if (reader.pos !== bytes.length) throw new CborError('trailing bytes after the CBOR item');
  return item;
}

function cborHead(major, length) {
  if (length < 24) return Uint8Array.of((major << 5) | length);
  if (length < 0x100) return Uint8Array.of((major << 5) | 24, length);
  if (length < 0x10000) return Uint8Array.of((major << 5) | 25, length >> 8, length & 0xff);
  return Uint8Array.of(
    (major << 5) | 26,
    (length >>> 24) & 0xff,
    (length >> 16) & 0xff,
    (length >> 8) & 0xff,
    length & 0xff,
  );
}

const SIG_STRUCTURE_HEAD = concatBytes([Uint8Array.of(0x84, 0x6a), utf8Encoder.encode('Signature1')]);

/** The bytes a COSE_Sign1 signs: ["Signature1", protected, h'', payload]. */
export function sigStructure(protectedBytes, payload) {
  return concatBytes([
    SIG_STRUCTURE_HEAD,
    cborHead(2, protectedBytes.length),
    protectedBytes,
    Uint8Array.of(0x40),
    cborHead(2, payload.length),
    payload,
  ]);
}

export { isInt };
