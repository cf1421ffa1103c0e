// The official console (/console): sign in with a token, find a creator, read their records,
// record an award and take it through verification, record a skill certificate within one of
// the evaluator's filings, evaluate eligibility (with the explanation tree) and decide it,
// issue, suspend, reinstate and revoke credentials. Talks only to /graphql; what an official
// may do is decided by the server, which answers with userErrors when a rule says no.

import {
  AWARD_LEVELS,
  CREDENTIAL_STATES,
  DECISION_OUTCOMES,
  DIRECTION_CODES,
  GRADES,
  OCCUPATIONS,
  ORIGINS,
  OUTCOMES,
  RECORD_STATES,
  SKILL_LEVELS,
  USER_ERRORS,
  formatDate,
  getLang,
  kindLabel,
  label,
  labelIn,
  t,
} from './i18n.js';
import {
  INPUT_FIELDS,
  evaluateEligibility,
  fetchCreator,
  fetchFilings,
  fetchViewer,
  mutate,
  searchCreators,
} from './queries.js';
import {
  achievementSummary,
  clear,
  definitionRows,
  h,
  requestErrorText,
  setupLanguageSwitch,
  tokenStore,
} from './ui.js';

const $ = (id) => document.getElementById(id);
const token = tokenStore('ccr.console.token');
const state = {
  account: null,
  search: '',
  creators: [],
  endCursor: null,
  creator: null,
  filings: null, // the evaluator's filings, read once per sign-in
  evaluation: null, // the last evaluation of the open creator, with the decide form under it
  decision: null, // the payload of the last decision taken there
};
const codes = (table) => Object.keys(table).map((code) => [code, () => label(code)]);
const OPTIONS = {
  AWARD_LEVELS: codes(AWARD_LEVELS),
  GRADES: codes(GRADES),
  SKILL_LEVELS: codes(SKILL_LEVELS),
  DIRECTION_NAMES: codes(DIRECTION_CODES),
  DECISIONS: [['true', () => t('approve')], ['false', () => t('reject')]],
};
const MARKS = { MET: '✓', UNMET: '✗', UNKNOWN: '?' };

// What each award state allows (CLAIMED → UNDER_VERIFICATION → VERIFIED | REJECTED;
// VERIFIED → RESCINDED): [decision, label, style]. ISSUE is issueCredential, not decideAward.
const AWARD_ACTIONS = {
  CLAIMED: [['START_VERIFICATION', 'startVerification', 'primary']],
  UNDER_VERIFICATION: [['VERIFY', 'verifyAward', 'primary'], ['REJECT', 'rejectAward', 'danger']],
  VERIFIED: [['ISSUE', 'issueCredential', 'primary'], ['RESCIND', 'rescindAward', 'danger']],
};
const NEEDS_REASON = new Set(['REJECT', 'RESCIND']);

function today() {
  // en-CA formats as YYYY-MM-DD, the value a date input takes.
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
}

function listOf(items) {
  return items.join(getLang() === 'en' ? ', ' : '、');
}

function showError(error) {
  $('error').textContent = error ? requestErrorText(error) : '';
  if (error?.kind === 'auth') {
    token.clear();
    showSignIn(t('signInFailed'));
  }
}

// --- Session ---------------------------------------------------------------------------------

function showSignIn(message = '') {
  state.account = null;
  $('workspace').hidden = true;
  $('sign-in').hidden = false;
  $('sign-in-error').textContent = message;
}

async function signIn(candidate) {
  try {
    const account = await fetchViewer(candidate);
    if (account === null) {
      showSignIn(t('signInFailed'));
      return;
    }
    token.set(candidate);
    state.account = account;
    state.filings = null;
    $('sign-in').hidden = true;
    $('workspace').hidden = false;
    renderWho();
    await runSearch('');
  } catch (error) {
    if (error.kind === 'auth') token.clear();
    showSignIn(requestErrorText(error));
  }
}

function renderWho() {
  const account = state.account;
  if (!account) return;
  const org = account.organisation?.name ?? account.organisation?.code ?? '';
  $('who').textContent = t('signedInAs', { role: account.role, org });
}

// --- Search ----------------------------------------------------------------------------------

async function runSearch(search, { append = false } = {}) {
  showError(null);
  try {
    const page = await searchCreators(token.get(), {
      search: search || null,
      after: append ? state.endCursor : null,
    });
    state.search = search;
    state.creators = append ? [...state.creators, ...page.items] : page.items;
    state.endCursor = page.endCursor;
    $('more-creators').hidden = !page.hasNextPage;
    renderCreators();
  } catch (error) {
    showError(error);
  }
}

