// TR1 credential verifier for the browser: a second, independent implementation of the
// Python `signing.verify`, with the same checks in the same order and the same error codes.
//
//   TR1 text = "TR1:" + base45(payload), payload = zlib(COSE_Sign1) or the raw COSE_Sign1
//   COSE_Sign1 = tag 18 [protected {1: alg, 4: kid}, unprotected (ignored), payload, signature]
//   payload = CWT claims {1 iss, 4 exp, 5 nbf, 6 iat, 7 cti, -65537 TR1 claim}
//
// Everything runs on this device: the credential text is never sent anywhere. The only inputs
// besides the text are the issuer's trust list (JWKS) and its signed status lists, which the
// caller loads with `loadTrustList` and `loadStatusLists`.
//
// `verify` never throws for bad input: it resolves to
//   {valid, code, message, claims, kid, alg, keyStatus, statusChecked}
// where `code` is null when valid, else one of ERROR_CODES (or UNSUPPORTED when this browser
// lacks a feature needed to check the credential, e.g. Ed25519 in WebCrypto). `claims` is set
// when the signature checked out, even if the credential is not valid now (expired, revoked…).

export const PREFIX = 'TR1:';
// The largest QR code (version 40-L) holds 4,296 alphanumeric characters; nothing longer is ours.
export const MAX_TEXT = 4296;
export const MAX_DECOMPRESSED = 8192;
export const DEFAULT_LEEWAY = 300;
export const MAX_DEPTH = 8;
export const MIN_LIST_SIZE = 131072;
const MAX_LIST_SIZE = 2 ** 27;
const MAX_DOCUMENT = 4 * 1024 * 1024;
const MAX_CLAIM_TEXT = 200;
const TR1_CLAIM = -65537;

export const ERROR_CODES = Object.freeze([
  'PREFIX_INVALID',
  'BASE45_INVALID',
  'DECOMPRESS_FAILED',
  'COSE_MALFORMED',
  'CLAIMS_MALFORMED',
  'KID_UNKNOWN',
  'ALG_NOT_ALLOWED',
  'SIGNATURE_INVALID',
  'KEY_COMPROMISED',
  'NOT_YET_VALID',
  'EXPIRED',
  'REVOKED',
  'SUSPENDED',
  'STATUS_UNAVAILABLE',
  'TOO_LARGE',
]);
// Not a verdict on the credential: this browser cannot perform a check (never from Python).
export const UNSUPPORTED = 'UNSUPPORTED';

export const KINDS = Object.freeze({
  1: 'CREATOR_RECOGNITION',
  2: 'AWARD',
  3: 'SKILL_CERTIFICATE',
  4: 'TALENT_ELIGIBILITY',
});
const ALGORITHMS = Object.freeze({ ES256: -7, EdDSA: -8 });
const KEY_STATUSES = new Set(['active', 'retired', 'compromised']);

class Failure extends Error {
  constructor(code, message, { kid = null, claims = null } = {}) {
    super(message);
    this.code = code;
    this.kid = kid;
    this.claims = claims;
  }
}

/** A JWKS or status list document that cannot be used. */
export class DocumentError extends Error {}

// ---------------------------------------------------------------------------------------------
// Small byte and text helpers

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

// ---------------------------------------------------------------------------------------------
// Time: BigInt microseconds since the epoch, so comparisons are exact.

const MICROS = 1000000n;

function timeFromSeconds(seconds) {
  return BigInt(seconds) * MICROS;
}

const ISO_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:.(\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d{1,6})\d*)?)?)?)?(Z|z|[+-]\d{2}(?::?\d{2}(?::?\d{2}(?:\.\d{1,6})?)?)?)?$/u;

/** Parse an ISO 8601 date-time with a time zone into BigInt microseconds (null if invalid). */
export function parseIsoMicros(text) {
  if (typeof text !== 'string') return null;
  const m = ISO_PATTERN.exec(text);
  if (!m || m[4] === undefined || m[8] === undefined) return null;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) =>
    Number(m[i] ?? 0),
  );
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const daysInMonth = new Date(Date.UTC(2000, month, 0)).getUTCDate();
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 ? (leap ? 29 : 28) : daysInMonth) || year < 1) return null;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  let micros = BigInt(date.getTime()) * 1000n + BigInt((m[7] ?? '').padEnd(6, '0') || '0');
  const zone = m[8];
  if (zone !== 'Z' && zone !== 'z') {
    const digits = zone.slice(1).replace(/:/g, '');
    const offset =
      Number(digits.slice(0, 2)) * 3600 +
      Number(digits.slice(2, 4) || 0) * 60 +
      Number(digits.slice(4, 6) || 0);
    if (Number(digits.slice(0, 2)) > 23 || Number(digits.slice(2, 4) || 0) > 59) return null;
    micros -= BigInt(offset) * MICROS * (zone[0] === '-' ? -1n : 1n);
  }
  return micros;
}

