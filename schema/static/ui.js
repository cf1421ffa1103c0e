// DOM helpers shared by the pages. Text always goes in as text nodes, never as HTML: credential
// claims and server data are shown, not interpreted.

import {
  AWARDS,
  OCCUPATIONS,
  REGIONS,
  applyTranslations,
  getLang,
  label,
  labelIn,
  setLang,
  t,
} from './i18n.js';

/** Build an element: h('p', {class: 'note', onclick: fn}, 'text', child, …). */
export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'class') {
      element.className = value;
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (name in element && typeof value !== 'string') {
      element[name] = value;
    } else {
      element.setAttribute(name, value === true ? '' : value);
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(element) {
  element.replaceChildren();
  return element;
}

/** Wire the language button: it names the other language and switches to it. */
export function setupLanguageSwitch(button, onChange) {
  const lang = setLang(getLang());
  applyTranslations(document, lang);
  button.addEventListener('click', () => {
    const next = setLang(getLang() === 'en' ? 'zh-CN' : 'en');
    applyTranslations(document, next);
    onChange?.(next);
  });
  return lang;
}

/** A definition list row set: [[term, value], …], skipping empty values. */
export function definitionRows(rows) {
  return rows
    .filter(([, value]) => value !== null && value !== undefined && value !== '')
    .flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]);
}

/** A bearer token kept for this tab only (sessionStorage), under `key`. */
export function tokenStore(key) {
  return {
    get() {
      try {
        return sessionStorage.getItem(key);
      } catch {
        return null;
      }
    },
    set(token) {
      try {
        sessionStorage.setItem(key, token);
      } catch {
        // Without storage the session lasts as long as the page.
      }
    },
    clear() {
      try {
        sessionStorage.removeItem(key);
      } catch {
        // Nothing was stored.
      }
    },
  };
}

/** One line saying what a credential attests, from its achievement map. */
export function achievementSummary(kind, achievement, lang = getLang()) {
  const a = achievement ?? {};
  const parts = [];
  if (kind === 'AWARD') {
    parts.push(labelIn(AWARDS, a.code, lang), a.year, label(a.grade, lang), label(a.level, lang));
  } else if (kind === 'SKILL_CERTIFICATE') {
    parts.push(labelIn(OCCUPATIONS, a.code, lang), label(a.level, lang), label(a.direction, lang));
  } else if (kind === 'TALENT_ELIGIBILITY') {
    parts.push(a.code, label(a.level, lang), labelIn(REGIONS, a.region, lang));
  } else {
    parts.push(a.code, labelIn(REGIONS, a.region, lang));
  }
  parts.push(a.title);
  return parts.filter((part) => part !== null && part !== undefined && part !== '').join(' · ');
}

/** What to tell a person about a failed request (see queries.js GraphQLRequestError). */
export function requestErrorText(error) {
  if (error?.kind === 'auth') return t('signInFailed');
  if (error?.kind === 'server') return t('serverError', { message: error.message });
  return t('networkError');
}
