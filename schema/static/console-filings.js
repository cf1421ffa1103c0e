// Evaluation filings (备案): a human resources office files an institution's filing
// (occupation × directions × levels × scope × term), and suspends, reinstates, renews or
// withdraws it; an evaluation institution reads its own. Filings gate every skill certificate.
// Part of the officials' console; console.js is its entry.

import { $, OPTIONS, listOf, state, stateBadge, token } from './console-common.js';
import { mutationForm, submitMutation } from './console-forms.js';
import { historyToggle } from './history.js';
import { CATEGORIES, FILING_SCOPES, FILING_STATES, OCCUPATIONS, formatDate, getLang, label, labelIn, t } from './i18n.js';
import { INPUT_FIELDS, ORGANISATIONS, fetchFilings, graphql } from './queries.js';
import { clear, h, requestErrorText } from './ui.js';

const MANAGES = ['HRSS_OFFICIAL'];
const READS = ['HRSS_OFFICIAL', 'EVALUATOR'];
const filings = { list: [], institutions: [], error: null };

async function loadFilings() {
  const role = state.account?.role;
  $('filings-panel').hidden = !READS.includes(role);
  if (!READS.includes(role)) return;
  try {
    const own = role === 'EVALUATOR' ? state.account.organisation?.code ?? null : null;
    const [list, organisations] = await Promise.all([
      fetchFilings(token.get(), { organisation: own }),
      MANAGES.includes(role) ? graphql(ORGANISATIONS, {}, token.get()) : { organisations: [] },
    ]);
    filings.list = list;
    filings.institutions = organisations.organisations.filter((o) => o.kind === 'EVALUATION_INSTITUTION');
    filings.error = null;
  } catch (error) {
    filings.error = error;
  }
  renderFilings();
}

function institutionName(code) {
  const found = filings.institutions.find((o) => o.code === code);
  if (!found) return code;
  return getLang() === 'en' ? found.nameEn ?? found.name : found.name;
}

function filingCard(filing) {
  const output = h('div', { class: 'output', role: 'status' });
  const where = { output, okAt: `[data-filing="${CSS.escape(filing.id)}"] .output`, onSuccess: loadFilings };
  const change = (action, extra = {}) => async () => {
    if (action === 'WITHDRAW' && !window.confirm(t('confirmWithdrawFiling'))) return;
    await submitMutation('changeFiling', { filingId: filing.id, action, ...extra }, where);
  };
  const until = h('input', { type: 'date', name: 'validUntil', 'aria-label': t('renewFiling') });
  const renew = async () => {
    await submitMutation('changeFiling', { filingId: filing.id, action: 'RENEW', validUntil: until.value || null }, where);
  };
  const actions = !MANAGES.includes(state.account?.role) || filing.state === 'WITHDRAWN'
    ? null
    : h('div', { class: 'actions' },
        filing.state === 'ACTIVE'
          ? h('button', { type: 'button', class: 'secondary', onclick: change('SUSPEND') }, t('suspendFiling'))
          : h('button', { type: 'button', class: 'secondary', onclick: change('REINSTATE') }, t('reinstateFiling')),
        h('button', { type: 'button', class: 'danger', onclick: change('WITHDRAW') }, t('withdrawFiling')),
        until,
        h('button', { type: 'button', class: 'secondary', onclick: renew }, t('renewFiling')));
  return h('li', { class: 'card', dataset: { filing: filing.id } },
    h('strong', {}, `${institutionName(filing.organisationCode)} · ${labelIn(OCCUPATIONS, filing.occupationCode)}`),
    ' ',
    stateBadge(filing.state, FILING_STATES),
    h('p', { class: 'note' }, [
      `${t('direction')}: ${listOf(filing.directions.map((d) => label(d)))}`,
      `${t('skillLevel')}: ${listOf(filing.levels.map((l) => label(l)))}`,
      labelIn(FILING_SCOPES, filing.scope),
      labelIn(CATEGORIES, filing.category),
      filing.prefix,
      t('filingValid', { from: formatDate(filing.validFrom), until: formatDate(filing.validUntil) }),
    ].join(' · ')),
    actions,
    output,
    historyToggle(filing.id, token.get));
}

function fileForm() {
  const institutions = filings.institutions.map((o) => [o.code, () => institutionName(o.code)]);
  return mutationForm('fileFiling', 'fileFiling', INPUT_FIELDS.fileFiling,
    (values, output) => submitMutation('fileFiling', values, { output, onSuccess: loadFilings }),
    { options: { ...OPTIONS, INSTITUTIONS: institutions }, initial: { occupationCode: '4-13-01-05', provinceCode: state.account?.organisation?.regionCode?.slice(0, 2) ?? '' } });
}

function renderFilings() {
  const panel = $('filings-panel');
  if (!panel || panel.hidden) return;
  $('filings-message').textContent = filings.error ? requestErrorText(filings.error) : '';
  clear($('filings')).append(...filings.list.map(filingCard));
  $('no-filings').hidden = filings.list.length > 0;
  clear($('filing-form')).append(...(MANAGES.includes(state.account?.role) ? [fileForm()] : []));
}

export { loadFilings, renderFilings };