function toMicros(now) {
  if (now === undefined || now === null) return BigInt(Date.now()) * 1000n;
  if (now instanceof Date) return BigInt(now.getTime()) * 1000n;
  if (typeof now === 'number') return BigInt(Math.round(now)) * 1000n;
  if (typeof now === 'bigint') return now;
  const micros = parseIsoMicros(String(now));
  if (micros === null) throw new TypeError('now must be a Date, epoch milliseconds or ISO 8601');
  return micros;
}

function isoFromMicros(micros) {
  return new Date(Number(micros / 1000n)).toISOString().replace('.000Z', 'Z');
}

// ---------------------------------------------------------------------------------------------
// Base45 (RFC 9285)

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

// ---------------------------------------------------------------------------------------------
// Inflate with the browser's DecompressionStream, capped.

class InflateError extends Error {
  constructor(tooLarge, message) {
    super(message);
    this.tooLarge = tooLarge;
  }
}

// Feeds `data` to a DecompressionStream in `step`-byte writes and counts the output as it comes.
// The stream applies backpressure, so all output of one write is read before the next write is
// inflated: a failure is reported after exactly the output that preceded it.
async function inflateOnce(format, data, cap, step) {
  const stream = new DecompressionStream(format);
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  const chunks = [];
  let total = 0;
  let tooLarge = false;
  const reading = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      total += value.length;
      if (total > cap) {
        tooLarge = true;
        chunks.length = 0;
        await reader.cancel().catch(() => {});
        return;
      }
      chunks.push(value);
    }
  })();
  const writing = (async () => {
    for (let offset = 0; offset < data.length && !tooLarge; offset += step) {
      await writer.write(data.slice(offset, offset + step));
    }
    if (!tooLarge) await writer.close();
  })();
  const [read, written] = await Promise.allSettled([reading, writing]);
  if (tooLarge) throw new InflateError(true, `inflates beyond ${cap} bytes`);
  if (read.status === 'rejected' || written.status === 'rejected') {
    throw new InflateError(false, 'not a complete, well-formed stream');
  }
  return concatBytes(chunks);
}

/** Inflate zlib (`deflate`) or GZIP (`gzip`) data; at most `cap` bytes of output. */
export async function inflate(data, { format = 'deflate', cap = MAX_DECOMPRESSED } = {}) {
  if (typeof DecompressionStream !== 'function') {
    throw new Failure(UNSUPPORTED, 'this browser has no DecompressionStream');
  }
  try {
    return await inflateOnce(format, data, cap, Math.max(data.length, 1));
  } catch (error) {
    if (!(error instanceof InflateError) || error.tooLarge) throw error;
  }
  // Malformed data: find out whether more than `cap` bytes came out before the fault (the
  // reference reports TOO_LARGE then). Byte by byte is slow, but only bad input pays for it.
  return inflateOnce(format, data, cap, 1);
}

// ---------------------------------------------------------------------------------------------
// Strict CBOR: one definite-length item, no trailing bytes, map keys integers or text and never
// repeated, valid UTF-8, at most MAX_DEPTH levels of arrays, maps and tags. Tags stay opaque.

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

// ---------------------------------------------------------------------------------------------
// COSE_Sign1

const COSE_SIGN1_TAG = 18;
const HEADER_ALG = 1;
const HEADER_CRIT = 2;
const HEADER_KID = 4;

function coseFail(message) {
  return new Failure('COSE_MALFORMED', message);
}

