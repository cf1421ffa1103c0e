// The verifier page (/v). Opening /v#TR1:… checks the credential in the fragment, which the
// browser never sends to any server. The issuer's keys and status lists are fetched from this
// origin and kept in localStorage, so a later check works offline (the page says how old the
// copy is).

import * as tr1 from './tr1.js';
import {
  AWARDS,
  OCCUPATIONS,
  REGIONS,
  formatTime,
  getLang,
  kindLabel,
  label,
  labelIn,
  t,
  verdictFor,
} from './i18n.js';
import { clear, definitionRows, h, setupLanguageSwitch } from './ui.js';

const JWKS_URL = '/.well-known/jwks.json';
const CACHE_PREFIX = 'ccr.doc.';
const FETCH_TIMEOUT_MS = 8000;
const SCAN_INTERVAL_MS = 250;
const SCAN_LIMIT_MS = 120000;
const IMAGE_SIDES = [1024, 2048]; // jsQR's canvas size for an uploaded image, tried in order
const FRAME_SIDE = 800; // and for a camera frame

const $ = (id) => document.getElementById(id);
const state = {
  text: null,
  result: null,
  trust: null,
  status: null,
  scanning: false,
  scanTimer: null,
  scanRun: 0,
  run: 0,
};

// --- Documents: fetched fresh when possible, else the saved copy ---------------------------

function readCache(url) {
  try {
    const saved = JSON.parse(localStorage.getItem(CACHE_PREFIX + url) ?? 'null');
    return saved && typeof saved.text === 'string' ? saved : null;
  } catch {
    return null;
  }
}

function writeCache(url, text, fetchedAt) {
  try {
    localStorage.setItem(CACHE_PREFIX + url, JSON.stringify({ text, fetchedAt }));
  } catch {
    // Storage full or disabled: this check still works, only offline reuse is lost.
  }
}

async function fetchText(url) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), FETCH_TIMEOUT_MS);
  try {
    const response = await fetch(url, {
      cache: 'no-cache',
      credentials: 'omit',
      signal: controller.signal,
    });
    return response.ok ? await response.text() : null;
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}

// Fresh first; a document is saved only once it parsed (and, for status lists, verified).
async function loadDocument(url, parse) {
  const text = await fetchText(url);
  if (text !== null) {
    try {
      const value = await parse(text);
      const fetchedAt = new Date().toISOString();
      writeCache(url, text, fetchedAt);
      return { value, fetchedAt, fromCache: false };
    } catch {
      // A broken answer is no better than none: fall back to the saved copy.
    }
  }
  const saved = readCache(url);
  if (saved === null) return null;
  try {
    return { value: await parse(saved.text), fetchedAt: saved.fetchedAt, fromCache: true };
  } catch {
    return null;
  }
}

// --- Checking -------------------------------------------------------------------------------

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
  const trust = await loadDocument(JWKS_URL, (text) => tr1.loadTrustList(text));
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
    const fetched = await loadDocument(`/status/${encodeURIComponent(listId)}`, async (doc) => {
      const list = await tr1.loadStatusList(doc, trust.value);
      // A list served under another list's address must not stand in for it.
      if (list.listId.toString() !== listId) throw new tr1.DocumentError('list id mismatch');
      return list;
    });
    status = fetched === null ? { listId, missing: true } : { listId, ...fetched };
    const lists = new Map(fetched === null ? [] : [[listId, fetched.value]]);
    result = await tr1.verify(text, { trust: trust.value, statusLists: lists });
  }
  if (run !== state.run) return;
  Object.assign(state, { trust, status, text, result });
  render();
}

// --- Rendering ------------------------------------------------------------------------------

function showChecking() {
  $('result').hidden = false;
  $('banner').className = 'banner tone-neutral';
  delete $('banner').dataset.verdict;
  $('verdict').textContent = t('checking');
  $('detail').textContent = '';
  $('stage-code').textContent = '';
  clear($('claims'));
  clear($('trust-info'));
}

function achievementRows(claims) {
  const a = claims.achievement;
  switch (claims.kind) {
    case 'CREATOR_RECOGNITION':
      return [
        [t('cluster'), a.code],
        [t('region'), labelIn(REGIONS, a.region)],
      ];
    case 'AWARD':
      return [
        [t('award'), labelIn(AWARDS, a.code)],
        [t('awardLevel'), label(a.level)],
        [t('grade'), label(a.grade)],
        [t('year'), a.year],
      ];
    case 'SKILL_CERTIFICATE':
      return [
        [t('occupation'), `${labelIn(OCCUPATIONS, a.code)} (${a.code})`],
        [t('skillLevel'), label(a.level)],
        [t('direction'), label(a.direction)],
        [t('certificateNumber'), a.number],
      ];
    case 'TALENT_ELIGIBILITY':
      return [
        [t('programme'), a.code],
        [t('tier'), label(a.level)],
        [t('region'), labelIn(REGIONS, a.region)],
      ];
    default:
      return [[t('code'), a.code]];
  }
}

