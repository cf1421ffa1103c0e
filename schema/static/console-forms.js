// Forms: fields (including the filing a skill certificate is recorded within), reading a form,
// and running a mutation with its userErrors shown where the form labels the field.
// Part of the officials' console; console.js is its entry.

import { $, OPTIONS, listOf, showError, state, today, token } from './console-common.js';
import { renderCreator } from './console-creator.js';
import { HINTS, OCCUPATIONS, USER_ERRORS, detailIn, formatDate, getLang, label, labelIn, t } from './i18n.js';
import { fetchCreator, mutate } from './queries.js';
import { clear, h } from './ui.js';

function activeFilings() {
  const day = today();
  return (state.filings ?? []).filter(
    (f) => f.state === 'ACTIVE' && f.validFrom <= day && day <= f.validUntil,
  );
}

function filingDetail(filing) {
  if (!filing) return t('noFilings');
  return [
    `${t('occupation')}: ${labelIn(OCCUPATIONS, filing.occupationCode)} ${filing.occupationCode}`,
    `${t('direction')}: ${listOf(filing.directions.map((d) => label(d)))}`,
    `${t('skillLevel')}: ${listOf(filing.levels.map((l) => label(l)))}`,
    t('filingValid', { from: formatDate(filing.validFrom), until: formatDate(filing.validUntil) }),
  ].join(' · ');
}

function filingSelect(id, name) {
  const filings = activeFilings();
  const select = h('select', { id, name, required: true, disabled: filings.length === 0 },
    filings.map((f) => h('option', { value: f.id },
      `${labelIn(OCCUPATIONS, f.occupationCode)} · ${f.prefix}`)));
  const detail = h('p', { class: 'note', dataset: { filingDetail: '' } });
  const show = () => {
    detail.textContent = filingDetail(filings.find((f) => f.id === select.value));
  };
  select.addEventListener('change', show);
  show();
  return [select, detail];
}

function field(formName, [name, type, labelKey, initial, maxLength], options = OPTIONS) {
  const id = `f-${formName}-${name}`;
  let input;
  if (type === 'filing') {
    input = filingSelect(id, name);
  } else if (type.startsWith('checks:')) {
    // Several values of one field (a filing's directions or levels): one box each.
    const choices = options[type.slice(7)] ?? [];
    return h('fieldset', { class: 'checks', id },
      h('legend', {}, t(labelKey)),
      choices.map(([value, text], index) => h('div', { class: 'check' },
        h('input', { id: `${id}-${index}`, name, type: 'checkbox', value, dataset: { many: '' } }),
        h('label', { for: `${id}-${index}` }, text()))));
  } else if (type === 'checkbox') {
    return h('div', { class: 'check' },
      h('input', { id, name, type, checked: Boolean(initial) }),
      h('label', { for: id }, t(labelKey)));
  } else if (type.startsWith('select:')) {
    const choices = options[type.slice(7)] ?? [];
    input = h('select', { id, name },
      choices.map(([value, text]) => h('option', { value, selected: value === initial }, text())));
  } else {
    // The registry's own maximum, so the typing stops where the server would refuse it.
    input = h('input', { id, name, type, value: initial ?? '', maxlength: maxLength ?? null });
  }
  return h('div', {}, h('label', { for: id }, t(labelKey)), input);
}

function formValues(form) {
  const values = {};
  for (const element of form.elements) {
    if (!element.name) continue;
    if (element.type === 'checkbox' && 'many' in element.dataset) {
      values[element.name] = [...(values[element.name] ?? []), ...(element.checked ? [element.value] : [])];
    } else if (element.type === 'checkbox') values[element.name] = element.checked;
    else if (element.value === '') values[element.name] = null;
    else if (element.type === 'number') values[element.name] = Number(element.value);
    else values[element.name] = element.value;
  }
  return values;
}