/** Parse (not verify) a tagged COSE_Sign1; its fields are untrusted until verified. */
export function parseSign1Unverified(raw) {
  let item;
  try {
    item = decodeCbor(raw);
  } catch (error) {
    throw coseFail(`not CBOR: ${error.message}`);
  }
  if (!(item instanceof CborTag) || item.tag !== COSE_SIGN1_TAG) {
    throw coseFail('not a tagged COSE_Sign1 (tag 18)');
  }
  const body = item.value;
  if (!Array.isArray(body) || body.length !== 4) {
    throw coseFail('COSE_Sign1 must be an array of four items');
  }
  const [protectedBytes, unprotected, payload, signature] = body;
  if (!(protectedBytes instanceof Uint8Array) || protectedBytes.length === 0) {
    throw coseFail('protected header must be a non-empty byte string');
  }
  if (!(unprotected instanceof Map)) throw coseFail('unprotected header must be a map');
  if (!(payload instanceof Uint8Array)) throw coseFail('payload must be an attached byte string');
  if (!(signature instanceof Uint8Array)) throw coseFail('signature must be a byte string');
  let header;
  try {
    header = decodeCbor(protectedBytes);
  } catch (error) {
    throw coseFail(`protected header is not CBOR: ${error.message}`);
  }
  if (!(header instanceof Map)) throw coseFail('protected header must be a map');
  if (header.has(HEADER_CRIT)) {
    // RFC 9052 §3.1: a non-empty array of labels the recipient must understand, or reject.
    const crit = header.get(HEADER_CRIT);
    if (!Array.isArray(crit) || crit.length === 0) throw coseFail('crit must be a non-empty array');
    for (const label of crit) {
      if (!isInt(label) && typeof label !== 'string') {
        throw coseFail('crit labels must be integers or text strings');
      }
      if (label !== HEADER_ALG && label !== HEADER_KID) {
        throw coseFail('unknown critical header parameter');
      }
    }
  }
  const alg = header.get(HEADER_ALG);
  const kid = header.get(HEADER_KID);
  if (!isInt(alg)) throw coseFail('protected header lacks an integer alg');
  if (!(kid instanceof Uint8Array) || kid.length === 0) {
    throw coseFail('protected header lacks a kid');
  }
  return { protected: protectedBytes, alg, kid, payload, signature };
}

// ---------------------------------------------------------------------------------------------
// CWT claims

class ClaimsError extends Error {}

const TOP_KEYS = new Set([1, 4, 5, 6, 7, TR1_CLAIM]);
const REQUIRED_KEYS = [1, 4, 6, 7, TR1_CLAIM];
const PRIVATE_KEYS = new Set([1, 2, 3, 4, 5, 6]);
const ACHIEVEMENT_KEYS = new Set([1, 2, 3, 4, 5, 6, 7, 8]);
// The latest second Python's datetime can represent (9999-12-31T23:59:59Z).
const MAX_EPOCH = 253402300799n;

function keysWithin(map, allowed, what) {
  if (!(map instanceof Map)) throw new ClaimsError(`${what} must be a map`);
  for (const key of map.keys()) {
    if (typeof key !== 'number' || !allowed.has(key)) {
      throw new ClaimsError(`${what} has unknown keys`);
    }
  }
  return map;
}

function claimText(value, what) {
  // Absent means "not stated"; an explicit null is malformed, as in the Python verifier.
  if (value === undefined) return null;
  if (typeof value === 'string') {
    const length = codePointLength(value);
    if (length > 0 && length <= MAX_CLAIM_TEXT) return value;
  }
  throw new ClaimsError(`${what} must be a non-empty text of at most ${MAX_CLAIM_TEXT} characters`);
}

function claimInt(value, what) {
  if (value === undefined) return null;
  if (isInt(value) && value >= 0) return value;
  throw new ClaimsError(`${what} must be a non-negative integer`);
}

function claimTime(value, what) {
  if (!isInt(value) || value < 0) {
    throw new ClaimsError(`${what} must be a non-negative integer NumericDate`);
  }
  if (BigInt(value) > MAX_EPOCH) throw new ClaimsError(`${what} is out of range`);
  return timeFromSeconds(value);
}

