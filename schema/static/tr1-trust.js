// The signed trust list: the issuer's keys with an issue time and an expiry.
// Part of the TR1 verifier; tr1.js is its public entry.

import { DocumentError } from './tr1-core.js';
import { checkCompactSignature, readCompact } from './tr1-jws.js';
import { loadTrustList } from './tr1-keys.js';
import { timeFromSeconds, toMicros } from './tr1-time.js';

const TRUST_TYP = 'ccr-trust+jwt';
const TRUST_MAX_LIFETIME = 7n * 24n * 3600n * 1000000n;
const TRUST_MAX_DOCUMENT = 256 * 1024;

/**
 * The signed trust list (`/.well-known/trust-list.jwt`): the JWKS keys in a compact JWS with
 * iss, iat and exp, signed by a key it lists as active. Refused once expired at `now` (or when
 * it claims more than 7 days), so a copy kept offline cannot hide a later compromise forever.
 * Returns {trust, issuer, issuedAt, expiresAt, metadata}, metadata being {url, sha256} of the
 * issuer metadata it vouches for, or null; throws DocumentError.
 */
export async function loadSignedTrustList(document, now) {
  const compact = readCompact(document, 'trust list', TRUST_MAX_DOCUMENT);
  if (compact.header.typ !== TRUST_TYP) throw new DocumentError(`trust list typ must be ${TRUST_TYP}`);
  const trust = await loadTrustList(compact.payload);
  const signer = await checkCompactSignature(compact, trust, 'trust list');
  if (signer.status !== 'active') {
    throw new DocumentError('trust list is signed by a key it does not list as active');
  }
  const { iss, iat, exp } = compact.payload;
  if (typeof iss !== 'string' || iss === '') throw new DocumentError('trust list lacks iss');
  if (!Number.isInteger(iat) || !Number.isInteger(exp)) {
    throw new DocumentError('trust list lacks an integer iat or exp');
  }
  const issuedAt = timeFromSeconds(iat);
  const expiresAt = timeFromSeconds(exp);
  if (expiresAt - issuedAt > TRUST_MAX_LIFETIME) {
    throw new DocumentError('trust list claims to be fresh for more than 7 days');
  }
  const at = toMicros(now);
  if (at >= expiresAt) throw new DocumentError(`trust list expired: fetch a fresh one from ${iss}`);
  return { trust, issuer: iss, issuedAt, expiresAt, metadata: metadataReference(compact.payload.metadata) };
}

function metadataReference(value) {
  if (value === undefined || value === null) return null;
  const { url, sha256 } = value;
  if (typeof url !== 'string' || !/^https?:\/\//.test(url)) {
    throw new DocumentError('trust list metadata needs an http(s) url');
  }
  if (typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sha256)) {
    throw new DocumentError('trust list metadata needs a lowercase hex sha256');
  }
  return { url, sha256 };
}

/**
 * The issuer metadata (`/.well-known/ccr-issuer.json`: the offices' names), accepted only if
 * its bytes have the SHA-256 the verified trust list names. Returns a Map from office code to
 * {name: {zh, en}, jurisdiction, issues}; throws DocumentError.
 */
export async function loadIssuerMetadata(text, reference) {
  if (reference === null) throw new DocumentError('the trust list names no metadata');
  const bytes = new TextEncoder().encode(text);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  const hex = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
  if (hex !== reference.sha256) throw new DocumentError('issuer metadata differs from what the trust list signed');
  const document = JSON.parse(text);
  const offices = new Map();
  for (const office of Array.isArray(document.organisations) ? document.organisations : []) {
    if (office && typeof office.code === 'string') offices.set(office.code, office);
  }
  return offices;
}
