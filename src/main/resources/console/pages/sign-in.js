// Sign in with an API key: checked against the API once, then kept in this tab's sessionStorage only.
import { api, session } from '../api.js';
import { errorMessage } from '../format.js';
import { h } from '../dom.js';

const KEY_FORMAT = /^[A-Za-z0-9]+_v1_[A-Za-z0-9+/]{44}$/;

export function renderSignIn(view, notice, signedIn) {
  const keyInput = h('input', {
    id: 'api-key', name: 'api-key', type: 'password', autocomplete: 'off', spellcheck: 'false',
    required: true, 'aria-describedby': 'api-key-help',
  });
  const problem = h('div', { class: 'problem', 'aria-live': 'assertive' });
  const button = h('button', { type: 'submit' }, 'Sign in');
  const form = h('form', { class: 'sign-in', novalidate: true },
    h('label', { for: 'api-key' }, 'API key'),
    keyInput,
    h('p', { id: 'api-key-help', class: 'help' },
      'The key an operator made for you with scripts/admin apikey create. It stays in this browser tab ',
      '(sessionStorage) and is sent only to this postbox, in the Authorization header.'),
    button,
    problem);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const key = keyInput.value.trim();
    problem.replaceChildren();
    if (!KEY_FORMAT.test(key)) {
      const message = 'That is not an API key: a key looks like name_v1_ followed by 44 characters.';
      problem.append(errorMessage({ message }));
      keyInput.setAttribute('aria-invalid', 'true');
      keyInput.focus();
      return;
    }
    button.disabled = true;
    try {
      await api('/v1/transactional/email?limit=1&exclude_params=true', { key });
      session.signIn(key);
      signedIn();
    } catch (error) {
      keyInput.setAttribute('aria-invalid', 'true');
      problem.append(errorMessage(error));
      keyInput.focus();
    } finally {
      button.disabled = false;
    }
  });
  view.append(
    h('h1', {}, 'Sign in'),
    notice ? h('p', { class: 'notice', role: 'status' }, notice) : null,
    form);
}
