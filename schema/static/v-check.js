// Checking: the credential text against the keys and, when it names one, its status list.
// Part of the verifier page; v.js is its entry.

import * as tr1 from './tr1.js';
import { loadDocument } from './v-documents.js';
import { $, state } from './v-page.js';
import { render, showChecking } from './v-render.js';

// The signed trust list, not the plain JWKS: a copy kept for offline use is refused once it
// expires, so the page cannot go on trusting a key compromised since.
const TRUST_URL = '/.well-known/trust-list.jwt';
// The offices' names: read only when the signed trust list vouches for these very bytes.
const METADATA_URL = '/.well-known/ccr-issuer.json';
// A list is served as one document per purpose (Bitstring Status List v1.0 §2.2).
const PURPOSES = ['revocation', 'suspension'];

/** What a link's fragment may have meant: URL parsers turn spaces into %20, not back. */
function fragmentCandidates(hash) {
  const raw = hash.startsWith('#') ? hash.slice(1) : hash;
  const out = [];
  const add = (text) => {
    if (text && !out.includes(text)) out.push(text);
  };
  add(raw.replaceAll('%20', ' '));
  add(raw);
  try {
    add(decodeURIComponent(raw));
  } catch {
    // Not percent-encoded text.
  }
  return out;
}

async function check(candidates) {
  // Only the latest check may paint the page: an earlier, slower one is dropped.
  const run = ++state.run;
  showChecking();
  const signed = await loadDocument(TRUST_URL, (text) => tr1.loadSignedTrustList(text, new Date()));
  const trust = signed === null ? null : { ...signed, value: signed.value.trust };
  const reference = signed?.value.metadata ?? null;
  const offices =
    reference === null
      ? null
      : await loadDocument(METADATA_URL, (text) => tr1.loadIssuerMetadata(text, reference));
  if (trust === null) {
    if (run !== state.run) return;
    Object.assign(state, { trust: null, status: null, text: candidates[0] });
    // Without WebCrypto (a page not served over https) no key can be read at all.
    const code = globalThis.crypto?.subtle ? 'TRUST_UNAVAILABLE' : tr1.UNSUPPORTED;
    state.result = { valid: false, code, claims: null };
    render();
    return;
  }
  let status = null;
  let text = candidates[0];
  let result = null;
  for (const candidate of candidates) {
    const attempt = await tr1.verify(candidate, { trust: trust.value });
    if (result === null || tr1.isAuthentic(attempt)) {
      text = candidate;
      result = attempt;
    }
    if (tr1.isAuthentic(attempt)) break;
  }
  if (result.valid && result.claims.status !== null) {
    const listId = String(result.claims.status.listId);
    const halves = await Promise.all(PURPOSES.map((purpose) => loadHalf(listId, purpose, trust)));
    let lists = new Map();
    if (halves.every((half) => half !== null)) {
      ({ lists } = await tr1.loadStatusLists(halves.map((half) => half.value), trust.value));
    }
    status = { listId, missing: true };
    if (lists.has(listId)) {
      // As old as its older half, and "offline" if either half came from the saved copy.
      const fetchedAt = halves.map((half) => half.fetchedAt).sort()[0];
      const fromCache = halves.some((half) => half.fromCache);
      status = { listId, value: lists.get(listId), fetchedAt, fromCache };
    }
    result = await tr1.verify(text, { trust: trust.value, statusLists: lists });
  }
  if (run !== state.run) return;
  Object.assign(state, { trust, status, text, result, offices: offices?.value ?? null });
  render();
}

/** One purpose of a status list, `/status/{list}/{purpose}`: its text once it verified. */
function loadHalf(listId, purpose, trust) {
  return loadDocument(`/status/${encodeURIComponent(listId)}/${purpose}`, async (doc) => {
    const parts = await tr1.loadStatusParts(doc, trust.value);
    // A list served under another list's (or purpose's) address must not stand in for it.
    if (parts.length !== 1 || parts[0].listId.toString() !== listId || parts[0].purpose !== purpose) {
      throw new tr1.DocumentError('list id or purpose mismatch');
    }
    return doc;
  });
}

function verifyText(text) {
  $('scan-note').hidden = true;
  $('qr-text').value = text;
  return check([text]);
}

export { check, fragmentCandidates, verifyText };
