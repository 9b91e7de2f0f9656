// The NEWS2 observation chart: each parameter over time on the RCP Chart 1 colour bands (score 3 red,
// 2 orange, 1 yellow, 0 white), and the NEWS2 total the server derived. Inline SVG (no library), with a
// table of the same sets for screen readers and anyone who prefers numbers.

import { h } from '../dom.js';
import { formatDateTime, parseInstant, zonedParts } from '../format.js';
import * as N from '../news2-model.js';

const SVG = 'http://www.w3.org/2000/svg';
export const BAND_COLOURS = { 3: '#f4a09a', 2: '#fcc98b', 1: '#fff2a8', 0: '#ffffff' };

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

const ACVPU_LABEL = Object.fromEntries(N.ACVPU.map((a) => [a.code, a.label]));

/**
 * Sets for the chart and the table, oldest first: each NEWS2 Observation with the readings it was derived from,
 * then readings no score points at, grouped by the minute they were taken.
 * observations: vital-sign and NEWS2 total Observations (any order).
 */
export function chartSets(observations) {
  const byRef = new Map();
  const totals = [];
  for (const o of observations ?? []) {
    if (N.isTotal(o)) totals.push(N.readTotal(o));
    else if (o?.id) byRef.set(`Observation/${o.id}`, o);
  }
  const used = new Set();
  const sets = [];
  const add = (set, obs) => {
    for (const r of N.readVital(obs)) set.values[r.key] = r.value;
  };
  for (const t of totals) {
    const set = { time: t.effective, values: {}, total: t };
    for (const ref of t.derivedFrom) {
      const obs = byRef.get(ref);
      if (!obs) continue;
      used.add(ref);
      add(set, obs);
    }
    sets.push(set);
  }
  const loose = new Map();
  for (const [ref, obs] of byRef) {
    if (used.has(ref) || !N.readVital(obs).length) continue;
    const at = parseInstant(obs.effectiveDateTime);
    if (!at) continue;
    const minute = Math.floor(at.getTime() / 60_000);
    if (!loose.has(minute)) loose.set(minute, { time: obs.effectiveDateTime, values: {}, total: null });
    add(loose.get(minute), obs);
  }
  sets.push(...loose.values());
  return sets.sort((a, b) => (parseInstant(a.time)?.getTime() ?? 0) - (parseInstant(b.time)?.getTime() ?? 0));
}

const PANELS = [
  { key: 'respiration-rate', label: 'Resp. rate', unit: '/min', min: 4, max: 32, step: 1, bands: () => N.RESPIRATION },
  { key: 'spo2', label: 'SpO2', unit: '%', min: 80, max: 100, step: 1, bands: (scale) => N.spo2Bands(scale, true) },
  { key: 'air-or-oxygen', label: 'Air or O2', rows: [{ value: 'oxygen', label: 'O2', score: 2 }, { value: 'air', label: 'Air', score: 0 }] },
  { key: 'systolic-bp', label: 'Systolic BP', unit: 'mmHg', min: 70, max: 240, step: 1, bands: () => N.SYSTOLIC },
  { key: 'pulse', label: 'Pulse', unit: '/min', min: 30, max: 150, step: 1, bands: () => N.PULSE },
  { key: 'consciousness', label: 'ACVPU', rows: [{ value: 'cvpu', label: 'CVPU', score: 3 }, { value: 'alert', label: 'Alert', score: 0 }] },
  { key: 'temperature', label: 'Temp.', unit: '°C', min: 34, max: 40.5, step: 0.1, bands: () => N.TEMPERATURE },
  // Chart 3 thresholds on the total: 1–4, 5–6, 7 or more (coloured as the sub-score bands)
  { key: 'total', label: 'NEWS2', unit: '', min: 0, max: 10, step: 1, bands: () => [[null, 0, 0], [1, 4, 1], [5, 6, 2], [7, null, 3]] },
];

/** Words that summarise the plot (the SVG's description). */
export function chartSummary(sets, from, to) {
  if (!sets.length) return `No observations between ${formatDateTime(from)} and ${formatDateTime(to)}.`;
  const scored = sets.filter((x) => x.total && x.total.total !== null);
  const last = scored.at(-1);
  return [
    `${sets.length === 1 ? 'One set' : `${sets.length} sets`} of observations between ${formatDateTime(from)} and ${formatDateTime(to)}.`,
    last ? `Latest NEWS2 ${last.total.total} at ${formatDateTime(last.time)}.` : 'No NEWS2 score in this period.',
    'The table below gives every value.',
  ].join(' ');
}

