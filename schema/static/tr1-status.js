// Status lists (W3C Bitstring Status List in a compact JWS, typ vc+jwt)
// Part of the TR1 verifier; tr1.js is its public entry.

import { pyStrip, unb64url } from './tr1-bytes.js';
import { DocumentError, Failure, MAX_DOCUMENT, MAX_LIST_SIZE, MIN_LIST_SIZE } from './tr1-core.js';
import { inflate } from './tr1-inflate.js';
import { checkCompactSignature, readCompact } from './tr1-jws.js';
import { isoFromMicros, parseIsoMicros } from './tr1-time.js';

function parseListId(url) {
  // Python's int(): surrounding whitespace, a sign and single underscores between digits.
  const tail = pyStrip(url.slice(url.lastIndexOf('/') + 1));
  if (!/^[+-]?\d+(?:_\d+)*$/.test(tail)) throw new DocumentError('status list id must end in an integer');
  return BigInt(tail.replace(/_/g, ''));
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

const MAX_LIFETIME_MICROS = 7n * 24n * 3600n * 1000000n;

function listTime(value) {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new DocumentError('validity dates must be ISO 8601 text');
  const micros = parseIsoMicros(value.replace('Z', '+00:00'));
  if (micros === null) throw new DocumentError('bad date or no time zone');
  return micros;
}

/** Check a status list JWS against `trust` and decode it; throws DocumentError otherwise. */
export async function loadStatusList(document, trust) {
  const compact = readCompact(document, 'status list', MAX_DOCUMENT);
  await checkCompactSignature(compact, trust, 'status list');
  return statusListFromPayload(compact.payload);
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
  const validFrom = listTime(doc.validFrom);
  const validUntil = listTime(doc.validUntil);
  // Without an end of validity an old copy would count forever; and no list may claim to be
  // fresh for more than 7 days (credential-format §6).
  if (validFrom === null || validUntil === null) {
    throw new DocumentError('status list lacks validFrom or validUntil');
  }
  if (BigInt(validUntil) - BigInt(validFrom) > MAX_LIFETIME_MICROS) {
    throw new DocumentError('status list claims to be fresh for more than 7 days');
  }
  return new StatusList({
    listId,
    issuer: doc.issuer,
    validFrom,
    validUntil,
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
      // Of two copies of one list the freshest signed one counts, whatever the order.
      const key = list.listId.toString();
      const held = lists.get(key);
      if (held === undefined || fresher(list, held)) lists.set(key, list);
    } catch (error) {
      errors.push({ index, message: error.message });
    }
  }
  return { lists, errors };
}

function fresher(a, b) {
  const from = BigInt(a.validFrom) - BigInt(b.validFrom);
  return from > 0n || (from === 0n && BigInt(a.validUntil) > BigInt(b.validUntil));
}

function statusListsMap(statusLists) {
  if (statusLists === undefined || statusLists === null) return null;
  if (statusLists instanceof Map) return statusLists;
  if (statusLists.lists instanceof Map) return statusLists.lists;
  const map = new Map();
  for (const list of statusLists) map.set(list.listId.toString(), list);
  return map;
}

export { statusListsMap };
