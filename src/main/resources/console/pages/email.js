// One email: the object of GET /v1/transactional/email/{id} and its timeline (SPEC §15) as a vertical list.
import { api } from '../api.js';
import { h } from '../dom.js';
import { errorMessage, humanize, statusBadge, testBadge, time } from '../format.js';

const TIME_FIELDS = ['created_at', 'accepted_at', 'sent_at', 'delivered_at', 'opened_at', 'bounced_at',
  'complained_at', 'updated_at', 'redacted_at'];
// the reason of a bounce or complaint, shown first in its timeline entry
const REASONS = {
  bounce: [['bounce_type', 'Bounce type'], ['bounce_sub_type', 'Sub type']],
  complaint: [['feedback_type', 'Feedback type'], ['complaint_sub_type', 'Sub type']],
  send_failed: [['error_code', 'Error code'], ['error_sub_type', 'Sub type']],
};

function definitionList(entries, className) {
  return h('dl', { class: className },
    entries.map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
}

function text(value) {
  if (value === null || value === undefined || value === '') return h('span', { class: 'muted' }, '—');
  if (Array.isArray(value)) return value.length === 0 ? h('span', { class: 'muted' }, 'none') : value.join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function emailFields(email) {
  const params = email.params ?? {};
  return [
    ['Status', statusBadge(email.status)],
    ['Key mode', email.test ? 'test (never sent through SES)' : 'live'],
    ['Error code', text(email.error_code)],
    ['Error sub type', text(email.error_sub_type)],
    ['From', text(email.from)],
    ['Recipient', text(email.recipient)],
    ['Cc', text(email.cc)],
    ['Bcc', text(email.bcc)],
    ['Subject', params.redacted ? h('span', { class: 'muted' }, 'redacted') : text(params.subject)],
    ['Tag', text(email.tag)],
    ['Classification', text(email.classification)],
    ['Tracking', email.disable_tracking ? 'disabled' : 'enabled'],
    ['Attachments', text((email.attachments_metadata ?? []).map((file) => file.fileName))],
    ...TIME_FIELDS.map((field) => [humanize(field.replace(/_at$/, '')), time(email[field])]),
  ];
}

/** Metadata (SPEC §26) as sent: key and value are the user's own strings. */
function metadataSection(email) {
  const entries = Object.entries(email.metadata ?? {});
  return h('section', { 'aria-labelledby': 'email-metadata' },
    h('h2', { id: 'email-metadata' }, 'Metadata'),
    entries.length === 0 ? h('p', { class: 'muted' }, 'No metadata.')
      : h('dl', { class: 'fields metadata' }, entries.map(([key, value]) =>
        [h('dt', {}, h('code', {}, key)), h('dd', { dataset: { key } }, text(value))])));
}

function timelineEntry(entry) {
  const reasons = REASONS[entry.type] ?? [];
  const details = entry.details ?? {};
  const shownFirst = new Set(reasons.map(([key]) => key));
  const rest = Object.keys(details).filter((key) => !shownFirst.has(key) && details[key] !== null);
  return h('li', { class: `event event-${entry.type}`, dataset: { type: entry.type } },
    h('div', { class: 'event-head' },
      h('span', { class: 'event-type' }, humanize(entry.type)),
      time(entry.occurred_at),
      h('span', { class: 'event-meta' },
        entry.recipient ? `${entry.recipient} · ` : '', `source ${entry.source}`)),
    reasons.length === 0 ? null
      : definitionList(reasons.map(([key, term]) => [term, text(details[key])]), 'event-reason'),
    rest.length === 0 ? null : definitionList(rest.map((key) => [humanize(key), text(details[key])]), 'event-details'));
}

export function renderEmail(view, id) {
  const heading = h('h1', {}, `Email ${id}`);
  const body = h('div', { 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Loading…'));
  const refresh = h('button', { type: 'button', class: 'secondary' }, 'Refresh');
  const marks = h('span', { class: 'title-marks' });
  view.append(
    h('p', { class: 'back' }, h('a', { href: '#/emails' }, '← All emails')),
    h('div', { class: 'title-row' }, h('div', { class: 'title' }, heading, marks), refresh),
    body);

  async function load() {
    body.setAttribute('aria-busy', 'true');
    const path = `/v1/transactional/email/${encodeURIComponent(id)}`;
    try {
      const [email, events] = await Promise.all([api(path), api(`${path}/events?limit=1000`)]);
      marks.replaceChildren(testBadge(email) ?? '');
      body.replaceChildren(h('div', { class: 'email-layout' },
        h('div', {},
          h('section', { 'aria-labelledby': 'email-details' },
            h('h2', { id: 'email-details' }, 'Details'),
            definitionList(emailFields(email), 'fields')),
          metadataSection(email)),
        h('section', { 'aria-labelledby': 'email-timeline' },
          h('h2', { id: 'email-timeline' }, 'Timeline'),
          events.data.length === 0 ? h('p', { class: 'muted' }, 'No events yet.')
            : h('ol', { class: 'timeline' }, events.data.map(timelineEntry)),
          events.has_more ? h('p', { class: 'muted' }, 'Showing the first 1,000 events.') : null)));
    } catch (error) {
      body.replaceChildren(errorMessage(error));
    } finally {
      body.removeAttribute('aria-busy');
    }
  }

  refresh.addEventListener('click', load);
  return load();
}
