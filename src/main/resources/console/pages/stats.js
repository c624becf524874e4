// Statistics (SPEC §18): counts by status per UTC day or month over a chosen span, and the four rates.
// The API groups by month; a day is asked for on its own (from = that day, to = the next).
import { api, queryString } from '../api.js';
import { stackedBars } from '../chart.js';
import { h, labelled } from '../dom.js';
import { STATUSES, addDays, count, errorMessage, isoDay, percent } from '../format.js';

const MAX_DAYS = 62;
const RATES = [['delivery', 'Delivery rate'], ['bounce', 'Bounce rate'], ['complaint', 'Complaint rate'],
  ['open', 'Open rate']];

function firstOfMonth(day, monthsLater = 0) {
  const date = new Date(`${day.slice(0, 7)}-01T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() + monthsLater);
  return isoDay(date);
}

function defaultSpan(unit) {
  const today = isoDay(new Date());
  return unit === 'month'
    ? { unit, from: firstOfMonth(today, -11), until: today }
    : { unit, from: addDays(today, -13), until: today };
}

let chosen = defaultSpan('day');

/** The periods of the span, each with the stats query that counts it. */
function periodsOf(span) {
  const periods = [];
  if (span.unit === 'month') {
    for (let month = firstOfMonth(span.from); month <= span.until; month = firstOfMonth(month, 1)) {
      periods.push({ label: month.slice(0, 7), shortLabel: month.slice(0, 7) });
    }
  } else {
    for (let day = span.from; day <= span.until; day = addDays(day, 1)) {
      periods.push({ label: day, shortLabel: day.slice(5), query: { from: day, to: addDays(day, 1) } });
    }
  }
  return periods;
}

function spanQuery(span) {
  return span.unit === 'month'
    ? { from: firstOfMonth(span.from), to: firstOfMonth(span.until, 1) }
    : { from: span.from, to: addDays(span.until, 1) };
}

/** Fills each period's {total, counts} from the API. */
async function countPeriods(span, periods) {
  const zero = (period) => ({ ...period, total: 0, counts: Object.fromEntries(STATUSES.map((s) => [s, 0])) });
  if (span.unit === 'month') {
    const query = queryString({ ...spanQuery(span), group_by: 'month' });
    const answer = await api(`/v1/transactional/email/stats${query}`);
    const byMonth = new Map(answer.data.map((group) => [group.month, group]));
    return periods.map((period) => {
      const group = byMonth.get(period.label);
      return group ? { ...period, total: group.total, counts: group.counts } : zero(period);
    });
  }
  const answers = await Promise.all(periods.map((period) =>
    api(`/v1/transactional/email/stats${queryString(period.query)}`)));
  return periods.map((period, index) => {
    const group = answers[index].data[0];
    return group ? { ...period, total: group.total, counts: group.counts } : zero(period);
  });
}

function spanForm(onShow) {
  const unit = h('select', { name: 'unit' },
    h('option', { value: 'day', selected: chosen.unit === 'day' }, 'Day'),
    h('option', { value: 'month', selected: chosen.unit === 'month' }, 'Month'));
  const from = h('input', { name: 'from', type: 'date', required: true, value: chosen.from });
  const until = h('input', { name: 'until', type: 'date', required: true, value: chosen.until });
  unit.addEventListener('change', () => {
    const span = defaultSpan(unit.value);
    from.value = span.from;
    until.value = span.until;
  });
  const form = h('form', { class: 'filters', 'aria-label': 'Statistics span' },
    h('div', { class: 'field' }, labelled('Per', unit)),
    h('div', { class: 'field' }, labelled('From (UTC day)', from)),
    h('div', { class: 'field' }, labelled('Until (UTC day, included)', until)),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Show')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onShow({ unit: unit.value, from: from.value, until: until.value });
  });
  return form;
}

/** Why the span cannot be shown, or null. */
function spanProblem(span) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(span.from) || !/^\d{4}-\d{2}-\d{2}$/.test(span.until)) {
    return 'Choose both days of the span.';
  }
  if (span.from > span.until) return '"From" must not be after "Until".';
  if (span.unit === 'day' && periodsOf(span).length > MAX_DAYS) {
    return `Per day, choose at most ${MAX_DAYS} days; per month covers up to 13 months.`;
  }
  return null;
}

function rates(overall) {
  const group = overall.data[0] ?? { total: 0, rates: {} };
  return h('dl', { class: 'rates' },
    h('div', { class: 'rate', dataset: { rate: 'total' } }, h('dt', {}, 'Emails'), h('dd', {}, count(group.total))),
    RATES.map(([key, term]) => h('div', { class: 'rate', dataset: { rate: key } },
      h('dt', {}, term), h('dd', {}, percent(group.rates?.[key])))));
}

function legend(statuses) {
  return h('ul', { class: 'legend', 'aria-label': 'Legend' }, statuses.map((status) =>
    h('li', {}, h('span', { class: `swatch series-${status.toLowerCase()}`, 'aria-hidden': 'true' }), status)));
}

function numbers(periods, statuses, unitName) {
  return h('div', { class: 'table-scroll' }, h('table', { class: 'numbers' },
    h('caption', {}, `Emails per ${unitName} by status`),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, unitName === 'day' ? 'Day' : 'Month'),
      h('th', { scope: 'col' }, 'Total'), statuses.map((status) => h('th', { scope: 'col' }, status)))),
    h('tbody', {}, periods.map((period) => h('tr', { dataset: { period: period.label } },
      h('th', { scope: 'row' }, period.label),
      h('td', { dataset: { status: 'total' } }, count(period.total)),
      statuses.map((status) => h('td', { dataset: { status } }, count(period.counts[status]))))))));
}

export function renderStats(view) {
  const results = h('section', { 'aria-label': 'Statistics for the span' });
  view.append(h('h1', {}, 'Statistics'), spanForm((span) => {
    chosen = span;
    load();
  }), results);

  async function load() {
    const problem = spanProblem(chosen);
    if (problem) {
      results.replaceChildren(errorMessage({ message: problem }));
      return;
    }
    results.setAttribute('aria-busy', 'true');
    try {
      const periods = periodsOf(chosen);
      const [overall, counted] = await Promise.all([
        api(`/v1/transactional/email/stats${queryString(spanQuery(chosen))}`),
        countPeriods(chosen, periods),
      ]);
      // statuses the API counts beyond today's seven (SPEC §30 adds some) are stacked after them
      const extra = [...new Set(counted.flatMap((period) => Object.keys(period.counts)))]
        .filter((status) => !STATUSES.includes(status));
      const statuses = [...STATUSES, ...extra];
      const total = counted.reduce((sum, period) => sum + period.total, 0);
      const unitName = chosen.unit;
      const title = `Emails per ${unitName} by status, ${chosen.from} to ${chosen.until} (UTC): ${count(total)} in all`;
      results.replaceChildren(
        h('h2', {}, 'Rates'),
        rates(overall),
        h('p', { class: 'help' }, 'Delivery and bounce rates are out of the emails accepted; complaint and ',
          'open rates out of those delivered. Opens count human opens only.'),
        h('h2', {}, `Per ${unitName}`),
        h('figure', { class: 'chart-figure' }, stackedBars(counted, statuses, title),
          h('figcaption', {}, title)),
        legend(statuses),
        numbers(counted, statuses, unitName));
    } catch (error) {
      results.replaceChildren(errorMessage(error));
    } finally {
      results.removeAttribute('aria-busy');
    }
  }

  return load();
}
