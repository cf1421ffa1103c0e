// Compact JWS as the verifier's signed documents use it: status lists and the signed trust list.
// Part of the TR1 verifier; tr1.js is its public entry.

import { pyStrip, unb64url, utf8, utf8Encoder } from './tr1-bytes.js';
import { DocumentError } from './tr1-core.js';
import { verifySignature } from './tr1-keys.js';

function jsonFromB64(part, what) {
  try {
    return JSON.parse(utf8.decode(unb64url(part)));
  } catch {
    throw new DocumentError(`${what} document is not valid base64url JSON`);
  }
}

/** Split and decode a compact JWS; DocumentError unless header and payload are objects. */
export function readCompact(document, what, maxSize) {
  if (typeof document !== 'string') throw new DocumentError(`${what} document must be text`);
  const text = pyStrip(document);
  if (text.length > maxSize) throw new DocumentError(`${what} document is too large`);
  const parts = text.split('.');
  if (parts.length !== 3) throw new DocumentError(`${what} document is not a compact JWS`);
  const header = jsonFromB64(parts[0], what);
  const payload = jsonFromB64(parts[1], what);
  let signature;
  try {
    signature = unb64url(parts[2]);
  } catch {
    throw new DocumentError(`${what} signature is not base64url`);
  }
  for (const value of [header, payload]) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new DocumentError(`${what} header and payload must be JSON objects`);
    }
  }
  if (Object.hasOwn(header, 'crit')) {
    // RFC 7515 §4.1.11: a recipient must reject extensions it does not understand.
    throw new DocumentError(`${what} header has critical extensions`);
  }
  if (!/^[\x00-\x7f]*$/.test(parts[0] + parts[1])) {
    throw new DocumentError(`${what} document is not ASCII`);
  }
  return { header, payload, signature, signingInput: utf8Encoder.encode(`${parts[0]}.${parts[1]}`) };
}

/** The trusted key that made the signature; DocumentError otherwise. */
export async function checkCompactSignature(compact, trust, what) {
  let record = null;
  if (typeof compact.header.kid === 'string') {
    try {
      record = trust.get(unb64url(compact.header.kid));
    } catch {
      record = null;
    }
  }
  if (record === null) throw new DocumentError(`${what} is signed by an unknown key`);
  if (compact.header.alg !== record.alg) throw new DocumentError(`${what} alg does not match its key`);
  if (record.status === 'compromised') {
    throw new DocumentError(`${what} is signed by a compromised key`);
  }
  let genuine;
  try {
    genuine = await verifySignature(record, compact.signature, compact.signingInput);
  } catch {
    throw new DocumentError(`${what} signature cannot be checked in this browser`);
  }
  if (!genuine) throw new DocumentError(`${what} signature is invalid`);
  return record;
}
