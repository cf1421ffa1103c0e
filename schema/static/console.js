// The official console (/console): sign in with a token, find a creator, read their records,
// record an award or a skill certificate, evaluate eligibility (with the explanation tree),
// issue, suspend, reinstate and revoke credentials. Talks only to /graphql; what an official
// may do is decided by the server, which answers with userErrors when a rule says no.

import {
  AWARD_LEVELS,
  CREDENTIAL_STATES,
  DIRECTION_CODES,
  GRADES,
  ORIGINS,
  OUTCOMES,
  RECORD_STATES,
  SKILL_LEVELS,
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
const state = { account: null, search: '', creators: [], endCursor: null, creator: null };
const OPTIONS = {
  AWARD_LEVELS: Object.keys(AWARD_LEVELS),
  GRADES: Object.keys(GRADES),
  SKILL_LEVELS: Object.keys(SKILL_LEVELS),
  DIRECTION_NAMES: Object.keys(DIRECTION_CODES),
};
const MARKS = { MET: '✓', UNMET: '✗', UNKNOWN: '?' };

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

async function openCreator(id) {
  showError(null);
  try {
    state.creator = await fetchCreator(token.get(), id);
  } catch (error) {
    showError(error);
    return;
  }
  $('search-view').hidden = true;
  $('creator-view').hidden = false;
  renderCreator();
}

function recordList(titleKey, items, describe) {
  return [
    h('h2', {}, t(titleKey)),
    items.length === 0
      ? h('p', { class: 'note' }, t('nothingYet'))
      : h('ul', { class: 'cards' }, items.map((item) => h('li', { class: 'card' }, describe(item)))),
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
    ...recordList('awards', c.awards, (a) => [
      h('strong', {}, achievementSummary('AWARD', { code: a.programmeCode, year: a.edition, grade: a.grade, level: a.level })),
      ' ',
      stateBadge(a.state, RECORD_STATES),
      h('p', { class: 'note' }, formatDate(a.awardedOn)),
    ]),
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

function field([name, type, labelKey, initial]) {
  const id = `f-${name}`;
  let input;
  if (type.startsWith('select:')) {
    const codes = OPTIONS[type.slice(7)];
    input = h('select', { id, name }, codes.map((code) => h('option', { value: code }, label(code))));
  } else {
    input = h('input', { id, name, type, value: initial ?? '' });
  }
  return h('div', {}, h('label', { for: id }, t(labelKey)), input);
}

function formValues(form) {
  const values = {};
  for (const element of form.elements) {
    if (!element.name) continue;
    if (element.value === '') values[element.name] = null;
    else if (element.type === 'number') values[element.name] = Number(element.value);
    else values[element.name] = element.value;
  }
  return values;
}

function mutationForm(name, titleKey, fields, onSubmit) {
  const output = h('div', { class: 'output', role: 'status' });
  const form = h(
    'form',
    { dataset: { form: name } },
    h('fieldset', {}, h('legend', {}, t(titleKey)), fields.map(field),
      h('button', { type: 'submit', class: 'primary' }, t('submit')), output),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear(output);
    await onSubmit(formValues(form), output);
  });
  return form;
}

function userErrorList(errors) {
  // `field` is the path into the input (['input', 'reason']): name the input field itself.
  const name = (e) => (Array.isArray(e.field) ? e.field.at(-1) : e.field);
  return h('ul', { class: 'error' }, errors.map((e) => h('li', {}, e.field ? `${name(e)}: ${e.message}` : e.message)));
}

async function submitMutation(name, input, output = $('error')) {
  showError(null);
  try {
    const payload = await mutate(token.get(), name, input);
    if (payload.userErrors.length > 0) {
      clear(output).append(userErrorList(payload.userErrors));
      return;
    }
    const id = state.creator.id;
    state.creator = await fetchCreator(token.get(), id);
    renderCreator();
    const fresh = document.querySelector(`[data-form="${name}"] .output`) ?? $('error');
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
  return h(
    'div',
    { class: 'evaluation' },
    h('dl', { class: 'fields' }, definitionRows([
      [t('outcome'), labelIn(OUTCOMES, result.outcome)],
      [t('tier'), result.tier ? label(result.tier) : null],
    ])),
    h('h3', {}, t('explanation')),
    tree ? h('ul', { class: 'tree' }, treeNode(tree)) : h('pre', {}, result.explanation ?? ''),
  );
}

function issueForm(creator) {
  const sources = [
    ...creator.awards.map((a) => ['AWARD', a.id, achievementSummary('AWARD', { code: a.programmeCode, year: a.edition, grade: a.grade })]),
    ...creator.skillCertificates.map((s) => ['SKILL_CERTIFICATE', s.id, `${label(s.level)} · ${s.certificateNumber}`]),
    ...creator.recognitions.map((r) => ['CREATOR_RECOGNITION', r.id, `${r.clusterCode} · ${r.regionCode}`]),
  ];
  const select = h('select', { id: 'f-source', name: 'source' },
    sources.map(([kind, id, text]) => h('option', { value: `${kind}|${id}` }, `${kindLabel(kind)}: ${text}`)));
  const output = h('div', { class: 'output', role: 'status' });
  const form = h('form', { dataset: { form: 'issueCredential' } },
    h('fieldset', {}, h('legend', {}, t('issueCredential')),
      h('div', {}, h('label', { for: 'f-source' }, t('sourceRecord')), select),
      h('button', { type: 'submit', class: 'primary', disabled: sources.length === 0 }, t('submit')),
      output));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear(output);
    const [kind, sourceId] = select.value.split('|');
    await submitMutation('issueCredential', { creatorId: creator.id, kind, sourceId }, output);
  });
  return form;
}

function renderForms() {
  const creator = state.creator;
  const root = clear($('forms'));
  if (!creator) return;
  const record = (name) => async (values, output) =>
    submitMutation(name, { creatorId: creator.id, ...values }, output);
  root.append(
    mutationForm('recordAward', 'recordAward', INPUT_FIELDS.recordAward, record('recordAward')),
    mutationForm('recordSkillCertificate', 'recordSkillCertificate', INPUT_FIELDS.recordSkillCertificate, record('recordSkillCertificate')),
    mutationForm('evaluateEligibility', 'evaluateEligibility', INPUT_FIELDS.evaluateEligibility, async (values, output) => {
      try {
        const result = await evaluateEligibility(token.get(), { creatorId: creator.id, ...values });
        output.append(evaluationResult(result));
      } catch (error) {
        showError(error);
      }
    }),
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
