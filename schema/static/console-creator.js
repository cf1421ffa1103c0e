// One creator: their records (platform accounts, awards, skill certificates, recognitions,
// credentials) and the forms that act on them.
// Part of the officials' console; console.js is its entry.

import { awardCard } from './console-awards.js';
import { $, showError, state, stateBadge, token } from './console-common.js';
import { credentialCard, issueForm } from './console-credentials.js';
import { decisionCard, evaluateForm } from './console-eligibility.js';
import { applyForm, recognitionCard } from './console-recognitions.js';
import { recordForms, regionName } from './console-records.js';
import { activeFilings, mutationForm, submitMutation } from './console-forms.js';
import { ORIGINS, PLATFORMS, RECORD_STATES, WORK_TYPES, formatDate, label, labelIn, t } from './i18n.js';
import { INPUT_FIELDS, fetchCreator, fetchFilings } from './queries.js';
import { historyToggle } from './history.js';
import { clear, definitionRows, h } from './ui.js';

async function loadFilings() {
  // Only evaluation institutions record certificates, within their own active filings.
  if (state.filings !== null || state.account?.role !== 'EVALUATOR') return;
  state.filings = await fetchFilings(token.get(), {
    organisation: state.account.organisation?.code ?? null,
  });
}

async function openCreator(id) {
  showError(null);
  try {
    const [creator] = await Promise.all([fetchCreator(token.get(), id), loadFilings()]);
    state.creator = creator;
  } catch (error) {
    showError(error);
    return;
  }
  state.evaluation = null;
  state.decision = null;
  $('search-view').hidden = true;
  $('creator-view').hidden = false;
  // A link to this creator's page (the id only: nothing personal in the address).
  const link = creatorLink(id);
  if (location.hash !== link) history.pushState(null, '', link);
  renderCreator();
}

function creatorLink(id) {
  return `#creator=${encodeURIComponent(id)}`;
}

/** The creator id a console address names (`#creator=…`), or null. */
function linkedCreator(hash = location.hash) {
  const found = /^#creator=([^&]+)$/.exec(hash);
  if (!found) return null;
  try {
    return decodeURIComponent(found[1]);
  } catch {
    return null;
  }
}

function recordList(titleKey, items, describe, dataset = () => ({}), { history = true } = {}) {
  return [
    h('h2', {}, t(titleKey)),
    items.length === 0
      ? h('p', { class: 'note' }, t('nothingYet'))
      : h('ul', { class: 'cards' },
          items.map((item) => h('li', { class: 'card', dataset: dataset(item) },
            describe(item),
            history ? historyToggle(item.id, token.get) : null))),
  ];
}

function renderCreator() {
  const c = state.creator;
  const root = clear($('creator'));
  if (!c) return;
  root.append(
    h('h2', {}, c.displayName),
    h('dl', { class: 'fields' }, definitionRows([
      [t('idNumber'), c.maskedIdNumber],
      [t('origin'), labelIn(ORIGINS, c.origin)],
      [t('region'), regionName(c.regionCode)],
    ])),
    historyToggle(c.id, token.get),
    ...recordList('platformAccounts', c.platformAccounts, (a) => [
      h('strong', {}, `${labelIn(PLATFORMS, a.platform)} · ${a.handle}`),
      h('p', { class: 'note' }, [
        `${t('followers')}: ${a.followers ?? '—'}`,
        `${t('percentile')}: ${a.percentile ?? '—'}`,
        `${t('measuredOn')}: ${formatDate(a.measuredOn)}`,
      ].join(' · ')),
    ], () => ({}), { history: false }),
    ...recordList('works', c.works ?? [], (w) => [
      h('strong', {}, w.title),
      h('p', { class: 'note' }, [labelIn(WORK_TYPES, w.workType), w.platform ? labelIn(PLATFORMS, w.platform) : null,
        w.publishedOn ? formatDate(w.publishedOn) : null].filter(Boolean).join(' · ')),
    ], () => ({}), { history: false }),
    ...recordList('awards', c.awards, awardCard, (a) => ({ award: a.id })),
    ...recordList('skillCertificates', c.skillCertificates, (s) => [
      h('strong', {}, `${label(s.level)} · ${label(s.direction)}`),
      ' ',
      stateBadge(s.state, RECORD_STATES),
      h('p', { class: 'note' }, `${s.certificateNumber} · ${formatDate(s.issuedOn)}`),
    ]),
    ...recordList('recognitions', c.recognitions, recognitionCard, (r) => ({ recognition: r.id })),
    ...recordList('decisions', c.decisions ?? [], decisionCard, (d) => ({ decision: d.id })),
    ...recordList('credentials', c.credentials, credentialCard, (x) => ({ credential: x.id })),
  );
  renderForms();
}

function renderForms() {
  const creator = state.creator;
  const root = clear($('forms'));
  if (!creator) return;
  const record = (name, extra = () => ({})) => async (values, output) =>
    submitMutation(name, { creatorId: creator.id, ...values, ...extra(values) }, { output });
  // A certificate names its holder by ID document and name, not by the creator's id.
  const certify = async (values, output) =>
    submitMutation('recordSkillCertificate', { ...values, ...occupation(values) }, { output });
  // The chosen filing fixes the occupation.
  const occupation = (values) => ({
    occupationCode: activeFilings().find((f) => f.id === values.filingId)?.occupationCode ?? undefined,
  });
  const certificate = mutationForm('recordSkillCertificate', 'recordSkillCertificate',
    INPUT_FIELDS.recordSkillCertificate, certify);
  certificate.querySelector('button[type=submit]').disabled = activeFilings().length === 0;
  // Only the forms this account may submit: awards are recorded by the network information
  // offices, certificates by evaluation institutions.
  const role = state.account?.role;
  root.append(
    ...recordForms(creator),
    role === 'CAC_OFFICIAL'
      ? mutationForm('recordAward', 'recordAward', INPUT_FIELDS.recordAward, record('recordAward'))
      : '',
    role === 'EVALUATOR' ? certificate : '',
    ...applyForm(creator),
    ...(['TALENT_OFFICIAL', 'HRSS_OFFICIAL'].includes(role) ? evaluateForm(creator) : []),
    issueForm(creator),
  );
}

export { linkedCreator, openCreator, renderCreator };
