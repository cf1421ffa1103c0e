// What every screen of the console shares: its state, the signed-in token, choice lists, the
// error line, the sign-in form and the state badge.
// Part of the officials' console; console.js is its entry.

import {
  AWARDS,
  AWARD_LEVELS,
  CATEGORIES,
  CREATOR_KINDS,
  CREDENTIAL_STATES,
  FILING_SCOPES,
  IDENTITY_FORMS,
  OCCUPATIONS,
  ORIGINS,
  PLATFORMS,
  PROGRAMMES,
  REGIONS,
  WORK_TYPES,
  DIRECTION_CODES,
  GRADES,
  ID_DOCUMENT_TYPES,
  SKILL_LEVELS,
  getLang,
  label,
  labelIn,
  t,
} from './i18n.js';
import { h, requestErrorText, tokenStore } from './ui.js';

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
const named = (table) => Object.keys(table).map((code) => [code, () => labelIn(table, code)]);
const optional = (choices) => [['', () => t('notGiven')], ...choices];
const OPTIONS = {
  PLATFORMS: named(PLATFORMS),
  OPTIONAL_PLATFORMS: optional(named(PLATFORMS)),
  WORK_TYPES: named(WORK_TYPES),
  ORIGINS: named(ORIGINS),
  CREATOR_KINDS: named(CREATOR_KINDS),
  IDENTITY_FORMS: named(IDENTITY_FORMS),
  REGIONS: optional(named(REGIONS)),
  YES_NO: optional([['true', () => t('yes')], ['false', () => t('no')]]),
  FILING_SCOPES: named(FILING_SCOPES),
  CATEGORIES: named(CATEGORIES),
  OCCUPATIONS: named(OCCUPATIONS),
  AWARD_PROGRAMMES: named(AWARDS),
  PROGRAMMES: named(PROGRAMMES),
  AWARD_LEVELS: codes(AWARD_LEVELS),
  GRADES: codes(GRADES),
  SKILL_LEVELS: codes(SKILL_LEVELS),
  ID_DOCUMENT_TYPES: codes(ID_DOCUMENT_TYPES),
  DIRECTION_NAMES: codes(DIRECTION_CODES),
  DECISIONS: [['true', () => t('approve')], ['false', () => t('reject')]],
};

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

function showSignIn(message = '') {
  state.account = null;
  $('workspace').hidden = true;
  $('sign-in').hidden = false;
  $('sign-in-error').textContent = message;
}

function stateBadge(value, table = CREDENTIAL_STATES) {
  return value ? h('span', { class: `badge ${value}` }, labelIn(table, value)) : null;
}

export { $, OPTIONS, listOf, showError, showSignIn, state, stateBadge, today, token };