function renderCreators() {
  const list = clear($('creators'));
  for (const creator of state.creators) {
    list.append(
      h(
        'li',
        { class: 'card', dataset: { id: creator.id } },
        h('h3', {}, creator.displayName),
        h('dl', { class: 'fields' }, definitionRows([
          [t('idNumber'), creator.maskedIdNumber],
          [t('origin'), labelIn(ORIGINS, creator.origin)],
        ])),
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'primary', onclick: () => openCreator(creator.id) }, t('open'))),
      ),
    );
  }
  $('no-creators').hidden = state.creators.length > 0;
}

// --- One creator -----------------------------------------------------------------------------

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
  renderCreator();
}

function recordList(titleKey, items, describe, dataset = () => ({})) {
  return [
    h('h2', {}, t(titleKey)),
    items.length === 0
      ? h('p', { class: 'note' }, t('nothingYet'))
      : h('ul', { class: 'cards' },
          items.map((item) => h('li', { class: 'card', dataset: dataset(item) }, describe(item)))),
  ];
}

function stateBadge(value, table = CREDENTIAL_STATES) {
  return value ? h('span', { class: `badge ${value}` }, labelIn(table, value)) : null;
}

function credentialCard(credential) {
  const reason = h('input', { type: 'text', 'aria-label': t('reason'), placeholder: t('reason') });
  const act = (name) => async () => {
    if (name === 'revokeCredential' && !window.confirm(t('confirmRevoke'))) return;
    // Suspending and revoking need a reason (the server says so in userErrors if it is empty).
    const text = reason.value.trim();
    await submitMutation(name, {
      credentialId: credential.id,
      reason: name === 'reinstateCredential' ? text || null : text,
    });
  };
  const status = credential.status;
  return [
    h('h3', {}, kindLabel(credential.kind), ' ', stateBadge(status)),
    h('p', {}, achievementSummary(credential.kind, credential.achievement)),
    h('p', { class: 'note' }, `${t('validUntil')}: ${formatDate(credential.validUntil)}`),
    status === 'REVOKED'
      ? null
      : h('div', { class: 'actions' },
          reason,
          status === 'ACTIVE'
            ? h('button', { type: 'button', class: 'secondary', onclick: act('suspendCredential') }, t('suspend'))
            : h('button', { type: 'button', class: 'secondary', onclick: act('reinstateCredential') }, t('reinstate')),
          h('button', { type: 'button', class: 'danger', onclick: act('revokeCredential') }, t('revoke'))),
  ];
}

function awardCard(award) {
  const output = h('div', { class: 'output', role: 'status' });
  const actions = AWARD_ACTIONS[award.state] ?? [];
  const wantsReason = actions.some(([decision]) => NEEDS_REASON.has(decision));
  const reason = wantsReason
    ? h('input', { type: 'text', name: 'reason', 'aria-label': t('reason'), placeholder: t('reason') })
    : null;
  const where = { output, okAt: `[data-award="${CSS.escape(award.id)}"] .output` };
  const act = (decision) => async (event) => {
    const text = reason?.value.trim() ?? '';
    if (NEEDS_REASON.has(decision) && !text) {
      clear(output).append(h('p', { class: 'error' }, t('reasonRequired')));
      reason.focus();
      return;
    }
    if (decision === 'RESCIND' && !window.confirm(t('confirmRescind'))) return;
    const buttons = event.currentTarget.parentElement.querySelectorAll('button');
    for (const button of buttons) button.disabled = true;
    clear(output);
    if (decision === 'ISSUE') {
      await submitMutation('issueCredential', { kind: 'AWARD', sourceId: award.id }, where);
    } else {
      await submitMutation('decideAward', { awardId: award.id, decision, reason: text || null }, where);
    }
    for (const button of buttons) button.disabled = false;
  };
  const summary = { code: award.programmeCode, year: award.edition, grade: award.grade, level: award.level };
  const notes = [formatDate(award.awardedOn), award.category, award.evidenceDocNo].filter(Boolean);
  return [
    h('strong', {}, achievementSummary('AWARD', summary)),
    ' ',
    stateBadge(award.state, RECORD_STATES),
    h('p', { class: 'note' }, notes.join(' · ')),
    award.reason ? h('p', { class: 'note' }, `${t('reason')}: ${award.reason}`) : null,
    actions.length === 0
      ? null
      : h('div', { class: 'actions' },
          reason,
          actions.map(([decision, key, style]) =>
            h('button', { type: 'button', class: style, dataset: { decision }, onclick: act(decision) }, t(key)))),
    output,
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
    ])),
    ...recordList('platformAccounts', c.platformAccounts, (a) => [
      h('strong', {}, `${a.platform} · ${a.handle}`),
      h('p', { class: 'note' }, `${t('followers')}: ${a.followers ?? '—'} · ${t('percentile')}: ${a.percentile ?? '—'}`),
    ]),
    ...recordList('awards', c.awards, awardCard, (a) => ({ award: a.id })),
    ...recordList('skillCertificates', c.skillCertificates, (s) => [
      h('strong', {}, `${label(s.level)} · ${label(s.direction)}`),
      ' ',
      stateBadge(s.state, RECORD_STATES),
      h('p', { class: 'note' }, `${s.certificateNumber} · ${formatDate(s.issuedOn)}`),
    ]),
    ...recordList('recognitions', c.recognitions, (r) => [
      h('strong', {}, `${r.clusterCode} · ${r.regionCode}`),
      ' ',
      stateBadge(r.state, RECORD_STATES),
      h('p', { class: 'note' }, formatDate(r.recognisedOn)),
    ]),
    ...recordList('credentials', c.credentials, credentialCard),
  );
  renderForms();
}

