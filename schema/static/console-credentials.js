// Credentials: issuing one from a verified record, and suspending, reinstating or revoking it.
// Part of the officials' console; console.js is its entry.

import { state, stateBadge } from './console-common.js';
import { submitMutation } from './console-forms.js';
import { CLUSTERS, PROGRAMMES, REGIONS, formatDate, kindLabel, label, labelIn, t } from './i18n.js';
import { achievementSummary, clear, h } from './ui.js';

function credentialCard(credential) {
  const reason = h('input', { type: 'text', name: 'reason', maxlength: 500, 'aria-label': t('reason'), placeholder: t('reason') });
  // Feedback next to the card's own buttons, found again after the page is redrawn.
  const output = h('div', { class: 'output', role: 'status' });
  const where = { output, okAt: `[data-credential="${CSS.escape(credential.id)}"] .output` };
  const act = (name) => async () => {
    if (name === 'revokeCredential' && !window.confirm(t('confirmRevoke'))) return;
    // Suspending and revoking need a reason (the server says so in userErrors if it is empty).
    const text = reason.value.trim();
    await submitMutation(name, {
      credentialId: credential.id,
      reason: name === 'reinstateCredential' ? text || null : text,
    }, where);
  };
  // Renewing or amending issues a new credential from the record in force and revokes this
  // one in the same step: the official is told so before anything is sent.
  const reissue = (operation) => async () => {
    const text = reason.value.trim();
    if (!text) {
      clear(output).append(h('p', { class: 'error' }, t('reasonRequired')));
      reason.focus();
      return;
    }
    if (!window.confirm(t('confirmReissue'))) return;
    await submitMutation('reissueCredential', { credentialId: credential.id, operation, reason: text }, where);
  };
  const status = credential.status;
  // Only the issuing office changes a credential's status: nobody else is offered it.
  const mine = state.account?.organisation?.code === credential.organisationCode;
  return [
    h('h3', {}, kindLabel(credential.kind), ' ', stateBadge(status)),
    h('p', {}, achievementSummary(credential.kind, credential.achievement)),
    h('p', { class: 'note' }, `${t('validUntil')}: ${formatDate(credential.validUntil)}`),
    status === 'REVOKED' || !mine
      ? null
      : h('div', { class: 'actions' },
          reason,
          status === 'ACTIVE'
            ? h('button', { type: 'button', class: 'secondary', onclick: act('suspendCredential') }, t('suspend'))
            : h('button', { type: 'button', class: 'secondary', onclick: act('reinstateCredential') }, t('reinstate')),
          h('button', { type: 'button', class: 'danger', onclick: act('revokeCredential') }, t('revoke')),
          h('button', { type: 'button', class: 'secondary', onclick: reissue('RENEW') }, t('renewCredential')),
          h('button', { type: 'button', class: 'secondary', onclick: reissue('AMEND') }, t('amendCredential'))),
    output,
  ];
}

// Which role issues which kind (registry.authz.ISSUERS): the form offers only those.
const ISSUES = {
  CAC_OFFICIAL: ['AWARD'],
  TALENT_OFFICIAL: ['CREATOR_RECOGNITION', 'TALENT_ELIGIBILITY'],
  HRSS_OFFICIAL: ['TALENT_ELIGIBILITY'],
  EVALUATOR: ['SKILL_CERTIFICATE'],
};

function issueForm(creator) {
  const kinds = ISSUES[state.account?.role] ?? [];
  if (kinds.length === 0) return '';
  // A record with a live credential is not offered again.
  const attested = new Set(
    (creator.credentials ?? []).filter((c) => c.status !== 'REVOKED').map((c) => c.sourceId),
  );
  const sources = [
    ...creator.awards
      .filter((a) => a.state === 'VERIFIED')
      .map((a) => ['AWARD', a.id, achievementSummary('AWARD', { code: a.programmeCode, year: a.edition, grade: a.grade })]),
    ...creator.skillCertificates.map((s) => ['SKILL_CERTIFICATE', s.id, `${label(s.level)} · ${s.certificateNumber}`]),
    ...creator.recognitions
      .filter((r) => r.state === 'ACTIVE')
      .map((r) => ['CREATOR_RECOGNITION', r.id, `${labelIn(CLUSTERS, r.clusterCode)} · ${labelIn(REGIONS, r.regionCode)}`]),
    // A talent-eligibility credential attests an approved decision still in force, once.
    ...(creator.decisions ?? [])
      .filter((d) => d.outcome !== 'REJECTED' && d.state === 'ACTIVE' && !d.credentialId)
      .map((d) => ['TALENT_ELIGIBILITY', d.id, `${labelIn(PROGRAMMES, d.programmeCode)} · ${label(d.tier)}`]),
  ].filter(([kind, id]) => kinds.includes(kind) && !attested.has(id));
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
    await submitMutation('issueCredential', { kind, sourceId }, { output });
  });
  return form;
}

export { ISSUES, credentialCard, issueForm };
