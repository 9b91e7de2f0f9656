// The admission's daily intake, output and balance as an inline SVG (drawn here, no library), with a
// table of the same figures for screen readers and for anyone who prefers numbers.

import { h } from '../dom.js';
import { formatBalance, formatDate, formatMl, formatNumber } from '../format.js';

const SVG = 'http://www.w3.org/2000/svg';

function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== null && v !== undefined && v !== false) el.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** A round step for about `count` ticks over `span`. */
export function niceStep(span, count = 5) {
  const raw = Math.max(span, 1) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) {
    if (m * power >= raw) return m * power;
  }
  return 10 * power;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const shortDate = (d) => {
  const m = /^\d{4}-(\d{2})-(\d{2})$/.exec(d ?? '');
  return m ? `${Number(m[2])} ${MONTHS[Number(m[1]) - 1]}` : '';
};

/** Words that summarise the plot (the SVG's description). */
export function trendSummary(days, target) {
  if (!days.length) return 'No chart days to show.';
  const n = days.length;
  const avg = (k) => Math.round(days.reduce((a, d) => a + d[k], 0) / n);
  const last = days[n - 1];
  const parts = [
    `${n === 1 ? 'One chart day' : `${n} chart days`} from ${formatDate(days[0].date)} to ${formatDate(last.date)}.`,
    `Average intake ${formatMl(avg('intake'))} a day, average measured output ${formatMl(avg('output'))} a day.`,
  ];
  if (typeof last.cumulativeBalance === 'number') {
    parts.push(`Balance since admission ${formatBalance(last.cumulativeBalance)}.`);
  }
  if (typeof target === 'number') {
    const below = days.filter((d) => d.intake < target).length;
    parts.push(`Intake target ${formatMl(target)} a day; intake was below it on ${below} of ${n} days (today's chart day may not be finished).`);
  }
  return parts.join(' ');
}

/**
 * The plot: one group per chart day with an intake bar, an output bar (hatched) and the day's
 * balance as a point on a line; a dashed line for the intake target when one is set.
 */
