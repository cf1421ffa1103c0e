// Limits, error codes and the error types every stage of the TR1 verifier shares.
// Part of the TR1 verifier; tr1.js is its public entry.

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

export {
  ALGORITHMS,
  Failure,
  KEY_STATUSES,
  MAX_CLAIM_TEXT,
  MAX_DOCUMENT,
  MAX_LIST_SIZE,
  TR1_CLAIM,
};
