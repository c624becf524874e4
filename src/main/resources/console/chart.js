// A stacked bar chart in hand-drawn SVG: one bar per period, one segment per status.
import { svg } from './dom.js';
import { count } from './format.js';

const WIDTH = 760;
const HEIGHT = 230;
const MARGIN = { top: 12, right: 12, bottom: 44, left: 48 };

/** A round axis maximum at or above `max`, and its tick step. */
function scale(max) {
  if (max <= 4) return { top: Math.max(max, 1), step: 1 };
  const magnitude = 10 ** Math.floor(Math.log10(max));
  const step = [1, 2, 5, 10].map((factor) => (factor * magnitude) / 5).find((candidate) => max / candidate <= 5);
  return { top: Math.ceil(max / step) * step, step };
}

/**
 * periods: [{label, total, counts: {STATUS: n}}]; statuses: the stacking order, bottom first.
 * Colours come from the stylesheet (class series-<status>), so the chart follows the page's palette.
 */
export function stackedBars(periods, statuses, title) {
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const { top, step } = scale(Math.max(0, ...periods.map((period) => period.total)));
  const y = (value) => MARGIN.top + plotHeight - (value / top) * plotHeight;
  const slot = plotWidth / Math.max(periods.length, 1);
  const barWidth = Math.max(2, Math.min(40, slot * 0.7));
  const labelEvery = Math.ceil(periods.length / 12);

  const grid = [];
  for (let value = 0; value <= top; value += step) {
    grid.push(
      svg('line', { class: 'grid', x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: y(value), y2: y(value) }),
      svg('text', { class: 'tick', x: MARGIN.left - 6, y: y(value) + 4, 'text-anchor': 'end' }, count(value)));
  }
  const bars = periods.map((period, index) => {
    const x = MARGIN.left + index * slot + (slot - barWidth) / 2;
    let base = 0;
    const segments = statuses.filter((status) => (period.counts[status] ?? 0) > 0).map((status) => {
      const value = period.counts[status];
      const segment = svg('rect', {
        class: `segment series-${status.toLowerCase()}`, x, width: barWidth,
        y: y(base + value), height: Math.max(0, y(base) - y(base + value)),
      }, svg('title', {}, `${period.label}: ${count(value)} ${status}`));
      base += value;
      return segment;
    });
    const label = index % labelEvery === 0
      ? svg('text', { class: 'tick', x: x + barWidth / 2, y: HEIGHT - MARGIN.bottom + 16, 'text-anchor': 'middle' },
        period.shortLabel ?? period.label)
      : null;
    return svg('g', { class: 'bar', 'data-period': period.label, 'data-total': period.total }, segments, label);
  });
  return svg('svg', {
    class: 'chart', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': title,
    preserveAspectRatio: 'xMidYMid meet',
  },
  svg('title', {}, title),
  grid,
  svg('line', { class: 'axis', x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: y(0), y2: y(0) }),
  bars);
}
