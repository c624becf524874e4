// Suppressions (SPEC §27): the caller's own list, newest first, a page at a time; add, remove (after a confirm
// step), export as CSV, and check whether postbox would refuse an address.
import { api, download, queryString } from '../api.js';
import { h, labelled } from '../dom.js';
import { errorMessage, time } from '../format.js';
import { Pager } from '../paging.js';

const REASONS = ['complaint', 'manual'];
const PAGE_SIZES = [10, 25, 50, 100];
const SCOPES = { user: 'on your suppression list', global: "on postbox's global list (hard bounces, kept by operators)" };

let chosen = { reason: '', limit: 25 };

function checkAnswer(check) {
  const where = SCOPES[check.scope] ?? 'suppressed';
  const reason = check.reason ? ` (reason: ${check.reason})` : '';
  return check.suppressed
    ? [h('strong', {}, check.address), ` is suppressed: it is ${where}${reason}. postbox refuses to send to it.`]
    : [h('strong', {}, check.address), ' is not suppressed.'];
}

function addressForm(label, button, name, onSubmit) {
  const address = h('input', {
    name, type: 'email', maxlength: 254, autocomplete: 'off', spellcheck: 'false', required: true,
  });
  const form = h('form', { class: 'filters', 'aria-label': button, novalidate: true },
    h('div', { class: 'field' }, labelled(label, address)),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, button)));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onSubmit(address.value.trim(), address);
  });
  return form;
}

