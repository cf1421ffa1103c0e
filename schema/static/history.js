// A record's history from the audit log, shown on demand under its card: what was done, when,
// by which office and role, and why. Shared by the officials' console and the wallet; the
// server decides what each caller is shown (a holder is never shown the acting accounts).

import { ACTIONS, ROLES, formatTime, getLang, labelIn, t } from './i18n.js';
import { graphql } from './queries.js';
import { clear, h, requestErrorText } from './ui.js';

const TYPES = ['Creator', 'Recognition', 'AwardGrant', 'SkillCertificate', 'EligibilityDecision', 'Credential', 'Filing'];
const HISTORY = `
  query History($id: ID!) {
    node(id: $id) { ${TYPES.map((type) => `... on ${type} { history { ...Entry } }`).join(' ')} }
  }
  fragment Entry on HistoryEntry { at action organisationName organisationNameEn role reason }
`;

function entryItem(entry) {
  const office = getLang() === 'en' ? entry.organisationNameEn ?? entry.organisationName : entry.organisationName;
  const who = [office, labelIn(ROLES, entry.role)].filter(Boolean).join(' · ');
  return h('li', {},
    h('time', { datetime: entry.at }, formatTime(entry.at)),
    ' ',
    h('strong', {}, labelIn(ACTIONS, entry.action)),
    who ? ` — ${who}` : null,
    entry.reason ? h('p', { class: 'note' }, `${t('reason')}: ${entry.reason}`) : null);
}

/** A "show history" button for the record `nodeId`, and the list it fills when pressed. */
export function historyToggle(nodeId, getToken) {
  const list = h('ol', { class: 'history', hidden: true });
  const button = h('button', { type: 'button', class: 'secondary', 'aria-expanded': 'false' }, t('historyShow'));
  const show = (open) => {
    list.hidden = !open;
    button.textContent = t(open ? 'historyHide' : 'historyShow');
    button.setAttribute('aria-expanded', String(open));
  };
  button.addEventListener('click', async () => {
    if (!list.hidden) {
      show(false);
      return;
    }
    button.disabled = true;
    try {
      const entries = (await graphql(HISTORY, { id: nodeId }, getToken())).node?.history ?? [];
      clear(list).append(...(entries.length ? entries.map(entryItem) : [h('li', { class: 'note' }, t('historyEmpty'))]));
    } catch (error) {
      clear(list).append(h('li', { class: 'error' }, requestErrorText(error)));
    }
    button.disabled = false;
    show(true);
  });
  return h('div', { class: 'history-block', dataset: { history: nodeId } }, button, list);
}
