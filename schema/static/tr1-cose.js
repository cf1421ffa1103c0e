// COSE_Sign1
// Part of the TR1 verifier; tr1.js is its public entry.

import { CborTag, decodeCbor, isInt } from './tr1-cbor.js';
import { Failure } from './tr1-core.js';

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
  // RFC 9052 §3: a label appears in one header bucket at most.
  for (const label of unprotected.keys()) {
    if (header.has(label)) {
      throw coseFail('a header label is in both the protected and the unprotected header');
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