function formatCredentialId(bytes) {
  const hex = toHex(bytes);
  if (bytes.length !== 16) return hex;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function plainInt(value) {
  return typeof value === 'bigint' ? value.toString() : value;
}

function claimsFromCbor(raw) {
  keysWithin(raw, TOP_KEYS, 'claims');
  for (const key of REQUIRED_KEYS) {
    if (!raw.has(key)) throw new ClaimsError('required claims are missing');
  }
  const cti = raw.get(7);
  if (!(cti instanceof Uint8Array) || cti.length < 1 || cti.length > 32) {
    throw new ClaimsError('cti must be a byte string of 1 to 32 bytes');
  }
  const tr1 = keysWithin(raw.get(TR1_CLAIM), PRIVATE_KEYS, 'TR1 claim');
  const kindCode = tr1.get(1);
  const kind = typeof kindCode === 'number' ? KINDS[kindCode] : undefined;
  if (kind === undefined || !Object.hasOwn(KINDS, kindCode)) {
    throw new ClaimsError('unknown credential kind');
  }
  const a = keysWithin(tr1.get(4), ACHIEVEMENT_KEYS, 'achievement');
  const code = a.get(1);
  if (code === undefined) throw new ClaimsError('achievement code is missing');
  const achievement = {
    code: claimText(code, 'achievement code'),
    level: claimText(a.get(2), 'level'),
    direction: claimText(a.get(3), 'direction'),
    grade: claimText(a.get(4), 'grade'),
    year: claimInt(a.get(5), 'year'),
    region: claimText(a.get(6), 'region'),
    number: claimText(a.get(7), 'number'),
    title: claimText(a.get(8), 'title'),
  };
  let status = null;
  const ref = tr1.get(5);
  if (ref !== undefined) {
    if (!Array.isArray(ref) || ref.length !== 2 || ref.includes(null)) {
      throw new ClaimsError('status reference must be [list id, index]');
    }
    status = { listId: claimInt(ref[0], 'status list id'), index: claimInt(ref[1], 'status index') };
  }
  const subject = tr1.get(2);
  const name = tr1.get(3);
  if (subject === undefined || name === undefined) {
    throw new ClaimsError('subject id and name are required');
  }
  const issuer = raw.get(1);
  const nbf = raw.get(5);
  return {
    issuer: claimText(issuer, 'iss'),
    credentialId: cti,
    kind,
    kindCode,
    subjectId: claimText(subject, 'subject id'),
    subjectName: claimText(name, 'subject name'),
    achievement,
    validUntil: claimTime(raw.get(4), 'exp'),
    validFrom: nbf === undefined ? null : claimTime(nbf, 'nbf'),
    status,
    organisation: claimText(tr1.get(6), 'organisation'),
    issuedAt: claimTime(raw.get(6), 'iat'),
  };
}

/** Plain JSON-friendly claims for display (times as ISO text, ids as text). */
function presentClaims(claims) {
  const achievement = {};
  for (const [key, value] of Object.entries(claims.achievement)) {
    if (value !== null) achievement[key] = plainInt(value);
  }
  return {
    issuer: claims.issuer,
    credentialId: formatCredentialId(claims.credentialId),
    kind: claims.kind,
    subjectId: claims.subjectId,
    subjectName: claims.subjectName,
    achievement,
    organisation: claims.organisation,
    issuedAt: isoFromMicros(claims.issuedAt),
    validFrom: claims.validFrom === null ? null : isoFromMicros(claims.validFrom),
    validUntil: isoFromMicros(claims.validUntil),
    status:
      claims.status === null
        ? null
        : { listId: plainInt(claims.status.listId), index: plainInt(claims.status.index) },
  };
}

// ---------------------------------------------------------------------------------------------
// Keys and the trust list (JWKS)

// RFC 8032 test key 1: probes whether this browser's WebCrypto knows Ed25519.
const ED25519_PROBE = { kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' };
let ed25519Support = null;

export function ed25519Supported() {
  if (ed25519Support === null) {
    ed25519Support = (async () => {
      try {
        await crypto.subtle.importKey('jwk', ED25519_PROBE, { name: 'Ed25519' }, false, ['verify']);
        return true;
      } catch {
        return false;
      }
    })();
  }
  return ed25519Support;
}

function coordinate(value, what) {
  let bytes;
  try {
    bytes = unb64url(value);
  } catch {
    throw new DocumentError(`JWK ${what} is not base64url`);
  }
  if (bytes.length !== 32) throw new DocumentError(`JWK ${what} must be 32 bytes`);
  return bytes;
}

async function importPublicKey(jwk) {
  if (jwk.kty === 'EC' && jwk.crv === 'P-256') {
    const x = coordinate(jwk.x, 'x');
    const y = coordinate(jwk.y, 'y');
    try {
      const key = await crypto.subtle.importKey(
        'jwk',
        { kty: 'EC', crv: 'P-256', x: b64url(x), y: b64url(y), ext: true },
        { name: 'ECDSA', namedCurve: 'P-256' },
        false,
        ['verify'],
      );
      return { alg: 'ES256', key, members: ['crv', 'kty', 'x', 'y'] };
    } catch {
      throw new DocumentError('invalid P-256 public key');
    }
  }
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') {
    const x = coordinate(jwk.x, 'x');
    if (!(await ed25519Supported())) {
      return { alg: 'EdDSA', key: null, members: ['crv', 'kty', 'x'] };
    }
    try {
      const key = await crypto.subtle.importKey(
        'jwk',
        { kty: 'OKP', crv: 'Ed25519', x: b64url(x), ext: true },
        { name: 'Ed25519' },
        false,
        ['verify'],
      );
      return { alg: 'EdDSA', key, members: ['crv', 'kty', 'x'] };
    } catch {
      throw new DocumentError('invalid Ed25519 public key');
    }
  }
  throw new DocumentError('unsupported key type');
}

/** First 8 bytes of the RFC 7638 SHA-256 JWK thumbprint. */
async function thumbprintKid(jwk, members) {
  const canonical = JSON.stringify(Object.fromEntries(members.map((m) => [m, jwk[m]])));
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', utf8Encoder.encode(canonical)));
  return digest.slice(0, 8);
}

function epochMember(value, name) {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new DocumentError(`JWK member ${name} must be an integer NumericDate`);
  }
  return timeFromSeconds(value);
}

