// One webhook endpoint: its settings, its delivery log a page at a time, a replay button per delivery.
import { api, queryString } from '../api.js';
import { h, labelled } from '../dom.js';
import { errorMessage, time } from '../format.js';
import { Pager } from '../paging.js';

const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'];
const PAGE_SIZE = 20;

function lastAttempt(delivery) {
  const attempts = delivery.attempts ?? [];
  const last = attempts[attempts.length - 1];
  if (!last) return h('span', { class: 'muted' }, 'not tried yet');
  const outcome = last.response_status ? `HTTP ${last.response_status}` : (last.error ?? 'no answer');
  const extra = last.response_status && last.error ? ` · ${last.error}` : '';
  const duration = `${last.duration_ms ?? '?'} ms`;
  return [time(last.attempted_at), h('span', { class: 'attempt' }, `${outcome}${extra} · ${duration}`)];
}

export function renderWebhook(view, id) {
  const base = `/v1/webhooks/${encodeURIComponent(id)}`;
  const settings = h('section', { 'aria-label': 'Endpoint' }, h('p', { class: 'muted' }, 'Loading…'));
  const log = h('section', { 'aria-labelledby': 'deliveries-heading' });
  const notice = h('div', { class: 'problem', 'aria-live': 'polite' });
  const status = h('select', { name: 'status' }, h('option', { value: '' }, 'Any status'),
    DELIVERY_STATUSES.map((value) => h('option', { value }, value)));
  const filter = h('form', { class: 'filters', 'aria-label': 'Filter deliveries' },
    h('div', { class: 'field' }, labelled('Delivery status', status)),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Apply')));
  const testButton = h('button', { type: 'button', class: 'secondary' }, 'Send test event');
  let pager = new Pager({ limit: PAGE_SIZE });

  view.append(
    h('p', { class: 'back' }, h('a', { href: '#/webhooks' }, '← All webhooks')),
    h('div', { class: 'title-row' }, h('h1', {}, `Webhook ${id}`), testButton),
    settings,
    h('h2', { id: 'deliveries-heading' }, 'Delivery log'),
    filter,
    notice,
    log);

  function say(message) {
    notice.replaceChildren(h('p', { class: 'notice', role: 'status' }, message));
  }

  async function replay(delivery, button) {
    button.disabled = true;
    notice.replaceChildren();
    try {
      const replayed = await api(`${base}/deliveries/${encodeURIComponent(delivery.id)}/replay`, { method: 'POST' });
      say(`Delivery ${delivery.id} replayed as ${replayed.id}.`);
      pager = new Pager(pager.queries[0]);
      await loadLog();
    } catch (error) {
      notice.replaceChildren(errorMessage(error));
    } finally {
      button.disabled = false;
    }
  }

  function deliveryRow(delivery) {
    const button = h('button', { type: 'button', class: 'small', 'aria-label': `Replay delivery ${delivery.id}` },
      'Replay');
    button.addEventListener('click', () => replay(delivery, button));
    return h('tr', { dataset: { deliveryId: delivery.id, eventType: delivery.event_type } },
      h('td', { class: 'delivery-id' }, h('code', {}, delivery.id),
        h('span', { class: 'attempt' }, 'created ', time(delivery.created_at))),
      h('td', {}, delivery.event_type),
      h('td', {}, h('span', { class: `badge delivery-${delivery.status}` }, delivery.status)),
      h('td', {}, String(delivery.attempt_count)),
      h('td', {}, lastAttempt(delivery)),
      h('td', {}, delivery.status === 'pending' ? time(delivery.next_attempt_at) : '—'),
      h('td', {}, button));
  }

  async function loadSettings() {
    try {
      const webhook = await api(base);
      settings.replaceChildren(h('dl', { class: 'fields' },
        h('dt', {}, 'URL'), h('dd', { class: 'wrap' }, webhook.url),
        h('dt', {}, 'Event types'), h('dd', {}, webhook.event_types.join(', ')),
        h('dt', {}, 'State'), h('dd', {}, webhook.enabled ? 'enabled' : 'disabled'),
        h('dt', {}, 'Description'), h('dd', {}, webhook.description ?? '—'),
        h('dt', {}, 'Created'), h('dd', {}, time(webhook.created_at)),
        h('dt', {}, 'Updated'), h('dd', {}, time(webhook.updated_at))));
    } catch (error) {
      settings.replaceChildren(errorMessage(error));
    }
  }

  async function loadLog() {
    log.setAttribute('aria-busy', 'true');
    try {
      const page = await api(`${base}/deliveries${queryString(pager.query)}`);
      const older = h('button', { type: 'button', class: 'secondary', disabled: !page.has_more }, 'Older deliveries');
      const newer = h('button', { type: 'button', class: 'secondary', disabled: !pager.hasPrevious },
        'Newer deliveries');
      older.addEventListener('click', () => {
        if (pager.forward(page)) loadLog();
      });
      newer.addEventListener('click', () => {
        pager.back();
        loadLog();
      });
      log.replaceChildren(
        h('p', { class: 'summary', role: 'status' }, page.data.length === 0 ? 'No deliveries.'
          : `Page ${pager.pageNumber}: ${page.data.length} of the deliveries, newest first.`),
        page.data.length === 0 ? null : h('div', { class: 'table-scroll' }, h('table', { class: 'deliveries' },
          h('caption', { class: 'visually-hidden' }, 'Deliveries, newest first'),
          h('thead', {}, h('tr', {}, ['Delivery', 'Event', 'Status', 'Attempts', 'Last attempt', 'Next attempt',
            'Action'].map((name) => h('th', { scope: 'col' }, name)))),
          h('tbody', {}, page.data.map(deliveryRow)))),
        h('nav', { class: 'pages', 'aria-label': 'Delivery pages' }, newer, older));
    } catch (error) {
      log.replaceChildren(errorMessage(error));
    } finally {
      log.removeAttribute('aria-busy');
    }
  }

  filter.addEventListener('submit', (event) => {
    event.preventDefault();
    pager = new Pager({ limit: PAGE_SIZE, status: status.value });
    loadLog();
  });
  testButton.addEventListener('click', async () => {
    testButton.disabled = true;
    try {
      const delivery = await api(`${base}/test`, { method: 'POST' });
      say(`Test event queued as delivery ${delivery.id}.`);
      await loadLog();
    } catch (error) {
      notice.replaceChildren(errorMessage(error));
    } finally {
      testButton.disabled = false;
    }
  });

  return Promise.all([loadSettings(), loadLog()]);
}
