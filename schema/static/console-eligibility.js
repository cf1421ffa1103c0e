// Eligibility: evaluating it (with the explanation tree) and deciding it.
// Part of the officials' console; console.js is its entry.

import { OPTIONS, listOf, showError, state, stateBadge, today, token } from './console-common.js';
import { mutationForm, submitMutation } from './console-forms.js';
import {
  BENEFITS, DECISION_OUTCOMES, OUTCOMES, PROGRAMMES, formatDate, getLang, kindLabel, label, labelIn, t,
} from './i18n.js';
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

// A benefit's name in the chosen language, from the evaluation that offered it.
function benefitName(code, benefits = []) {
  const found = (benefits ?? []).find((b) => b.code === code);
  if (!found) return label(code);
  return (getLang() === 'en' ? found.nameEn : found.nameZh) ?? label(code);
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
  const granted = (result.benefits ?? []).filter((b) => b.status === 'MET');
  return h(
    'div',
    { class: 'evaluation' },
    h('dl', { class: 'fields' }, definitionRows([
      [t('outcome'), stateBadge(result.outcome, OUTCOMES)],
      [t('tier'), result.tier ? label(result.tier) : null],
      [t('pendingTiers'), pending.length ? listOf(pending.map((tier) => label(tier))) : null],
      [t('benefits'), granted.length ? listOf(granted.map((b) =>
        `${benefitName(b.code, granted)}${b.recommendation ? ` ${t('recommendation')}` : ''}`)) : null],
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
    [t('approvedAmounts'), decision.approvedAmounts?.length
      ? listOf(decision.approvedAmounts.map((a) =>
        `${benefitName(a.benefitCode, state.evaluation?.benefits)} ${a.approved.toLocaleString()} / ${a.cap.toLocaleString()}`))
      : null],
    [t('issuedCredential'), credential
      ? [kindLabel(credential.kind), ' ', stateBadge(credential.status)]
      : null],
  ]));
}

// One field per benefit granted with a capped sum: the office approves what it decided, at most
// the cap (the sources give maxima); left empty, the cap.
const AMOUNT = 'amount:';

function amountFields(evaluation) {
  const capped = (evaluation.benefits ?? []).filter((b) => b.status === 'MET' && b.cap != null);
  if (capped.length === 0) return null;
  return h('div', { class: 'amounts' },
    h('p', { class: 'note' }, `${t('approvedAmounts')} · ${t('approvedAmountsNote')}`),
    capped.map((b) => {
      const id = `f-decideEligibility-${AMOUNT}${b.code}`;
      const name = benefitName(b.code, capped);
      const text = t(b.monthly ? 'approvedAmountMonthly' : 'approvedAmountOnce',
        { name, cap: b.cap.toLocaleString(getLang() === 'en' ? 'en' : 'zh-CN') });
      return h('div', {},
        h('label', { for: id }, text),
        h('input', { id, name: `${AMOUNT}${b.code}`, type: 'number', min: 1, max: b.cap, step: 1 }));
    }));
}

function splitAmounts(values) {
  const rest = {};
  const approvedAmounts = [];
  for (const [key, value] of Object.entries(values)) {
    if (!key.startsWith(AMOUNT)) rest[key] = value;
    else if (value != null) approvedAmounts.push({ benefitCode: key.slice(AMOUNT.length), amount: value });
  }
  return { rest, approvedAmounts };
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
      const { rest, approvedAmounts } = splitAmounts(values);
      const input = {
        creatorId: creator.id,
        programmeCode: evaluation.programmeCode,
        ...rest,
        approve: values.approve === 'true',
        ...(approvedAmounts.length ? { approvedAmounts } : {}),
      };
      await submitMutation('decideEligibility', input, {
        output,
        onSuccess: (payload) => {
          state.decision = payload;
        },
      });
    },
    { initial: { decidedOn: today() }, options });
  const amounts = amountFields(evaluation);
  if (amounts) form.querySelector('fieldset button[type="submit"]').before(amounts);
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

// A decision on the creator's page: what it grants, the stays taken under it, and for a live
// approval granting them, the form recording the next stay.
function decisionCard(decision) {
  const live = decision.outcome === 'APPROVED' && decision.state === 'ACTIVE';
  const stays = decision.apartmentStays ?? [];
  const card = [
    h('strong', {}, `${labelIn(PROGRAMMES, decision.programmeCode)} · ${label(decision.tier) ?? ''}`),
    ' ',
    stateBadge(decision.outcome, DECISION_OUTCOMES),
    decision.benefits?.length
      ? h('p', { class: 'note' }, listOf(decision.benefits.map((b) => labelIn(BENEFITS, `${decision.programmeCode}.${b}`))))
      : null,
    stays.length
      ? h('p', { class: 'note', dataset: { stays: '' } }, `${t('apartmentStays')}: ${listOf(stays.map((s) =>
        `${formatDate(s.startsOn)} · ${s.days} · ${s.event}`))}`)
      : null,
  ];
  if (live && (decision.benefits ?? []).includes('YOUNG_APARTMENT_STAY')) {
    card.push(mutationForm('recordApartmentStay', 'recordApartmentStay', INPUT_FIELDS.recordApartmentStay,
      async (values, output) => {
        await submitMutation('recordApartmentStay', { decisionId: decision.id, ...values }, {
          output,
          okAt: `[data-decision="${CSS.escape(decision.id)}"] .output`,
        });
      },
      { initial: { startsOn: today(), days: 1 } }));
  }
  return card;
}

export { decisionCard, evaluateForm };