async function keyRecordFromJwk(doc) {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new DocumentError('a JWK must be a JSON object');
  }
  const publicMembers = {};
  for (const member of ['kty', 'crv', 'x', 'y']) {
    if (Object.hasOwn(doc, member)) publicMembers[member] = doc[member];
  }
  const { alg, key, members } = await importPublicKey(publicMembers);
  if (Object.hasOwn(doc, 'alg') && doc.alg !== alg) {
    throw new DocumentError('JWK alg does not fit its key type');
  }
  const kid = await thumbprintKid(publicMembers, members);
  if (Object.hasOwn(doc, 'kid') && doc.kid !== b64url(kid)) {
    throw new DocumentError('JWK kid is not the thumbprint of its key');
  }
  const status = Object.hasOwn(doc, 'status') ? doc.status : 'active';
  if (typeof status !== 'string' || !KEY_STATUSES.has(status)) {
    throw new DocumentError('unknown key status');
  }
  return {
    kid,
    kidText: b64url(kid),
    alg,
    algId: ALGORITHMS[alg],
    status,
    notBefore: epochMember(doc.nbf, 'nbf'),
    notAfter: epochMember(doc.exp, 'exp'),
    key,
  };
}

/** The issuer keys a verifier trusts, by kid. */
export class TrustList {
  constructor(records = []) {
    this.byKid = new Map();
    for (const record of records) {
      const id = toHex(record.kid);
      if (this.byKid.has(id)) throw new DocumentError(`duplicate kid ${record.kidText}`);
      this.byKid.set(id, record);
    }
  }

  get(kid) {
    return this.byKid.get(toHex(kid)) ?? null;
  }

  get size() {
    return this.byKid.size;
  }

  records() {
    return [...this.byKid.values()];
  }
}

/** Build a TrustList from a JWKS (object or JSON text); throws DocumentError when malformed. */
export async function loadTrustList(jwks) {
  if (!globalThis.crypto?.subtle) {
    throw new DocumentError('WebCrypto is unavailable: the page must be served over https');
  }
  let doc = jwks;
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc);
    } catch {
      throw new DocumentError('JWKS is not JSON');
    }
  }
  if (doc === null || typeof doc !== 'object' || !Array.isArray(doc.keys)) {
    throw new DocumentError("JWKS must be an object with a 'keys' array");
  }
  const records = [];
  for (const item of doc.keys) records.push(await keyRecordFromJwk(item));
  return new TrustList(records);
}

