// Eligibility: evaluating it (with the explanation tree) and deciding it.
// Part of the officials' console; console.js is its entry.

import { OPTIONS, listOf, showError, state, stateBadge, today, token } from './console-common.js';
import { mutationForm, submitMutation } from './console-forms.js';
import { DECISION_OUTCOMES, OUTCOMES, formatDate, getLang, kindLabel, label, t } from './i18n.js';
import { INPUT_FIELDS, evaluateEligibility } from './queries.js';
import { clear, definitionRows, h } from './ui.js';

const MARKS = { MET: '✓', UNMET: '✗', UNKNOWN: '?' };

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

export { evaluateForm };