/** The chart as an SVG: one panel per parameter, time across (from–to), bands from RCP Chart 1. */
export function buildChart(sets, { from, to, room = 0, scale = 1, idPrefix = 'news2-chart' } = {}) {
  const W = 760;
  const m = { top: 8, right: 12, bottom: 34, left: 96 };
  const pw = W - m.left - m.right;
  const heights = PANELS.map((p) => (p.rows ? 44 : 84));
  const gap = 6;
  const H = m.top + heights.reduce((a, b) => a + b + gap, 0) + m.bottom;
  const t0 = from.getTime();
  const t1 = to.getTime();
  const end = t1 + room; // drawn width: room after `to` keeps the latest point off the frame
  const x = (time) => m.left + ((time - t0) / (end - t0)) * pw;
  const titleId = `${idPrefix}-title`;
  const descId = `${idPrefix}-desc`;
  const svg = s('svg', {
    id: idPrefix,
    class: 'news2-chart__svg',
    viewBox: `0 0 ${W} ${H}`,
    role: 'img',
    'aria-labelledby': titleId,
    'aria-describedby': descId,
    preserveAspectRatio: 'xMinYMin meet',
  });
  svg.append(
    s('title', { id: titleId }, `NEWS2 observation chart, ${scale === 2 ? 'SpO2 scale 2' : 'SpO2 scale 1'}`),
    s('desc', { id: descId }, chartSummary(sets, from, to)),
  );
  let top = m.top;
  PANELS.forEach((panel, i) => {
    const ph = heights[i];
    const g = s('g', { class: 'news2-chart__panel', 'data-panel': panel.key });
    g.append(s('text', { x: 4, y: top + ph / 2 + 4, class: 'news2-chart__label' }, panel.label));
    if (panel.rows) {
      const rh = ph / panel.rows.length;
      panel.rows.forEach((row, r) => {
        g.append(
          s('rect', { x: m.left, y: top + r * rh, width: pw, height: rh, fill: BAND_COLOURS[row.score], 'data-score': row.score, class: 'news2-chart__band' }),
          s('text', { x: m.left - 6, y: top + r * rh + rh / 2 + 4, 'text-anchor': 'end', class: 'news2-chart__tick' }, row.label),
        );
      });
      for (const set of sets) {
        const v = set.values[panel.key];
        const at = parseInstant(set.time)?.getTime();
        if (v === undefined || at === undefined || at < t0 || at > end) continue;
        const rowValue = panel.key === 'consciousness' ? (v === 'alert' ? 'alert' : 'cvpu') : v;
        const r = panel.rows.findIndex((row) => row.value === rowValue);
        const shown = panel.key === 'consciousness' ? ACVPU_LABEL[v] : v === 'oxygen' ? 'On oxygen' : 'On air';
        g.append(
          s('circle', { cx: x(at), cy: top + r * rh + rh / 2, r: 5, class: 'news2-chart__point', 'data-param': panel.key, 'data-value': v, 'data-time': set.time },
            s('title', {}, `${shown} at ${formatDateTime(set.time)}`)),
        );
      }
    } else {
      const y = (v) => top + ph - ((Math.min(Math.max(v, panel.min), panel.max) - panel.min) / (panel.max - panel.min)) * ph;
      let lastLabel = Infinity; // labels closer than a line apart would overlap: keep the first
      for (const [low, high, score] of panel.bands(scale)) {
        const lo = low === null ? panel.min : Math.max(panel.min, low - panel.step / 2);
        const hi = high === null ? panel.max : Math.min(panel.max, high + panel.step / 2);
        if (hi <= panel.min || lo >= panel.max) continue;
        g.append(s('rect', { x: m.left, y: y(hi), width: pw, height: Math.max(0, y(lo) - y(hi)), fill: BAND_COLOURS[score], 'data-score': score, class: 'news2-chart__band' }));
        if (low !== null && low > panel.min && low < panel.max && Math.abs(lastLabel - y(lo)) >= 11) {
          lastLabel = y(lo);
          g.append(s('text', { x: m.left - 6, y: y(lo) + 4, 'text-anchor': 'end', class: 'news2-chart__tick' }, String(low)));
        }
      }
      g.append(s('rect', { x: m.left, y: top, width: pw, height: ph, fill: 'none', class: 'news2-chart__frame' }));
      const points = [];
      for (const set of sets) {
        const v = panel.key === 'total' ? set.total?.total : set.values[panel.key];
        const at = parseInstant(set.time)?.getTime();
        if (typeof v !== 'number' || at === undefined || at < t0 || at > end) continue;
        points.push([x(at), y(v), v, set.time]);
      }
      if (points.length > 1) {
        g.append(s('polyline', { points: points.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(' '), class: 'news2-chart__line', fill: 'none' }));
      }
      for (const [px, py, v, time] of points) {
        const name = panel.key === 'total' ? 'NEWS2' : N.PARAMETERS.find((p) => p.key === panel.key)?.label ?? panel.label;
        const outside = v < panel.min || v > panel.max ? ' (off the chart)' : '';
        g.append(
          s('circle', { cx: px, cy: py, r: 5, class: `news2-chart__point${outside ? ' is-outside' : ''}`, 'data-param': panel.key, 'data-value': v, 'data-time': time },
            s('title', {}, `${name} ${v}${panel.unit ? ` ${panel.unit}` : ''}${outside} at ${formatDateTime(time)}`)),
        );
        if (panel.key === 'total') g.append(s('text', { x: px, y: py - 8, 'text-anchor': 'middle', class: 'news2-chart__value' }, String(v)));
      }
    }
    svg.append(g);
    top += ph + gap;
  });
  // Time axis: every 6 hours, UK time, with the date at midnight.
  const axis = s('g', { class: 'news2-chart__axis' });
  const first = Math.ceil(t0 / 3_600_000) * 3_600_000;
  for (let t = first; t <= end; t += 3_600_000) {
    const p = zonedParts(new Date(t));
    if (p.minute !== 0 || p.hour % 6 !== 0) continue;
    const px = x(t);
    axis.append(s('line', { x1: px, x2: px, y1: m.top, y2: top - gap, class: p.hour === 0 ? 'news2-chart__grid news2-chart__grid--day' : 'news2-chart__grid' }));
    axis.append(s('text', { x: px, y: top + 12, 'text-anchor': 'middle', class: 'news2-chart__tick' }, `${String(p.hour).padStart(2, '0')}:00`));
    if (p.hour === 0) axis.append(s('text', { x: px, y: top + 26, 'text-anchor': 'middle', class: 'news2-chart__tick' }, `${p.day}/${p.month}`));
  }
  svg.append(axis);
  return svg;
}

