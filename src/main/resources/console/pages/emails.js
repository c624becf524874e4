// Emails: the caller's list, newest first, filtered by status, tag, recipient, a metadata value and creation day,
// a page at a time.
import { api, queryString } from '../api.js';
import { h, labelled } from '../dom.js';
import { LIST_STATUSES, addDays, errorMessage, statusBadge, testBadge, time } from '../format.js';
import { Pager } from '../paging.js';

const PAGE_SIZES = [10, 25, 50, 100];
const NO_FILTERS = {
  status: '', tag: '', recipient: '', metadataKey: '', metadataValue: '', createdFrom: '', createdUntil: '', limit: 25,
};

// kept while the tab lives, so that coming back from an email shows the same page
let filters = { ...NO_FILTERS };
let pager = null;

/** Why the filters cannot be asked for, or null; the API checks the rest and its message is shown. */
function filterProblem(chosen) {
  if (Boolean(chosen.metadataKey) !== Boolean(chosen.metadataValue)) {
    return 'Give both a metadata key and a value, or neither.';
  }
  return null;
}

/** The list query of the filters; created days are UTC and "until" includes its whole day. */
function listQuery(chosen) {
  const metadata = chosen.metadataKey ? { [`metadata[${chosen.metadataKey}]`]: chosen.metadataValue } : {};
  return {
    status: chosen.status,
    tag: chosen.tag,
    recipient: chosen.recipient,
    ...metadata,
    'created_at[gte]': chosen.createdFrom,
    'created_at[lt]': chosen.createdUntil ? addDays(chosen.createdUntil, 1) : '',
    limit: chosen.limit,
    exclude_params: 'true',
  };
}

function filterForm(onApply) {
  const status = h('select', { name: 'status' },
    h('option', { value: '' }, 'Any status'),
    LIST_STATUSES.map((value) => h('option', { value, selected: filters.status === value }, value)));
  const tag = h('input', { name: 'tag', type: 'text', maxlength: 255, value: filters.tag, autocomplete: 'off' });
  const recipient = h('input', {
    name: 'recipient', type: 'email', maxlength: 254, value: filters.recipient, autocomplete: 'off',
    spellcheck: 'false',
  });
  const metadataKey = h('input', {
    name: 'metadata-key', type: 'text', maxlength: 40, value: filters.metadataKey, autocomplete: 'off',
    spellcheck: 'false',
  });
  const metadataValue = h('input', {
    name: 'metadata-value', type: 'text', maxlength: 256, value: filters.metadataValue, autocomplete: 'off',
  });
  const createdFrom = h('input', { name: 'created-from', type: 'date', value: filters.createdFrom });
  const createdUntil = h('input', { name: 'created-until', type: 'date', value: filters.createdUntil });
  const limit = h('select', { name: 'limit' },
    PAGE_SIZES.map((size) => h('option', { value: size, selected: Number(filters.limit) === size }, size)));
  const form = h('form', { class: 'filters', 'aria-label': 'Filter emails', novalidate: true },
    h('div', { class: 'field' }, labelled('Status', status)),
    h('div', { class: 'field' }, labelled('Tag', tag)),
    h('div', { class: 'field' }, labelled('Recipient (to, cc or bcc)', recipient)),
    h('div', { class: 'field' }, labelled('Metadata key', metadataKey)),
    h('div', { class: 'field' }, labelled('Metadata value', metadataValue)),
    h('div', { class: 'field' }, labelled('Created from (UTC day)', createdFrom)),
    h('div', { class: 'field' }, labelled('Created until (UTC day)', createdUntil)),
    h('div', { class: 'field' }, labelled('Per page', limit)),
    h('div', { class: 'actions' },
      h('button', { type: 'submit' }, 'Apply filters'),
      h('button', { type: 'reset', class: 'secondary' }, 'Clear')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onApply({
      status: status.value, tag: tag.value, recipient: recipient.value.trim(), metadataKey: metadataKey.value.trim(),
      metadataValue: metadataValue.value, createdFrom: createdFrom.value,
      createdUntil: createdUntil.value, limit: Number(limit.value),
    });
  });
  form.addEventListener('reset', (event) => {
    event.preventDefault();
    onApply({ ...NO_FILTERS });
  });
  return form;
}

function emailRow(email) {
  return h('tr', { dataset: { emailId: email.id } },
    h('td', {}, h('a', { href: `#/emails/${encodeURIComponent(email.id)}`, 'aria-label': `Email ${email.id}` },
      email.id)),
    h('td', {}, statusBadge(email.status), ' ', testBadge(email)),
    h('td', { class: 'wrap' }, email.recipient),
    h('td', {}, email.tag ?? h('span', { class: 'muted' }, '—')),
    h('td', {}, time(email.created_at)));
}

export function renderEmails(view) {
  const results = h('section', { 'aria-label': 'Emails found' });
  const refresh = h('button', { type: 'button', class: 'secondary' }, 'Refresh');
  view.append(
    h('div', { class: 'title-row' }, h('h1', {}, 'Emails'), refresh),
    filterForm((chosen) => {
      const problem = filterProblem(chosen);
      if (problem) {
        results.replaceChildren(errorMessage({ message: problem }));
        return;
      }
      filters = chosen;
      pager = new Pager(listQuery(filters));
      load();
    }),
    results);
  if (!pager) pager = new Pager(listQuery(filters));

  async function load() {
    results.setAttribute('aria-busy', 'true');
    try {
      const page = await api(`/v1/transactional/email${queryString(pager.query)}`);
      showPage(page);
    } catch (error) {
      results.replaceChildren(errorMessage(error));
    } finally {
      results.removeAttribute('aria-busy');
    }
  }

  function showPage(page) {
    const summary = page.data.length === 0
      ? (pager.hasPrevious ? 'No more emails.' : 'No emails match these filters.')
      : `Page ${pager.pageNumber}: ${page.data.length} email${page.data.length === 1 ? '' : 's'}, newest first.`;
    const older = h('button', { type: 'button', class: 'secondary', disabled: !page.has_more }, 'Older emails');
    const newer = h('button', { type: 'button', class: 'secondary', disabled: !pager.hasPrevious }, 'Newer emails');
    older.addEventListener('click', () => {
      if (pager.forward(page)) load();
    });
    newer.addEventListener('click', () => {
      pager.back();
      load();
    });
    results.replaceChildren(
      h('p', { class: 'summary', role: 'status' }, summary),
      page.data.length === 0 ? null : h('div', { class: 'table-scroll' }, h('table', { class: 'emails' },
        h('caption', { class: 'visually-hidden' }, 'Emails, newest first'),
        h('thead', {}, h('tr', {},
          ['ID', 'Status', 'Recipient', 'Tag', 'Created'].map((name) => h('th', { scope: 'col' }, name)))),
        h('tbody', {}, page.data.map(emailRow)))),
      h('nav', { class: 'pages', 'aria-label': 'Email pages' }, newer, older));
  }

  refresh.addEventListener('click', load);
  return load();
}
