// The "Fluids & food" tab of the patient page: quick entry (intake, output, food, weight/height),
// the entries not saved yet, the chart day's entries (with "Mark entered in error"), the 24-hour
// chart, the admission trend, the three-day food record, and weight and MUST.
// Contract: docs/features/fluid-balance.md. Shapes are built in ../fluid-model.js.

import { h, setText } from '../dom.js';
import { FhirError, matches, operationOutcomeText } from '../fhir.js';
import {
  NOT_KNOWN,
  addDays,
  formatAgo,
  formatBalance,
  formatDate,
  formatDateTime,
  formatDayDate,
  formatMl,
  formatNumber,
  formatPatientName,
  formatTime,
  fromLocalDateTime,
  localDate,
  localTime,
  parseInstant,
  writtenOffsetMinutes,
  zonedParts,
} from '../format.js';
import * as FM from '../fluid-model.js';
import { buildTrend, trendLegend, trendTable } from './fluid-trend.js';

const CHART_CODES = [
  `${FM.OBSERVATION_CS}|fluid-intake`,
  `${FM.OBSERVATION_CS}|fluid-output`,
  `${FM.OBSERVATION_CS}|food-intake`,
].join(',');
const BODY_CODES = [
  `${FM.LOINC}|${FM.LOINC_WEIGHT}`,
  `${FM.LOINC}|${FM.LOINC_HEIGHT}`,
  `${FM.OBSERVATION_CS}|must-screening`,
].join(',');
const DEFAULT_DAY_START = '07:00';
const TREND_MAX_AGE_MS = 2 * 60_000;
const RECORD_KINDS = [
  { code: 'intake', label: 'Intake' },
  { code: 'output', label: 'Output' },
  { code: 'food', label: 'Food' },
  { code: 'body', label: 'Weight & height' },
];
const EIE_REASONS = [
  { code: 'wrong-patient', label: 'Wrong patient' },
  { code: 'wrong-details', label: 'Wrong amount or details' },
  { code: 'wrong-time', label: 'Wrong time' },
  { code: 'duplicate', label: 'Charted twice' },
  { code: 'other', label: 'Other reason' },
];

// ---------------------------------------------------------------------------------------------
// Small pure helpers

/** The chart day (its local start date) that an instant falls in, for a day start 'HH:MM[:SS]'. */
export function chartDateOf(instant, dayStart = DEFAULT_DAY_START) {
  const date = parseInstant(instant);
  if (!date) return null;
  const [hh, mm] = String(dayStart).split(':').map(Number);
  const p = zonedParts(date);
  const beforeStart = p.hour * 60 + p.minute < hh * 60 + (mm || 0);
  const today = localDate(date);
  return beforeStart ? addDays(today, -1) : today;
}

/** A chart day computed here (used only when the server's $fluid-balance is unavailable). */
export function localChartDay(date, dayStart = DEFAULT_DAY_START) {
  const time = String(dayStart).slice(0, 5);
  const start = fromLocalDateTime(date, time);
  const end = fromLocalDateTime(addDays(date, 1), time);
  return { date, start: start?.toISOString() ?? null, end: end?.toISOString() ?? null };
}

/** Short words for the hourly chart's "Charted" column: 'Oral 200 (Tea)', 'Urine: incontinent'. */
export function shortDescription(entry) {
  const n = (v) => formatNumber(v);
  switch (entry.kind) {
    case 'intake':
      return `${FM.routeLabel(entry.route)} ${entry.volume !== null ? n(entry.volume) : ''}${entry.fluidType ? ` (${entry.fluidType})` : ''}`.trim();
    case 'output':
      return entry.unmeasured
        ? `${FM.outputTypeLabel(entry.type)}: ${FM.unmeasuredLabel(entry.unmeasured).toLowerCase()}`
        : `${FM.outputTypeLabel(entry.type)} ${entry.volume !== null ? n(entry.volume) : ''}`.trim();
    case 'food':
      return `${FM.mealLabel(entry.meal)}: ${FM.portionLabel(entry.portion).toLowerCase()} eaten${
        entry.supplementVolume !== null ? `, supplement ${n(entry.supplementVolume)}` : ''
      }`;
    default:
      return FM.describeEntry(entry);
  }
}

function hourLabel(row, rows, index) {
  const label = `${formatTime(row.start)}–${formatTime(row.end)}`;
  // The repeated hour when the clocks go back: say which one.
  const same = rows.filter((r) => formatTime(r.start) === formatTime(row.start));
  if (same.length > 1) {
    const offset = writtenOffsetMinutes(row.start);
    return `${label} (${offset === 60 ? 'BST' : offset === 0 ? 'GMT' : `#${index + 1}`})`;
  }
  return label;
}

const hourOfLocal = (instant) => {
  const d = parseInstant(instant);
  return d ? zonedParts(d).hour : null;
};

/** Text ending in a full stop (server messages may or may not have one). */
const sentence = (text) => {
  const t = String(text ?? '').trim();
  return !t || /[.!?]$/.test(t) ? t : `${t}.`;
};

function errorText(error) {
  if (error?.kind === 'http') return operationOutcomeText(error.outcome) || error.message;
  return error?.message || 'Unexpected error.';
}

// ---------------------------------------------------------------------------------------------
// Form controls

let uid = 0;

/** Radios shown as large buttons. options: [{ code, label }]. */
function choiceGroup({ legend, name, options, checked = null, className = '', hint = null, legendClass = '' }) {
  const inputs = [];
  const hintId = hint ? `${name}-hint` : null;
  const fieldset = h(
    'fieldset',
    { class: `choices ${className}`.trim(), id: `${name}-group`, 'aria-describedby': hintId },
    h('legend', { class: `choices__legend ${legendClass}`.trim() }, legend),
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    h(
      'div',
      { class: 'choices__items' },
      options.map((o) => {
        const id = `${name}-${o.code}`;
        const input = h('input', { type: 'radio', class: 'choice__input', name, id, value: o.code, checked: o.code === checked });
        inputs.push(input);
        return h('div', { class: 'choice' }, input, h('label', { class: 'choice__label', for: id }, o.label));
      }),
    ),
  );
  return {
    fieldset,
    inputs,
    value: () => inputs.find((i) => i.checked)?.value ?? null,
    set(code) {
      for (const i of inputs) i.checked = i.value === code;
    },
    focus() {
      (inputs.find((i) => i.checked) ?? inputs[0])?.focus();
    },
  };
}

/** Quick volumes (one tap) and a free number, in mL. */
function volumeField({ id, legend, quick = FM.QUICK_VOLUMES, required = true }) {
  const input = h('input', {
    type: 'number',
    id,
    class: 'input input--volume',
    inputmode: 'numeric',
    min: '0',
    max: String(FM.MAX_ENTRY_ML),
    step: '1',
    autocomplete: 'off',
  });
  const buttons = quick.map((v) =>
    h('button', { type: 'button', class: 'quick', 'aria-pressed': 'false', dataset: { volume: String(v) } }, `${v} mL`),
  );
  const sync = () => {
    for (const b of buttons) b.setAttribute('aria-pressed', String(input.value !== '' && Number(input.value) === Number(b.dataset.volume)));
  };
  const listeners = [];
  for (const b of buttons) {
    b.addEventListener('click', () => {
      input.value = b.dataset.volume;
      sync();
      listeners.forEach((fn) => fn());
    });
  }
  input.addEventListener('input', () => {
    sync();
    listeners.forEach((fn) => fn());
  });
  const fieldset = h(
    'fieldset',
    { class: 'volume' },
    h('legend', { class: 'choices__legend' }, legend),
    h('div', { class: 'quick-row' }, buttons),
    h(
      'div',
      { class: 'field field--inline' },
      h('label', { class: 'field__label', for: id }, 'Other amount'),
      h('span', { class: 'input-suffix' }, input, h('span', { class: 'input-suffix__unit', 'aria-hidden': 'true' }, 'mL')),
    ),
  );
  return {
    fieldset,
    input,
    onChange: (fn) => listeners.push(fn),
    set(value) {
      input.value = value === null || value === undefined ? '' : String(value);
      sync();
    },
    setDisabled(disabled) {
      input.disabled = disabled;
      for (const b of buttons) b.disabled = disabled;
      fieldset.classList.toggle('is-disabled', disabled);
    },
    /** { value } or { error } */
    read() {
      const text = input.value.trim();
      if (text === '') {
        return required ? { error: 'Choose or enter an amount in mL.' } : { value: null };
      }
      const value = Number(text);
      if (!Number.isFinite(value) || value < 0 || !Number.isInteger(value)) return { error: 'Enter the amount as a whole number of mL.' };
      if (value > FM.MAX_ENTRY_ML) {
        return { error: `${formatMl(value)} is more than ${formatMl(FM.MAX_ENTRY_ML)} for one entry. Check the amount.` };
      }
      return { value };
    },
  };
}