async function verifySignature(record, signature, data) {
  if (record.key === null) {
    throw new Failure(UNSUPPORTED, `${record.alg} signatures cannot be checked in this browser`, {
      kid: record.kid,
    });
  }
  try {
    if (record.alg === 'ES256') {
      if (signature.length !== 64) return false;
      return await crypto.subtle.verify(
        { name: 'ECDSA', hash: 'SHA-256' },
        record.key,
        signature,
        data,
      );
    }
    return await crypto.subtle.verify({ name: 'Ed25519' }, record.key, signature, data);
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Status lists (W3C Bitstring Status List in a compact JWS, typ vc+jwt)

function parseListId(url) {
  // Python's int(): surrounding whitespace, a sign and single underscores between digits.
  const tail = pyStrip(url.slice(url.lastIndexOf('/') + 1));
  if (!/^[+-]?\d+(?:_\d+)*$/.test(tail)) throw new DocumentError('status list id must end in an integer');
  return BigInt(tail.replace(/_/g, ''));
}

function jsonFromB64(part) {
  try {
    return JSON.parse(utf8.decode(unb64url(part)));
  } catch {
    throw new DocumentError('status list document is not valid base64url JSON');
  }
}

function hasType(types, wanted) {
  if (typeof types === 'string') return types.includes(wanted);
  if (Array.isArray(types)) return types.includes(wanted);
  if (types && typeof types === 'object') return Object.hasOwn(types, wanted);
  if (!types) return false;
  throw new DocumentError('type must list the credential types');
}

async function decodeBitstring(text) {
  if (typeof text !== 'string' || !text.startsWith('u')) {
    throw new DocumentError("encodedList must be multibase base64url (prefix 'u')");
  }
  const compressed = unb64url(text.slice(1));
  try {
    return await inflate(compressed, { format: 'gzip', cap: MAX_LIST_SIZE / 8 });
  } catch (error) {
    if (error instanceof Failure) throw error;
    throw new DocumentError('encodedList is not a complete GZIP stream within the size limit');
  }
}

/** One verified status list: both bitstrings, its issuer and validity. */
export class StatusList {
  constructor({ listId, issuer, validFrom, validUntil, revocation, suspension }) {
    this.listId = listId;
    this.issuer = issuer;
    this.validFrom = validFrom;
    this.validUntil = validUntil;
    this.revocation = revocation;
    this.suspension = suspension;
    this.size = revocation.length * 8;
  }

  isSet(purpose, index) {
    const bits = purpose === 'revocation' ? this.revocation : this.suspension;
    const i = Number(index);
    // Bit 0 is the left-most (most significant) bit of byte 0.
    return (bits[i >> 3] & (0x80 >> (i & 7))) !== 0;
  }

  get validUntilIso() {
    return this.validUntil === null ? null : isoFromMicros(this.validUntil);
  }
}

function listTime(value) {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new DocumentError('validity dates must be ISO 8601 text');
  const micros = parseIsoMicros(value.replace('Z', '+00:00'));
  if (micros === null) throw new DocumentError('bad date or no time zone');
  return micros;
}

/** Check a status list JWS against `trust` and decode it; throws DocumentError otherwise. */
export async function loadStatusList(document, trust) {
  if (typeof document !== 'string') throw new DocumentError('status list document must be text');
  const text = pyStrip(document);
  if (text.length > MAX_DOCUMENT) throw new DocumentError('status list document is too large');
  const parts = text.split('.');
  if (parts.length !== 3) throw new DocumentError('status list document is not a compact JWS');
  const header = jsonFromB64(parts[0]);
  const payload = jsonFromB64(parts[1]);
  let signature;
  try {
    signature = unb64url(parts[2]);
  } catch {
    throw new DocumentError('status list signature is not base64url');
  }
  for (const value of [header, payload]) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new DocumentError('status list header and payload must be JSON objects');
    }
  }
  let record = null;
  if (typeof header.kid === 'string') {
    try {
      record = trust.get(unb64url(header.kid));
    } catch {
      record = null;
    }
  }
  if (record === null) throw new DocumentError('status list is signed by an unknown key');
  if (header.alg !== record.alg) throw new DocumentError('status list alg does not match its key');
  if (record.status === 'compromised') {
    throw new DocumentError('status list is signed by a compromised key');
  }
  if (!/^[\x00-\x7f]*$/.test(parts[0] + parts[1])) {
    throw new DocumentError('status list document is not ASCII');
  }
  const signingInput = utf8Encoder.encode(`${parts[0]}.${parts[1]}`);
  let genuine;
  try {
    genuine = await verifySignature(record, signature, signingInput);
  } catch {
    throw new DocumentError('status list signature cannot be checked in this browser');
  }
  if (!genuine) throw new DocumentError('status list signature is invalid');
  return statusListFromPayload(payload);
}