// --- Forms -----------------------------------------------------------------------------------

function activeFilings() {
  const day = today();
  return (state.filings ?? []).filter(
    (f) => f.state === 'ACTIVE' && f.validFrom <= day && day <= f.validUntil,
  );
}

function filingDetail(filing) {
  if (!filing) return t('noFilings');
  return [
    `${t('occupation')}: ${labelIn(OCCUPATIONS, filing.occupationCode)} ${filing.occupationCode}`,
    `${t('direction')}: ${listOf(filing.directions.map((d) => label(d)))}`,
    `${t('skillLevel')}: ${listOf(filing.levels.map((l) => label(l)))}`,
    t('filingValid', { from: formatDate(filing.validFrom), until: formatDate(filing.validUntil) }),
  ].join(' · ');
}

function filingSelect(id, name) {
  const filings = activeFilings();
  const select = h('select', { id, name, required: true, disabled: filings.length === 0 },
    filings.map((f) => h('option', { value: f.id },
      `${labelIn(OCCUPATIONS, f.occupationCode)} · ${f.prefix}`)));
  const detail = h('p', { class: 'note', dataset: { filingDetail: '' } });
  const show = () => {
    detail.textContent = filingDetail(filings.find((f) => f.id === select.value));
  };
  select.addEventListener('change', show);
  show();
  return [select, detail];
}

function field(formName, [name, type, labelKey, initial], options = OPTIONS) {
  const id = `f-${formName}-${name}`;
  let input;
  if (type === 'filing') {
    input = filingSelect(id, name);
  } else if (type === 'checkbox') {
    return h('div', { class: 'check' },
      h('input', { id, name, type, checked: Boolean(initial) }),
      h('label', { for: id }, t(labelKey)));
  } else if (type.startsWith('select:')) {
    const choices = options[type.slice(7)] ?? [];
    input = h('select', { id, name },
      choices.map(([value, text]) => h('option', { value, selected: value === initial }, text())));
  } else {
    input = h('input', { id, name, type, value: initial ?? '' });
  }
  return h('div', {}, h('label', { for: id }, t(labelKey)), input);
}

function formValues(form) {
  const values = {};
  for (const element of form.elements) {
    if (!element.name) continue;
    if (element.type === 'checkbox') values[element.name] = element.checked;
    else if (element.value === '') values[element.name] = null;
    else if (element.type === 'number') values[element.name] = Number(element.value);
    else values[element.name] = element.value;
  }
  return values;
}

function mutationForm(name, titleKey, fields, onSubmit, { initial = {}, options = OPTIONS } = {}) {
  const output = h('div', { class: 'output', role: 'status' });
  const specs = fields.map(([key, type, labelKey, fallback]) => [key, type, labelKey, initial[key] ?? fallback]);
  const form = h(
    'form',
    { dataset: { form: name } },
    h('fieldset', {}, h('legend', {}, t(titleKey)), specs.map((spec) => field(name, spec, options)),
      h('button', { type: 'submit', class: 'primary' }, t('submit')), output),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear(output);
    await onSubmit(formValues(form), output);
  });
  return form;
}

function userErrorText(error) {
  if (!USER_ERRORS[error.code]) return error.message;
  const text = labelIn(USER_ERRORS, error.code);
  // The server's message is English detail: worth adding when English is what the reader chose.
  return getLang() === 'en' && error.message ? `${text} (${error.message})` : text;
}

