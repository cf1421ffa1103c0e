// TR1 credential verifier for the browser: a second, independent implementation of the
// Python `signing.verify`, with the same checks in the same order and the same error codes.
//
//   TR1 text = "TR1:" + base45(payload), payload = zlib(COSE_Sign1) or the raw COSE_Sign1
//   COSE_Sign1 = tag 18 [protected {1: alg, 4: kid}, unprotected (no label of the protected
//   header; otherwise ignored), payload, signature]
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
//
// This file is the public entry and holds no code. The stages live in their own modules:
// tr1-core.js (limits, error codes), tr1-bytes.js and tr1-time.js (helpers), tr1-base45.js,
// tr1-inflate.js, tr1-cbor.js, tr1-cose.js, tr1-claims.js, tr1-keys.js (JWKS, signatures),
// tr1-jws.js (signed documents), tr1-trust.js (the signed trust list), tr1-status.js (status
// lists) and tr1-verify.js (the pipeline). sw.js caches every one of them.

export {
  DEFAULT_LEEWAY,
  DocumentError,
  ERROR_CODES,
  KINDS,
  MAX_DECOMPRESSED,
  MAX_DEPTH,
  MAX_TEXT,
  MIN_LIST_SIZE,
  PREFIX,
  UNSUPPORTED,
} from './tr1-core.js';
export { b64url, toHex, unb64url } from './tr1-bytes.js';
export { parseIsoMicros } from './tr1-time.js';
export { base45Decode } from './tr1-base45.js';
export { inflate } from './tr1-inflate.js';
export {
  CborError,
  CborFloat,
  CborSimple,
  CborTag,
  UNDEFINED,
  decodeCbor,
  sigStructure,
} from './tr1-cbor.js';
export { parseSign1Unverified } from './tr1-cose.js';
export { TrustList, ed25519Supported, loadTrustList } from './tr1-keys.js';
export { loadIssuerMetadata, loadSignedTrustList } from './tr1-trust.js';
export { StatusList, loadStatusList, loadStatusLists, loadStatusParts } from './tr1-status.js';
export { extractQrText, isAuthentic, verify } from './tr1-verify.js';
