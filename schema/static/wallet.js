// The creator wallet (/wallet): sign in with a token, list my credentials, show one as a big
// QR code to be scanned, download it (or the signed JSON form, vc+jwt), copy its verification
// link, and choose whether credentials
// issued from now on show my full name. Talks only to /graphql and to the QR image routes,
// always with the bearer token.

import { historyToggle } from './history.js';
import { CREDENTIAL_STATES, formatDate, kindLabel, labelIn, t } from './i18n.js';
import { fetchMyCredentials, fetchNameDisplay, fetchVcJwt, mutate } from './queries.js';
import { signInWith, signedInText } from './session.js';
import {
  achievementSummary,
  clear,
  h,
  requestErrorText,
  setupLanguageSwitch,
  tokenStore,
} from './ui.js';

const $ = (id) => document.getElementById(id);
const token = tokenStore('ccr.wallet.token');
const state = { account: null, credentials: [], endCursor: null, open: null, objectUrl: null };
let wakeLock = null;

function qrUrl(id, format) {
  const path = format === 'pdf' ? 'certificate.pdf' : `qr.${format}`;
  return `/credentials/${encodeURIComponent(id)}/${path}`;
}

/** The link to copy: base45's spaces (and % signs) percent-encoded, so a chat app or a line
 * break cannot cut it; the verifier page decodes it. */
function verificationLink(credential) {
  return `${location.origin}/v#${credential.qrText.replaceAll('%', '%25').replaceAll(' ', '%20')}`;
}

async function fetchImage(id, format) {
  const response = await fetch(qrUrl(id, format), {
    headers: { Authorization: `Bearer ${token.get()}` },
    credentials: 'omit',
    cache: 'no-store',
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.blob();
}

// --- Signing in ------------------------------------------------------------------------------

function showSignIn(message = '') {
  state.account = null;
  $('account').hidden = true;
  $('sign-in').hidden = false;
  $('sign-in-error').textContent = message;
}

async function signIn(candidate) {
  await signInWith(token, candidate, {
    showSignIn,
    onAccount: async (account) => {
      state.account = account;
      $('sign-in').hidden = true;
      $('account').hidden = false;
      renderAccount();
      state.credentials = [];
      state.endCursor = null;
      await Promise.all([loadMore(), loadNameDisplay()]);
    },
  });
}

function renderAccount() {
  if (state.account !== null) $('who').textContent = signedInText(state.account);
}

// --- The holder's name on public surfaces ----------------------------------------------------

async function loadNameDisplay() {
  const creatorId = state.account?.creatorId;
  const box = $('show-full-name');
  $('name-display').hidden = true;
  if (!creatorId) return;
  $('name-display-message').textContent = '';
  // Shown once the current choice is known: never a box in a state that is not the holder's.
  try {
    const choice = await fetchNameDisplay(token.get(), creatorId);
    box.checked = Boolean(choice?.showFullName);
    box.disabled = false;
  } catch (error) {
    box.disabled = true;
    $('name-display-message').textContent = requestErrorText(error);
  }
  $('name-display').hidden = false;
}

async function chooseNameDisplay(showFullName) {
  const box = $('show-full-name');
  const message = $('name-display-message');
  box.disabled = true;
  message.textContent = t('loading');
  try {
    const payload = await mutate(token.get(), 'setNameDisplay', { showFullName });
    if (payload.userErrors.length > 0) {
      box.checked = !showFullName;
      message.textContent = payload.userErrors.map((e) => e.message).join('；');
      return;
    }
    box.checked = Boolean(payload.creator?.showFullName);
    message.textContent = t(box.checked ? 'nameDisplaySavedFull' : 'nameDisplaySavedMasked');
  } catch (error) {
    box.checked = !showFullName;
    message.textContent = requestErrorText(error);
  } finally {
    box.disabled = false;
  }
}

// --- The list --------------------------------------------------------------------------------

async function loadMore() {
  $('list-error').textContent = '';
  try {
    const page = await fetchMyCredentials(token.get(), { first: 20, after: state.endCursor });
    state.credentials.push(...page.items);
    state.endCursor = page.endCursor;
    $('more').hidden = !page.hasNextPage;
    renderList();
  } catch (error) {
    $('list-error').textContent = requestErrorText(error);
  }
}

function stateOf(credential) {
  if (credential.status !== 'ACTIVE') return credential.status;
  return new Date(credential.validUntil) <= new Date() ? 'EXPIRED' : 'ACTIVE';
}

function presentable(credential) {
  return stateOf(credential) === 'ACTIVE';
}

function card(credential) {
  return h(
    'li',
    { class: 'card', dataset: { id: credential.id } },
    h('h3', {}, kindLabel(credential.kind), ' ', h('span', { class: `badge ${stateOf(credential)}` }, labelIn(CREDENTIAL_STATES, stateOf(credential)))),
    h('p', {}, achievementSummary(credential.kind, credential.achievement)),
    h('p', { class: 'note' }, `${t('validUntil')}: ${formatDate(credential.validUntil)}`),
    // A revoked, suspended or expired credential is not offered for presentation: a verifier
    // would refuse it, and a holder should not be the one to find out at the counter.
    presentable(credential)
      ? h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'primary', onclick: () => openQr(credential) }, t('showQr')))
      : h('p', { class: 'warning', role: 'note' }, t(`notPresentable${stateOf(credential)}`)),
    historyToggle(credential.id, token.get),
  );
}