/** The time taken or passed: now, unless changed (Europe/London local time). */
function timeField(prefix) {
  const dateInput = h('input', { type: 'date', id: `${prefix}-date`, class: 'input input--date' });
  const timeInput = h('input', { type: 'time', id: `${prefix}-time`, class: 'input input--time', step: '60' });
  const nowButton = h('button', { type: 'button', class: 'button button--secondary button--small', id: `${prefix}-now`, hidden: true }, 'Back to now');
  const state = h('span', { class: 'hint time-state', id: `${prefix}-time-state` }, 'The time you save');
  let edited = false;
  const fillNow = () => {
    const now = new Date();
    dateInput.value = localDate(now);
    timeInput.value = localTime(now);
  };
  const markEdited = () => {
    edited = true;
    nowButton.hidden = false;
    setText(state, 'Changed');
  };
  dateInput.addEventListener('input', markEdited);
  timeInput.addEventListener('input', markEdited);
  const api = {
    reset() {
      edited = false;
      nowButton.hidden = true;
      setText(state, 'The time you save');
      fillNow();
    },
    tick() {
      if (!edited) fillNow();
    },
    set(date) {
      dateInput.value = localDate(date);
      timeInput.value = localTime(date);
      markEdited();
    },
    /** { date } or { error, focus } */
    read() {
      if (!edited) return { date: new Date() };
      const date = fromLocalDateTime(dateInput.value, timeInput.value);
      if (!date) return { error: 'Enter the date and time.', focus: timeInput };
      if (date.getTime() > Date.now() + FM.FUTURE_TOLERANCE_MS) {
        return { error: 'That time is in the future. Check the date and time.', focus: timeInput };
      }
      return { date };
    },
  };
  nowButton.addEventListener('click', () => {
    api.reset();
    timeInput.focus(); // the button has gone: keep the keyboard position
  });
  api.fieldset = h(
    'fieldset',
    { class: 'when', 'aria-describedby': `${prefix}-time-hint` },
    h('legend', { class: 'choices__legend' }, 'When'),
    h('p', { class: 'hint', id: `${prefix}-time-hint` }, 'UK time. Change it only if this was earlier.'),
    h(
      'div',
      { class: 'when__row' },
      h('div', { class: 'field' }, h('label', { class: 'field__label', for: `${prefix}-date` }, 'Date'), dateInput),
      h('div', { class: 'field' }, h('label', { class: 'field__label', for: `${prefix}-time` }, 'Time'), timeInput),
      h('div', { class: 'when__now' }, nowButton, state),
    ),
  );
  api.reset();
  return api;
}

function textField({ id, label, list = null, hint = null, options = [] }) {
  const input = h('input', { type: 'text', id, class: 'input', list: list ? `${id}-options` : null, autocomplete: 'off', maxlength: '200' });
  const datalist = list ? h('datalist', { id: `${id}-options` }, options.map((o) => h('option', { value: o }))) : null;
  return {
    input,
    element: h(
      'div',
      { class: 'field' },
      h('label', { class: 'field__label', for: id }, label),
      hint ? h('p', { class: 'hint' }, hint) : null,
      input,
      datalist,
    ),
  };
}

// ---------------------------------------------------------------------------------------------
// The tab

/**
 * render(panel, tab, { patientId, ctx, page }) for TABS in patient.js. Returns a controller:
 * patientLoaded({ patient, encounter }), shown(), refresh({ background }), unmount().
 */
