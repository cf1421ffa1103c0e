// The public certificate lookup (/lookup): a certificate number (or credential id) and the
// holder's full name; the answer is masked and the same for "no such number" and "not this
// holder". Talks only to /graphql, without a token.

import { formatDate, kindLabel, t } from './i18n.js';
import { clear, definitionRows, requestErrorText, setupLanguageSwitch } from './ui.js';

const $ = (id) => document.getElementById(id);
const QUERY = `
  query Lookup($number: String!, $holderName: String!) {
    lookupCertificate(number: $number, holderName: $holderName) {
      status kind title level issuer issuedOn holder
    }
  }
`;
// The verifier page's banner tones: good, bad, warn and neutral.
const TONES = { VALID: 'good', SUSPENDED: 'warn', REVOKED: 'bad', EXPIRED: 'warn', NOT_FOUND: 'neutral' };
let last = null;

async function ask(number, holderName) {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ query: QUERY, variables: { number, holderName } }),
    credentials: 'omit',
    cache: 'no-store',
  });
  const body = await response.json().catch(() => null);
  if (!response.ok || body?.errors?.length) {
    const error = new Error(body?.errors?.[0]?.message ?? `HTTP ${response.status}`);
    error.code = body?.errors?.[0]?.extensions?.code ?? null;
    throw error;
  }
  return body.data.lookupCertificate;
}

function render() {
  if (last === null) return;
  $('answer').hidden = false;
  $('lookup-banner').className = `banner tone-${TONES[last.status] ?? 'neutral'}`;
  $('lookup-banner').dataset.status = last.status;
  $('lookup-verdict').textContent = t(`lookup${last.status}`);
  clear($('lookup-details'));
  if (last.status === 'NOT_FOUND') return;
  $('lookup-details').append(
    ...definitionRows([
      [t('kind'), last.kind ? kindLabel(last.kind) : null],
      [t('lookupWhat'), last.title],
      [t('lookupLevel'), last.level],
      [t('holder'), last.holder],
      [t('organisation'), last.issuer],
      [t('issuedAt'), last.issuedOn ? formatDate(last.issuedOn) : null],
    ]),
  );
}

function init() {
  setupLanguageSwitch($('lang'), render);
  $('lookup').addEventListener('submit', async (event) => {
    event.preventDefault();
    $('lookup-error').textContent = '';
    $('ask').disabled = true;
    try {
      last = await ask($('number').value.trim(), $('holder').value.trim());
      render();
    } catch (error) {
      $('lookup-error').textContent =
        error.code === 'THROTTLED' ? t('lookupThrottled') : requestErrorText(error);
    } finally {
      $('ask').disabled = false;
    }
  });
}

init();
