// CWT claims: the strict reading of a signed payload, and its plain form for display.
// Part of the TR1 verifier; tr1.js is its public entry.

import { codePointLength, toHex } from './tr1-bytes.js';
import { isInt } from './tr1-cbor.js';
import { KINDS, MAX_CLAIM_TEXT, TR1_CLAIM } from './tr1-core.js';
import { isoFromMicros, timeFromSeconds } from './tr1-time.js';

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

export { ClaimsError, claimsFromCbor, presentClaims };
