// The console's shell: sign-in state, hash routes, navigation and focus.
import { session } from './api.js';
import { renderSignIn } from './pages/sign-in.js';
import { renderEmails } from './pages/emails.js';
import { renderEmail } from './pages/email.js';
import { renderStats } from './pages/stats.js';
import { renderWebhooks } from './pages/webhooks.js';
import { renderWebhook } from './pages/webhook.js';
import { renderSuppressions } from './pages/suppressions.js';

const ROUTES = [
  { pattern: /^#\/emails$/, page: 'emails', render: (view) => renderEmails(view) },
  { pattern: /^#\/emails\/([^/]+)$/, page: 'emails', render: (view, id) => renderEmail(view, id) },
  { pattern: /^#\/stats$/, page: 'stats', render: (view) => renderStats(view) },
  { pattern: /^#\/webhooks$/, page: 'webhooks', render: (view) => renderWebhooks(view) },
  { pattern: /^#\/webhooks\/([^/]+)$/, page: 'webhooks', render: (view, id) => renderWebhook(view, id) },
  { pattern: /^#\/suppressions$/, page: 'suppressions', render: (view) => renderSuppressions(view) },
];
const HOME = '#/emails';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const signOutButton = document.getElementById('sign-out');
let signInNotice = null;

function showChrome(signedIn, page) {
  nav.hidden = !signedIn;
  signOutButton.hidden = !signedIn;
  for (const link of nav.querySelectorAll('a')) {
    if (link.dataset.page === page) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

/** Each route renders into a fresh view: answers that arrive after the user moved on land in a detached node. */
function freshView() {
  const view = document.createElement('div');
  view.className = 'view';
  main.replaceChildren(view);
  return view;
}

function focusHeading(view) {
  const heading = view.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: true });
  }
}

async function route() {
  const hash = window.location.hash || HOME;
  if (!session.key) {
    showChrome(false, null);
    const view = freshView();
    renderSignIn(view, signInNotice, () => {
      signInNotice = null;
      if (window.location.hash && window.location.hash !== '#/sign-in') route();
      else window.location.hash = HOME;
    });
    document.title = 'Sign in · postbox console';
    focusHeading(view);
    return;
  }
  const match = ROUTES.map((candidate) => [candidate, candidate.pattern.exec(hash)]).find(([, found]) => found);
  if (!match) {
    window.location.replace(HOME);
    return;
  }
  const [{ page, render }, found] = match;
  showChrome(true, page);
  const view = freshView();
  const rendered = render(view, ...found.slice(1).map(decodeURIComponent));
  const heading = view.querySelector('h1');
  document.title = `${heading ? heading.textContent : 'postbox'} · postbox console`;
  focusHeading(view);
  await rendered;
}

signOutButton.addEventListener('click', () => {
  session.signOut();
  signInNotice = 'You are signed out. The key was removed from this browser tab.';
  if (window.location.hash === '#/sign-in') route();
  else window.location.hash = '#/sign-in';
});

window.addEventListener('postbox:unauthenticated', () => {
  session.signOut();
  signInNotice = 'postbox no longer accepts this API key. Sign in with a valid key.';
  route();
});

window.addEventListener('hashchange', route);
route();
