// Session and search: signing in with a token, then finding a creator.
// Part of the officials' console; console.js is its entry.

import { $, showError, showSignIn, state, token } from './console-common.js';
import { openCreator } from './console-creator.js';
import { ORIGINS, labelIn, t } from './i18n.js';
import { fetchViewer, searchCreators } from './queries.js';
import { clear, definitionRows, h, requestErrorText } from './ui.js';

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

export { renderCreators, renderWho, runSearch, signIn };
