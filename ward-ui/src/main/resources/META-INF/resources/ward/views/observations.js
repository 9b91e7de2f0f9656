// The "Observations & NEWS2" tab: the entry form that scores as the nurse types (RCP Chart 1, in
// ../news2-model.js), saved as one FHIR transaction through the outbox (never "Saved" before a 2xx;
// a retry creates nothing twice), the score the server derived for it (the record's score, shown even
// when it differs from the form's), the next observations due, and the NEWS2 chart of the last 3 days.
// Contract: docs/features/news2.md.

import { h, setText } from '../dom.js';
import { matches, operationOutcomeText } from '../fhir.js';
import { formatDateTime, formatPatientName, formatTime, fromLocalDateTime, localDate, localTime, parseInstant } from '../format.js';
import { newEntryIdentifier } from '../fluid-model.js';
import { authorReference } from '../vte-model.js';
import * as N from '../news2-model.js';
import { buildChart, chartLegend, chartSets, chartTable } from './news2-chart.js';

const CHART_HOURS = 72;
const FUTURE_TOLERANCE_MS = 5 * 60_000;

const NUMBER_FIELDS = [
  { key: 'respiration-rate', id: 'news2-rr', label: 'Respiration rate', unit: 'breaths/min', field: 'respirationRate', decimal: false },
  { key: 'spo2', id: 'news2-spo2', label: 'SpO2', unit: '%', field: 'spo2', decimal: false },
  { key: 'systolic-bp', id: 'news2-systolic', label: 'Systolic BP', unit: 'mmHg', field: 'systolic', decimal: false },
  { key: 'diastolic-bp', id: 'news2-diastolic', label: 'Diastolic BP', unit: 'mmHg', field: 'diastolic', decimal: false, unscored: true },
  { key: 'pulse', id: 'news2-pulse', label: 'Pulse', unit: 'beats/min', field: 'pulse', decimal: false },
  { key: 'temperature', id: 'news2-temp', label: 'Temperature', unit: '°C', field: 'temperature', decimal: true },
];

const scoreWord = (n) => (n === null ? 'No score yet' : `Scores ${n}`);

function errorText(error) {
  if (error?.kind === 'http') return operationOutcomeText(error.outcome) || error.message;
  return error?.message || 'Unexpected error.';
}

/** The set the outbox entry holds, read back from its resources (for the form's score after a reload). */
export function setOfBundle(bundle) {
  const values = {};
  for (const e of bundle?.entry ?? []) {
    for (const r of N.readVital(e.resource)) values[r.key] = r.value;
  }
  return {
    respirationRate: values['respiration-rate'] ?? null,
    spo2: values.spo2 ?? null,
    onOxygen: values['air-or-oxygen'] === undefined ? null : values['air-or-oxygen'] === 'oxygen',
    systolic: values['systolic-bp'] ?? null,
    diastolic: values['diastolic-bp'] ?? null,
    pulse: values.pulse ?? null,
    consciousness: values.consciousness ?? null,
    temperature: values.temperature ?? null,
  };
}

/** 'RR 22 · SpO2 95% on air · BP 120/80 · Pulse 88 · Alert · 37.2 °C' */
export function describeSet(set) {
  const parts = [];
  if (set.respirationRate !== null) parts.push(`RR ${set.respirationRate}`);
  if (set.spo2 !== null || set.onOxygen !== null) {
    parts.push(`SpO2 ${set.spo2 ?? '–'}%${set.onOxygen === null ? '' : set.onOxygen ? ' on oxygen' : ' on air'}`);
  }
  if (set.systolic !== null || set.diastolic !== null) parts.push(`BP ${set.systolic ?? '–'}/${set.diastolic ?? '–'}`);
  if (set.pulse !== null) parts.push(`Pulse ${set.pulse}`);
  if (set.consciousness) parts.push(N.ACVPU.find((a) => a.code === set.consciousness)?.label ?? set.consciousness);
  if (set.temperature !== null) parts.push(`${set.temperature} °C`);
  return parts.join(' · ');
}

