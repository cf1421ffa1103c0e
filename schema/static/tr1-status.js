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

/**
 * Check a status list JWS against `trust` and decode the bitstrings it carries: one for a
 * standard one-purpose document (`/status/{list}/{purpose}`), both for a combined one.
 * Returns [{listId, purpose, bits, issuer, validFrom, validUntil}]; throws DocumentError.
 */
export async function loadStatusParts(document, trust) {
  const compact = readCompact(document, 'status list', MAX_DOCUMENT);
  await checkCompactSignature(compact, trust, 'status list');
  return statusPartsFromPayload(compact.payload);
}

/** A combined document (both purposes) as one StatusList; throws DocumentError otherwise. */
export async function loadStatusList(document, trust) {
  const parts = await loadStatusParts(document, trust);
  if (parts.length !== 2) throw new DocumentError('a status list must carry revocation and suspension');
  return joinParts(parts[0], parts[1]);
}

const PURPOSES = ['revocation', 'suspension'];

async function statusPartsFromPayload(doc) {
  if (!hasType(doc.type, 'BitstringStatusListCredential')) {
    throw new DocumentError('not a BitstringStatusListCredential');
  }
  if (typeof doc.id !== 'string' || typeof doc.issuer !== 'string') {
    throw new DocumentError('status list lacks id or issuer');
  }
  let subjects = doc.credentialSubject;
  let named = null;
  let address = doc.id;
  if (subjects !== null && typeof subjects === 'object' && !Array.isArray(subjects)) {
    // Standard: one subject, and the id ends in /status/{list}/{purpose}.
    const cut = address.lastIndexOf('/');
    named = address.slice(cut + 1);
    if (!PURPOSES.includes(named)) {
      throw new DocumentError('a single credentialSubject needs an id ending in its purpose');
    }
    address = address.slice(0, cut);
    subjects = [subjects];
  } else if (!Array.isArray(subjects)) {
    throw new DocumentError('credentialSubject must hold the bitstrings');
  }
  const listId = parseListId(address);
  const validFrom = listTime(doc.validFrom);
  const validUntil = listTime(doc.validUntil);
  // Without an end of validity an old copy would count forever; and no list may claim to be
  // fresh for more than 7 days (credential-format §8.2).
  if (validFrom === null || validUntil === null) {
    throw new DocumentError('status list lacks validFrom or validUntil');
  }
  if (BigInt(validUntil) - BigInt(validFrom) > MAX_LIFETIME_MICROS) {
    throw new DocumentError('status list claims to be fresh for more than 7 days');
  }
  const parts = [];
  for (const subject of subjects) {
    if (subject === null || typeof subject !== 'object' || Array.isArray(subject)) {
      throw new DocumentError('credentialSubject entries must be objects');
    }
    const purpose = subject.statusPurpose;
    if (!PURPOSES.includes(purpose)) throw new DocumentError('unknown statusPurpose');
    if (named !== null && purpose !== named) {
      throw new DocumentError("statusPurpose differs from the list's address");
    }
    if (parts.some((part) => part.purpose === purpose)) throw new DocumentError(`two ${purpose} bitstrings`);
    const bits = await decodeBitstring(subject.encodedList);
    const size = bits.length * 8;
    if (size < MIN_LIST_SIZE || size > MAX_LIST_SIZE) {
      throw new DocumentError('status list size is out of range');
    }
    parts.push({ listId, purpose, bits, issuer: doc.issuer, validFrom, validUntil });
  }
  if (named === null && parts.length !== 2) {
    throw new DocumentError('a status list must carry revocation and suspension');
  }
  return parts;
}

function joinParts(a, b) {
  const revocation = a.purpose === 'revocation' ? a : b;
  const suspension = a.purpose === 'revocation' ? b : a;
  if (revocation.issuer !== suspension.issuer || revocation.listId !== suspension.listId) {
    throw new DocumentError('the two bitstrings come from different lists');
  }
  if (revocation.bits.length !== suspension.bits.length) {
    throw new DocumentError('the two bitstrings differ in size');
  }
  // Fresh while both halves are: from the later start to the earlier end.
  const later = (x, y) => (BigInt(x) > BigInt(y) ? x : y);
  const earlier = (x, y) => (BigInt(x) < BigInt(y) ? x : y);
  return new StatusList({
    listId: revocation.listId,
    issuer: revocation.issuer,
    validFrom: later(revocation.validFrom, suspension.validFrom),
    validUntil: earlier(revocation.validUntil, suspension.validUntil),
    revocation: revocation.bits,
    suspension: suspension.bits,
  });
}

/**
 * Verify and decode status list documents, one-purpose or combined. Per list and purpose the
 * freshest signed copy counts, whatever the order; a list counts once both purposes are held.
 * A document that fails is left out (a credential on it then verifies as STATUS_UNAVAILABLE)
 * and its reason is listed in `errors`.
 * Returns {lists: Map<string list id, StatusList>, errors: [{index, message}]}.
 */
export async function loadStatusLists(documents, trust) {
  const held = new Map();
  const errors = [];
  for (const [index, document] of documents.entries()) {
    try {
      for (const part of await loadStatusParts(document, trust)) {
        const key = `${part.listId}/${part.purpose}`;
        const kept = held.get(key);
        if (kept === undefined || fresher(part, kept)) held.set(key, part);
      }
    } catch (error) {
      errors.push({ index, message: error.message });
    }
  }
  const lists = new Map();
  for (const [key, part] of held) {
    if (part.purpose !== 'revocation') continue;
    const other = held.get(key.replace(/revocation$/, 'suspension'));
    if (other === undefined) continue;
    try {
      lists.set(part.listId.toString(), joinParts(part, other));
    } catch (error) {
      errors.push({ index: null, message: error.message });
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
