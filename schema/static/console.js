// The official console (/console): sign in with a token, find a creator, read their records,
// record an award and take it through verification, record a skill certificate within one of
// the evaluator's filings, evaluate eligibility (with the explanation tree) and decide it,
// issue, suspend, reinstate and revoke credentials. Talks only to /graphql; what an official
// may do is decided by the server, which answers with userErrors when a rule says no.
//
// This file wires the page up; the screens and flows live in console-search.js (sign-in and
// search), console-creator.js (one creator), console-awards.js, console-recognitions.js,
// console-credentials.js, console-eligibility.js, console-queues.js (the office's work
// queues), console-filings.js (备案), console-records.js (registering a creator, accounts,
// works, facts), console-forms.js (fields, mutations) and console-common.js.

import { $, showSignIn, state, token } from './console-common.js';
import { linkedCreator, openCreator, renderCreator } from './console-creator.js';
import { renderOffice, setupOffice } from './console-office.js';
import { renderFilings } from './console-filings.js';
import { loadQueues, renderQueues, setupQueues } from './console-queues.js';
import { renderCreators, renderFilters, renderRegister, renderWho, runSearch, signIn } from './console-search.js';
import { clear, setupLanguageSwitch } from './ui.js';

function init() {
  setupLanguageSwitch($('lang'), () => {
    renderWho();
    renderFilters();
    renderRegister();
    renderCreators();
    renderCreator();
    renderOffice();
    renderQueues();
    renderFilings();
  });
  setupOffice();
  setupQueues();
  $('sign-in').addEventListener('submit', (event) => {
    event.preventDefault();
    const candidate = $('token').value.trim();
    $('token').value = '';
    if (candidate) signIn(candidate);
  });
  $('sign-out').addEventListener('click', () => {
    token.clear();
    // Nothing of this account's stays on screen for the next one.
    state.creator = null;
    state.account = null;
    state.filings = null;
    clear($('creator'));
    clear($('forms'));
    clear($('creators'));
    clear($('queues'));
    clear($('register'));
    clear($('filings'));
    clear($('filing-form'));
    for (const select of document.querySelectorAll('#search-filters select')) select.value = '';
    $('search-text').value = '';
    history.replaceState(null, '', location.pathname);
    $('creator-view').hidden = true;
    $('search-view').hidden = false;
    showSignIn();
  });
  $('search').addEventListener('submit', (event) => {
    event.preventDefault();
    runSearch($('search-text').value.trim());
  });
  $('more-creators').addEventListener('click', () => runSearch(state.search, { append: true }));
  // A filter applies as soon as it is chosen, to what the search box holds.
  $('search-filters').addEventListener('change', () => runSearch($('search-text').value.trim()));
  const backToSearch = () => {
    state.creator = null;
    $('creator-view').hidden = true;
    $('search-view').hidden = false;
    loadQueues(); // what was just done may have left a queue
  };
  $('back').addEventListener('click', () => {
    if (linkedCreator()) history.pushState(null, '', location.pathname);
    backToSearch();
  });
  // The browser's back and forward buttons, and a pasted link, move between the two views.
  window.addEventListener('popstate', () => {
    if (!state.account) return;
    const id = linkedCreator();
    if (id && id !== state.creator?.id) openCreator(id);
    else if (!id && state.creator) backToSearch();
  });
  const saved = token.get();
  if (saved) signIn(saved);
  else showSignIn();
}

init();
