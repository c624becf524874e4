// How values are shown: times in UTC (the API's and the statistics' clock), statuses as badges.
import { h } from './dom.js';

export const STATUSES = ['UNSENT', 'ACCEPTED', 'SENT', 'DELIVERED', 'OPENED', 'BOUNCED', 'COMPLAINT'];
/** What the list's status filter offers: scheduled send (SPEC §30) adds SCHEDULED and CANCELLED. */
export const LIST_STATUSES = ['SCHEDULED', ...STATUSES, 'CANCELLED'];

/** "2026-12-02 08:40:12 UTC" inside a <time>, whose title is the viewer's local time. */
export function time(iso) {
  if (!iso) return h('span', { class: 'muted' }, '—');
  const date = new Date(iso);
  const utc = `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
  return h('time', { datetime: iso, title: Number.isNaN(date.getTime()) ? iso : date.toLocaleString() }, utc);
}

export function statusBadge(status) {
  const known = /^[A-Z_]+$/.test(status ?? '') ? status.toLowerCase() : 'unknown';
  return h('span', { class: `badge badge-${known}` }, status ?? 'unknown');
}

/** Marks an email sent with a test key (SPEC §28): it never reached SES. */
export function testBadge(email) {
  return email.test ? h('span', { class: 'badge badge-test', title: 'Sent with a test key: it never left postbox' },
    'TEST') : null;
}

const ACRONYMS = { ses: 'SES', id: 'ID', smtp: 'SMTP', mta: 'MTA', ip: 'IP', ms: '(ms)' };

/** "bounce_sub_type" → "Bounce sub type", "ses_message_id" → "SES message ID". */
export function humanize(name) {
  const words = String(name).split('_').map((word) => ACRONYMS[word] ?? word);
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** 0.9492 → "94.9 %"; null → "—" (no denominator yet). */
export function percent(rate) {
  return rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)} %`;
}

export function count(value) {
  return Number(value ?? 0).toLocaleString('en');
}

/** An error answer as text the user can read, with its code for support. */
export function errorMessage(error) {
  return h('p', { class: 'error', role: 'alert' }, error.message, error.code ? ` (${error.code})` : '');
}

/** "YYYY-MM-DD" of a Date, in UTC. */
export function isoDay(date) {
  return date.toISOString().slice(0, 10);
}

/** The UTC day `days` after the day "YYYY-MM-DD". */
export function addDays(day, days) {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return isoDay(date);
}
