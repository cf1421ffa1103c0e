// Signing in with a bearer token, shared by the wallet and the console: a token is kept only
// once `viewer` has accepted it, and one the server refuses is forgotten.

import { ROLES, labelIn, t } from './i18n.js';
import { fetchViewer } from './queries.js';
import { requestErrorText } from './ui.js';

/**
 * Check `candidate`; if it is good, keep it in `token` and hand the account to `onAccount`.
 * Otherwise, or if `onAccount` fails, `showSignIn(reason)`.
 */
export async function signInWith(token, candidate, { onAccount, showSignIn }) {
  try {
    const account = await fetchViewer(candidate);
    if (account === null) {
      showSignIn(t('signInFailed'));
      return;
    }
    token.set(candidate);
    await onAccount(account);
  } catch (error) {
    if (error.kind === 'auth') token.clear();
    showSignIn(requestErrorText(error));
  }
}

/** "已登录：ROLE · organisation" for the page's header. */
export function signedInText(account) {
  const org = account.organisation?.name ?? account.organisation?.code ?? '';
  return t('signedInAs', { role: labelIn(ROLES, account.role), org });
}