function mutationForm(name, titleKey, fields, onSubmit, { initial = {}, options = OPTIONS } = {}) {
  const output = h('div', { class: 'output', role: 'status' });
  const specs = fields.map(([key, type, labelKey, fallback, maxLength]) =>
    [key, type, labelKey, initial[key] ?? fallback, maxLength]);
  const form = h(
    'form',
    { dataset: { form: name } },
    h('fieldset', {}, h('legend', {}, t(titleKey)), specs.map((spec) => field(name, spec, options)),
      h('button', { type: 'submit', class: 'primary' }, t('submit')), output),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear(output);
    await onSubmit(formValues(form), output);
  });
  return form;
}

function userErrorText(error) {
  if (!USER_ERRORS[error.code]) return error.message;
  const text = labelIn(USER_ERRORS, error.code);
  // The server's message is English detail: in full for English readers; for others, the
  // figures it states (a length, a range) in their language.
  if (getLang() === 'en') return error.message ? `${text} (${error.message})` : text;
  const detail = detailIn(error.message);
  return detail ? `${text}（${detail}）` : text;
}

function userErrorList(errors, scope) {
  // `field` is the path into the input (['input', 'reason']): name the input field as the form
  // labels it.
  const name = (e) => {
    const last = Array.isArray(e.field) ? e.field.at(-1) : e.field;
    const control = last ? scope?.querySelector(`[name="${CSS.escape(last)}"]`) : null;
    return control?.labels?.[0]?.textContent || control?.getAttribute('aria-label') || t(last);
  };
  // What to do next, where a refusal has a known way forward (HINTS, by mutation and code).
  const form = scope?.closest?.('[data-form]')?.dataset.form ?? scope?.dataset?.form;
  const hint = (e) => {
    const key = `${form}.${e.code}.${state.account?.role}`;
    return HINTS[key] ? h('p', { class: 'note' }, labelIn(HINTS, key)) : null;
  };
  return h('ul', { class: 'error' }, errors.map((e) =>
    h('li', { dataset: { code: e.code ?? '' }, title: e.message },
      e.field ? `${name(e)}: ${userErrorText(e)}` : userErrorText(e), hint(e))));
}

/**
 * Run a mutation; userErrors go to `output` (fields named as `scope` labels them). On success
 * the creator is read again and redrawn, and "saved" appears at `okAt`.
 */
// One Idempotency-Key per intended submission: the same mutation with the same input reuses
// its key until it has been answered, so a double click or a retry runs on the server once.
const submissionKeys = new Map();

function submissionKey(name, input) {
  const intent = `${name}\u0000${JSON.stringify(input)}`;
  if (!submissionKeys.has(intent)) {
    const random = crypto.getRandomValues(new Uint8Array(16)); // also outside secure contexts
    submissionKeys.set(intent, Array.from(random, (b) => b.toString(16).padStart(2, '0')).join(''));
  }
  return [intent, submissionKeys.get(intent)];
}

async function submitMutation(name, input, options = {}) {
  const {
    output = $('error'),
    scope = output.closest('form, .card') ?? document,
    okAt = `[data-form="${name}"] .output`,
    onSuccess = null,
    refresh = true, // read the open creator again (off when onSuccess opens one itself)
  } = options;
  showError(null);
  const [intent, key] = submissionKey(name, input);
  try {
    const payload = await mutate(token.get(), name, input, key);
    submissionKeys.delete(intent); // answered: a later, deliberate repeat is a new submission
    if (payload.userErrors.length > 0) {
      clear(output).append(userErrorList(payload.userErrors, scope));
      return;
    }
    await onSuccess?.(payload);
    // On a creator's page, the page is read again; elsewhere the caller's onSuccess redraws.
    if (refresh && state.creator) {
      state.creator = await fetchCreator(token.get(), state.creator.id);
      renderCreator();
    }
    const fresh = document.querySelector(okAt) ?? $('error');
    clear(fresh).append(h('span', { class: 'ok' }, t('saved')));
  } catch (error) {
    showError(error);
  }
}

export { activeFilings, mutationForm, submitMutation };
