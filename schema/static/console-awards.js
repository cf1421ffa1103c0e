// Awards: one award's card, with the decisions its state allows.
// Part of the officials' console; console.js is its entry.

import { state, stateBadge } from './console-common.js';
import { submitMutation } from './console-forms.js';
import { RECORD_STATES, formatDate, t } from './i18n.js';
import { achievementSummary, clear, h } from './ui.js';

// What each award state allows (CLAIMED → UNDER_VERIFICATION → VERIFIED | REJECTED;
// VERIFIED → RESCINDED): [decision, label, style]. ISSUE is issueCredential, not decideAward.
const AWARD_ACTIONS = {
  CLAIMED: [['START_VERIFICATION', 'startVerification', 'primary']],
  UNDER_VERIFICATION: [['VERIFY', 'verifyAward', 'primary'], ['REJECT', 'rejectAward', 'danger']],
  VERIFIED: [['ISSUE', 'issueCredential', 'primary'], ['RESCIND', 'rescindAward', 'danger']],
};
const NEEDS_REASON = new Set(['REJECT', 'RESCIND']);

function awardCard(award) {
  const output = h('div', { class: 'output', role: 'status' });
  // Awards are decided by the network information offices; an award whose credential is
  // live is not offered for issuing again.
  const issued = (state.creator?.credentials ?? []).some((c) => c.sourceId === award.id && c.status !== 'REVOKED');
  const actions = state.account?.role === 'CAC_OFFICIAL'
    ? (AWARD_ACTIONS[award.state] ?? []).filter(([decision]) => decision !== 'ISSUE' || !issued)
    : [];
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

export { awardCard };
