// Rendering of the verdict: the banner, the claims and what the check was based on.
// Part of the verifier page; v.js is its entry.

import {
  AWARDS,
  OCCUPATIONS,
  REGIONS,
  formatTime,
  getLang,
  kindLabel,
  label,
  labelIn,
  t,
  verdictFor,
} from './i18n.js';
import { clear, definitionRows, h } from './ui.js';
import { $, state } from './v-page.js';

function showChecking() {
  $('result').hidden = false;
  $('banner').className = 'banner tone-neutral';
  delete $('banner').dataset.verdict;
  $('verdict').textContent = t('checking');
  $('detail').textContent = '';
  $('stage-code').textContent = '';
  clear($('claims'));
  clear($('trust-info'));
}

function achievementRows(claims) {
  const a = claims.achievement;
  switch (claims.kind) {
    case 'CREATOR_RECOGNITION':
      return [
        [t('cluster'), a.code],
        [t('region'), labelIn(REGIONS, a.region)],
      ];
    case 'AWARD':
      return [
        [t('award'), labelIn(AWARDS, a.code)],
        [t('awardLevel'), label(a.level)],
        [t('grade'), label(a.grade)],
        [t('year'), a.year],
      ];
    case 'SKILL_CERTIFICATE':
      return [
        [t('occupation'), `${labelIn(OCCUPATIONS, a.code)} (${a.code})`],
        [t('skillLevel'), label(a.level)],
        [t('direction'), label(a.direction)],
        [t('certificateNumber'), a.number],
      ];
    case 'TALENT_ELIGIBILITY':
      return [
        [t('programme'), a.code],
        [t('tier'), label(a.level)],
        [t('region'), labelIn(REGIONS, a.region)],
      ];
    default:
      return [[t('code'), a.code]];
  }
}

/** The office's name in the page's language, with its code; the code alone if unknown. */
function officeName(code) {
  const office = code ? state.offices?.get(code) : undefined;
  if (!office) return code;
  const name = getLang() === 'en' ? office.name?.en || office.name?.zh : office.name?.zh;
  return name ? `${name} (${code})` : code;
}

function claimRows(result) {
  const claims = result.claims;
  return [
    [t('kind'), kindLabel(claims.kind)],
    [t('holder'), claims.subjectName],
    ...achievementRows(claims),
    [t('title'), claims.achievement.title],
    [t('organisation'), officeName(claims.organisation)],
    [t('issuer'), claims.issuer],
    [t('issuedAt'), formatTime(claims.issuedAt)],
    [t('validFrom'), claims.validFrom ? formatTime(claims.validFrom) : null],
    [t('validUntil'), formatTime(claims.validUntil)],
    [t('credentialId'), claims.credentialId],
    [t('signingKey'), result.kid ? `${result.kid} (${result.alg})` : null],
  ];
}

function trustLines() {
  const lines = [];
  const offline = (info) => (info.fromCache ? ` ${t('offlineCopy')}` : '');
  if (state.trust) {
    lines.push(t('keysFetched', { time: formatTime(state.trust.fetchedAt) }) + offline(state.trust));
  }
  if (state.status && !state.status.missing) {
    lines.push(
      t('statusFetched', { list: state.status.listId, time: formatTime(state.status.fetchedAt) }) +
        offline(state.status),
    );
  } else if (state.result && !state.result.statusChecked) {
    lines.push(t('statusNotChecked'));
  }
  return lines;
}

function render() {
  const result = state.result;
  if (result === null) return;
  const verdict = verdictFor(result.code, getLang());
  $('result').hidden = false;
  $('banner').className = `banner tone-${verdict.tone}`;
  $('banner').dataset.verdict = verdict.verdict;
  $('verdict').textContent = verdict.word;
  $('detail').textContent = verdict.detail;
  $('stage-code').textContent = result.code ?? 'OK';
  const claims = clear($('claims'));
  if (result.claims) claims.append(...definitionRows(claimRows(result)));
  const info = clear($('trust-info'));
  info.append(...trustLines().map((line) => h('li', {}, line)));
}

export { render, showChecking };
