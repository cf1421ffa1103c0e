// Reading a QR code: from an uploaded image or the camera.
// Part of the verifier page; v.js is its entry.

import { t } from './i18n.js';
import { verifyText } from './v-check.js';
import { $, state } from './v-page.js';

const SCAN_INTERVAL_MS = 250;
const SCAN_LIMIT_MS = 120000;
const IMAGE_SIDES = [1024, 2048]; // jsQR's canvas size for an uploaded image, tried in order
const FRAME_SIDE = 800; // and for a camera frame

function note(key) {
  const element = $('scan-note');
  element.hidden = false;
  element.dataset.i18n = key;
  element.textContent = t(key);
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

export { canReadQr, note, readImage, startScan, stopScan };