/** The colour key of the bands (colours in style.css: the page's CSP allows no inline style). */
export function chartLegend() {
  const item = (score, text) =>
    h('li', { class: 'news2-legend__item' }, h('span', { class: `news2-legend__swatch news2-legend__swatch--${score}`, 'aria-hidden': 'true' }), text);
  return h(
    'ul',
    { class: 'news2-legend', 'aria-label': 'Colour key' },
    item(3, 'Scores 3'),
    item(2, 'Scores 2'),
    item(1, 'Scores 1'),
    item(0, 'Scores 0'),
  );
}

const show = (v, unit = '') => (v === undefined || v === null ? '–' : `${v}${unit}`);

/** The same sets as a table, newest first. */
export function chartTable(sets) {
  const rows = [...sets].reverse().map((set) =>
    h(
      'tr',
      { dataset: { time: set.time ?? '' } },
      h('th', { scope: 'row' }, formatDateTime(set.time)),
      h('td', {}, show(set.values['respiration-rate'])),
      h('td', {}, show(set.values.spo2, '%')),
      h('td', {}, set.values['air-or-oxygen'] === 'oxygen' ? 'Oxygen' : set.values['air-or-oxygen'] === 'air' ? 'Air' : '–'),
      h('td', {}, set.values['systolic-bp'] === undefined && set.values['diastolic-bp'] === undefined ? '–' : `${show(set.values['systolic-bp'])}/${show(set.values['diastolic-bp'])}`),
      h('td', {}, show(set.values.pulse)),
      h('td', {}, set.values.consciousness ? ACVPU_LABEL[set.values.consciousness] : '–'),
      h('td', {}, show(set.values.temperature, ' °C')),
      h('td', { dataset: { col: 'total' } }, set.total ? (set.total.total !== null ? String(set.total.total) : 'No score (incomplete set)') : 'Not scored'),
    ),
  );
  return h(
    'table',
    { class: 'chart-table news2-table', id: 'news2-table' },
    h('caption', {}, 'Observations in the chart period, newest first (UK time). NEWS2 is the score the server derived.'),
    h(
      'thead',
      {},
      h('tr', {}, ['Time', 'Resp. rate /min', 'SpO2', 'Air or O2', 'BP mmHg', 'Pulse /min', 'ACVPU', 'Temp.', 'NEWS2'].map((c) => h('th', { scope: 'col' }, c))),
    ),
    h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: '9' }, 'No observations in this period.'))),
  );
}