export function renderFluidsTab(panel, tab, { patientId, ctx, page }) {
  const outbox = ctx.outbox;
  const state = {
    encounter: undefined, // undefined: not known yet; null: not an inpatient
    admissionDate: null,
    dayStart: DEFAULT_DAY_START,
    currentDate: null,
    viewDate: null,
    followToday: true,
    fb: null, // parsed $fluid-balance of the viewed day
    day: null, // its day
    entries: null, // Observations of the viewed chart day
    loadedAt: null,
    trendAt: 0,
    visible: false,
    destroyed: false,
    loading: null,
    correcting: null, // { id, kind }
    mustResult: null,
  };
  const timers = [];

  // --- Layout -------------------------------------------------------------------------------
  const heading = h('h2', { class: 'panel-title' }, tab.label);
  const notInpatient = h(
    'p',
    { class: 'notice notice--warning', id: 'fluid-not-inpatient', hidden: true },
    'This patient has no current inpatient admission, so nothing can be charted here. Charts from earlier days are still shown.',
  );

  // Day header and totals
  const dayLabel = h('p', { class: 'day-nav__label', id: 'fluid-day-label' }, 'Loading the chart…');
  const prevButton = h('button', { type: 'button', class: 'button button--secondary button--small', id: 'fluid-prev-day' }, 'Previous day');
  const nextButton = h('button', { type: 'button', class: 'button button--secondary button--small', id: 'fluid-next-day' }, 'Next day');
  const todayButton = h('button', { type: 'button', class: 'button button--secondary button--small', id: 'fluid-today', hidden: true }, 'Today');
  const totals = h('dl', { class: 'totals', id: 'fluid-day-totals', 'aria-live': 'off' });
  const targetBox = h('div', { class: 'target', id: 'fluid-target', hidden: true });
  const staleNote = h('p', { class: 'stale-note', id: 'fluid-stale', hidden: true });
  const serviceNote = h('p', { class: 'notice notice--warning', id: 'fluid-service-note', hidden: true });
  const daySection = h(
    'section',
    { class: 'fluid-section fluid-day', id: 'fluid-day', 'aria-labelledby': 'fluid-day-heading', dataset: { state: 'loading' } },
    h(
      'div',
      { class: 'day-nav' },
      h('div', { class: 'day-nav__text' }, h('h3', { class: 'section-title', id: 'fluid-day-heading' }, 'Chart day'), dayLabel),
      h('div', { class: 'day-nav__buttons' }, prevButton, nextButton, todayButton),
    ),
    staleNote,
    serviceNote,
    totals,
    targetBox,
  );

  // Record panel
  const recordKind = choiceGroup({ legend: 'What are you recording?', name: 'record-kind', options: RECORD_KINDS, checked: 'intake', className: 'choices--segmented' });
  const saveStatus = h('p', { class: 'save-status', id: 'fluid-save-status', role: 'status', 'aria-live': 'polite', dataset: { state: 'idle' } });
  const correctingNote = h('div', { class: 'notice notice--warning correcting', id: 'fluid-correcting', hidden: true });

  // Intake form
  const intakeVolume = volumeField({ id: 'intake-volume', legend: 'Amount' });
  const intakeRoute = choiceGroup({ legend: 'Route', name: 'intake-route', options: FM.ROUTES, checked: 'oral' });
  const intakeType = textField({ id: 'intake-fluid-type', label: 'Fluid type (optional)', list: true, options: [...new Set(Object.values(FM.FLUID_TYPES).flat())] });
  const typeChips = h('div', { class: 'chips', id: 'intake-type-chips' });
  const intakeTime = timeField('intake');
  const intakeError = h('p', { class: 'form-error', id: 'intake-error', role: 'alert', hidden: true });
  const intakeForm = h(
    'form',
    { class: 'entry-form', id: 'intake-form', novalidate: true, 'aria-label': 'Record fluid intake' },
    intakeVolume.fieldset,
    intakeRoute.fieldset,
    h('div', { class: 'fluid-type' }, intakeType.element, typeChips),
    intakeTime.fieldset,
    intakeError,
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button', id: 'intake-save' }, 'Save intake')),
  );

  // Output form
  const outputType = choiceGroup({ legend: 'Type', name: 'output-type', options: FM.OUTPUT_TYPES, checked: 'urine' });
  const outputMeasure = choiceGroup({
    legend: 'Measured?',
    name: 'output-measure',
    options: [{ code: 'measured', label: 'Measured' }, ...FM.UNMEASURED],
    checked: 'measured',
  });
  const outputVolume = volumeField({ id: 'output-volume', legend: 'Amount' });
  const outputTime = timeField('output');
  const outputError = h('p', { class: 'form-error', id: 'output-error', role: 'alert', hidden: true });
  const outputForm = h(
    'form',
    { class: 'entry-form', id: 'output-form', novalidate: true, 'aria-label': 'Record fluid output', hidden: true },
    outputType.fieldset,
    outputMeasure.fieldset,
    outputVolume.fieldset,
    outputTime.fieldset,
    outputError,
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button', id: 'output-save' }, 'Save output')),
  );

  // Food form
  const foodMeal = choiceGroup({ legend: 'Meal', name: 'food-meal', options: FM.MEALS, checked: FM.mealForTime(localTime(new Date())) });
  const foodOffered = textField({
    id: 'food-offered',
    label: 'What was offered (optional)',
    list: true,
    options: ['Cereal and toast', 'Sandwich', 'Soup and roll', 'Hot meal', 'Fruit', 'Biscuits', 'Yoghurt'],
  });
  const foodPortion = choiceGroup({
    legend: 'How much was eaten?',
    name: 'food-portion',
    options: FM.PORTIONS.map((p) => ({ code: p.code, label: p.label })),
  });
  const foodSupplement = textField({ id: 'food-supplement', label: 'Supplement drink (optional)', hint: 'Name of the oral nutritional supplement, if one was taken.' });
  const foodSupplementVolume = volumeField({ id: 'food-supplement-volume', legend: 'Supplement amount (counts as fluid intake)', quick: [100, 125, 200, 220], required: false });
  const foodTime = timeField('food');
  const foodError = h('p', { class: 'form-error', id: 'food-error', role: 'alert', hidden: true });
  const foodForm = h(
    'form',
    { class: 'entry-form', id: 'food-form', novalidate: true, 'aria-label': 'Record food', hidden: true },
    foodMeal.fieldset,
    foodOffered.element,
    foodPortion.fieldset,
    h('div', { class: 'supplement' }, foodSupplement.element, foodSupplementVolume.fieldset),
    foodTime.fieldset,
    foodError,
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button', id: 'food-save' }, 'Save food')),
  );

  // Weight and height form
  const weightInput = h('input', { type: 'number', id: 'weight-kg', class: 'input input--short', inputmode: 'decimal', min: '1', max: '400', step: '0.1', autocomplete: 'off' });
  const heightInput = h('input', { type: 'number', id: 'height-cm', class: 'input input--short', inputmode: 'decimal', min: '30', max: '250', step: '0.5', autocomplete: 'off' });
  const bodyError = h('p', { class: 'form-error', id: 'body-error', role: 'alert', hidden: true });
  const bodyForm = h(
    'form',
    { class: 'entry-form', id: 'body-form', novalidate: true, 'aria-label': 'Record weight and height', hidden: true },
    h('p', { class: 'hint' }, 'Record either or both. Weighed now unless you change the time.'),
    h(
      'div',
      { class: 'body-fields' },
      h('div', { class: 'field' }, h('label', { class: 'field__label', for: 'weight-kg' }, 'Weight'), h('span', { class: 'input-suffix' }, weightInput, h('span', { class: 'input-suffix__unit', 'aria-hidden': 'true' }, 'kg'))),
      h('div', { class: 'field' }, h('label', { class: 'field__label', for: 'height-cm' }, 'Height'), h('span', { class: 'input-suffix' }, heightInput, h('span', { class: 'input-suffix__unit', 'aria-hidden': 'true' }, 'cm'))),
    ),
    bodyError,
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button', id: 'body-save' }, 'Save')),
  );
  const bodyTime = timeField('body');
  bodyForm.insertBefore(bodyTime.fieldset, bodyError);

  const forms = { intake: intakeForm, output: outputForm, food: foodForm, body: bodyForm };
  const recordSection = h(
    'section',
    { class: 'fluid-section record', id: 'fluid-record', 'aria-labelledby': 'fluid-record-heading' },
    h('h3', { class: 'section-title', id: 'fluid-record-heading' }, 'Record'),
    recordKind.fieldset,
    correctingNote,
    intakeForm,
    outputForm,
    foodForm,
    bodyForm,
    saveStatus,
  );

  // Not saved yet
  const outboxList = h('ul', { class: 'outbox__list', id: 'fluid-outbox-list' });
  const outboxRetry = h('button', { type: 'button', class: 'button button--secondary', id: 'fluid-outbox-retry' }, 'Retry now');
  const outboxNote = h('p', { class: 'hint', id: 'fluid-outbox-note' });
  const outboxSection = h(
    'section',
    { class: 'fluid-section outbox', id: 'fluid-outbox', 'aria-labelledby': 'fluid-outbox-heading', hidden: true },
    h('h3', { class: 'section-title', id: 'fluid-outbox-heading' }, 'Not saved yet — retrying'),
    outboxNote,
    outboxList,
    h('div', { class: 'form-actions' }, outboxRetry),
  );

  // Entries of the chart day
  const entryList = h('ul', { class: 'entries', id: 'fluid-entry-list' });
  const entriesStatus = h('p', { class: 'save-status', id: 'fluid-entries-status', role: 'status', 'aria-live': 'polite' });
  const entriesSection = h(
    'section',
    { class: 'fluid-section', id: 'fluid-entries', 'aria-labelledby': 'fluid-entries-heading' },
    h('h3', { class: 'section-title', id: 'fluid-entries-heading' }, 'Charted on this chart day'),
    entriesStatus,
    entryList,
  );

  // 24-hour chart
  const chartCaption = h('caption', {}, '24-hour fluid balance chart');
  const chartHead = h('thead');
  const chartBody = h('tbody');
  const chartFoot = h('tfoot');
  const chartTable = h('table', { class: 'data-table chart-table', id: 'fluid-chart-table' }, chartCaption, chartHead, chartBody, chartFoot);
  const chartSection = h(
    'section',
    { class: 'fluid-section', id: 'fluid-chart', 'aria-labelledby': 'fluid-chart-heading' },
    h('h3', { class: 'section-title', id: 'fluid-chart-heading' }, '24-hour chart'),
    h('div', { class: 'table-wrap' }, chartTable),
  );

  // Trend
  const trendFigure = h('div', { class: 'trend-figure', id: 'fluid-trend-figure' }, h('p', { class: 'muted' }, 'Loading…'));
  const trendDetails = h('details', { class: 'trend-details', id: 'fluid-trend-details' }, h('summary', {}, 'Show the figures as a table'));
  const trendSection = h(
    'section',
    { class: 'fluid-section', id: 'fluid-trend-section', 'aria-labelledby': 'fluid-trend-heading' },
    h('h3', { class: 'section-title', id: 'fluid-trend-heading' }, 'Since admission'),
    trendFigure,
    trendDetails,
  );

  // Food record
  const foodTable = h('table', { class: 'data-table food-table', id: 'food-record-table' });
  const foodSection = h(
    'section',
    { class: 'fluid-section', id: 'food-record', 'aria-labelledby': 'food-record-heading' },
    h('h3', { class: 'section-title', id: 'food-record-heading' }, 'Food record: last 3 days'),
    h('div', { class: 'table-wrap' }, foodTable),
  );

  // Weight and MUST
  const bodyFacts = h('dl', { class: 'facts', id: 'body-facts' });
  const mustLast = h('p', { id: 'must-last', class: 'muted' });
  const mustQuestion = choiceGroup({
    legend: 'Is the patient acutely ill and has there been, or is there likely to be, no nutritional intake for more than 5 days?',
    name: 'must-acute',
    options: [
      { code: 'no', label: 'No' },
      { code: 'yes', label: 'Yes' },
    ],
    legendClass: 'choices__legend--question',
  });
  const mustButton = h('button', { type: 'button', class: 'button', id: 'must-screen' }, 'Screen MUST');
  const mustError = h('p', { class: 'form-error', id: 'must-error', role: 'alert', hidden: true });
  const mustResult = h('div', { class: 'must-result', id: 'must-result', hidden: true, tabindex: '-1' });
  const mustStatus = h('p', { class: 'save-status', id: 'must-status', role: 'status', 'aria-live': 'polite', dataset: { state: 'idle' } });
  const recordWeightButton = h('button', { type: 'button', class: 'button button--secondary', id: 'record-weight' }, 'Record weight or height');
  const mustSection = h(
    'section',
    { class: 'fluid-section', id: 'weight-must', 'aria-labelledby': 'weight-must-heading' },
    h('h3', { class: 'section-title', id: 'weight-must-heading' }, 'Weight and MUST'),
    bodyFacts,
    h('div', { class: 'form-actions' }, recordWeightButton),
    h('h4', { class: 'subsection-title' }, 'MUST (Malnutrition Universal Screening Tool)'),
    mustLast,
    mustQuestion.fieldset,
    mustError,
    h('div', { class: 'form-actions' }, mustButton),
    mustResult,
    mustStatus,
  );

  // Entered-in-error dialog
  const eieReason = choiceGroup({ legend: 'Why is it wrong?', name: 'eie-reason', options: EIE_REASONS });
  const eieOther = h('textarea', { id: 'eie-other', class: 'input textarea', rows: '2', maxlength: '500' });
  const eieWhat = h('p', { class: 'dialog__what', id: 'eie-what' });
  const eieError = h('p', { class: 'form-error', id: 'eie-error', role: 'alert', hidden: true });
  const eieConfirm = h('button', { type: 'submit', class: 'button button--error', id: 'eie-confirm' }, 'Mark entered in error');
  const eieCancel = h('button', { type: 'button', class: 'button button--secondary', id: 'eie-cancel' }, 'Cancel');
  const eieForm = h(
    'form',
    { method: 'dialog', novalidate: true },
    h('h3', { class: 'section-title', id: 'eie-title' }, 'Mark entered in error'),
    eieWhat,
    h('p', { class: 'hint' }, 'The entry stays on the chart, struck through, and no longer counts in the totals.'),
    eieReason.fieldset,
    h('div', { class: 'field' }, h('label', { class: 'field__label', for: 'eie-other' }, 'Details (needed for "Other reason")'), eieOther),
    eieError,
    h('div', { class: 'form-actions' }, eieConfirm, eieCancel),
  );
  const eieDialog = h('dialog', { class: 'dialog', id: 'eie-dialog', 'aria-labelledby': 'eie-title' }, eieForm);

  panel.append(
    h(
      'div',
      { class: 'fluids', id: 'fluids', dataset: { patientId } },
      heading,
      notInpatient,
      h(
        'div',
        { class: 'fluids__top' },
        h('div', { class: 'fluids__main' }, daySection, recordSection),
        h('div', { class: 'fluids__side' }, outboxSection, entriesSection),
      ),
      chartSection,
      trendSection,
      foodSection,
      mustSection,
      eieDialog,
    ),
  );

  // --- Record panel behaviour ---------------------------------------------------------------

  function showForm(kind) {
    for (const [k, form] of Object.entries(forms)) form.hidden = k !== kind;
  }
  recordKind.fieldset.addEventListener('change', () => {
    showForm(recordKind.value());
    if (state.correcting && state.correcting.form !== recordKind.value()) cancelCorrection();
  });

  function renderTypeChips() {
    const route = intakeRoute.value() ?? 'oral';
    typeChips.replaceChildren(
      ...(FM.FLUID_TYPES[route] ?? []).map((t) =>
        h('button', { type: 'button', class: 'chip', 'aria-pressed': String(intakeType.input.value === t), dataset: { value: t } }, t),
      ),
    );
  }
  typeChips.addEventListener('click', (event) => {
    const chip = event.target.closest('button[data-value]');
    if (!chip) return;
    intakeType.input.value = chip.dataset.value;
    renderTypeChips();
  });
  intakeType.input.addEventListener('input', renderTypeChips);
  intakeRoute.fieldset.addEventListener('change', renderTypeChips);
  renderTypeChips();

  function syncOutputMeasure() {
    outputVolume.setDisabled(outputMeasure.value() !== 'measured');
  }
  outputMeasure.fieldset.addEventListener('change', () => {
    if (outputMeasure.value() !== 'measured') outputVolume.set(null);
    syncOutputMeasure();
  });
  outputVolume.onChange(() => {
    if (outputVolume.input.value !== '' && outputMeasure.value() !== 'measured') {
      outputMeasure.set('measured');
      syncOutputMeasure();
    }
  });

  function showError(el, message, focus) {
    setText(el, message);
    el.hidden = false;
    focus?.focus?.();
  }
  function clearErrors() {
    for (const el of [intakeError, outputError, foodError, bodyError]) el.hidden = true;
  }

  function entryContext(effective) {
    return {
      identifier: state.correcting?.id ?? FM.newEntryIdentifier(),
      patientId,
      encounterId: state.encounter?.id,
      effective,
    };
  }

  function canChart() {
    if (state.encounter) return true;
    setSaveStatus(
      state.encounter === null
        ? 'Not saved: this patient has no current inpatient admission.'
        : 'Not saved: the patient’s admission is still loading. Try again in a moment.',
      'rejected',
    );
    return false;
  }

  /** Keep the entry (outbox) and send it; the status says "Saved" only when the server answers 2xx. */
  function submit(resource, kind) {
    const id = FM.entryIdentifier(resource);
    const label = `${FM.describeResource(resource)} at ${formatTime(resource.effectiveDateTime)}`;
    if (state.correcting) {
      outbox.replace(state.correcting.id, resource, { label, kind });
      cancelCorrection();
    } else {
      outbox.add(id, resource, { patientId, patientName: state.patientName, kind, label });
    }
    renderOutbox();
    if (kind === 'must') setMustStatus(`Saving: ${label}…`, 'saving');
    else setSaveStatus(`Saving: ${label}…`, 'saving');
  }

  intakeForm.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors();
    if (!canChart()) return;
    const volume = intakeVolume.read();
    if (volume.error) return showError(intakeError, volume.error, intakeVolume.input);
    const when = intakeTime.read();
    if (when.error) return showError(intakeError, when.error, when.focus);
    const resource = FM.buildIntake(
      { volume: volume.value, route: intakeRoute.value() ?? 'oral', fluidType: intakeType.input.value },
      entryContext(when.date),
    );
    submit(resource, 'intake');
    intakeVolume.set(null);
    intakeType.input.value = '';
    intakeRoute.set('oral');
    renderTypeChips();
    intakeTime.reset();
  });

  outputForm.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors();
    if (!canChart()) return;
    const measure = outputMeasure.value();
    let volume = null;
    if (measure === 'measured') {
      const read = outputVolume.read();
      if (read.error) return showError(outputError, `${read.error} If it was not measured, choose how it was passed.`, outputVolume.input);
      volume = read.value;
    }
    const when = outputTime.read();
    if (when.error) return showError(outputError, when.error, when.focus);
    const resource = FM.buildOutput(
      { type: outputType.value() ?? 'urine', volume, unmeasured: measure === 'measured' ? null : measure },
      entryContext(when.date),
    );
    submit(resource, 'output');
    outputVolume.set(null);
    outputMeasure.set('measured');
    syncOutputMeasure();
    outputTime.reset();
  });

  foodForm.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors();
    if (!canChart()) return;
    const portion = foodPortion.value();
    if (!portion) return showError(foodError, 'Choose how much was eaten (None if nothing).', foodPortion.inputs[0]);
    const supplementVolume = foodSupplementVolume.read();
    if (supplementVolume.error) return showError(foodError, supplementVolume.error, foodSupplementVolume.input);
    const when = foodTime.read();
    if (when.error) return showError(foodError, when.error, when.focus);
    const resource = FM.buildFood(
      {
        meal: foodMeal.value() ?? FM.mealForTime(localTime(when.date)),
        offered: foodOffered.input.value,
        portion,
        supplement: foodSupplement.input.value,
        supplementVolume: supplementVolume.value,
      },
      entryContext(when.date),
    );
    submit(resource, 'food');
    foodPortion.set(null);
    foodOffered.input.value = '';
    foodSupplement.input.value = '';
    foodSupplementVolume.set(null);
    foodTime.reset();
    foodMeal.set(FM.mealForTime(localTime(new Date())));
  });

  bodyForm.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors();
    if (!canChart()) return;
    const kg = weightInput.value.trim() === '' ? null : Number(weightInput.value);
    const cm = heightInput.value.trim() === '' ? null : Number(heightInput.value);
    if (kg === null && cm === null) return showError(bodyError, 'Enter a weight, a height or both.', weightInput);
    if (kg !== null && !(kg > 0 && kg < 400)) return showError(bodyError, 'Enter the weight in kilograms, for example 72.4.', weightInput);
    if (cm !== null && !(cm >= 30 && cm < 250)) return showError(bodyError, 'Enter the height in centimetres, for example 168.', heightInput);
    const when = bodyTime.read();
    if (when.error) return showError(bodyError, when.error, when.focus);
    if (state.correcting && ((state.correcting.kind === 'weight' && kg === null) || (state.correcting.kind === 'height' && cm === null))) {
      return showError(bodyError, `Enter the corrected ${state.correcting.kind}.`, state.correcting.kind === 'weight' ? weightInput : heightInput);
    }
    if (state.correcting) {
      const kind = state.correcting.kind;
      submit(kind === 'weight' ? FM.buildWeight(kg, entryContext(when.date)) : FM.buildHeight(cm, entryContext(when.date)), kind);
    } else {
      if (kg !== null) submit(FM.buildWeight(Math.round(kg * 10) / 10, entryContext(when.date)), 'weight');
      if (cm !== null) submit(FM.buildHeight(Math.round(cm * 10) / 10, entryContext(when.date)), 'height');
    }
    weightInput.value = '';
    heightInput.value = '';
    bodyTime.reset();
  });

  recordWeightButton.addEventListener('click', () => {
    recordKind.set('body');
    showForm('body');
    recordSection.scrollIntoView({ block: 'start' });
    weightInput.focus({ preventScroll: true });
  });

  function setSaveStatus(text, kind) {
    saveStatus.dataset.state = kind;
    setText(saveStatus, text);
  }
  function setMustStatus(text, kind) {
    mustStatus.dataset.state = kind;
    setText(mustStatus, text);
  }

  // --- Correcting a refused entry ----------------------------------------------------------

  function cancelCorrection() {
    state.correcting = null;
    correctingNote.hidden = true;
    correctingNote.replaceChildren();
  }

  function startCorrection(item) {
    const entry = FM.readEntry(item.resource);
    const form = { intake: 'intake', output: 'output', food: 'food', weight: 'body', height: 'body' }[entry.kind];
    if (!form) return;
    state.correcting = { id: item.id, kind: entry.kind, form };
    recordKind.set(form);
    showForm(form);
    const when = parseInstant(entry.effective) ?? new Date();
    if (entry.kind === 'intake') {
      intakeVolume.set(entry.volume);
      intakeRoute.set(entry.route ?? 'oral');
      intakeType.input.value = entry.fluidType ?? '';
      renderTypeChips();
      intakeTime.set(when);
    } else if (entry.kind === 'output') {
      outputType.set(entry.type ?? 'urine');
      outputMeasure.set(entry.unmeasured ?? 'measured');
      outputVolume.set(entry.unmeasured ? null : entry.volume);
      syncOutputMeasure();
      outputTime.set(when);
    } else if (entry.kind === 'food') {
      foodMeal.set(entry.meal);
      foodPortion.set(entry.portion);
      foodOffered.input.value = entry.offered ?? '';
      foodSupplement.input.value = entry.supplement ?? '';
      foodSupplementVolume.set(entry.supplementVolume);
      foodTime.set(when);
    } else {
      weightInput.value = entry.kind === 'weight' ? String(entry.value ?? '') : '';
      heightInput.value = entry.kind === 'height' ? String(entry.value ?? '') : '';
      bodyTime.set(when);
    }
    const cancel = h('button', { type: 'button', class: 'button button--secondary button--small' }, 'Stop correcting');
    cancel.addEventListener('click', cancelCorrection);
    correctingNote.replaceChildren(
      h('p', {}, h('strong', {}, 'Correcting an entry the server refused: '), item.lastError ?? ''),
      h('p', {}, 'Change what is wrong and save. It keeps its place in the “Not saved yet” list until the server accepts it.'),
      cancel,
    );
    correctingNote.hidden = false;
    recordSection.scrollIntoView({ block: 'start' });
    forms[form].querySelector('input:not([type=hidden]):not([disabled])')?.focus({ preventScroll: true });
  }

  // --- Not saved yet ------------------------------------------------------------------------

  function renderOutbox() {
    // VTE assessments and NEWS2 sets waiting to be saved are listed on their own tabs.
    const items = outbox.forPatient(patientId).filter((i) => i.kind !== 'vte-assessment' && i.kind !== 'news2-set');
    outboxSection.hidden = items.length === 0;
    outboxRetry.hidden = !items.some((i) => i.state === 'waiting');
    setText(
      outboxNote,
      outbox.persistent
        ? 'These entries are kept on this tablet until the server confirms them. Parity keeps trying by itself.'
        : 'Warning: this browser cannot keep unsaved entries. Do not close or reload this page until they are saved.',
    );
    outboxNote.classList.toggle('hint--warning', !outbox.persistent);
    outboxList.replaceChildren(
      ...items.map((item) => {
        const sending = outbox.isSending(item.id);
        const rejected = item.state === 'rejected';
        const stateText = outbox.stateText(item, 'Refused by the server — correct it or discard it');
        const actions = [];
        if (rejected) {
          const correct = h('button', { type: 'button', class: 'button button--secondary button--small', dataset: { action: 'correct' } }, 'Correct');
          const again = h('button', { type: 'button', class: 'button button--secondary button--small', dataset: { action: 'retry' } }, 'Try again');
          const discard = h('button', { type: 'button', class: 'button button--secondary button--small', dataset: { action: 'discard' } }, 'Discard');
          if (!['intake', 'output', 'food', 'weight', 'height'].includes(item.kind)) correct.hidden = true;
          actions.push(correct, again, discard);
        }
        return h(
          'li',
          { class: `outbox__item outbox__item--${rejected ? 'rejected' : 'waiting'}`, dataset: { identifier: item.id, state: sending ? 'sending' : item.state } },
          h('p', { class: 'outbox__what' }, item.label),
          h('p', { class: 'outbox__state' }, stateText),
          item.lastError ? h('p', { class: rejected ? 'outbox__reason outbox__reason--rejected' : 'outbox__reason' }, rejected ? `Server’s reason: ${item.lastError}` : item.lastError) : null,
          actions.length ? h('div', { class: 'outbox__actions' }, actions) : null,
        );
      }),
    );
  }

  outboxList.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-action]');
    const li = event.target.closest('li[data-identifier]');
    if (!button || !li) return;
    const item = outbox.get(li.dataset.identifier);
    if (!item) return renderOutbox();
    if (button.dataset.action === 'retry') outbox.retry(item.id);
    else if (button.dataset.action === 'correct') startCorrection(item);
    else if (button.dataset.action === 'discard') {
      // eslint-disable-next-line no-alert
      if (window.confirm(`Discard this entry? It will not be charted.\n\n${item.label}`)) {
        outbox.discard(item.id);
        if (state.correcting?.id === item.id) cancelCorrection();
        setSaveStatus(`Discarded (not charted): ${item.label}.`, 'idle');
      }
    }
    renderOutbox();
  });
  outboxRetry.addEventListener('click', () => {
    setSaveStatus('Trying to save again…', 'saving');
    outbox.retryAll();
  });

  let refreshTimer = 0;
  function refreshSoon(kind) {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => {
      if (state.destroyed) return;
      loadDay({ background: true });
      if (kind === 'food') loadFood();
      if (['weight', 'height', 'must'].includes(kind)) loadBody();
      state.trendAt = 0;
      maybeLoadTrend();
    }, 200);
  }

  const unsubscribe = outbox.subscribe((event) => {
    if (state.destroyed) return;
    renderOutbox();
    const entry = event.entry;
    if (!entry || entry.patientId !== patientId || entry.kind === 'vte-assessment' || entry.kind === 'news2-set') return;
    const setStatus = entry.kind === 'must' ? setMustStatus : setSaveStatus;
    if (event.type === 'saved') {
      setStatus(`Saved: ${entry.label}.`, 'saved');
      if (entry.kind === 'must') {
        state.mustResult = null;
        mustResult.hidden = true;
      }
      refreshSoon(entry.kind);
    } else if (event.type === 'failed') {
      if (event.willRetry) {
        setStatus(`Not saved yet: ${entry.label}. ${sentence(entry.lastError)} It is kept on this tablet and Parity keeps trying.`, 'waiting');
      } else {
        setStatus(`Not saved: the server refused ${entry.label}. ${sentence(entry.lastError)} Correct it in the “Not saved yet” list.`, 'rejected');
      }
    }
  });

  // --- Loading ------------------------------------------------------------------------------

  const fb = (query) => ctx.fhir.get(`Patient/${encodeURIComponent(patientId)}/$fluid-balance${query ? `?${query}` : ''}`, { signal: ctx.signal });

  async function loadDay({ background = false } = {}) {
    if (state.destroyed) return;
    if (state.loading) return state.loading;
    daySection.setAttribute('aria-busy', 'true');
    state.loading = (async () => {
      let serviceError = null;
      try {
        // Today's chart day: its alerts go on the patient page whatever day is on screen.
        let today = null;
        try {
          today = FM.parseFluidBalance(await fb(''));
        } catch (error) {
          if (error.aborted) throw error;
          if (error.kind !== 'http' || error.status >= 500) throw error;
          serviceError = error; // the operation is missing or refused: show the entries anyway
        }
        if (today) {
          state.dayStart = (today.dayStartTime ?? DEFAULT_DAY_START).slice(0, 5);
          state.currentDate = today.days.at(-1)?.date ?? chartDateOf(new Date(), state.dayStart);
          page.setAlerts('fluids', FM.sortAlerts(today.days.at(-1)?.alerts ?? today.alerts));
        } else {
          state.currentDate = chartDateOf(new Date(), state.dayStart);
          page.setAlerts('fluids', []);
        }
        if (state.followToday || !state.viewDate) state.viewDate = state.currentDate;
        let view = state.viewDate === state.currentDate ? today : null;
        if (!view && !serviceError) view = FM.parseFluidBalance(await fb(`date=${encodeURIComponent(state.viewDate)}`));
        const day = view?.days.find((d) => d.date === state.viewDate) ?? view?.days[0] ?? null;
        const bounds = day?.start && day?.end ? day : localChartDay(state.viewDate, state.dayStart);
        const bundle = await ctx.fhir.searchAll(
          'Observation',
          {
            subject: `Patient/${patientId}`,
            code: CHART_CODES,
            date: [`ge${bounds.start}`, `lt${bounds.end}`],
            _sort: '-date',
            _count: 200,
          },
          { signal: ctx.signal },
        );
        if (state.destroyed) return;
        state.fb = view;
        state.day = day;
        state.bounds = bounds;
        state.entries = matches(bundle, 'Observation');
        state.loadedAt = new Date();
        serviceNote.hidden = !serviceError;
        if (serviceError) {
          setText(
            serviceNote,
            `Totals and alerts are not available. The server said: ${sentence(errorText(serviceError))} Any entries listed below are still correct.`,
          );
        }
        staleNote.hidden = true;
        daySection.dataset.state = 'loaded';
        renderDay();
        renderEntries();
        renderChart();
      } catch (error) {
        if (state.destroyed || error.aborted) return;
        console.warn('[parity] fluids: loading the chart failed', error);
        staleNote.hidden = false;
        setText(
          staleNote,
          state.loadedAt
            ? `Not up to date: the chart was last updated at ${formatTime(state.loadedAt)} (${formatAgo(Date.now() - state.loadedAt.getTime())}). ${errorText(error)}`
            : `The chart could not be loaded. ${errorText(error)}`,
        );
        if (!state.loadedAt) daySection.dataset.state = 'error';
      } finally {
        state.loading = null;
        daySection.setAttribute('aria-busy', 'false');
      }
    })();
    return state.loading;
  }

  // --- Rendering: day header, totals, target -------------------------------------------------

  function renderDay() {
    const d = state.day;
    const isToday = state.viewDate === state.currentDate;
    const start = state.bounds?.start;
    const end = state.bounds?.end;
    const hours = d?.hours;
    setText(
      dayLabel,
      `${formatDayDate(state.viewDate)}, ${formatTime(start)} to ${formatTime(end)}${hours && hours !== 24 ? ` (${hours} hours: the clocks change)` : ''}${isToday ? ' · today' : ''}`,
    );
    daySection.dataset.date = state.viewDate ?? '';
    nextButton.disabled = isToday;
    todayButton.hidden = isToday;
    prevButton.disabled = Boolean(state.admissionDate && state.viewDate <= state.admissionDate);

    if (!d) {
      totals.replaceChildren();
      targetBox.hidden = true;
      return;
    }
    const item = (key, label, text, value, extra = '') =>
      h(
        'div',
        { class: `total total--${key} ${extra}`.trim(), dataset: { total: key, value: value === null ? '' : String(value) } },
        h('dt', { class: 'total__label' }, label),
        h('dd', { class: 'total__value' }, text),
      );
    totals.replaceChildren(
      item('intake', 'Intake', formatMl(d.intake), d.intake),
      item('output', 'Output (measured)', formatMl(d.output), d.output),
      item('balance', 'Balance', formatBalance(d.balance), d.balance),
      item(
        'cumulative',
        'Since admission',
        typeof d.cumulativeBalance === 'number' ? formatBalance(d.cumulativeBalance) : NOT_KNOWN,
        d.cumulativeBalance,
      ),
      item(
        'unmeasured',
        'Not measured',
        d.unmeasuredOutputs ? `${d.unmeasuredOutputs} output${d.unmeasuredOutputs === 1 ? '' : 's'}` : 'None',
        d.unmeasuredOutputs,
        d.unmeasuredOutputs ? 'total--warning' : '',
      ),
    );

    const target = state.fb?.target;
    targetBox.hidden = typeof target !== 'number';
    if (typeof target === 'number') {
      const dayMs = (parseInstant(end)?.getTime() ?? 0) - (parseInstant(start)?.getTime() ?? 0);
      const elapsed = isToday ? Math.min(1, Math.max(0, (Date.now() - parseInstant(start).getTime()) / dayMs)) : 1;
      const expected = Math.round(target * elapsed);
      const pct = Math.round((d.intake / target) * 100);
      const bar = h('span', { class: 'target__bar' });
      const mark = h('span', { class: 'target__expected', title: `Expected by now: ${formatMl(expected)}` });
      bar.style.width = `${Math.min(100, pct)}%`; // CSSOM (allowed by the page's CSP), not a style attribute
      mark.style.left = `${Math.round(elapsed * 100)}%`;
      targetBox.replaceChildren(
        h(
          'p',
          { class: 'target__text', id: 'fluid-target-text' },
          h('strong', {}, `Intake target ${formatMl(target)} in 24 hours: `),
          `${formatMl(d.intake)} taken (${pct}%)`,
          isToday ? `; about ${formatMl(expected)} expected by now.` : '.',
        ),
        h('div', { class: 'target__track', 'aria-hidden': 'true' }, bar, mark),
      );
    }
  }

  // --- Rendering: entries of the day ----------------------------------------------------------

  function renderEntries() {
    const list = (state.entries ?? []).map((o) => FM.readEntry(o));
    if (!list.length) {
      entryList.replaceChildren(h('li', { class: 'entries__empty muted' }, 'Nothing charted on this chart day yet.'));
      return;
    }
    entryList.replaceChildren(
      ...list.map((entry) => {
        const when = parseInstant(entry.effective);
        const eie = entry.enteredInError;
        const what = FM.describeEntry(entry);
        const reason = entry.notes.filter((n) => /^Entered in error/i.test(n)).at(-1);
        const button = eie
          ? null
          : h(
              'button',
              {
                type: 'button',
                class: 'button button--secondary button--small',
                dataset: { action: 'entered-in-error' },
                'aria-label': `Mark entered in error: ${what} at ${formatTime(entry.effective)}`,
              },
              'Mark entered in error',
            );
        return h(
          'li',
          {
            class: `entry entry--${entry.kind}${eie ? ' entry--eie' : ''}`,
            dataset: { observationId: entry.id ?? '', identifier: entry.identifier ?? '', status: entry.status ?? '', kind: entry.kind ?? '' },
          },
          h('time', { class: 'entry__time', datetime: when ? when.toISOString() : '' }, formatTime(entry.effective)),
          h(
            'div',
            { class: 'entry__body' },
            h('p', { class: 'entry__what' }, eie ? h('s', {}, what) : what, eie ? h('span', { class: 'tag tag--grey' }, 'Entered in error') : null),
            h(
              'p',
              { class: 'entry__meta' },
              [entry.performer ? `By ${entry.performer}` : null, eie && reason ? reason : null].filter(Boolean).join(' · '),
            ),
          ),
          button ? h('div', { class: 'entry__actions' }, button) : null,
        );
      }),
    );
  }

  entryList.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-action="entered-in-error"]');
    if (!button) return;
    const li = button.closest('li[data-observation-id]');
    const resource = (state.entries ?? []).find((o) => o.id === li?.dataset.observationId);
    if (resource) openEnteredInError(resource, button);
  });

  // --- Entered in error -----------------------------------------------------------------------

  let eieTarget = null;
  let eieReturnFocus = null;

  function openEnteredInError(resource, returnFocus) {
    eieTarget = resource;
    eieReturnFocus = returnFocus;
    setText(eieWhat, `${FM.describeResource(resource)} at ${formatDateTime(resource.effectiveDateTime)}`);
    eieReason.set(null);
    eieOther.value = '';
    eieError.hidden = true;
    eieConfirm.disabled = false;
    setText(eieConfirm, 'Mark entered in error');
    if (typeof eieDialog.showModal === 'function') eieDialog.showModal();
    else eieDialog.setAttribute('open', '');
    eieReason.inputs[0].focus();
  }

  function closeEnteredInError() {
    if (eieDialog.open) eieDialog.close();
    eieTarget = null;
    eieReturnFocus?.isConnected ? eieReturnFocus.focus() : entriesSection.querySelector('h3')?.focus();
  }

  eieCancel.addEventListener('click', closeEnteredInError);
  eieDialog.addEventListener('cancel', () => {
    eieTarget = null;
  });

  eieForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!eieTarget) return closeEnteredInError();
    const code = eieReason.value();
    const other = eieOther.value.trim();
    if (!code) return showError(eieError, 'Choose why the entry is wrong.', eieReason.inputs[0]);
    if (code === 'other' && !other) return showError(eieError, 'Write the reason.', eieOther);
    const label = EIE_REASONS.find((r) => r.code === code)?.label;
    const reason = other ? (code === 'other' ? other : `${label}: ${other}`) : label;
    const resource = eieTarget;
    const what = `${FM.describeResource(resource)} at ${formatTime(resource.effectiveDateTime)}`;
    eieConfirm.disabled = true;
    setText(eieConfirm, 'Saving…');
    try {
      const ifMatch = FM.ifMatchOf(resource);
      await ctx.fhir.put(`Observation/${encodeURIComponent(resource.id)}`, FM.markEnteredInError(resource, reason), {
        headers: ifMatch ? { 'If-Match': ifMatch } : {},
        timeoutMs: 20_000,
      });
      closeEnteredInError();
      setText(entriesStatus, `Marked as entered in error: ${what}.`);
      entriesStatus.dataset.state = 'saved';
      await refreshAfterChange(resource);
    } catch (error) {
      if (error.kind === 'http' && error.status === 412) {
        closeEnteredInError();
        entriesStatus.dataset.state = 'rejected';
        setText(
          entriesStatus,
          `Not changed: someone else changed this entry (${what}) after it was loaded. The chart has been reloaded: check the entry and try again if it is still wrong.`,
        );
        await refreshAfterChange(resource);
        return;
      }
      eieConfirm.disabled = false;
      setText(eieConfirm, 'Mark entered in error');
      const message =
        error.kind === 'http'
          ? `Not marked: the server refused the change. ${errorText(error)}`
          : `Not marked: ${errorText(error)} Nothing was changed. Try again when the connection is back.`;
      showError(eieError, message);
    }
  });

  async function refreshAfterChange(resource) {
    const kind = FM.entryKind(resource);
    await loadDay({ background: true });
    if (kind === 'food') loadFood();
    state.trendAt = 0;
    maybeLoadTrend();
  }

  // --- Rendering: the 24-hour chart -----------------------------------------------------------

  function renderChart() {
    const d = state.day;
    const target = state.fb?.target;
    const hasTarget = typeof target === 'number';
    const isToday = state.viewDate === state.currentDate;
    const cols = ['Time', 'Charted', 'Intake', 'Output', 'Balance', 'Running balance'];
    if (hasTarget) cols.push('Intake so far', 'Target by then');
    setText(
      chartCaption,
      d
        ? `Fluid balance chart for the chart day starting ${formatDayDate(state.viewDate)} ${formatTime(d.start)} (${d.hours ?? d.hourRows.length} hours). Volumes in mL.`
        : 'Fluid balance chart (totals not available)',
    );
    chartHead.replaceChildren(h('tr', {}, cols.map((c, i) => h('th', { scope: 'col', class: i >= 2 ? 'num' : null }, c))));
    if (!d || !d.hourRows.length) {
      chartBody.replaceChildren(h('tr', {}, h('td', { colspan: String(cols.length), class: 'muted' }, 'The hourly chart is not available.')));
      chartFoot.replaceChildren();
      return;
    }

    const rows = d.hourRows;
    const entries = (state.entries ?? []).map((o) => FM.readEntry(o));
    const byHour = rows.map(() => []);
    for (const e of entries) {
      const i = FM.hourIndexOf(rows, e.effective);
      if (i >= 0) byHour[i].push(e);
    }
    for (const list of byHour) list.sort((a, b) => String(a.effective).localeCompare(String(b.effective)));

    const now = Date.now();
    const dayStartMs = parseInstant(d.start)?.getTime() ?? 0;
    const dayMs = (parseInstant(d.end)?.getTime() ?? 0) - dayStartMs;
    const half = FM.secondHalfIndex(rows, hourOfLocal);
    let running = 0;
    let intakeSoFar = 0;
    const body = [];
    const subtotal = (from, to, label, key) => {
      const sum = FM.sumRows(rows.slice(from, to));
      const cells = [
        h('th', { scope: 'row', colspan: '2' }, label),
        h('td', { class: 'num', dataset: { col: 'intake' } }, formatNumber(sum.intake)),
        h('td', { class: 'num', dataset: { col: 'output' } }, formatNumber(sum.output)),
        h('td', { class: 'num', dataset: { col: 'balance' } }, formatBalance(sum.balance).replace(' mL', '')),
        h('td', { class: 'num' }, ''),
      ];
      if (hasTarget) cells.push(h('td', {}, ''), h('td', {}, ''));
      return h('tr', { class: 'chart-table__subtotal', dataset: { subtotal: key } }, cells);
    };
    rows.forEach((row, i) => {
      if (i === half && half > 0) body.push(subtotal(0, half, `12-hour subtotal ${formatTime(rows[0].start)}–${formatTime(rows[half].start)}`, 'first'));
      const startMs = parseInstant(row.start)?.getTime() ?? 0;
      const endMs = parseInstant(row.end)?.getTime() ?? 0;
      const future = isToday && startMs > now;
      const current = isToday && startMs <= now && now < endMs;
      running += row.balance;
      intakeSoFar += row.intake;
      const value = (v, formatted) => (future ? '' : v === 0 ? h('span', { class: 'zero' }, '0') : formatted);
      const charted = byHour[i].map((e) =>
        h(
          'span',
          { class: `charted charted--${e.kind}${e.enteredInError ? ' charted--eie' : ''}` },
          e.enteredInError ? h('s', {}, shortDescription(e)) : shortDescription(e),
          e.enteredInError ? h('span', { class: 'visually-hidden' }, ' (entered in error)') : null,
        ),
      );
      const cells = [
        h('th', { scope: 'row', class: 'chart-table__time' }, hourLabel(row, rows, i)),
        h('td', { class: 'chart-table__charted' }, charted),
        h('td', { class: 'num', dataset: { col: 'intake' } }, value(row.intake, formatNumber(row.intake))),
        h('td', { class: 'num', dataset: { col: 'output' } }, value(row.output, formatNumber(row.output))),
        h('td', { class: 'num', dataset: { col: 'balance' } }, value(row.balance, formatBalance(row.balance).replace(' mL', ''))),
        h('td', { class: 'num', dataset: { col: 'running' } }, future ? '' : formatBalance(running).replace(' mL', '')),
      ];
      if (hasTarget) {
        const expected = Math.round((target * (endMs - dayStartMs)) / dayMs);
        cells.push(
          h('td', { class: `num${!future && intakeSoFar < expected ? ' behind' : ''}`, dataset: { col: 'intake-so-far' } }, future ? '' : formatNumber(intakeSoFar)),
          h('td', { class: 'num', dataset: { col: 'target' } }, formatNumber(expected)),
        );
      }
      body.push(
        h(
          'tr',
          {
            class: `chart-table__hour${future ? ' is-future' : ''}${current ? ' is-current' : ''}`,
            dataset: { hourStart: row.start ?? '' },
            'aria-current': current ? 'time' : null,
          },
          cells,
        ),
      );
    });
    if (half > 0) body.push(subtotal(half, rows.length, `12-hour subtotal ${formatTime(rows[half].start)}–${formatTime(d.end)}`, 'second'));
    chartBody.replaceChildren(...body);

    const span = String(cols.length - 2);
    const hoursWord = `${d.hours ?? rows.length}-hour total`;
    const broughtForward = typeof d.cumulativeBalance === 'number' ? d.cumulativeBalance - d.balance : null;
    const footCells = [
      h('th', { scope: 'row', colspan: '2' }, hoursWord),
      h('td', { class: 'num', dataset: { col: 'intake', value: String(d.intake) } }, formatNumber(d.intake)),
      h('td', { class: 'num', dataset: { col: 'output', value: String(d.output) } }, formatNumber(d.output)),
      h('td', { class: 'num', dataset: { col: 'balance', value: String(d.balance) } }, formatBalance(d.balance).replace(' mL', '')),
      h('td', { class: 'num' }, ''),
    ];
    if (hasTarget) {
      footCells.push(h('td', { class: 'num' }, formatNumber(d.intake)), h('td', { class: 'num', dataset: { col: 'target' } }, formatNumber(target)));
    }
    chartFoot.replaceChildren(
      h('tr', { class: 'chart-table__total', dataset: { total: 'day' } }, footCells),
      h(
        'tr',
        { class: 'chart-table__note', dataset: { total: 'cumulative' } },
        h('th', { scope: 'row', colspan: '2' }, 'Balance since admission'),
        h(
          'td',
          { colspan: span, class: 'num-left' },
          typeof d.cumulativeBalance === 'number'
            ? `${formatBalance(d.cumulativeBalance)} at the end of this chart day${broughtForward !== null ? ` (brought forward ${formatBalance(broughtForward)})` : ''}`
            : NOT_KNOWN,
        ),
      ),
      h(
        'tr',
        { class: 'chart-table__note', dataset: { total: 'unmeasured' } },
        h('th', { scope: 'row', colspan: '2' }, 'Outputs not measured'),
        h('td', { colspan: span, class: 'num-left' }, d.unmeasuredOutputs ? `${d.unmeasuredOutputs}: the balance is incomplete` : 'None'),
      ),
    );
  }

  // --- Day navigation -------------------------------------------------------------------------

  function goToDay(date) {
    state.viewDate = date;
    state.followToday = date === state.currentDate;
    loadDay().then(() => ctx.announce(`Chart day ${formatDayDate(state.viewDate)}.`));
  }
  prevButton.addEventListener('click', () => state.viewDate && goToDay(addDays(state.viewDate, -1)));
  nextButton.addEventListener('click', () => state.viewDate && state.viewDate < state.currentDate && goToDay(addDays(state.viewDate, 1)));
  todayButton.addEventListener('click', () => {
    goToDay(state.currentDate);
    prevButton.focus();
  });

  // --- Trend ------------------------------------------------------------------------------------

  /** Load the trend when the tab is on screen, the admission is known and the trend is old. */
  function maybeLoadTrend() {
    if (!state.visible || state.encounter === undefined || Date.now() - state.trendAt < TREND_MAX_AGE_MS) return;
    if (state.encounter === null) {
      trendFigure.replaceChildren(h('p', { class: 'muted' }, 'No current admission: there is no trend to show.'));
      return;
    }
    Promise.resolve(state.loading).then(() => (trendLoading ?? Promise.resolve()).then(() => loadTrend()));
  }

  let trendLoading = null;
  async function loadTrend() {
    if (state.destroyed || trendLoading) return trendLoading;
    if (!state.currentDate) return null;
    const start = state.admissionDate ?? state.currentDate;
    trendLoading = (async () => {
      try {
        const result = FM.parseFluidBalance(
          await fb(`start=${encodeURIComponent(start)}&end=${encodeURIComponent(state.currentDate)}&hours=false`),
        );
        if (state.destroyed) return;
        state.trendAt = Date.now();
        const days = result.days;
        trendFigure.replaceChildren(
          days.length
            ? buildTrend(days, { target: result.target, today: state.currentDate })
            : h('p', { class: 'muted' }, 'No chart days yet.'),
          trendLegend(typeof result.target === 'number'),
        );
        trendDetails.replaceChildren(h('summary', {}, 'Show the figures as a table'), h('div', { class: 'table-wrap' }, trendTable(days)));
      } catch (error) {
        if (state.destroyed || error.aborted) return;
        trendFigure.replaceChildren(h('p', { class: 'notice notice--warning' }, `The trend could not be loaded. ${errorText(error)}`));
      } finally {
        trendLoading = null;
      }
    })();
    return trendLoading;
  }

  // --- Food record ----------------------------------------------------------------------------

  async function loadFood() {
    if (state.destroyed) return;
    const today = localDate(new Date());
    const dates = [addDays(today, -2), addDays(today, -1), today];
    const start = fromLocalDateTime(dates[0], '00:00');
    try {
      const bundle = await ctx.fhir.searchAll(
        'Observation',
        { subject: `Patient/${patientId}`, code: `${FM.OBSERVATION_CS}|food-intake`, date: `ge${start.toISOString()}`, _sort: 'date', _count: 200 },
        { signal: ctx.signal },
      );
      if (state.destroyed) return;
      const entries = matches(bundle, 'Observation').map((o) => FM.readEntry(o)).filter((e) => !e.enteredInError);
      renderFood(dates, entries);
    } catch (error) {
      if (state.destroyed || error.aborted) return;
      foodTable.replaceChildren(h('caption', {}, 'Food record'), h('tbody', {}, h('tr', {}, h('td', {}, `The food record could not be loaded. ${errorText(error)}`))));
    }
  }

  function renderFood(dates, entries) {
    const cell = (date, meal) => {
      const list = entries.filter((e) => e.meal === meal && localDate(parseInstant(e.effective) ?? new Date(0)) === date);
      if (!list.length) return h('td', { class: 'muted', dataset: { date, meal } }, '–');
      return h(
        'td',
        { dataset: { date, meal } },
        list.map((e) =>
          h(
            'div',
            { class: 'food-cell' },
            h('strong', { class: `portion portion--${e.portion}` }, `${FM.portionLabel(e.portion)} eaten`),
            e.offered ? h('span', { class: 'food-cell__offered' }, ` of ${e.offered}`) : null,
            e.supplement || e.supplementVolume !== null
              ? h('span', { class: 'food-cell__supplement' }, `Supplement${e.supplement ? ` ${e.supplement}` : ''}${e.supplementVolume !== null ? ` ${formatMl(e.supplementVolume)}` : ''}`)
              : null,
            h('span', { class: 'food-cell__time' }, formatTime(e.effective)),
          ),
        ),
      );
    };
    const supplementTotal = (date) =>
      entries
        .filter((e) => localDate(parseInstant(e.effective) ?? new Date(0)) === date)
        .reduce((sum, e) => sum + (e.supplementVolume ?? 0), 0);
    foodTable.replaceChildren(
      h('caption', {}, 'Food record for the last 3 days (by calendar day, UK time). Entries marked entered in error are left out.'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Meal'), dates.map((d) => h('th', { scope: 'col' }, `${formatDayDate(d)}${d === dates[2] ? ' (today)' : ''}`)))),
      h(
        'tbody',
        {},
        FM.MEALS.map((meal) => h('tr', { dataset: { meal: meal.code } }, h('th', { scope: 'row' }, meal.label), dates.map((d) => cell(d, meal.code)))),
        h('tr', { class: 'food-table__total' }, h('th', { scope: 'row' }, 'Supplement drinks'), dates.map((d) => h('td', {}, formatMl(supplementTotal(d))))),
      ),
    );
  }

  // --- Weight, height and MUST ----------------------------------------------------------------

  async function loadBody() {
    if (state.destroyed) return;
    try {
      const bundle = await ctx.fhir.search(
        'Observation',
        { subject: `Patient/${patientId}`, code: BODY_CODES, _sort: '-date', _count: 100 },
        { signal: ctx.signal },
      );
      if (state.destroyed) return;
      const list = matches(bundle, 'Observation').filter((o) => o.status !== 'entered-in-error');
      const latest = (kind) => list.find((o) => FM.entryKind(o) === kind) ?? null;
      renderBody(latest('weight'), latest('height'), latest('must'));
    } catch (error) {
      if (state.destroyed || error.aborted) return;
      bodyFacts.replaceChildren(h('div', {}, h('dt', {}, 'Weight and height'), h('dd', {}, `Not loaded. ${errorText(error)}`)));
    }
  }

  function renderBody(weight, height, must) {
    const w = weight ? FM.readEntry(weight) : null;
    const ht = height ? FM.readEntry(height) : null;
    const fact = (key, label, value) => h('div', { class: 'fact', dataset: { fact: key } }, h('dt', {}, label), h('dd', {}, value));
    const bmi = w?.value && ht?.value ? w.value / (ht.value / 100) ** 2 : null;
    bodyFacts.replaceChildren(
      fact('weight', 'Weight', w ? `${formatNumber(w.value)} kg (${formatDateTime(w.effective)})` : 'Not recorded'),
      fact('height', 'Height', ht ? `${formatNumber(ht.value)} cm (${formatDateTime(ht.effective)})` : 'Not recorded'),
      fact('bmi', 'BMI', bmi ? `${bmi.toFixed(1)} kg/m² (from the latest weight and height)` : 'Needs a weight and a height'),
    );
    if (must) {
      const r = FM.readMust(must);
      setText(mustLast, `Last screening: ${r.riskLabel} (score ${r.total ?? NOT_KNOWN}) on ${formatDateTime(r.effective)}.`);
    } else {
      setText(mustLast, 'No MUST screening saved for this patient yet.');
    }
  }

  mustButton.addEventListener('click', async () => {
    mustError.hidden = true;
    const answer = mustQuestion.value();
    if (!answer) return showError(mustError, 'Answer the question first (Yes or No).', mustQuestion.inputs[0]);
    mustButton.disabled = true;
    setText(mustButton, 'Screening…');
    try {
      const { body } = await ctx.fhir.post(
        `Patient/${encodeURIComponent(patientId)}/$must`,
        FM.mustParameters(answer === 'yes'),
        { signal: ctx.signal, timeoutMs: 20_000 },
      );
      if (body?.resourceType !== 'Observation') throw new FhirError('parse', 'The server did not answer with a MUST result.');
      state.mustResult = body;
      renderMustResult(body);
    } catch (error) {
      if (!error.aborted) showError(mustError, `Not screened. ${errorText(error)}`);
    } finally {
      mustButton.disabled = false;
      setText(mustButton, 'Screen MUST');
    }
  });

  function renderMustResult(obs) {
    const r = FM.readMust(obs);
    const save = h('button', { type: 'button', class: 'button', id: 'must-save' }, 'Save this screening');
    const discard = h('button', { type: 'button', class: 'button button--secondary', id: 'must-discard' }, 'Discard');
    save.addEventListener('click', () => {
      if (!canChartMust()) return;
      const resource = FM.prepareMustForSaving(obs, {
        identifier: FM.newEntryIdentifier(),
        patientId,
        encounterId: state.encounter?.id,
        effective: new Date(),
      });
      submit(resource, 'must');
      save.disabled = true;
    });
    discard.addEventListener('click', () => {
      state.mustResult = null;
      mustResult.hidden = true;
      setMustStatus('Screening discarded (not saved).', 'idle');
      mustButton.focus();
    });
    const score = (label, value) => h('div', { class: 'fact' }, h('dt', {}, label), h('dd', {}, value === null ? NOT_KNOWN : String(value)));
    mustResult.dataset.risk = r.risk ?? '';
    mustResult.replaceChildren(
      h('h4', { class: `must-result__title must-result__title--${r.risk ?? 'unknown'}`, id: 'must-result-title' }, `${r.riskLabel} · MUST score ${r.total ?? NOT_KNOWN}`),
      h(
        'dl',
        { class: 'facts' },
        score('BMI score', r.bmiScore),
        score('Weight loss score', r.weightLossScore),
        score('Acute disease effect score', r.acuteDiseaseScore),
      ),
      r.guidance.length ? h('div', { class: 'must-result__guidance' }, h('p', { class: 'must-result__label' }, 'Details and what to do'), r.guidance.map((g) => h('p', {}, g))) : null,
      h('p', { class: 'hint' }, 'Not saved yet. Check it, then save it to the record.'),
      h('div', { class: 'form-actions' }, save, discard),
    );
    mustResult.hidden = false;
    mustResult.focus();
  }

  function canChartMust() {
    if (state.encounter) return true;
    setMustStatus('Not saved: this patient has no current inpatient admission.', 'rejected');
    return false;
  }

  // --- Lifecycle ------------------------------------------------------------------------------

  function tick() {
    for (const t of [intakeTime, outputTime, foodTime, bodyTime]) t.tick();
    if (outbox.forPatient(patientId).length) renderOutbox(); // "next try" times
  }
  timers.push(setInterval(tick, 30_000));

  renderOutbox();
  loadDay();
  loadFood();
  loadBody();

  return {
    /** The patient and their current inpatient Encounter (or null) are known. */
    patientLoaded({ patient, encounter: current }) {
      state.patientName = patient ? formatPatientName(patient) : null;
      // Chart entries belong to the in-progress inpatient admission (contract), not any other encounter.
      const encounter = current?.status === 'in-progress' && current.class?.code === 'IMP' ? current : null;
      const first = state.encounter === undefined || state.encounter?.id !== encounter?.id;
      state.encounter = encounter ?? null;
      notInpatient.hidden = Boolean(encounter);
      for (const form of Object.values(forms)) form.classList.toggle('is-disabled', !encounter);
      const admitted = encounter?.period?.start;
      const admissionDate = admitted ? chartDateOf(admitted, state.dayStart) : null;
      if (admissionDate !== state.admissionDate) {
        state.admissionDate = admissionDate;
        state.trendAt = 0;
        if (state.day) renderDay();
      }
      if (first) maybeLoadTrend();
    },
    shown() {
      state.visible = true;
      maybeLoadTrend();
    },
    hidden() {
      state.visible = false;
    },
    async refresh(options = {}) {
      await Promise.allSettled([loadDay(options), loadFood(), loadBody()]);
      maybeLoadTrend();
    },
    unmount() {
      state.destroyed = true;
      unsubscribe();
      clearTimeout(refreshTimer);
      timers.forEach(clearInterval);
      if (eieDialog.open) eieDialog.close();
    },
  };
}