function renderList() {
  const list = clear($('credentials'));
  list.append(...state.credentials.map(card));
  $('empty').hidden = state.credentials.length > 0;
}

// --- Full-screen QR --------------------------------------------------------------------------

/** What the printed page says (print stylesheet): the certificate's summary, in Chinese with
 * English below, as the PDF lays it out. */
function fillPrintSheet(credential) {
  const pair = (key, value) => [`${t(key, {}, 'zh-CN')} ${t(key, {}, 'en')}`, value];
  const status = CREDENTIAL_STATES[credential.status];
  clear($('print-sheet')).append(
    h('h2', {}, kindLabel(credential.kind, 'zh-CN')),
    h('p', { class: 'en' }, kindLabel(credential.kind, 'en')),
    h('p', {}, achievementSummary(credential.kind, credential.achievement, 'zh-CN')),
    h('dl', {}, ...[
      pair('holder', credential.subjectName),
      pair('organisation', credential.organisationCode),
      pair('validUntil', formatDate(credential.validUntil)),
      pair('state', status ? `${status[0]} / ${status[1]}` : credential.status),
      pair('credentialId', credential.id),
    ].flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value ?? '--')])),
    h('p', { class: 'link' }, verificationLink(credential)),
  );
}

async function openQr(credential) {
  state.open = credential;
  state.opener = document.activeElement;
  $('qr').hidden = false;
  $('qr-caption').textContent = `${kindLabel(credential.kind)} · ${credential.subjectName ?? ''}`;
  fillPrintSheet(credential);
  $('qr-message').textContent = t('loading');
  $('qr-link').hidden = true;
  $('qr-close').focus();
  try {
    wakeLock = await navigator.wakeLock?.request('screen');
  } catch {
    wakeLock = null;
  }
  try {
    const blob = await fetchImage(credential.id, 'svg');
    if (state.open !== credential) return;
    state.objectUrl = URL.createObjectURL(blob);
    $('qr-image').src = state.objectUrl;
    $('qr-message').textContent = '';
  } catch (error) {
    $('qr-message').textContent = requestErrorText(error);
  }
}

/** Keep Tab and Shift-Tab inside the open dialog (it is modal: the page behind is inert). */
function trapFocus(event) {
  if (event.key !== 'Tab' || !state.open) return;
  const focusable = [...$('qr').querySelectorAll('button, input, [href], [tabindex]:not([tabindex="-1"])')]
    .filter((element) => !element.hidden && !element.disabled && element.getClientRects().length);
  if (focusable.length === 0) return;
  const first = focusable[0];
  const last = focusable.at(-1);
  if (event.shiftKey && document.activeElement === first) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first.focus();
  } else if (!$('qr').contains(document.activeElement)) {
    event.preventDefault();
    first.focus();
  }
}

function closeQr() {
  state.open = null;
  $('qr').hidden = true;
  // Focus goes back where it was, on the button that opened the dialog.
  state.opener?.focus?.();
  state.opener = null;
  $('qr-image').removeAttribute('src');
  if (state.objectUrl) URL.revokeObjectURL(state.objectUrl);
  state.objectUrl = null;
  wakeLock?.release().catch(() => {});
  wakeLock = null;
}

async function download(format) {
  const credential = state.open;
  if (!credential) return;
  try {
    const blob =
      format === 'jwt'
        ? new Blob([(await fetchVcJwt(token.get(), credential.id)) ?? ''], { type: 'application/vc+jwt' })
        : await fetchImage(credential.id, format);
    const url = URL.createObjectURL(blob);
    const link = h('a', { href: url, download: `credential-${credential.id}.${format}` });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  } catch (error) {
    $('qr-message').textContent = requestErrorText(error);
  }
}

async function copyLink() {
  const credential = state.open;
  if (!credential?.qrText) return;
  const link = verificationLink(credential);
  try {
    await navigator.clipboard.writeText(link);
    $('qr-message').textContent = t('copied');
  } catch {
    // No clipboard permission: show the link selected, ready for the system copy gesture.
    const field = $('qr-link');
    field.hidden = false;
    field.value = link;
    field.select();
    $('qr-message').textContent = t('copyFailed');
  }
}

// --- Wiring ----------------------------------------------------------------------------------

function init() {
  setupLanguageSwitch($('lang'), () => {
    renderAccount();
    renderList();
  });
  $('sign-in').addEventListener('submit', (event) => {
    event.preventDefault();
    const candidate = $('token').value.trim();
    $('token').value = '';
    if (candidate) signIn(candidate);
  });
  $('sign-out').addEventListener('click', () => {
    token.clear();
    state.credentials = [];
    clear($('credentials'));
    $('name-display').hidden = true;
    showSignIn();
  });
  $('more').addEventListener('click', loadMore);
  $('show-full-name').addEventListener('change', (event) => chooseNameDisplay(event.target.checked));
  $('qr-close').addEventListener('click', closeQr);
  $('qr-png').addEventListener('click', () => download('png'));
  $('qr-svg').addEventListener('click', () => download('svg'));
  $('qr-vc').addEventListener('click', () => download('jwt'));
  $('qr-pdf').addEventListener('click', () => download('pdf'));
  $('qr-print').addEventListener('click', () => window.print());
  $('qr-copy').addEventListener('click', copyLink);
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && state.open) closeQr();
    trapFocus(event);
  });
  const saved = token.get();
  if (saved) signIn(saved);
  else showSignIn();
}

init();