async function statusListFromPayload(doc) {
  if (!hasType(doc.type, 'BitstringStatusListCredential')) {
    throw new DocumentError('not a BitstringStatusListCredential');
  }
  if (typeof doc.id !== 'string' || typeof doc.issuer !== 'string') {
    throw new DocumentError('status list lacks id or issuer');
  }
  const listId = parseListId(doc.id);
  if (!Array.isArray(doc.credentialSubject)) {
    throw new DocumentError('credentialSubject must list the bitstrings');
  }
  const bits = {};
  for (const subject of doc.credentialSubject) {
    if (subject === null || typeof subject !== 'object' || Array.isArray(subject)) {
      throw new DocumentError('credentialSubject entries must be objects');
    }
    const purpose = subject.statusPurpose;
    if (purpose !== 'revocation' && purpose !== 'suspension') {
      throw new DocumentError('unknown statusPurpose');
    }
    if (bits[purpose]) throw new DocumentError(`two ${purpose} bitstrings`);
    bits[purpose] = await decodeBitstring(subject.encodedList);
  }
  if (!bits.revocation || !bits.suspension) {
    throw new DocumentError('a status list must carry revocation and suspension');
  }
  const size = bits.revocation.length * 8;
  if (size < MIN_LIST_SIZE || size > MAX_LIST_SIZE) {
    throw new DocumentError('status list size is out of range');
  }
  if (bits.suspension.length !== bits.revocation.length) {
    throw new DocumentError('the two bitstrings differ in size');
  }
  return new StatusList({
    listId,
    issuer: doc.issuer,
    validFrom: listTime(doc.validFrom),
    validUntil: listTime(doc.validUntil),
    revocation: bits.revocation,
    suspension: bits.suspension,
  });
}

/**
 * Verify and decode status list documents. A document that fails is left out (a credential on
 * it then verifies as STATUS_UNAVAILABLE) and its reason is listed in `errors`.
 * Returns {lists: Map<string list id, StatusList>, errors: [{index, message}]}.
 */
export async function loadStatusLists(documents, trust) {
  const lists = new Map();
  const errors = [];
  for (const [index, document] of documents.entries()) {
    try {
      const list = await loadStatusList(document, trust);
      lists.set(list.listId.toString(), list);
    } catch (error) {
      errors.push({ index, message: error.message });
    }
  }
  return { lists, errors };
}

function statusListsMap(statusLists) {
  if (statusLists === undefined || statusLists === null) return null;
  if (statusLists instanceof Map) return statusLists;
  if (statusLists.lists instanceof Map) return statusLists.lists;
  const map = new Map();
  for (const list of statusLists) map.set(list.listId.toString(), list);
  return map;
}

// ---------------------------------------------------------------------------------------------
// verify

/** Accept the plain `TR1:…` text or the link form `https://host/v#TR1:…`. */
export function extractQrText(text) {
  const stripped = pyStrip(text);
  if (stripped.startsWith(PREFIX)) return stripped;
  const marker = stripped.indexOf(`#${PREFIX}`);
  if (marker >= 0) {
    const head = stripped.slice(0, marker).toLowerCase();
    if (head.startsWith('https://') || head.startsWith('http://')) {
      return stripped.slice(marker + 1);
    }
  }
  return stripped;
}

async function decodeEnvelope(text) {
  if (typeof text !== 'string') throw new Failure('PREFIX_INVALID', 'input must be text');
  if (longerThan(text, MAX_TEXT + 512)) throw new Failure('TOO_LARGE', 'input is too long');
  const qr = extractQrText(text);
  if (!qr.startsWith(PREFIX)) throw new Failure('PREFIX_INVALID', `text does not start with ${PREFIX}`);
  const body = qr.slice(PREFIX.length);
  if (longerThan(body, MAX_TEXT)) throw new Failure('TOO_LARGE', 'credential text is too long');
  const compressed = base45Decode(body);
  // A zlib stream's first byte has 8 (deflate) in its low nibble; COSE tag 18 starts 0xD2.
  if (compressed.length > 0 && (compressed[0] & 0x0f) === 8) {
    try {
      return await inflate(compressed);
    } catch (error) {
      if (error instanceof Failure) throw error;
      if (error.tooLarge) throw new Failure('TOO_LARGE', error.message);
      throw new Failure('DECOMPRESS_FAILED', 'not a complete zlib stream');
    }
  }
  return compressed;
}