export function buildTrend(days, { target = null, idPrefix = 'fluid-trend', today = null } = {}) {
  const W = 760;
  const H = 300;
  const m = { top: 16, right: 16, bottom: 44, left: 64 };
  const pw = W - m.left - m.right;
  const ph = H - m.top - m.bottom;
  const n = Math.max(days.length, 1);

  const values = days.flatMap((d) => [d.intake, d.output, d.balance]);
  if (typeof target === 'number') values.push(target);
  let max = Math.max(0, ...values);
  let min = Math.min(0, ...values);
  if (max === min) max = min + 1000;
  const step = niceStep(max - min, 5);
  max = Math.ceil(max / step) * step;
  min = Math.floor(min / step) * step;
  const y = (v) => m.top + ph - ((v - min) / (max - min)) * ph;
  const group = pw / n;
  const barW = Math.max(2, Math.min(28, group * 0.32));
  const cx = (i) => m.left + group * i + group / 2;

  const titleId = `${idPrefix}-title`;
  const descId = `${idPrefix}-desc`;
  const svg = s(
    'svg',
    {
      class: 'trend',
      viewBox: `0 0 ${W} ${H}`,
      role: 'img',
      'aria-labelledby': titleId,
      'aria-describedby': descId,
      preserveAspectRatio: 'xMidYMid meet',
      id: idPrefix,
    },
    s('title', { id: titleId }, 'Daily fluid intake, output and balance since admission'),
    s('desc', { id: descId }, trendSummary(days, target)),
    s(
      'defs',
      {},
      s(
        'pattern',
        { id: `${idPrefix}-hatch`, width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
        s('rect', { width: 6, height: 6, class: 'trend__output-bg' }),
        s('line', { x1: 0, y1: 0, x2: 0, y2: 6, class: 'trend__hatch' }),
      ),
    ),
  );

  // Grid and y axis.
  const grid = s('g', { class: 'trend__grid', 'aria-hidden': 'true' });
  for (let v = min; v <= max + 0.001; v += step) {
    grid.append(
      s('line', { x1: m.left, x2: W - m.right, y1: y(v), y2: y(v), class: v === 0 ? 'trend__zero' : 'trend__gridline' }),
      s('text', { x: m.left - 8, y: y(v) + 4, class: 'trend__tick trend__tick--y' }, formatNumber(v)),
    );
  }
  grid.append(
    s('text', { x: 14, y: m.top + ph / 2, class: 'trend__axis-label', transform: `rotate(-90 14 ${m.top + ph / 2})` }, 'mL'),
  );
  svg.append(grid);

  // Bars.
  const bars = s('g', { class: 'trend__bars', 'aria-hidden': 'true' });
  days.forEach((d, i) => {
    const x = cx(i);
    const y0 = y(0);
    bars.append(
      s('rect', { x: x - barW - 1, y: y(d.intake), width: barW, height: Math.max(0, y0 - y(d.intake)), class: 'trend__intake' }),
      s('rect', {
        x: x + 1,
        y: y(d.output),
        width: barW,
        height: Math.max(0, y0 - y(d.output)),
        class: 'trend__output',
        fill: `url(#${idPrefix}-hatch)`,
      }),
    );
  });
  svg.append(bars);

  // Target line.
  if (typeof target === 'number') {
    svg.append(
      s(
        'g',
        { class: 'trend__target-group', 'aria-hidden': 'true' },
        s('line', { x1: m.left, x2: W - m.right, y1: y(target), y2: y(target), class: 'trend__target' }),
        s('text', { x: W - m.right - 4, y: y(target) - 6, class: 'trend__target-label' }, `Intake target ${formatNumber(target)}`),
      ),
    );
  }

  // Balance line and points.
  if (days.length) {
    const points = days.map((d, i) => `${cx(i).toFixed(1)},${y(d.balance).toFixed(1)}`).join(' ');
    const line = s('g', { class: 'trend__balance-group', 'aria-hidden': 'true' }, s('polyline', { points, class: 'trend__balance' }));
    days.forEach((d, i) => line.append(s('circle', { cx: cx(i), cy: y(d.balance), r: 4, class: 'trend__point' })));
    svg.append(line);
  }

  // X labels: at most about 10.
  const every = Math.max(1, Math.ceil(days.length / 10));
  const labels = s('g', { class: 'trend__x', 'aria-hidden': 'true' });
  days.forEach((d, i) => {
    if (i % every !== 0 && i !== days.length - 1) return;
    labels.append(
      s('text', { x: cx(i), y: H - m.bottom + 18, class: `trend__tick trend__tick--x${d.date === today ? ' trend__tick--today' : ''}` }, shortDate(d.date)),
    );
  });
  labels.append(s('text', { x: m.left + pw / 2, y: H - 6, class: 'trend__axis-label' }, 'Chart day (starting at the day start time)'));
  svg.append(labels);
  return svg;
}

/** The legend (HTML, so it reflows on narrow screens). */
export function trendLegend(hasTarget) {
  return h(
    'ul',
    { class: 'trend-legend', 'aria-hidden': 'true' },
    h('li', {}, h('span', { class: 'swatch swatch--intake' }), 'Intake'),
    h('li', {}, h('span', { class: 'swatch swatch--output' }), 'Output (measured)'),
    h('li', {}, h('span', { class: 'swatch swatch--balance' }), 'Balance of the day'),
    hasTarget ? h('li', {}, h('span', { class: 'swatch swatch--target' }), 'Intake target') : null,
  );
}

/** The same figures as a table. */
export function trendTable(days) {
  return h(
    'table',
    { class: 'data-table trend-table', id: 'fluid-trend-table' },
    h('caption', {}, 'Daily fluid balance since admission (mL)'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Chart day'),
        h('th', { scope: 'col', class: 'num' }, 'Intake'),
        h('th', { scope: 'col', class: 'num' }, 'Output'),
        h('th', { scope: 'col', class: 'num' }, 'Balance'),
        h('th', { scope: 'col', class: 'num' }, 'Since admission'),
        h('th', { scope: 'col', class: 'num' }, 'Not measured'),
      ),
    ),
    h(
      'tbody',
      {},
      days.map((d) =>
        h(
          'tr',
          { dataset: { date: d.date } },
          h('th', { scope: 'row' }, formatDate(d.date)),
          h('td', { class: 'num' }, formatNumber(d.intake)),
          h('td', { class: 'num' }, formatNumber(d.output)),
          h('td', { class: 'num' }, formatBalance(d.balance).replace(' mL', '')),
          h('td', { class: 'num' }, typeof d.cumulativeBalance === 'number' ? formatBalance(d.cumulativeBalance).replace(' mL', '') : '–'),
          h('td', { class: 'num' }, String(d.unmeasuredOutputs ?? 0)),
        ),
      ),
    ),
  );
}