function userErrorList(errors, scope) {
  // `field` is the path into the input (['input', 'reason']): name the input field as the form
  // labels it.
  const name = (e) => {
    const last = Array.isArray(e.field) ? e.field.at(-1) : e.field;
    const control = last ? scope?.querySelector(`[name="${CSS.escape(last)}"]`) : null;
    return control?.labels?.[0]?.textContent || control?.getAttribute('aria-label') || t(last);
  };
  return h('ul', { class: 'error' }, errors.map((e) =>
    h('li', { dataset: { code: e.code ?? '' }, title: e.message },
      e.field ? `${name(e)}: ${userErrorText(e)}` : userErrorText(e))));
}

/**
 * Run a mutation; userErrors go to `output` (fields named as `scope` labels them). On success
 * the creator is read again and redrawn, and "saved" appears at `okAt`.
 */
async function submitMutation(name, input, options = {}) {
  const {
    output = $('error'),
    scope = output.closest('form, .card') ?? document,
    okAt = `[data-form="${name}"] .output`,
    onSuccess = null,
  } = options;
  showError(null);
  try {
    const payload = await mutate(token.get(), name, input);
    if (payload.userErrors.length > 0) {
      clear(output).append(userErrorList(payload.userErrors, scope));
      return;
    }
    onSuccess?.(payload);
    state.creator = await fetchCreator(token.get(), state.creator.id);
    renderCreator();
    const fresh = document.querySelector(okAt) ?? $('error');
    clear(fresh).append(h('span', { class: 'ok' }, t('saved')));
  } catch (error) {
    showError(error);
  }
}

function treeNode(node) {
  const lang = getLang();
  const text = (lang === 'en' ? node.en : node.zh) ?? node.kind;
  const evidence = node.evidence?.length ? ` [${node.evidence.join(', ')}]` : '';
  return h(
    'li',
    { dataset: { status: node.status } },
    h('span', { class: `badge ${node.status}` }, MARKS[node.status] ?? '·'),
    ` ${text}${evidence}`,
    node.children?.length ? h('ul', {}, node.children.map(treeNode)) : null,
  );
}

function evaluationResult(result) {
  if (!result) return h('p', { class: 'note' }, t('nothingYet'));
  let tree = result.tree;
  if (typeof tree === 'string') {
    try {
      tree = JSON.parse(tree);
    } catch {
      tree = null;
    }
  }
  const pending = result.pendingTiers ?? [];
  return h(
    'div',
    { class: 'evaluation' },
    h('dl', { class: 'fields' }, definitionRows([
      [t('outcome'), stateBadge(result.outcome, OUTCOMES)],
      [t('tier'), result.tier ? label(result.tier) : null],
      [t('pendingTiers'), pending.length ? listOf(pending.map((tier) => label(tier))) : null],
    ])),
    h('h3', {}, t('explanation')),
    tree ? h('ul', { class: 'tree' }, treeNode(tree)) : h('pre', {}, result.explanation ?? ''),
  );
}

function decisionResult(payload) {
  const decision = payload.decision;
  const credential = payload.credential;
  return h('dl', { class: 'fields decision', dataset: { outcome: decision.outcome } }, definitionRows([
    [t('decision'), stateBadge(decision.outcome, DECISION_OUTCOMES)],
    [t('tier'), decision.tier ? label(decision.tier) : null],
    [t('decidedOn'), formatDate(decision.decidedOn)],
    [t('documentsDue'), decision.documentsDue ? formatDate(decision.documentsDue) : null],
    [t('superseded'), payload.superseded?.length ? String(payload.superseded.length) : null],
    [t('issuedCredential'), credential
      ? [kindLabel(credential.kind), ' ', stateBadge(credential.status)]
      : null],
  ]));
}

function decideForm(creator, evaluation) {
  const tiers = [...new Set([evaluation.tier, ...(evaluation.pendingTiers ?? [])].filter(Boolean))];
  const options = {
    ...OPTIONS,
    TIERS: [['', () => t('tierDefault')], ...tiers.map((tier) => [tier, () => label(tier)])],
  };
  const form = mutationForm('decideEligibility', 'decideEligibility', INPUT_FIELDS.decideEligibility,
    async (values, output) => {
      if (!values.reason?.trim() || !values.decidedOn) {
        output.append(h('p', { class: 'error' }, values.decidedOn ? t('reasonRequired') : t('decidedOnRequired')));
        return;
      }
      const input = {
        creatorId: creator.id,
        programmeCode: evaluation.programmeCode,
        ...values,
        approve: values.approve === 'true',
      };
      await submitMutation('decideEligibility', input, {
        output,
        onSuccess: (payload) => {
          state.decision = payload;
        },
      });
    },
    { initial: { decidedOn: today() }, options });
  // Under the output, which "saved" replaces once the creator has been read again.
  if (state.decision) form.querySelector('fieldset').append(decisionResult(state.decision));
  return form;
}

