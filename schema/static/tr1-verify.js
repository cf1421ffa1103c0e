// verify: the checks in the order of the Python `signing.verify`, each with its error code.
// Part of the TR1 verifier; tr1.js is its public entry.

import { base45Decode } from './tr1-base45.js';
import { b64url, longerThan, pyStrip } from './tr1-bytes.js';
import { CborError, decodeCbor, sigStructure } from './tr1-cbor.js';
import { ClaimsError, claimsFromCbor, presentClaims } from './tr1-claims.js';
import { DEFAULT_LEEWAY, Failure, MAX_TEXT, PREFIX, UNSUPPORTED } from './tr1-core.js';
import { parseSign1Unverified } from './tr1-cose.js';
import { inflate } from './tr1-inflate.js';
import { TrustList, verifySignature } from './tr1-keys.js';
import { statusListsMap } from './tr1-status.js';
import { toMicros } from './tr1-time.js';

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
