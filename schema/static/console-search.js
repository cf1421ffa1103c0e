// Session and search: signing in with a token, then finding a creator.
// Part of the officials' console; console.js is its entry.

import { $, showError, showSignIn, state, token } from './console-common.js';
import { linkedCreator, openCreator } from './console-creator.js';
import { loadFigures, renderOffice } from './console-office.js';
import { loadFilings } from './console-filings.js';
import { loadQueues } from './console-queues.js';
import { registerForm } from './console-records.js';
import { CLUSTERS, CREDENTIAL_STATES, ORIGINS, REGIONS, TIERS, labelIn, t } from './i18n.js';
import { searchCreators } from './queries.js';
import { signInWith, signedInText } from './session.js';
import { clear, definitionRows, h } from './ui.js';

async function signIn(candidate) {
  await signInWith(token, candidate, {
    showSignIn,
    onAccount: async (account) => {
      state.account = account;
      state.filings = null;
      $('sign-in').hidden = true;
      $('workspace').hidden = false;
      renderWho();
      renderFilters();
      renderRegister();
      renderOffice();
      await Promise.all([runSearch(''), loadFigures(), loadQueues(), loadFilings()]);
      // Signed in from a link to a creator's page: open it.
      const linked = linkedCreator();
      if (linked) await openCreator(linked);
    },
  });
}

function renderWho() {
  if (state.account) $('who').textContent = signedInText(state.account);
}

// Each filter: its select and the codes it offers (a status the registry stores, not EXPIRED).
const FILTERS = [
  ['filter-region', REGIONS],
  ['filter-origin', ORIGINS],
  ['filter-cluster', CLUSTERS],
  ['filter-tier', TIERS],
  ['filter-status', Object.fromEntries(Object.entries(CREDENTIAL_STATES).filter(([code]) => code !== 'EXPIRED'))],
];

/** Fill (or relabel) the filter selects, keeping what is chosen; an evaluation institution
 * is not offered filters on records it does not read. */
function renderFilters() {
  for (const [id, table] of FILTERS) {
    const select = $(id);
    const chosen = select.value;
    clear(select).append(
      h('option', { value: '' }, t('filterAny')),
      ...Object.keys(table).map((code) => h('option', { value: code }, labelIn(table, code))),
    );
    select.value = chosen;
  }
  const institution = state.account?.role === 'EVALUATOR';
  for (const box of document.querySelectorAll('#search-filters [data-needs=records]')) {
    box.hidden = institution;
    if (institution) box.querySelector('select').value = '';
  }
}

function renderRegister() {
  const form = state.account ? registerForm(openCreator) : null;
  clear($('register')).append(...(form ? [form] : []));
}

function chosenFilters() {
  const filters = {};
  for (const [id] of FILTERS) {
    const select = $(id);
    if (select.value && !select.closest('[hidden]')) filters[select.name] = select.value;
  }
  return filters;
}

async function runSearch(search, { append = false } = {}) {
  showError(null);
  try {
    const page = await searchCreators(token.get(), {
      search: search || null,
      filters: chosenFilters(),
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

export { renderCreators, renderFilters, renderRegister, renderWho, runSearch, signIn };
