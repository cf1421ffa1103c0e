// Recognitions (认定): one recognition's card, with the decisions its state allows, and the
// application form. Part of the officials' console; console.js is its entry.

import { OPTIONS, state, stateBadge } from './console-common.js';
import { mutationForm, submitMutation } from './console-forms.js';
import { CLUSTERS, RECORD_STATES, formatDate, labelIn, t } from './i18n.js';
import { clear, h } from './ui.js';

// What each state allows a talent office (PENDING → ACTIVE | REFUSED; ACTIVE ⇄ SUSPENDED;
// ACTIVE | SUSPENDED → REVOKED): [mutation, input, label, style, needs a reason].
const RECOGNITION_ACTIONS = {
  PENDING: [
    ['decideRecognition', { approve: true }, 'recogniseApplication', 'primary', false],
    ['decideRecognition', { approve: false }, 'refuseApplication', 'danger', true],
  ],
  ACTIVE: [
    ['changeRecognition', { action: 'SUSPEND' }, 'suspendRecognition', 'danger', true],
    ['changeRecognition', { action: 'REVOKE' }, 'revokeRecognition', 'danger', true],
  ],
  SUSPENDED: [
    ['changeRecognition', { action: 'REINSTATE' }, 'reinstateRecognition', 'primary', false],
    ['changeRecognition', { action: 'REVOKE' }, 'revokeRecognition', 'danger', true],
  ],
};

// Only the talent office of the cluster's district decides (registry.authz).
function mayDecide(recognition) {
  const account = state.account;
  return account?.role === 'TALENT_OFFICIAL' && account.organisation?.regionCode === recognition.regionCode;
}

function recognitionCard(recognition) {
  const output = h('div', { class: 'output', role: 'status' });
  const actions = mayDecide(recognition) ? RECOGNITION_ACTIONS[recognition.state] ?? [] : [];
  const wantsReason = actions.some((action) => action[4]);
  const reason = wantsReason
    ? h('input', { type: 'text', name: 'reason', maxlength: 500, 'aria-label': t('reason'), placeholder: t('reason') })
    : null;
  const where = { output, okAt: `[data-recognition="${CSS.escape(recognition.id)}"] .output` };
  const act = (mutation, extra, needsReason, labelKey) => async (event) => {
    const text = reason?.value.trim() ?? '';
    if (needsReason && !text) {
      clear(output).append(h('p', { class: 'error' }, t('reasonRequired')));
      reason.focus();
      return;
    }
    if (labelKey === 'revokeRecognition' && !window.confirm(t('confirmRevokeRecognition'))) return;
    const buttons = event.currentTarget.parentElement.querySelectorAll('button');
    for (const button of buttons) button.disabled = true;
    clear(output);
    await submitMutation(mutation, { recognitionId: recognition.id, ...extra, reason: text || null }, where);
    for (const button of buttons) button.disabled = false;
  };
  const dates = [formatDate(recognition.recognisedOn), recognition.validUntil ? `${t('validUntil')} ${formatDate(recognition.validUntil)}` : null];
  return [
    h('strong', {}, labelIn(CLUSTERS, recognition.clusterCode)),
    ' ',
    stateBadge(recognition.state, RECORD_STATES),
    h('p', { class: 'note' }, [...dates, recognition.decisionRef].filter(Boolean).join(' · ')),
    recognition.reason ? h('p', { class: 'note' }, `${t('reason')}: ${recognition.reason}`) : null,
    actions.length === 0
      ? null
      : h('div', { class: 'actions' },
          reason,
          actions.map(([mutation, extra, key, style, needsReason]) =>
            h('button', { type: 'button', class: style, onclick: act(mutation, extra, needsReason, key) }, t(key)))),
    output,
  ];
}

// An official applies on a creator's behalf, in a cluster of their own district.
function applyForm(creator) {
  const region = state.account?.organisation?.regionCode;
  const clusters = Object.keys(CLUSTERS).filter((code) => CLUSTER_REGIONS[code] === region);
  if (state.account?.role !== 'TALENT_OFFICIAL' || clusters.length === 0) return [];
  const options = { ...OPTIONS, CLUSTERS: clusters.map((code) => [code, () => labelIn(CLUSTERS, code)]) };
  const apply = async (values, output) =>
    submitMutation('applyForRecognition', { creatorId: creator.id, ...values }, { output });
  return [mutationForm('applyForRecognition', 'applyForRecognition',
    [['clusterCode', 'select:CLUSTERS', 'cluster']], apply, { options })];
}

// The district each cluster belongs to (registry.domain.regions).
const CLUSTER_REGIONS = { HP_CLUSTER: '310101', YP_VJUCHANG: '310110', HZ_PAZHOU: '440105' };

export { applyForm, recognitionCard };
