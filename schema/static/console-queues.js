// The office's work queues: what waits for it today (award claims to verify, 容缺 documents
// falling due, credentials about to expire, applications for recognition), earliest deadline
// first, each with a button that opens the creator concerned.
// Part of the officials' console; console.js is its entry.

import { $, state, token } from './console-common.js';
import { openCreator } from './console-creator.js';
import {
  AWARDS, CLUSTERS, CREDENTIAL_STATES, KINDS, PROGRAMMES, RECORD_STATES, formatDate, labelIn, t,
} from './i18n.js';
import { graphql } from './queries.js';
import { clear, h, requestErrorText } from './ui.js';

const QUEUES = `
  query WorkQueues($limit: Int!) {
    workQueues(limit: $limit) {
      name total
      items { recordId creatorId creatorName subject state due }
    }
  }
`;
const OFFICE_ROLES = ['CAC_OFFICIAL', 'TALENT_OFFICIAL', 'HRSS_OFFICIAL', 'EVALUATOR'];
// What each queue's subject code names, and which table its state is read from.
const SUBJECTS = {
  awardsToVerify: [AWARDS, RECORD_STATES],
  provisionalDue: [PROGRAMMES, RECORD_STATES],
  credentialsExpiring: [KINDS, CREDENTIAL_STATES],
  recognitionsPending: [CLUSTERS, RECORD_STATES],
};
const queues = { found: null, error: null };

async function loadQueues() {
  if (!OFFICE_ROLES.includes(state.account?.role)) {
    $('queues-panel').hidden = true;
    return;
  }
  $('queues-panel').hidden = false;
  try {
    queues.found = (await graphql(QUEUES, { limit: 20 }, token.get())).workQueues;
    queues.error = null;
  } catch (error) {
    queues.error = error;
  }
  renderQueues();
}

function item(queue, entry) {
  const [subjects, states] = SUBJECTS[queue.name];
  const due = entry.due ? t(queue.name === 'credentialsExpiring' ? 'expiresOn' : 'dueOn', { day: formatDate(entry.due) }) : null;
  return h(
    'li',
    { class: 'card', dataset: { record: entry.recordId } },
    h('h4', {}, entry.creatorName),
    h('p', {}, [labelIn(subjects, entry.subject), labelIn(states, entry.state), due].filter(Boolean).join(' · ')),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', onclick: () => openCreator(entry.creatorId) }, t('open'))),
  );
}

function renderQueues() {
  const root = $('queues');
  if (!root) return;
  clear(root);
  $('queues-message').textContent = queues.error ? requestErrorText(queues.error) : '';
  for (const queue of queues.found ?? []) {
    const more = queue.total > queue.items.length ? t('queueMore', { shown: queue.items.length }) : '';
    root.append(
      h('section', { class: 'queue', dataset: { queue: queue.name } },
        h('h4', {}, `${t(`queue_${queue.name}`)} · ${queue.total}${more}`),
        queue.items.length === 0
          ? h('p', { class: 'note' }, t('queueEmpty'))
          : h('ul', { class: 'cards' }, queue.items.map((entry) => item(queue, entry)))),
    );
  }
}

function setupQueues() {
  $('queues-refresh').addEventListener('click', () => loadQueues());
}

export { loadQueues, renderQueues, setupQueues };
