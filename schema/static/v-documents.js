// Documents (the issuer's keys and status lists): fetched fresh when possible, else the copy
// saved in localStorage, which is what lets a later check work offline.
// Part of the verifier page; v.js is its entry.

const CACHE_PREFIX = 'ccr.doc.';
const FETCH_TIMEOUT_MS = 8000;

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

export { loadDocument };