function claimRows(result) {
  const claims = result.claims;
  return [
    [t('kind'), kindLabel(claims.kind)],
    [t('holder'), claims.subjectName],
    ...achievementRows(claims),
    [t('title'), claims.achievement.title],
    [t('organisation'), claims.organisation],
    [t('issuer'), claims.issuer],
    [t('issuedAt'), formatTime(claims.issuedAt)],
    [t('validFrom'), claims.validFrom ? formatTime(claims.validFrom) : null],
    [t('validUntil'), formatTime(claims.validUntil)],
    [t('credentialId'), claims.credentialId],
    [t('signingKey'), result.kid ? `${result.kid} (${result.alg})` : null],
  ];
}

function trustLines() {
  const lines = [];
  const offline = (info) => (info.fromCache ? ` ${t('offlineCopy')}` : '');
  if (state.trust) {
    lines.push(t('keysFetched', { time: formatTime(state.trust.fetchedAt) }) + offline(state.trust));
  }
  if (state.status && !state.status.missing) {
    lines.push(
      t('statusFetched', { list: state.status.listId, time: formatTime(state.status.fetchedAt) }) +
        offline(state.status),
    );
  } else if (state.result && !state.result.statusChecked) {
    lines.push(t('statusNotChecked'));
  }
  return lines;
}

function render() {
  const result = state.result;
  if (result === null) return;
  const verdict = verdictFor(result.code, getLang());
  $('result').hidden = false;
  $('banner').className = `banner tone-${verdict.tone}`;
  $('banner').dataset.verdict = verdict.verdict;
  $('verdict').textContent = verdict.word;
  $('detail').textContent = verdict.detail;
  $('stage-code').textContent = result.code ?? 'OK';
  const claims = clear($('claims'));
  if (result.claims) claims.append(...definitionRows(claimRows(result)));
  const info = clear($('trust-info'));
  info.append(...trustLines().map((line) => h('li', {}, line)));
}

// --- Input: fragment, paste, image, camera --------------------------------------------------

function note(key) {
  const element = $('scan-note');
  element.hidden = false;
  element.dataset.i18n = key;
  element.textContent = t(key);
}

function verifyText(text) {
  $('scan-note').hidden = true;
  $('qr-text').value = text;
  return check([text]);
}

// Two ways to read a QR code: the browser's BarcodeDetector where it reads QR codes, else
// jsQR (vendor/jsQR.js, a plain script that defines window.jsQR) on a canvas.

let nativeReader;

async function barcodeDetector() {
  if (nativeReader === undefined) {
    nativeReader = null;
    try {
      if ('BarcodeDetector' in window) {
        const formats = await window.BarcodeDetector.getSupportedFormats();
        if (formats.includes('qr_code')) {
          nativeReader = new window.BarcodeDetector({ formats: ['qr_code'] });
        }
      }
    } catch {
      // Declared but unusable (no platform support): jsQR reads instead.
    }
  }
  return nativeReader;
}

const hasJsQR = () => typeof window.jsQR === 'function';

/** The code's text rebuilt from its segments, each decoded by its own mode. */
function jsQRText(code) {
  const utf8 = new TextDecoder('utf-8');
  let text = '';
  for (const chunk of code.chunks ?? []) {
    // A link-form code is a byte segment (the address) then an alphanumeric one (TR1:…).
    if (chunk.type === 'byte') text += utf8.decode(Uint8Array.from(chunk.bytes));
    else if (typeof chunk.text === 'string') text += chunk.text;
  }
  return text || code.data;
}

let canvas = null;

/** Draw `source` scaled to at most `side` pixels on its longer edge and let jsQR read it. */
function readWithJsQR(source, width, height, side) {
  if (!hasJsQR() || !width || !height) return null;
  const scale = Math.min(1, side / Math.max(width, height));
  const w = Math.max(1, Math.round(width * scale));
  const hgt = Math.max(1, Math.round(height * scale));
  canvas ??= document.createElement('canvas');
  canvas.width = w;
  canvas.height = hgt;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  context.fillStyle = '#fff'; // transparent pixels of a screenshot read as white, not black
  context.fillRect(0, 0, w, hgt);
  context.drawImage(source, 0, 0, w, hgt);
  const code = window.jsQR(context.getImageData(0, 0, w, hgt).data, w, hgt, {
    inversionAttempts: 'attemptBoth',
  });
  return code ? jsQRText(code) || null : null;
}

