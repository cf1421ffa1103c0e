// A creator's own records from the console: registering a creator, the platform accounts an
// office attests (handle, followers, percentile, when measured), works, and the eligibility
// facts an evaluation reads. Each form is offered only to the roles that may submit it.
// Part of the officials' console; console.js is its entry.

import { OPTIONS, state } from './console-common.js';
import { mutationForm, submitMutation } from './console-forms.js';
import { REGIONS, labelIn, t } from './i18n.js';
import { INPUT_FIELDS } from './queries.js';
import { h } from './ui.js';

const REGISTERS = ['TALENT_OFFICIAL', 'CAC_OFFICIAL', 'EVALUATOR'];
const UPDATES = ['TALENT_OFFICIAL', 'CAC_OFFICIAL'];
const RECORDS_FACTS = ['TALENT_OFFICIAL', 'HRSS_OFFICIAL'];
const may = (roles) => roles.includes(state.account?.role);

/** The form registering a creator; `onRegistered(id)` opens the new record. */
function registerForm(onRegistered) {
  if (!may(REGISTERS)) return null;
  const initial = { regionCode: state.account?.organisation?.regionCode in REGIONS ? state.account.organisation.regionCode : '' };
  return mutationForm('registerCreator', 'registerCreator', INPUT_FIELDS.registerCreator,
    (values, output) => submitMutation('registerCreator', values, {
      output,
      refresh: false, // onRegistered opens the new creator: drawing it twice would lose typing
      onSuccess: async (payload) => {
        if (payload.creator) await onRegistered(payload.creator.id);
      },
    }),
    { initial });
}

function accountForm(creator) {
  return mutationForm('addPlatformAccount', 'addPlatformAccount', INPUT_FIELDS.addPlatformAccount,
    (values, output) => submitMutation('addPlatformAccount', { creatorId: creator.id, ...values }, { output }));
}

function workForm(creator) {
  return mutationForm('addWork', 'addWork', INPUT_FIELDS.addWork,
    (values, output) => submitMutation('addWork', { creatorId: creator.id, ...values }, { output }));
}

/** What the facts form holds, as the mutation takes it: only what was filled in. */
function factsInput(values) {
  const facts = {};
  for (const key of ['hukouCity', 'lawfulResidenceCity', 'employerCity', 'annualSalary', 'yearsOfExperience']) {
    if (values[key] !== null) facts[key] = values[key];
  }
  if (values.employerOnKeyList !== null) facts.employerOnKeyList = values.employerOnKeyList === 'true';
  if (values.monthsRegion && values.monthsInDistrict !== null) {
    facts.monthsInDistrictPerYear = [{ regionCode: values.monthsRegion, count: values.monthsInDistrict }];
  }
  return facts;
}

function factsForm(creator) {
  const form = mutationForm('recordCreatorFacts', 'recordCreatorFacts', INPUT_FIELDS.recordCreatorFacts,
    (values, output) => submitMutation('recordCreatorFacts', {
      creatorId: creator.id,
      facts: factsInput(values),
      evidenceRef: values.evidenceRef,
    }, { output }),
    { options: OPTIONS });
  form.querySelector('legend').after(h('p', { class: 'note' }, t('factsNote')));
  return form;
}

/** The forms on a creator's page that add to its own records, as the role allows. */
function recordForms(creator) {
  return [
    may(UPDATES) ? accountForm(creator) : null,
    may(UPDATES) ? workForm(creator) : null,
    may(RECORDS_FACTS) ? factsForm(creator) : null,
  ].filter(Boolean);
}

/** A region by name (the registry's code where the vocabulary has none). */
function regionName(code) {
  return code ? labelIn(REGIONS, code) : '—';
}

export { recordForms, regionName, registerForm };