export function renderObservationsTab(panel, tab, { patientId, ctx }) {
  const outbox = ctx.outbox;
  const state = {
    patient: null,
    encounter: undefined, // undefined: not known yet; null: not an inpatient
    scale: 1,
    scaleKnown: false,
    visible: false,
    destroyed: false,
    loading: null,
    timeEdited: false,
  };
  const timers = [];

  // --- The form -------------------------------------------------------------------------------
  const notInpatient = h('p', { class: 'notice notice--warning', id: 'news2-not-inpatient', hidden: true },
    'This patient has no current inpatient admission, so observations cannot be charted here. The chart still shows earlier ones.');
  const scaleNote = h('p', { class: 'news2-scale', id: 'news2-scale', dataset: { scale: '1' } }, 'SpO2 scale 1.');
  const inputs = {};
  const badges = {};
  const errors = {};
  const badge = (key) => {
    badges[key] = h('span', { class: 'news2-sub', id: `news2-score-${key}`, dataset: { score: '' }, 'aria-live': 'off' }, scoreWord(null));
    return badges[key];
  };
  const numberRow = (f) => {
    inputs[f.key] = h('input', {
      type: 'text',
      id: f.id,
      class: 'input input--short news2-input',
      inputmode: f.decimal ? 'decimal' : 'numeric',
      autocomplete: 'off',
      maxlength: '5',
      'aria-describedby': `${f.id}-unit${f.unscored ? '' : ` news2-score-${f.key}`} ${f.id}-error`,
    });
    errors[f.key] = h('p', { class: 'form-error news2-row__error', id: `${f.id}-error`, hidden: true });
    return h(
      'div',
      { class: 'news2-row', dataset: { param: f.key } },
      h('label', { class: 'news2-row__label', for: f.id }, f.label),
      h('span', { class: 'input-suffix' }, inputs[f.key], h('span', { class: 'input-suffix__unit', id: `${f.id}-unit` }, f.unit)),
      f.unscored ? h('span', { class: 'news2-sub news2-sub--none' }, 'Not scored') : badge(f.key),
      errors[f.key],
    );
  };
  const radioRow = (key, name, legend, options) => {
    const items = options.map((o) => {
      const id = `${name}-${o.code}`;
      const input = h('input', { type: 'radio', class: 'choice__input', name, id, value: o.code });
      return h('div', { class: 'choice' }, input, h('label', { class: 'choice__label', for: id }, o.label));
    });
    return h(
      'fieldset',
      { class: 'news2-row news2-row--choices', dataset: { param: key }, 'aria-describedby': `news2-score-${key}` },
      h('legend', { class: 'news2-row__label' }, legend),
      h('div', { class: 'choices__items' }, items),
      badge(key),
    );
  };
  const radioValue = (name) => panel.querySelector(`input[name="${name}"]:checked`)?.value ?? null;

  const dateInput = h('input', { type: 'date', id: 'news2-date', class: 'input input--date' });
  const timeInput = h('input', { type: 'time', id: 'news2-time', class: 'input input--time', step: '60' });
  const nowButton = h('button', { type: 'button', class: 'button button--secondary button--small', id: 'news2-now', hidden: true }, 'Back to now');
  const fillNow = () => {
    const now = new Date();
    dateInput.value = localDate(now);
    timeInput.value = localTime(now);
  };
  const markEdited = () => {
    state.timeEdited = true;
    nowButton.hidden = false;
  };
  dateInput.addEventListener('input', markEdited);
  timeInput.addEventListener('input', markEdited);
  nowButton.addEventListener('click', () => {
    state.timeEdited = false;
    nowButton.hidden = true;
    fillNow();
    timeInput.focus();
  });
  fillNow();

  const live = h('div', { class: 'news2-live', id: 'news2-live', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true', dataset: { state: 'incomplete' } });
  const formError = h('p', { class: 'form-error', id: 'news2-form-error', role: 'alert', hidden: true });
  const saveButton = h('button', { type: 'submit', class: 'button', id: 'news2-save' }, 'Save observations');
  const clearButton = h('button', { type: 'button', class: 'button button--secondary', id: 'news2-clear' }, 'Clear');
  const form = h(
    'form',
    { class: 'news2-form', id: 'news2-form', novalidate: true, 'aria-labelledby': 'news2-form-title' },
    h('h3', { class: 'section-title', id: 'news2-form-title' }, 'Record a set of observations'),
    scaleNote,
    numberRow(NUMBER_FIELDS[0]),
    numberRow(NUMBER_FIELDS[1]),
    radioRow('air-or-oxygen', 'news2-o2', 'Air or oxygen', [{ code: 'air', label: 'Air' }, { code: 'oxygen', label: 'Oxygen' }]),
    numberRow(NUMBER_FIELDS[2]),
    numberRow(NUMBER_FIELDS[3]),
    numberRow(NUMBER_FIELDS[4]),
    radioRow('consciousness', 'news2-acvpu', 'Consciousness (ACVPU)', N.ACVPU.map((a) => ({ code: a.code, label: a.label }))),
    numberRow(NUMBER_FIELDS[5]),
    h(
      'fieldset',
      { class: 'when', 'aria-describedby': 'news2-time-hint' },
      h('legend', { class: 'choices__legend' }, 'Time taken'),
      h('p', { class: 'hint', id: 'news2-time-hint' }, 'UK time. Now, unless you change it.'),
      h(
        'div',
        { class: 'when__row' },
        h('div', { class: 'field' }, h('label', { class: 'field__label', for: 'news2-date' }, 'Date'), dateInput),
        h('div', { class: 'field' }, h('label', { class: 'field__label', for: 'news2-time' }, 'Time'), timeInput),
        h('div', { class: 'when__now' }, nowButton),
      ),
    ),
    live,
    formError,
    h('div', { class: 'form-actions' }, saveButton, clearButton),
  );

  const saveStatus = h('p', { class: 'save-status', id: 'news2-save-status', role: 'status', 'aria-live': 'polite', dataset: { state: 'idle' } });
  const pending = h('section', { class: 'outbox', id: 'news2-pending', 'aria-labelledby': 'news2-pending-title', hidden: true },
    h('h3', { class: 'section-title', id: 'news2-pending-title' }, 'Observations not saved yet'));
  const pendingList = h('ul', { class: 'outbox__list', id: 'news2-pending-list' });
  pending.append(h('p', { class: 'hint' }, 'Kept on this tablet until the server confirms them. Parity keeps trying by itself.'), pendingList);
  const result = h('section', { class: 'news2-result', id: 'news2-result', 'aria-labelledby': 'news2-result-title', tabindex: '-1', hidden: true });
  const dueBox = h('p', { class: 'news2-due', id: 'news2-due', hidden: true });

  const chartFigure = h('div', { class: 'news2-chart', id: 'news2-chart-figure' }, h('p', { class: 'hint' }, 'Loading the chart…'));
  const chartDetails = h('details', { class: 'news2-chart__details', id: 'news2-chart-details' }, h('summary', {}, 'Show the observations as a table'));
  const chartSection = h(
    'section',
    { class: 'news2-chart-section', id: 'news2-chart-section', 'aria-labelledby': 'news2-chart-title', dataset: { state: 'loading' } },
    h('h3', { class: 'section-title', id: 'news2-chart-title' }, `NEWS2 chart: the last ${CHART_HOURS / 24} days`),
    h('p', { class: 'hint' }, 'Each parameter on the RCP NEWS2 colour bands; the NEWS2 row is the score the server derived for each set.'),
    chartFigure,
    chartLegend(),
    chartDetails,
  );

  panel.append(h('h2', { class: 'panel-title' }, tab.label), notInpatient, dueBox, saveStatus, pending, result, form, chartSection);

  // --- Scoring as typed ---------------------------------------------------------------------
  function readForm() {
    const values = {};
    for (const f of NUMBER_FIELDS) values[f.key] = N.parseNumber(inputs[f.key].value);
    const o2 = radioValue('news2-o2');
    return {
      values,
      set: {
        respirationRate: values['respiration-rate'],
        spo2: values.spo2,
        onOxygen: o2 === null ? null : o2 === 'oxygen',
        systolic: values['systolic-bp'],
        diastolic: values['diastolic-bp'],
        pulse: values.pulse,
        consciousness: radioValue('news2-acvpu'),
        temperature: values.temperature,
      },
    };
  }

  /** Only well-formed, possible numbers are scored; the rest are shown as a problem. */
  function scorable(set, problems) {
    const clean = { ...set };
    const map = { 'respiration-rate': 'respirationRate', spo2: 'spo2', 'systolic-bp': 'systolic', 'diastolic-bp': 'diastolic', pulse: 'pulse', temperature: 'temperature' };
    for (const [key, field] of Object.entries(map)) if (problems[key] || Number.isNaN(clean[field])) clean[field] = null;
    return clean;
  }

  function rescore() {
    const { values, set } = readForm();
    const problems = N.problems(values);
    for (const f of NUMBER_FIELDS) {
      const message = problems[f.key] ?? null;
      errors[f.key].hidden = !message;
      setText(errors[f.key], message ?? '');
      inputs[f.key].setAttribute('aria-invalid', message ? 'true' : 'false');
    }
    const scored = N.score(scorable(set, problems), state.scale);
    for (const [key, el] of Object.entries(badges)) {
      const n = scored.sub[key];
      el.dataset.score = n === null ? '' : String(n);
      setText(el, scoreWord(n));
    }
    live.dataset.state = scored.complete ? 'complete' : 'incomplete';
    live.dataset.total = scored.complete ? String(scored.total) : '';
    live.dataset.response = scored.response ?? '';
    if (scored.complete) {
      live.replaceChildren(
        h('p', { class: 'news2-live__total', id: 'news2-total' }, `NEWS2 ${scored.total}`, scored.red ? ' · 3 in a single parameter' : ''),
        h('p', { class: 'news2-live__band' }, `${scored.band}. ${scored.monitoring}.`),
        h('p', { class: 'news2-live__text' }, scored.text),
        h('p', { class: 'hint' }, 'Worked out on this tablet as you type. The server scores the set when it is saved; its score is the one recorded.'),
      );
    } else {
      const typed = N.PARAMETERS.length - scored.missing.length;
      live.replaceChildren(
        h('p', { class: 'news2-live__total', id: 'news2-total' }, typed ? `Running total ${Object.values(scored.sub).reduce((a, b) => a + (b ?? 0), 0)} so far (incomplete)` : 'No observations entered yet'),
        h('p', { class: 'news2-live__missing', id: 'news2-missing' }, `Still to record: ${scored.missing.map((k) => N.PARAMETERS.find((p) => p.key === k).text).join(', ')}.`),
        h('p', { class: 'hint' }, 'NEWS2 needs all seven parameters. An incomplete set can be saved, but it gets no score.'),
      );
    }
    return { values, set, problems, scored };
  }
  form.addEventListener('input', rescore);
  form.addEventListener('change', rescore);

  function clearForm() {
    form.reset();
    state.timeEdited = false;
    nowButton.hidden = true;
    fillNow();
    formError.hidden = true;
    rescore();
  }
  clearButton.addEventListener('click', () => {
    clearForm();
    inputs['respiration-rate'].focus();
  });

  // --- Saving ---------------------------------------------------------------------------------
  function setSaveStatus(text, stateName) {
    setText(saveStatus, text);
    saveStatus.dataset.state = stateName;
  }

  function showFormError(text, focus) {
    formError.hidden = false;
    setText(formError, text);
    focus?.focus();
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    formError.hidden = true;
    const { set, problems } = rescore();
    const firstProblem = NUMBER_FIELDS.find((f) => problems[f.key]);
    if (firstProblem) return showFormError(`Not saved: check ${firstProblem.label.toLowerCase()}. ${problems[firstProblem.key]}`, inputs[firstProblem.key]);
    const notNumber = NUMBER_FIELDS.find((f) => Number.isNaN(set[f.field]));
    if (notNumber) return showFormError(`Not saved: ${notNumber.label.toLowerCase()} must be a number.`, inputs[notNumber.key]);
    if (!describeSet(set)) return showFormError('Not saved: enter at least one observation.', inputs['respiration-rate']);
    if (!state.encounter) {
      return showFormError(state.encounter === null
        ? 'Not saved: this patient has no current inpatient admission.'
        : 'Not saved: the patient’s admission is still loading. Try again in a moment.');
    }
    let effective = new Date();
    if (state.timeEdited) {
      effective = fromLocalDateTime(dateInput.value, timeInput.value);
      if (!effective) return showFormError('Not saved: enter the date and time the observations were taken.', timeInput);
      if (effective.getTime() > Date.now() + FUTURE_TOLERANCE_MS) return showFormError('Not saved: that time is in the future. Check the date and time.', timeInput);
    }
    const setIdentifier = newEntryIdentifier();
    const identifiers = Object.fromEntries(N.PARTS.map((p) => [p, newEntryIdentifier()]));
    const bundle = N.buildTransaction({
      values: set,
      identifiers,
      setIdentifier,
      patientId,
      encounterId: state.encounter.id,
      effective,
      performer: authorReference(ctx.auth?.enabled ? ctx.auth.user : null),
    });
    const label = `Observations at ${formatTime(effective)}: ${describeSet(set)}`;
    outbox.add(setIdentifier, bundle, { patientId, patientName: state.patient ? formatPatientName(state.patient) : null, kind: N.OUTBOX_KIND, label });
    setSaveStatus(`Saving: ${label}…`, 'saving');
    clearForm();
    renderPending();
  });

  function pendingEntries() {
    return outbox.forPatient(patientId).filter((e) => e.kind === N.OUTBOX_KIND);
  }

  function renderPending() {
    const items = pendingEntries();
    pending.hidden = items.length === 0;
    pendingList.replaceChildren(
      ...items.map((item) => {
        const sending = outbox.isSending(item.id);
        const rejected = item.state === 'rejected';
        const stateText = outbox.stateText(item, 'Refused by the server: check the reason, then try again or discard it');
        return h(
          'li',
          { class: `outbox__item outbox__item--${rejected ? 'rejected' : 'waiting'}`, dataset: { identifier: item.id, state: sending ? 'sending' : item.state } },
          h('p', { class: 'outbox__what' }, item.label),
          h('p', { class: 'outbox__state' }, stateText),
          item.lastError ? h('p', { class: rejected ? 'outbox__reason outbox__reason--rejected' : 'outbox__reason' }, rejected ? `Server’s reason: ${item.lastError}` : item.lastError) : null,
          h(
            'div',
            { class: 'outbox__actions' },
            h('button', { type: 'button', class: 'button button--secondary button--small', dataset: { action: 'retry' } }, 'Try again'),
            rejected ? h('button', { type: 'button', class: 'button button--secondary button--small', dataset: { action: 'discard' } }, 'Discard') : null,
          ),
        );
      }),
    );
  }

  pendingList.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-action]');
    const li = event.target.closest('li[data-identifier]');
    if (!button || !li) return;
    const item = outbox.get(li.dataset.identifier);
    if (!item) return renderPending();
    if (button.dataset.action === 'retry') {
      setSaveStatus('Trying to save again…', 'saving');
      outbox.retry(item.id);
    } else if (button.dataset.action === 'discard') {
      // eslint-disable-next-line no-alert
      if (window.confirm(`Discard these observations? They will not be charted.\n\n${item.label}`)) {
        outbox.discard(item.id);
        setSaveStatus(`Discarded (not charted): ${item.label}.`, 'idle');
      }
    }
    renderPending();
  });

  const unsubscribe = outbox.subscribe((event) => {
    if (state.destroyed) return;
    renderPending();
    const entry = event.entry;
    if (!entry || entry.patientId !== patientId || entry.kind !== N.OUTBOX_KIND) return;
    if (event.type === 'saved') {
      setSaveStatus(`Saved: ${entry.label}.`, 'saved');
      ctx.announce('Observations saved.');
      showServerScore(entry, event.resource);
    } else if (event.type === 'failed') {
      const reason = entry.lastError ?? '';
      if (event.willRetry) setSaveStatus(`Not saved yet: ${entry.label}. ${reason} It is kept on this tablet and Parity keeps trying.`, 'waiting');
      else setSaveStatus(`Not saved: the server refused ${entry.label}. ${reason}`, 'rejected');
    }
  });

  // --- What the server derived ------------------------------------------------------------------
  async function storedRefs(entry, response) {
    const refs = N.storedReferences(response);
    if (refs.length) return refs;
    // No readable answer (a 2xx without a body): find the readings by their identifiers.
    const ids = (entry.resource?.entry ?? []).map((e) => e.resource?.identifier?.[0]?.value).filter(Boolean);
    if (!ids.length) return [];
    const bundle = await ctx.fhir.search('Observation', { identifier: ids.map((v) => `${N.URI_SYSTEM}|${v}`).join(',') }, { signal: ctx.signal });
    return matches(bundle, 'Observation').map((o) => `Observation/${o.id}`);
  }

  async function showServerScore(entry, response) {
    const typed = N.score(setOfBundle(entry.resource), state.scale);
    result.hidden = false;
    result.dataset.state = 'loading';
    result.replaceChildren(h('p', { class: 'hint' }, 'Loading the score the server derived…'));
    let derived = null;
    let failure = null;
    for (let attempt = 0; attempt < 3 && !derived; attempt++) {
      try {
        const refs = await storedRefs(entry, response);
        if (refs.length) {
          const bundle = await ctx.fhir.search('Observation', { 'derived-from': refs[0], code: `${N.SNOMED}|${N.TOTAL_CODE}` }, { signal: ctx.signal });
          derived = matches(bundle, 'Observation')[0] ?? null;
        }
      } catch (error) {
        if (error.aborted) return;
        failure = error;
      }
      if (!derived) await new Promise((resolve) => setTimeout(resolve, 700));
    }
    if (state.destroyed) return;
    const title = h('h3', { class: 'section-title', id: 'news2-result-title' }, `NEWS2 recorded for ${formatDateTime(setTime(entry))}`);
    if (!derived) {
      result.dataset.state = 'missing';
      result.replaceChildren(title, h('p', { class: 'notice notice--warning' }, failure
        ? `The observations are saved, but the score the server derived could not be loaded (${errorText(failure)}). It will appear on the chart when the connection is back.`
        : 'The observations are saved, but the server shows no NEWS2 for them. Score the set on paper and tell IT support.'));
      loadChart();
      return;
    }
    const server = N.readTotal(derived);
    result.dataset.state = server.total === null ? 'incomplete' : 'scored';
    result.dataset.total = server.total === null ? '' : String(server.total);
    result.dataset.observationId = server.id ?? '';
    const formTotal = typed.complete ? typed.total : null;
    const differs = formTotal !== server.total;
    result.dataset.differs = String(differs);
    const children = [title];
    if (server.total === null) {
      children.push(
        h('p', { class: 'news2-result__total' }, 'No NEWS2 score: the set is incomplete.'),
        h('p', { class: 'news2-result__missing', id: 'news2-result-missing' }, server.absent ?? server.note),
        h('p', { class: 'hint' }, 'The observations are charted. Record the missing ones as a new set to get a score.'),
      );
    } else {
      children.push(
        h('p', { class: `news2-result__total news2-result__total--${server.response ?? 'unknown'}`, id: 'news2-result-total' }, `NEWS2 ${server.total}${server.scale === 2 ? ' (SpO2 scale 2)' : ''}`),
        h('p', { class: 'news2-result__band' }, `${server.band ?? ''}.`),
        h('p', { class: 'news2-result__text', id: 'news2-result-text' }, server.text ?? ''),
      );
    }
    if (differs) {
      children.push(h('p', { class: 'notice notice--warning', id: 'news2-result-differs', role: 'alert' },
        `The server’s score (${server.total === null ? 'no score' : server.total}) differs from the one this tablet showed (${formTotal === null ? 'no score' : formTotal}). The server’s score is the one recorded and acted on; tell IT support.`));
    }
    result.replaceChildren(...children);
    // A different score most likely means the prescribed SpO2 target changed since this page looked: look again.
    if (differs) loadScale();
    await loadDue();
    loadChart();
  }

  function setTime(entry) {
    return entry.resource?.entry?.[0]?.resource?.effectiveDateTime ?? null;
  }

  // --- Loading ----------------------------------------------------------------------------------
  async function loadScale() {
    try {
      const bundle = await ctx.fhir.search('Goal', { patient: `Patient/${patientId}`, 'lifecycle-status': 'active' }, { signal: ctx.signal });
      if (state.destroyed) return;
      state.scale = N.scaleFromGoals(matches(bundle, 'Goal'));
      state.scaleKnown = true;
    } catch (error) {
      if (error.aborted) return;
      state.scaleKnown = false; // the server decides anyway; say so
    }
    scaleNote.dataset.scale = String(state.scale);
    setText(scaleNote, state.scale === 2
      ? 'SpO2 scale 2: this patient has a prescribed oxygen saturation target of 88–92%. Above 92%, SpO2 scores only on oxygen.'
      : state.scaleKnown ? 'SpO2 scale 1 (no prescribed 88–92% target recorded).' : 'SpO2 scale 1 shown: the prescribed target could not be checked. The server scores with the right scale.');
    rescore();
  }

  async function loadDue() {
    if (!state.encounter) {
      dueBox.hidden = true;
      return;
    }
    try {
      const bundle = await ctx.fhir.search('Task', {
        encounter: `Encounter/${state.encounter.id}`,
        code: `${N.DEADLINE_CS}|${N.OBSERVATIONS_RULE}`,
        status: 'requested',
      }, { signal: ctx.signal });
      if (state.destroyed) return;
      const tasks = matches(bundle, 'Task').sort((a, b) => String(N.dueOf(b)).localeCompare(String(N.dueOf(a))));
      const due = parseInstant(N.dueOf(tasks[0]));
      dueBox.hidden = false;
      dueBox.dataset.due = due ? due.toISOString() : '';
      const overdue = due && due.getTime() < Date.now();
      dueBox.dataset.state = !due ? 'none' : overdue ? 'overdue' : 'due';
      setText(dueBox, !due
        ? 'No next observations due recorded for this admission.'
        : `${overdue ? 'Observations overdue since' : 'Next observations due'} ${formatDateTime(due)}${tasks[0].description ? ` · ${tasks[0].description.replace(/^NEWS2 observations due: /, '')}` : ''}.`);
    } catch (error) {
      if (error.aborted) return;
      dueBox.hidden = false;
      dueBox.dataset.state = 'error';
      setText(dueBox, `When the next observations are due could not be loaded. ${errorText(error)}`);
    }
  }

  async function loadChart() {
    if (state.destroyed) return null;
    if (state.loading) return state.loading;
    chartSection.setAttribute('aria-busy', 'true');
    state.loading = (async () => {
      const to = new Date();
      const from = new Date(to.getTime() - CHART_HOURS * 3_600_000);
      try {
        const bundle = await ctx.fhir.searchAll('Observation', {
          subject: `Patient/${patientId}`,
          code: N.chartSearchCodes().join(','),
          date: `ge${from.toISOString()}`,
          _count: 200,
        }, { signal: ctx.signal });
        if (state.destroyed) return;
        const sets = chartSets(matches(bundle, 'Observation'));
        // an hour of room after now, so the latest set is not drawn on the chart's edge
        chartFigure.replaceChildren(buildChart(sets, { from, to, room: 3_600_000, scale: state.scale }));
        chartDetails.replaceChildren(h('summary', {}, 'Show the observations as a table'), h('div', { class: 'table-wrap' }, chartTable(sets)));
        chartSection.dataset.state = 'loaded';
        chartSection.dataset.sets = String(sets.length);
      } catch (error) {
        if (error.aborted || state.destroyed) return;
        chartSection.dataset.state = 'error';
        chartFigure.replaceChildren(h('p', { class: 'notice notice--warning' }, `The chart could not be loaded. ${errorText(error)}`));
      } finally {
        state.loading = null;
        chartSection.setAttribute('aria-busy', 'false');
      }
    })();
    return state.loading;
  }

  timers.push(setInterval(() => {
    if (!state.timeEdited) fillNow();
    if (pendingEntries().length) renderPending();
  }, 30_000));

  rescore();
  renderPending();
  loadScale().then(() => loadChart());

  return {
    patientLoaded({ patient, encounter }) {
      state.patient = patient;
      // Observations belong to the in-progress inpatient admission (as every chart entry).
      const current = encounter?.status === 'in-progress' && encounter.class?.code === 'IMP' ? encounter : null;
      state.encounter = current;
      notInpatient.hidden = Boolean(current);
      saveButton.disabled = !current;
      loadDue();
    },
    shown() {
      state.visible = true;
    },
    hidden() {
      state.visible = false;
    },
    async refresh() {
      await Promise.allSettled([loadScale(), loadDue()]);
      await loadChart();
    },
    unmount() {
      state.destroyed = true;
      unsubscribe();
      timers.forEach(clearInterval);
    },
  };
}
