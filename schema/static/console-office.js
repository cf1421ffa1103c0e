// The office's own work: its figures (charts drawn here as SVG, and the same figures as CSV),
// exports of what it may read, and, for an evaluation institution, an exam roster: checked
// first (every refused row listed), then imported on confirmation.
// Part of the officials' console; console.js is its entry.

import { $, state, token } from './console-common.js';
import { PROGRAMMES, getLang, label, labelIn, t } from './i18n.js';
import { graphql } from './queries.js';
import { clear, h, requestErrorText } from './ui.js';

const SVG = 'http://www.w3.org/2000/svg';
const DASHBOARD = `
  query Dashboard($months: Int!) {
    dashboard(months: $months) {
      months
      series { measure counts }
      decisionsByProgramme { programme tier count }
      verificationsByPurpose { purpose count }
    }
  }
`;
const IMPORT = `
  mutation ImportRoster($input: ImportRosterInput!) {
    importRoster(input: $input) {
      rows valid alreadyOnRecord recorded written
      refused { row field code messageZh messageEn }
      userErrors { field code message }
    }
  }
`;
const TABLES = ['creators', 'certificates', 'credentials', 'decisions'];
const programmeName = (code) => labelIn(PROGRAMMES, code);
const OFFICE_ROLES = ['CAC_OFFICIAL', 'TALENT_OFFICIAL', 'HRSS_OFFICIAL', 'EVALUATOR'];
const office = { figures: null, roster: null, report: null };

function svg(tag, attrs = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) element.setAttribute(key, String(value));
  element.append(...children);
  return element;
}

/** One measure as bars, a month each, with its total: readable at a glance, no library. */
function barChart(measure, months, counts) {
  const width = 320;
  const height = 90;
  const top = Math.max(1, ...counts);
  const step = width / counts.length;
  const total = counts.reduce((a, b) => a + b, 0);
  const bars = counts.map((count, index) => {
    const barHeight = Math.round((count / top) * (height - 20));
    return svg(
      'rect',
      { x: index * step + 2, y: height - 14 - barHeight, width: step - 4, height: barHeight, class: 'bar' },
      svg('title', {}, `${months[index]}: ${count}`),
    );
  });
  const axis = [0, counts.length - 1].map((index) =>
    svg('text', { x: index * step + 2, y: height - 2, class: 'axis' }, months[index]),
  );
  return h(
    'figure',
    { class: 'chart', dataset: { measure } },
    h('figcaption', {}, `${t(`measure_${measure}`)} · ${total}`),
    svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': t(`measure_${measure}`) }, ...bars, ...axis),
  );
}

function figuresCsv(figures) {
  const lines = [['measure', ...figures.months].join(',')];
  for (const { measure, counts } of figures.series) lines.push([measure, ...counts].join(','));
  lines.push('', 'programme,tier,decisions');
  for (const { programme, tier, count } of figures.decisionsByProgramme) lines.push(`${programme},${tier ?? ''},${count}`);
  lines.push('', 'purpose,verifications');
  for (const { purpose, count } of figures.verificationsByPurpose) lines.push(`${purpose},${count}`);
  return `\ufeff${lines.join('\n')}\n`;
}

/** Counts by a label, as a list of bars (longest first): the table behind the chart. */
function barList(id, title, items) {
  const top = Math.max(1, ...items.map((item) => item.count));
  return h('figure', { class: 'chart', dataset: { measure: id } },
    h('figcaption', {}, title),
    h('ul', { class: 'barlist' }, ...items.map((item) => {
      const fill = h('span', { class: 'barfill' });
      // Through the CSSOM: the page's policy refuses style attributes.
      fill.style.width = `${Math.round((item.count / top) * 100)}%`;
      return h('li', {}, h('span', {}, item.label), fill, h('span', {}, String(item.count)));
    })),
  );
}

