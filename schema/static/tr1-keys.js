// Keys and the trust list (JWKS), and signature checks with WebCrypto.
// Part of the TR1 verifier; tr1.js is its public entry.

import { b64url, toHex, unb64url, utf8Encoder } from './tr1-bytes.js';
import { ALGORITHMS, DocumentError, Failure, KEY_STATUSES, UNSUPPORTED } from './tr1-core.js';
import { timeFromSeconds } from './tr1-time.js';

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

export { verifySignature };