// The decide form stands next to the evaluate form (forms cannot nest), under the same result.
function evaluateForm(creator) {
  const panel = h('div', { class: 'decide' });
  const showEvaluation = (output) => {
    output.append(evaluationResult(state.evaluation));
    clear(panel).append(decideForm(creator, state.evaluation));
  };
  const evaluation = state.evaluation;
  const form = mutationForm('evaluateEligibility', 'evaluateEligibility', INPUT_FIELDS.evaluateEligibility,
    async (values, output) => {
      clear(panel);
      try {
        const result = await evaluateEligibility(token.get(), { creatorId: creator.id, ...values });
        state.decision = null;
        state.evaluation = result && {
          ...result,
          programmeCode: result.programmeCode ?? values.programmeCode,
          asOf: values.asOf,
        };
        if (state.evaluation) showEvaluation(output);
        else output.append(evaluationResult(null));
      } catch (error) {
        showError(error);
      }
    },
    { initial: evaluation ? { programmeCode: evaluation.programmeCode, asOf: evaluation.asOf } : {} });
  if (evaluation) showEvaluation(form.querySelector('.output'));
  return [form, panel];
}

function issueForm(creator) {
  const sources = [
    ...creator.awards
      .filter((a) => a.state === 'VERIFIED')
      .map((a) => ['AWARD', a.id, achievementSummary('AWARD', { code: a.programmeCode, year: a.edition, grade: a.grade })]),
    ...creator.skillCertificates.map((s) => ['SKILL_CERTIFICATE', s.id, `${label(s.level)} · ${s.certificateNumber}`]),
    ...creator.recognitions.map((r) => ['CREATOR_RECOGNITION', r.id, `${r.clusterCode} · ${r.regionCode}`]),
  ];
  const select = h('select', { id: 'f-issueCredential-source', name: 'source' },
    sources.map(([kind, id, text]) => h('option', { value: `${kind}|${id}` }, `${kindLabel(kind)}: ${text}`)));
  const output = h('div', { class: 'output', role: 'status' });
  const form = h('form', { dataset: { form: 'issueCredential' } },
    h('fieldset', {}, h('legend', {}, t('issueCredential')),
      h('div', {}, h('label', { for: 'f-issueCredential-source' }, t('sourceRecord')), select),
      h('button', { type: 'submit', class: 'primary', disabled: sources.length === 0 }, t('submit')),
      output));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear(output);
    const [kind, sourceId] = select.value.split('|');
    await submitMutation('issueCredential', { creatorId: creator.id, kind, sourceId }, { output });
  });
  return form;
}

function renderForms() {
  const creator = state.creator;
  const root = clear($('forms'));
  if (!creator) return;
  const record = (name, extra = () => ({})) => async (values, output) =>
    submitMutation(name, { creatorId: creator.id, ...values, ...extra(values) }, { output });
  // The chosen filing fixes the occupation.
  const occupation = (values) => ({
    occupationCode: activeFilings().find((f) => f.id === values.filingId)?.occupationCode ?? undefined,
  });
  const certificate = mutationForm('recordSkillCertificate', 'recordSkillCertificate',
    INPUT_FIELDS.recordSkillCertificate, record('recordSkillCertificate', occupation));
  certificate.querySelector('button[type=submit]').disabled = activeFilings().length === 0;
  root.append(
    mutationForm('recordAward', 'recordAward', INPUT_FIELDS.recordAward, record('recordAward')),
    certificate,
    ...evaluateForm(creator),
    issueForm(creator),
  );
}

// --- Wiring ----------------------------------------------------------------------------------

function init() {
  setupLanguageSwitch($('lang'), () => {
    renderWho();
    renderCreators();
    renderCreator();
  });
  $('sign-in').addEventListener('submit', (event) => {
    event.preventDefault();
    const candidate = $('token').value.trim();
    $('token').value = '';
    if (candidate) signIn(candidate);
  });
  $('sign-out').addEventListener('click', () => {
    token.clear();
    state.creator = null;
    showSignIn();
  });
  $('search').addEventListener('submit', (event) => {
    event.preventDefault();
    runSearch($('search-text').value.trim());
  });
  $('more-creators').addEventListener('click', () => runSearch(state.search, { append: true }));
  $('back').addEventListener('click', () => {
    state.creator = null;
    $('creator-view').hidden = true;
    $('search-view').hidden = false;
  });
  const saved = token.get();
  if (saved) signIn(saved);
  else showSignIn();
}

init();