function download(name, blob) {
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

async function loadFigures() {
  if (!OFFICE_ROLES.includes(state.account?.role)) return;
  // The figures are the panel's own: a failure is said there, not over the page's work.
  $('figures-message').textContent = '';
  try {
    const figures = (await graphql(DASHBOARD, { months: 12 }, token.get()))?.dashboard;
    office.figures = Array.isArray(figures?.series) ? figures : null;
  } catch (error) {
    office.figures = null;
    $('figures-message').textContent = requestErrorText(error);
  }
  renderOffice();
}

async function exportTable(table, format) {
  $('export-message').textContent = '';
  try {
    // Creators and decisions follow the console's current search, as the list shows them.
    const search = ['creators', 'decisions'].includes(table) && state.search ? `?search=${encodeURIComponent(state.search)}` : '';
    const response = await fetch(`/exports/${table}.${format}${search}`, {
      headers: { Authorization: `Bearer ${token.get()}` },
      credentials: 'omit',
      cache: 'no-store',
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    download(`${table}.${format}`, await response.blob());
    $('export-message').textContent = t('exported');
  } catch (error) {
    $('export-message').textContent = requestErrorText(error);
  }
}

async function readFile(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

async function runImport(dryRun) {
  const file = $('roster-file').files?.[0];
  $('roster-message').textContent = '';
  if (!file) {
    $('roster-message').textContent = t('chooseFile');
    return;
  }
  const format = file.name.toLowerCase().endsWith('.xlsx') ? 'XLSX' : 'CSV';
  $('roster-check').disabled = true;
  $('roster-confirm').disabled = true;
  try {
    const input = { fileBase64: await readFile(file), format, dryRun };
    const report = (await graphql(IMPORT, { input }, token.get())).importRoster;
    if (report.userErrors.length) {
      $('roster-message').textContent = report.userErrors.map((e) => e.message).join('; ');
      office.report = null;
    } else {
      office.report = report;
    }
    renderRoster();
  } catch (error) {
    $('roster-message').textContent = requestErrorText(error);
  } finally {
    $('roster-check').disabled = false;
  }
}

function renderRoster() {
  const report = office.report;
  const box = clear($('roster-report'));
  $('roster-confirm').disabled = !report || report.written || report.valid === 0;
  if (!report) return;
  box.append(
    h('p', { class: 'note', id: 'roster-summary' },
      t(report.written ? 'rosterWritten' : 'rosterChecked', {
        rows: report.rows, valid: report.valid, already: report.alreadyOnRecord,
        refused: report.refused.length, recorded: report.recorded,
      })),
  );
  if (report.refused.length) {
    const lang = getLang() === 'en' ? 'en' : 'zh';
    box.append(
      h('table', { class: 'refusals', id: 'roster-refusals' },
        h('thead', {}, h('tr', {}, ...['rowNumber', 'fieldName', 'reason'].map((k) => h('th', {}, t(k))))),
        h('tbody', {}, ...report.refused.map((r) =>
          h('tr', {}, h('td', {}, String(r.row)), h('td', {}, r.field),
            h('td', {}, lang === 'en' ? r.messageEn : `${r.messageZh}（${r.messageEn}）`))))),
    );
  }
}

function renderOffice() {
  const section = $('office-view');
  const role = state.account?.role;
  section.hidden = !OFFICE_ROLES.includes(role);
  if (section.hidden) return;
  $('roster-panel').hidden = role !== 'EVALUATOR';
  const charts = clear($('charts'));
  if (office.figures) {
    for (const { measure, counts } of office.figures.series) {
      charts.append(barChart(measure, office.figures.months, counts));
    }
    const decisions = office.figures.decisionsByProgramme.map(({ programme, tier, count }) => ({
      label: tier ? `${programmeName(programme)} · ${label(tier)}` : programmeName(programme),
      count,
    }));
    if (decisions.length) charts.append(barList('decisionsByProgramme', t('figuresDecisions'), decisions));
    const purposes = office.figures.verificationsByPurpose.map(({ purpose, count }) => ({ label: purpose, count }));
    if (purposes.length) charts.append(barList('verificationsByPurpose', t('figuresPurposes'), purposes));
  }
  renderRoster();
}

function setupOffice() {
  $('figures-refresh').addEventListener('click', loadFigures);
  $('figures-csv').addEventListener('click', () => {
    if (office.figures) download('figures.csv', new Blob([figuresCsv(office.figures)], { type: 'text/csv' }));
  });
  const buttons = clear($('export-buttons'));
  for (const table of TABLES) {
    for (const format of ['csv', 'xlsx']) {
      buttons.append(
        h('button', { type: 'button', class: 'secondary', dataset: { table, format },
          onclick: () => exportTable(table, format) }, `${t(`table_${table}`)} · ${format.toUpperCase()}`),
      );
    }
  }
  $('roster-check').addEventListener('click', () => runImport(true));
  $('roster-confirm').addEventListener('click', () => runImport(false));
  $('roster-file').addEventListener('change', () => {
    office.report = null;
    renderRoster();
  });
}

export { loadFigures, renderOffice, setupOffice };
