// Webhooks: the caller's endpoints (SPEC §16), each linking to its delivery log.
import { api } from '../api.js';
import { h } from '../dom.js';
import { errorMessage, time } from '../format.js';

function webhookRow(webhook) {
  return h('tr', { dataset: { webhookId: webhook.id } },
    h('td', { class: 'wrap' }, h('a', { href: `#/webhooks/${encodeURIComponent(webhook.id)}` }, webhook.url)),
    h('td', {}, webhook.event_types.join(', ')),
    h('td', {}, webhook.enabled ? 'enabled' : h('strong', {}, 'disabled')),
    h('td', { class: 'wrap' }, webhook.description ?? h('span', { class: 'muted' }, '—')),
    h('td', {}, time(webhook.created_at)));
}

export function renderWebhooks(view) {
  const results = h('section', { 'aria-label': 'Webhook endpoints' });
  view.append(h('h1', {}, 'Webhooks'),
    h('p', { class: 'help' }, 'Endpoints are registered with POST /v1/webhooks (see the README). ',
      'Open one to see its delivery log and replay deliveries.'),
    results);

  async function load() {
    results.setAttribute('aria-busy', 'true');
    try {
      const answer = await api('/v1/webhooks');
      results.replaceChildren(answer.data.length === 0
        ? h('p', { class: 'summary', role: 'status' }, 'No webhook endpoints yet.')
        : h('div', { class: 'table-scroll' }, h('table', { class: 'webhooks' },
          h('caption', { class: 'visually-hidden' }, 'Webhook endpoints, newest first'),
          h('thead', {}, h('tr', {},
            ['URL', 'Event types', 'State', 'Description', 'Created'].map((name) => h('th', { scope: 'col' }, name)))),
          h('tbody', {}, answer.data.map(webhookRow)))));
    } catch (error) {
      results.replaceChildren(errorMessage(error));
    } finally {
      results.removeAttribute('aria-busy');
    }
  }

  return load();
}