async function readWithDetector(reader, source) {
  const codes = await reader.detect(source).catch(() => []);
  return codes.length > 0 && codes[0].rawValue ? codes[0].rawValue : null;
}

async function canReadQr() {
  return (await barcodeDetector()) !== null || hasJsQR();
}

async function readImage(file) {
  if (!(await canReadQr())) {
    note('noBarcode');
    return;
  }
  let bitmap = null;
  try {
    bitmap = await createImageBitmap(file);
    const reader = await barcodeDetector();
    let text = reader === null ? null : await readWithDetector(reader, bitmap);
    // A photo is read small first (fast, smooths noise), then larger for a small code in it.
    const longest = Math.max(bitmap.width, bitmap.height);
    for (const [i, side] of IMAGE_SIDES.entries()) {
      if (text !== null || (i > 0 && longest <= IMAGE_SIDES[i - 1])) break;
      text = readWithJsQR(bitmap, bitmap.width, bitmap.height, side);
    }
    if (text === null) note('noQrFound');
    else await verifyText(text);
  } catch {
    note('noQrFound');
  } finally {
    bitmap?.close();
  }
}

function stopScan() {
  state.scanning = false;
  state.scanRun += 1; // ends the frame loop of the scan that was running
  clearTimeout(state.scanTimer);
  const video = $('camera');
  for (const track of video.srcObject?.getTracks() ?? []) track.stop();
  video.srcObject = null;
  video.hidden = true;
  $('scan').dataset.i18n = 'scanButton';
  $('scan').textContent = t('scanButton');
}

async function readFrame(video) {
  const reader = await barcodeDetector();
  if (reader !== null) return readWithDetector(reader, video);
  return readWithJsQR(video, video.videoWidth, video.videoHeight, FRAME_SIDE);
}

async function startScan() {
  const run = ++state.scanRun;
  state.scanning = true;
  $('scan').dataset.i18n = 'stopScan';
  $('scan').textContent = t('stopScan');
  const video = $('camera');
  let stream = null;
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      video: { facingMode: 'environment' },
      audio: false,
    });
    if (run !== state.scanRun) throw new Error('stopped while the camera was opening');
    video.srcObject = stream;
    video.hidden = false;
    await video.play();
  } catch {
    for (const track of stream?.getTracks() ?? []) track.stop();
    if (run === state.scanRun) {
      stopScan();
      note('cameraFailed');
    }
    return;
  }
  // The camera is released after SCAN_LIMIT_MS even if no frame comes (a hidden tab).
  state.scanTimer = setTimeout(stopScan, SCAN_LIMIT_MS);
  let last = -Infinity;
  const tick = async (now) => {
    if (run !== state.scanRun) return;
    if (now - last >= SCAN_INTERVAL_MS && video.readyState >= video.HAVE_CURRENT_DATA) {
      last = now;
      const text = await readFrame(video).catch(() => null);
      if (run !== state.scanRun) return;
      if (text !== null) {
        stopScan();
        await verifyText(text);
        return;
      }
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

function checkFragment() {
  if (location.hash.length > 1) {
    const candidates = fragmentCandidates(location.hash);
    $('qr-text').value = candidates[0];
    check(candidates);
  }
}

function init() {
  setupLanguageSwitch($('lang'), render);
  $('verify').addEventListener('click', () => {
    const text = $('qr-text').value;
    if (text.trim()) check([text]);
  });
  $('refresh').addEventListener('click', () => {
    if (state.text !== null) check([state.text]);
  });
  $('qr-file').addEventListener('change', (event) => {
    const [file] = event.target.files;
    if (file) readImage(file);
    event.target.value = '';
  });
  $('scan').addEventListener('click', () => (state.scanning ? stopScan() : startScan()));
  canReadQr().then((able) => {
    if (!able) note('noBarcode');
    else if (navigator.mediaDevices?.getUserMedia) $('scan').hidden = false;
  });
  window.addEventListener('hashchange', checkFragment);
  checkFragment();
  registerServiceWorker();
}

// The service worker keeps this page and its assets, so a phone that opened /v once can check
// a credential later with no network (the documents come from localStorage, above).
function registerServiceWorker() {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
    // Not offered (a private window, an insecure origin): the page works online as before.
  });
}

init();
