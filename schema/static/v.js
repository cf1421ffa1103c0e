// The verifier page (/v). Opening /v#TR1:… checks the credential in the fragment, which the
// browser never sends to any server. The issuer's keys and status lists are fetched from this
// origin and kept in localStorage, so a later check works offline (the page says how old the
// copy is).
//
// This file wires the page up; the work lives in v-check.js (checking), v-documents.js (the keys
// and status lists, saved for offline use), v-render.js (the verdict), v-scan.js (image and
// camera) and v-page.js (shared state). sw.js caches all of them and the tr1*.js modules.

import { setupLanguageSwitch } from './ui.js';
import { check, fragmentCandidates } from './v-check.js';
import { $, state } from './v-page.js';
import { render } from './v-render.js';
import { canReadQr, note, readImage, startScan, stopScan } from './v-scan.js';

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
// a credential later with no network (the documents come from localStorage: v-documents.js).
function registerServiceWorker() {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
    // Not offered (a private window, an insecure origin): the page works online as before.
  });
}

init();