export function renderSuppressions(view) {
  const notice = h('div', { class: 'problem outcome', 'aria-live': 'polite' });
  const checked = h('div', { class: 'check-answer', 'aria-live': 'polite' });
  const results = h('section', { 'aria-labelledby': 'suppressions-heading' });
  const exportButton = h('button', { type: 'button', class: 'secondary' }, 'Export CSV');
  const confirmation = confirmDialog();
  const listHeading = h('h2', { id: 'suppressions-heading', tabindex: '-1' }, 'Your suppression list');
  let pager = new Pager({ ...chosen });

  const reason = h('select', { name: 'reason' }, h('option', { value: '' }, 'Any reason'),
    REASONS.map((value) => h('option', { value, selected: chosen.reason === value }, value)));
  const limit = h('select', { name: 'limit' },
    PAGE_SIZES.map((size) => h('option', { value: size, selected: Number(chosen.limit) === size }, size)));
  const filter = h('form', { class: 'filters', 'aria-label': 'Filter suppressions' },
    h('div', { class: 'field' }, labelled('Reason', reason)),
    h('div', { class: 'field' }, labelled('Per page', limit)),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Apply')));
  filter.addEventListener('submit', (event) => {
    event.preventDefault();
    chosen = { reason: reason.value, limit: Number(limit.value) };
    pager = new Pager({ ...chosen });
    load();
  });

  view.append(
    h('div', { class: 'title-row' }, h('h1', {}, 'Suppressions'), exportButton),
    h('p', { class: 'help' }, 'postbox does not send to an address on your suppression list: a main recipient is ',
      'refused, a cc or bcc is dropped. Complaints add addresses by themselves; you can add and remove your own. ',
      'Hard bounces go to the global list, which only operators change.'),
    h('div', { class: 'forms' },
      addressForm('Address to suppress', 'Suppress address', 'add-address', add),
      addressForm('Address to check', 'Check address', 'check-address', check)),
    checked,
    notice,
    listHeading,
    filter,
    results,
    confirmation.dialog);

  function say(...message) {
    notice.replaceChildren(h('p', { class: 'notice', role: 'status' }, ...message));
  }

  async function add(address, input) {
    notice.replaceChildren();
    try {
      const entry = await api('/v1/suppressions', { method: 'POST', body: { address, reason: 'manual' } });
      input.removeAttribute('aria-invalid');
      input.value = '';
      checked.replaceChildren();
      say(h('strong', {}, entry.address), ' is on your suppression list.');
      pager = new Pager({ ...chosen });
      await load();
    } catch (error) {
      input.setAttribute('aria-invalid', 'true');
      notice.replaceChildren(errorMessage(error));
      input.focus();
    }
  }

  async function check(address, input) {
    checked.replaceChildren();
    try {
      const answer = await api(`/v1/suppressions/check${queryString({ address })}`);
      input.removeAttribute('aria-invalid');
      checked.replaceChildren(h('p', { class: 'notice', role: 'status', dataset: {
        suppressed: String(answer.suppressed), scope: answer.scope ?? '' } }, checkAnswer(answer)));
    } catch (error) {
      input.setAttribute('aria-invalid', 'true');
      checked.replaceChildren(errorMessage(error));
      input.focus();
    }
  }

  async function remove(entry) {
    notice.replaceChildren();
    try {
      await api(`/v1/suppressions/${encodeURIComponent(entry.address)}`, { method: 'DELETE' });
      checked.replaceChildren();
      say(h('strong', {}, entry.address), ' was removed from your suppression list.');
      pager = new Pager(pager.queries[0]);
      await load();
      // its row, which had the focus, is gone
      listHeading.focus();
    } catch (error) {
      notice.replaceChildren(errorMessage(error));
    }
  }

  function entryRow(entry) {
    const button = h('button', { type: 'button', class: 'small secondary', 'aria-label': `Remove ${entry.address}` },
      'Remove');
    button.addEventListener('click', () => confirmation.ask(entry, button, () => remove(entry)));
    return h('tr', { dataset: { address: entry.address, reason: entry.reason } },
      h('td', { class: 'wrap' }, entry.address),
      h('td', {}, entry.reason),
      h('td', {}, entry.origin === 'ses' ? 'complaint (SES)' : 'added through the API'),
      h('td', {}, entry.email_id
        ? h('a', { href: `#/emails/${encodeURIComponent(entry.email_id)}` }, entry.email_id)
        : h('span', { class: 'muted' }, '—')),
      h('td', {}, time(entry.created_at)),
      h('td', {}, button));
  }

  async function load() {
    results.setAttribute('aria-busy', 'true');
    try {
      const page = await api(`/v1/suppressions${queryString(pager.query)}`);
      const next = h('button', { type: 'button', class: 'secondary', disabled: !page.has_more }, 'Next page');
      const previous = h('button', { type: 'button', class: 'secondary', disabled: !pager.hasPrevious },
        'Previous page');
      next.addEventListener('click', () => {
        if (pager.forward(page)) load();
      });
      previous.addEventListener('click', () => {
        pager.back();
        load();
      });
      const summary = page.data.length === 0
        ? (pager.hasPrevious ? 'No more suppressed addresses.' : 'No suppressed addresses.')
        : `Page ${pager.pageNumber}: ${page.data.length} address${page.data.length === 1 ? '' : 'es'}, newest first.`;
      results.replaceChildren(
        h('p', { class: 'summary', role: 'status' }, summary),
        page.data.length === 0 ? null : h('div', { class: 'table-scroll' }, h('table', { class: 'suppressions' },
          h('caption', { class: 'visually-hidden' }, 'Suppressed addresses, newest first'),
          h('thead', {}, h('tr', {}, ['Address', 'Reason', 'Origin', 'Email', 'Added', 'Action']
            .map((name) => h('th', { scope: 'col' }, name)))),
          h('tbody', {}, page.data.map(entryRow)))),
        h('nav', { class: 'pages', 'aria-label': 'Suppression pages' }, previous, next));
    } catch (error) {
      results.replaceChildren(errorMessage(error));
    } finally {
      results.removeAttribute('aria-busy');
    }
  }

  exportButton.addEventListener('click', async () => {
    exportButton.disabled = true;
    notice.replaceChildren();
    try {
      await download('/v1/suppressions/export', 'suppressions.csv', 'text/csv');
      say('The export is saved as suppressions.csv.');
    } catch (error) {
      notice.replaceChildren(errorMessage(error));
    } finally {
      exportButton.disabled = false;
    }
  });

  return load();
}

/** The confirm step before a removal: a modal dialog, so focus stays in it and Escape cancels. */
function confirmDialog() {
  const question = h('p', { id: 'confirm-question' });
  const confirm = h('button', { type: 'button' }, 'Remove');
  const cancel = h('button', { type: 'button', class: 'secondary' }, 'Cancel');
  const dialog = h('dialog', { class: 'confirm', 'aria-labelledby': 'confirm-title', 'aria-describedby':
    'confirm-question' },
  h('h2', { id: 'confirm-title' }, 'Remove this address?'), question, h('div', { class: 'actions' }, confirm, cancel));
  let onConfirm = null;
  let returnFocus = null;
  confirm.addEventListener('click', () => {
    const confirmed = onConfirm;
    dialog.close();
    confirmed?.();
  });
  cancel.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => {
    onConfirm = null;
    if (returnFocus?.isConnected) returnFocus.focus();
  });
  return {
    dialog,
    ask(entry, button, then) {
      question.replaceChildren('postbox will send to ', h('strong', {}, entry.address),
        ' again. A complaint on a later email adds it back.');
      onConfirm = then;
      returnFocus = button;
      dialog.showModal();
      cancel.focus();
    },
  };
}