function checkStatus(claims, lists, now, kid) {
  const ref = claims.status;
  if (ref === null) return;
  const fail = (code, message) => new Failure(code, message, { kid, claims });
  const list = lists.get(ref.listId.toString());
  if (list === undefined) throw fail('STATUS_UNAVAILABLE', `status list ${ref.listId} not held`);
  if (list.issuer !== null && list.issuer !== claims.issuer) {
    throw fail('STATUS_UNAVAILABLE', 'status list is from another issuer');
  }
  if (list.validUntil !== null && now >= list.validUntil) {
    throw fail('STATUS_UNAVAILABLE', `status list ${ref.listId} is stale`);
  }
  if (!(BigInt(ref.index) < BigInt(list.size))) {
    throw fail('STATUS_UNAVAILABLE', 'status index outside its list');
  }
  if (list.isSet('revocation', ref.index)) throw fail('REVOKED', 'credential has been revoked');
  if (list.isSet('suspension', ref.index)) throw fail('SUSPENDED', 'credential is suspended');
}

async function verifyOrFail(text, trust, lists, now, leeway) {
  const raw = await decodeEnvelope(text);
  const sign1 = parseSign1Unverified(raw);
  const record = trust.get(sign1.kid);
  if (record === null) {
    throw new Failure('KID_UNKNOWN', 'no trusted key has this kid', { kid: sign1.kid });
  }
  const kid = record.kid;
  if (BigInt(sign1.alg) !== BigInt(record.algId)) {
    throw new Failure('ALG_NOT_ALLOWED', `key ${record.kidText} signs with ${record.alg}`, { kid });
  }
  if (record.status === 'compromised') {
    throw new Failure('KEY_COMPROMISED', `key ${record.kidText} is compromised`, { kid });
  }
  if (!(await verifySignature(record, sign1.signature, sigStructure(sign1.protected, sign1.payload)))) {
    throw new Failure('SIGNATURE_INVALID', 'signature does not match', { kid });
  }
  let claims;
  try {
    claims = claimsFromCbor(decodeCbor(sign1.payload));
  } catch (error) {
    if (!(error instanceof CborError || error instanceof ClaimsError)) throw error;
    throw new Failure('CLAIMS_MALFORMED', error.message, { kid });
  }
  const fail = (code, message) => new Failure(code, message, { kid, claims });
  const earliest = claims.validFrom ?? claims.issuedAt;
  if (earliest !== null && now + leeway < earliest) {
    throw fail('NOT_YET_VALID', 'credential is not valid yet');
  }
  if (record.notBefore !== null && now + leeway < record.notBefore) {
    throw fail('NOT_YET_VALID', 'signing key is not in use yet');
  }
  if (now - leeway >= claims.validUntil) throw fail('EXPIRED', 'credential has expired');
  if (record.notAfter !== null && now - leeway >= record.notAfter) {
    throw fail('EXPIRED', "signing key's validity has ended");
  }
  if (lists !== null) checkStatus(claims, lists, now, kid);
  return { claims, record };
}

/**
 * Verify QR text (plain or link form).
 * options: trust (TrustList, required), statusLists (Map from loadStatusLists, or omitted to
 * skip the status check), now (Date, epoch milliseconds or ISO 8601 text; default: the clock),
 * leeway (seconds, default 300).
 */
export async function verify(text, { trust, statusLists, now, leeway = DEFAULT_LEEWAY } = {}) {
  if (!(trust instanceof TrustList)) throw new TypeError('verify needs a TrustList as trust');
  const lists = statusListsMap(statusLists);
  const nowMicros = toMicros(now);
  const leewayMicros = BigInt(Math.round(Number(leeway) * 1e6));
  try {
    if (!globalThis.crypto?.subtle) {
      throw new Failure(UNSUPPORTED, 'WebCrypto needs a secure (https) page');
    }
    const { claims, record } = await verifyOrFail(text, trust, lists, nowMicros, leewayMicros);
    return {
      valid: true,
      code: null,
      message: 'valid',
      claims: presentClaims(claims),
      kid: record.kidText,
      alg: record.alg,
      keyStatus: record.status,
      statusChecked: lists !== null,
    };
  } catch (error) {
    const failure =
      error instanceof Failure ? error : new Failure(UNSUPPORTED, `unexpected: ${error?.message}`);
    const record = failure.kid ? trust.get(failure.kid) : null;
    return {
      valid: false,
      code: failure.code,
      message: failure.message,
      claims: failure.claims ? presentClaims(failure.claims) : null,
      kid: failure.kid ? b64url(failure.kid) : null,
      alg: record ? record.alg : null,
      keyStatus: record ? record.status : null,
      statusChecked: lists !== null,
    };
  }
}

/** Whether a failure code still means "issued by us" (the signature checked out). */
export function isAuthentic(result) {
  return result.valid || result.claims !== null;
}
