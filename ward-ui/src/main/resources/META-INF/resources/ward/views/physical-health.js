// The "Physical health" tab: the admission physical health review (Questionnaire physical-health-review),
// recorded over time at the bedside. Every save goes through the outbox as a conditional update on the
// review's own identifier (safe to repeat; never "Saved" before a 2xx); the server says where the review
// stands and refuses a "completed" review that misses items; $lester's highlights sit beside their items.

import { append, h, setText } from '../dom.js';
import { matches } from '../fhir.js';
import { formatDateTime, formatPatientName, formatTime, fromLocalDateTime, localDate, localTime, parseInstant, toFhirDateTime } from '../format.js';
import { newEntryIdentifier } from '../fluid-model.js';
import { authorReference, formatDue } from '../vte-model.js';
import * as P from '../phr-model.js';

export function renderPhysicalHealthTab(panel, tab, { patientId, ctx, page }) {
  const outbox = ctx.outbox;
  const state = {
    patient: null,
    encounter: undefined, // undefined: not known yet; null: not an inpatient
    questionnaire: null,
    response: null, // the stored review of this admission
    identifier: null,
    answers: new Map(),
    lester: null,
    tasks: null,
    formState: 'idle', // idle | loading | ready | error
    shown: false,
    destroyed: false,
  };

  const statusBox = h('div', { class: 'phr-status', id: 'phr-status', dataset: { state: 'loading' } });
  const missingBox = h('div', { class: 'phr-missing', id: 'phr-missing', hidden: true });
  const saveStatus = h('p', { class: 'save-status', id: 'phr-save-status', role: 'status', 'aria-live': 'polite', dataset: { state: 'idle' } });
  const saveActions = h('div', { class: 'form-actions', id: 'phr-save-actions', hidden: true });
  const formArea = h('div', { class: 'phr-form-area', id: 'phr-form-area' });
  panel.append(
    h('h2', { class: 'panel-title' }, 'Physical health review on admission'),
    h(
      'p',
      { class: 'hint' },
      'Lester UK adaptation and the SMI physical health check. Record each item, or say why it was not done. ',
      'Save as you go; mark the review completed when every item is recorded or has a reason.',
    ),
    statusBox,
    missingBox,
    saveStatus,
    saveActions,
    formArea,
  );

  // --- Loading ------------------------------------------------------------------------------------
  async function loadForm() {
    if (state.formState === 'loading' || state.formState === 'ready') return;
    if (state.encounter === undefined) return;
    if (state.encounter === null) {
      state.formState = 'error';
      statusBox.hidden = true;
      formArea.replaceChildren(
        h('div', { class: 'notice', id: 'phr-not-inpatient' }, h('p', {}, 'This patient is not currently an inpatient. The physical health review is recorded for an admission.')),
      );
      return;
    }
    state.formState = 'loading';
    formArea.replaceChildren(h('p', { class: 'hint', id: 'phr-form-loading' }, 'Loading the review form and what is already recorded…'));
    try {
      const [questionnaire, bundle] = await Promise.all([
        ctx.fhir.read('Questionnaire', P.QUESTIONNAIRE_ID, { signal: ctx.signal }),
        ctx.fhir.searchAll('QuestionnaireResponse', { encounter: `Encounter/${state.encounter.id}` }, { signal: ctx.signal }),
      ]);
      if (state.destroyed) return;
      const reviews = matches(bundle, 'QuestionnaireResponse').filter((r) => String(r.questionnaire ?? '').split('|')[0] === P.QUESTIONNAIRE_URL);
      state.questionnaire = questionnaire;
      state.response = P.latest(reviews);
      state.identifier = P.identifierOf(state.response);
      state.answers = P.answersOf(state.response);
      const waiting = pendingEntry();
      // What was charted here and is not saved yet comes before what the server has.
      if (waiting) {
        state.answers = P.answersOf(waiting.resource);
        state.identifier = waiting.id;
      }
      renderForm();
      state.formState = 'ready';
      renderStatus();
      renderPending();
      if (state.response?.id) loadLester(state.response.id);
    } catch (error) {
      if (error.aborted || state.destroyed) {
        state.formState = 'idle';
        return;
      }
      state.formState = 'error';
      formArea.replaceChildren(
        h(
          'div',
          { class: 'notice notice--warning', id: 'phr-form-error' },
          h('p', {}, 'The physical health review could not be loaded. Check the Wi-Fi connection, then select Retry.'),
          h('p', { class: 'hint' }, error.message),
          h('button', { type: 'button', class: 'button', onclick: () => { state.formState = 'idle'; loadForm(); } }, 'Retry'),
        ),
      );
    }
  }

  async function loadLester(id) {
    try {
      const parameters = await ctx.fhir.get(`QuestionnaireResponse/${encodeURIComponent(id)}/$lester`, { signal: ctx.signal });
      if (state.destroyed) return;
      state.lester = P.parseLester(parameters);
      renderStatus();
      renderHighlights();
    } catch (error) {
      if (error.aborted || state.destroyed) return;
      console.warn('[parity] physical health review: $lester failed', error);
      statusBox.dataset.lester = 'error';
    }
  }

  async function loadTasks() {
    if (!state.encounter?.id) return;
    try {
      const bundle = await ctx.fhir.searchAll('Task', { encounter: `Encounter/${state.encounter.id}`, code: P.DEADLINE_TOKENS }, { signal: ctx.signal });
      if (state.destroyed) return;
      state.tasks = matches(bundle, 'Task');
      if (state.formState === 'ready') renderStatus();
      else renderDeadlineAlerts();
    } catch (error) {
      if (error.aborted || state.destroyed) return;
      console.warn('[parity] physical health review: deadline Tasks not loaded', error);
    }
  }

  // --- Where the review stands ----------------------------------------------------------------------
  /** The deadline lines; an overdue one is also an alert under the banner, whichever tab is open. */
  function renderDeadlineAlerts() {
    const now = new Date();
    const deadlines = P.deadlineLines(state.tasks, now, (d) => formatDue(d, now));
    page?.setAlerts(
      'physical-health',
      deadlines
        .filter((d) => d.state === 'overdue')
        .map((d) => ({
          severity: 'warning',
          code: `phr-${d.rule}`,
          title: d.rule === 'phr-started' ? 'Physical health review not started' : 'Physical health review not completed',
          message: d.text,
          source: 'Physical health',
          link: { tab: 'physical-health', text: 'Open the physical health review' },
        })),
    );
    return deadlines;
  }

  function renderStatus() {
    const stored = P.reviewState(state.response);
    statusBox.hidden = false;
    statusBox.dataset.state = stored;
    const at = state.response?.meta?.lastUpdated ?? state.response?.authored;
    const deadlines = renderDeadlineAlerts();
    fill(statusBox,
      h('p', { class: 'phr-status__state' }, h('span', { class: 'phr-status__label' }, 'Review: '), h('strong', { id: 'phr-state' }, P.STATE_WORDS[stored])),
      at ? h('p', { class: 'hint' }, `Last saved ${formatDateTime(at)}${state.response?.author?.display ? ` by ${state.response.author.display}` : ''}.`) : null,
      deadlines.length
        ? h('ul', { class: 'phr-deadlines', id: 'phr-deadlines' }, deadlines.map((d) => h('li', { dataset: { rule: d.rule, state: d.state } }, d.text)))
        : null,
      state.lester?.highlights.length
        ? h(
            'p',
            { class: 'phr-status__lester', id: 'phr-lester-summary' },
            `Lester: ${state.lester.highlights.length === 1 ? '1 finding needs' : `${state.lester.highlights.length} findings need`} intervention: `,
            state.lester.highlights.map((hl, i) => [i ? ', ' : '', hl.groups[0] ? h('a', { href: `#phr-group-${hl.groups[0]}`, onclick: focusGroup(hl.groups[0]) }, hl.finding ?? hl.domain) : hl.finding ?? hl.domain]),
            '.',
          )
        : null,
      state.lester?.antipsychotic ? h('p', { class: 'hint', id: 'phr-antipsychotic' }, `An antipsychotic is prescribed (${state.lester.antipsychotic}): the ECG is required.`) : null,
    );
    renderMissing();
  }

  /** What is still missing in the form as it is now (the server's own list after each save). */
  function renderMissing() {
    const antipsychotic = state.lester ? Boolean(state.lester.antipsychotic) : null;
    const { missing } = P.progress(state.answers, antipsychotic);
    missingBox.hidden = false;
    missingBox.dataset.count = String(missing.length);
    const links = missing.map((m) => h('li', { dataset: { group: m.group } }, h('a', { href: `#phr-group-${m.group}`, onclick: focusGroup(m.group) }, m.label)));
    fill(missingBox,
      missing.length
        ? h('p', { class: 'phr-missing__title' }, `Still to record or give a reason (${missing.length}):`)
        : h('p', { class: 'phr-missing__title' }, 'Every required item is recorded or has a reason.'),
      missing.length ? h('ul', { id: 'phr-missing-list' }, links) : null,
      antipsychotic === null ? h('p', { class: 'hint' }, 'ECG: required if an antipsychotic is prescribed; the server checks the prescriptions when the review is saved.') : null,
    );
    const submit = formArea.querySelector('#phr-complete');
    if (submit) submit.dataset.complete = String(missing.length === 0);
  }

  function focusGroup(group) {
    return (event) => {
      event.preventDefault();
      const field = formArea.querySelector(`#phr-group-${CSS.escape(group)} input, #phr-group-${CSS.escape(group)} textarea`);
      field?.focus();
    };
  }

  // --- The form -------------------------------------------------------------------------------------
  function renderForm() {
    const q = state.questionnaire;
    const form = h('form', { class: 'phr-form', id: 'phr-form', novalidate: true, 'aria-label': 'Physical health review' });
    for (const item of q.item ?? []) if (item.type === 'group') form.append(renderGroup(item));
    const error = h('div', { class: 'form-error', id: 'phr-form-error-text', role: 'alert', tabindex: '-1', hidden: true });
    const completed = P.reviewState(state.response) === 'completed';
    // The save's outcome sits by the buttons, where the nurse is when saving at the end of a long form.
    form.append(
      error,
      saveStatus,
      saveActions,
      h(
        'div',
        { class: 'form-actions' },
        completed
          ? h('button', { type: 'submit', class: 'button', id: 'phr-save', value: 'amended' }, 'Save changes')
          : [
              h('button', { type: 'submit', class: 'button button--secondary', id: 'phr-save', value: 'in-progress' }, 'Save progress'),
              h('button', { type: 'submit', class: 'button', id: 'phr-complete', value: 'completed' }, 'Save as completed'),
            ],
      ),
    );
    form.addEventListener('input', onInput);
    form.addEventListener('change', onInput);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      save(form, error, event.submitter?.value ?? 'in-progress');
    });
    formArea.replaceChildren(form);
    showBmi();
    renderHighlights();
  }

  function renderGroup(group) {
    const source = P.itemSource(group);
    return h(
      'fieldset',
      { class: 'phr-group', id: `phr-group-${group.linkId}`, dataset: { linkId: group.linkId } },
      h('legend', { class: 'phr-group__legend' }, group.text ?? group.linkId),
      h('div', { class: 'phr-highlights', id: `phr-highlight-${group.linkId}`, hidden: true }),
      (group.item ?? []).map((item) => renderItem(item)),
      source ? h('p', { class: 'phr-source' }, `Source: ${source}`) : null,
    );
  }

  function renderItem(item) {
    const id = `phr-${item.linkId}`;
    const value = state.answers.get(item.linkId);
    const label = (text) => h('label', { class: 'field__label', for: id }, text ?? item.linkId);
    const notDone = P.isNotDone(item.linkId);
    const cls = `field phr-item${notDone ? ' phr-item--not-done' : ''}`;
    if (item.type === 'quantity' || item.type === 'decimal' || item.type === 'integer') {
      const unit = P.unitOf(item);
      return h(
        'div',
        { class: cls, dataset: { linkId: item.linkId } },
        label(item.text),
        h(
          'span',
          { class: 'input-suffix' },
          h('input', { type: 'text', inputmode: 'decimal', class: 'input input--short', id, autocomplete: 'off', value: typeof value === 'number' ? String(value) : '', dataset: { linkId: item.linkId, kind: 'number' } }),
          unit ? h('span', { class: 'input-suffix__unit', 'aria-hidden': 'true' }, unit.display ?? unit.code) : null,
        ),
        item.linkId === 'bmi-value' ? h('p', { class: 'hint', id: 'phr-bmi-calculated', 'aria-live': 'polite' }) : null,
      );
    }
    if (item.type === 'boolean') {
      const option = (v, text) =>
        h(
          'div',
          { class: 'choice' },
          h('input', { type: 'radio', class: 'choice__input', name: id, id: `${id}-${v}`, value: v, checked: value === (v === 'yes'), dataset: { linkId: item.linkId, kind: 'boolean' } }),
          h('label', { class: 'choice__label', for: `${id}-${v}` }, text),
        );
      return h(
        'fieldset',
        { class: 'choices phr-item', id: `${id}-group`, dataset: { linkId: item.linkId } },
        h('legend', { class: 'choices__legend' }, item.text ?? item.linkId),
        h('div', { class: 'choices__items' }, option('yes', 'Yes'), option('no', 'No')),
      );
    }
    if (item.type === 'choice' || item.type === 'coding') {
      return h(
        'fieldset',
        { class: 'choices choices--stacked phr-item', id: `${id}-group`, dataset: { linkId: item.linkId } },
        h('legend', { class: 'choices__legend' }, item.text ?? item.linkId),
        h(
          'div',
          { class: 'choices__items' },
          (item.answerOption ?? []).map((option) => {
            const c = option.valueCoding ?? {};
            return h(
              'div',
              { class: 'choice' },
              h('input', { type: 'radio', class: 'choice__input', name: id, id: `${id}-${c.code}`, value: c.code, checked: value?.code === c.code, dataset: { linkId: item.linkId, kind: 'coding', system: c.system ?? '', display: c.display ?? '' } }),
              h('label', { class: 'choice__label', for: `${id}-${c.code}` }, c.display ?? c.code),
            );
          }),
        ),
      );
    }
    if (item.type === 'dateTime') {
      const at = parseInstant(value);
      return h(
        'div',
        { class: cls, dataset: { linkId: item.linkId } },
        label(item.text),
        h('input', { type: 'datetime-local', class: 'input', id, value: at ? `${localDate(at)}T${localTime(at)}` : '', dataset: { linkId: item.linkId, kind: 'dateTime' } }),
      );
    }
    if (item.type === 'text') {
      return h('div', { class: cls, dataset: { linkId: item.linkId } }, label(item.text), h('textarea', { class: 'input textarea', id, rows: '3', dataset: { linkId: item.linkId, kind: 'text' } }, typeof value === 'string' ? value : ''));
    }
    return h(
      'div',
      { class: cls, dataset: { linkId: item.linkId } },
      label(item.text),
      h('input', { type: 'text', class: 'input', id, autocomplete: 'off', value: typeof value === 'string' ? value : '', dataset: { linkId: item.linkId, kind: 'text' } }),
    );
  }

  /** The form's inputs into state.answers; a number that is not a number is kept as text to be refused at Save. */
  function onInput(event) {
    const input = event.target;
    const linkId = input.dataset?.linkId;
    if (!linkId) return;
    const kind = input.dataset.kind;
    if (kind === 'number') {
      const n = P.parseNumber(input.value);
      if (input.value.trim() === '') state.answers.delete(linkId);
      else state.answers.set(linkId, n ?? { invalid: input.value });
    } else if (kind === 'boolean') {
      if (input.checked) state.answers.set(linkId, input.value === 'yes');
    } else if (kind === 'coding') {
      if (input.checked) state.answers.set(linkId, { system: input.dataset.system, code: input.value, display: input.dataset.display || undefined });
    } else if (kind === 'dateTime') {
      const [date, time] = input.value.split('T');
      const at = fromLocalDateTime(date, time);
      if (at) state.answers.set(linkId, toFhirDateTime(at));
      else state.answers.delete(linkId);
    } else if (input.value.trim() === '') state.answers.delete(linkId);
    else state.answers.set(linkId, input.value);
    showBmi();
    renderMissing();
  }

  function showBmi() {
    const note = formArea.querySelector('#phr-bmi-calculated');
    if (!note) return;
    const bmi = P.bmiOf(state.answers);
    setText(note, bmi === null ? 'Calculated from weight and height when both are recorded.' : `Calculated from weight and height: ${bmi} kg/m².`);
  }

  // --- Saving ---------------------------------------------------------------------------------------
  function setSaveStatus(text, kind) {
    saveStatus.dataset.state = kind;
    setText(saveStatus, text);
  }

  function save(form, errorEl, status) {
    errorEl.hidden = true;
    for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
    const bad = [...state.answers.entries()].filter(([, v]) => v && typeof v === 'object' && 'invalid' in v);
    if (bad.length) {
      errorEl.hidden = false;
      errorEl.replaceChildren(
        h('p', { class: 'form-error__title' }, 'Not saved: correct these numbers (digits, with a full stop for decimals).'),
        h('ul', {}, bad.map(([linkId]) => {
          const input = form.querySelector(`#phr-${CSS.escape(linkId)}`);
          input?.setAttribute('aria-invalid', 'true');
          return h('li', {}, h('a', { href: `#phr-${linkId}`, onclick: (e) => { e.preventDefault(); input?.focus(); } }, input?.labels?.[0]?.textContent ?? linkId));
        })),
      );
      errorEl.focus();
      return;
    }
    if (![...state.answers.values()].some(P.hasValue)) {
      errorEl.hidden = false;
      errorEl.replaceChildren(h('p', { class: 'form-error__title' }, 'Nothing to save yet: record an item, or say why it was not done.'));
      errorEl.focus();
      return;
    }
    if (!state.encounter?.id) return;
    const waiting = pendingEntry();
    const identifier = waiting?.id ?? state.identifier ?? newEntryIdentifier();
    state.identifier = identifier;
    const qr = P.buildResponse(state.questionnaire, state.answers, {
      identifier,
      patientId,
      encounterId: state.encounter.id,
      status,
      authored: new Date(),
      author: authorReference(ctx.auth?.enabled ? ctx.auth.user : null),
    });
    // A review stored without Parity's identifier (another client) is updated by its id; the identifier is added.
    const byId = Boolean(state.response?.id) && !P.identifierOf(state.response);
    if (byId) qr.id = state.response.id;
    const url = byId ? `QuestionnaireResponse/${encodeURIComponent(state.response.id)}` : P.updateUrl(identifier);
    setSaveStatus('Saving the review…', 'saving');
    markRefused([]);
    outbox.add(identifier, qr, {
      patientId,
      patientName: state.patient ? formatPatientName(state.patient) : null,
      kind: P.OUTBOX_KIND,
      label: status === 'completed' ? 'Physical health review (completed)' : 'Physical health review',
      url,
    });
  }

  function pendingEntry() {
    const encounter = state.encounter?.id ? `Encounter/${state.encounter.id}` : null;
    return outbox.forPatient(patientId).find((e) => e.kind === P.OUTBOX_KIND && (!encounter || e.resource?.encounter?.reference === encounter)) ?? null;
  }

  /** The groups a refusal names get marked, with the server's words beside them. */
  function markRefused(groups) {
    for (const el of formArea.querySelectorAll('.phr-group[data-refused]')) {
      delete el.dataset.refused;
      el.querySelector('.phr-refused')?.remove();
    }
    for (const { group, text } of groups) {
      const el = formArea.querySelector(`#phr-group-${CSS.escape(group)}`);
      if (!el) continue;
      el.dataset.refused = 'true';
      el.querySelector('legend').after(h('p', { class: 'phr-refused form-error' }, text));
    }
  }

  function renderPending() {
    const entry = pendingEntry();
    if (!entry) {
      saveActions.hidden = true;
      saveActions.replaceChildren();
      return;
    }
    const rejected = entry.state === 'rejected';
    if (rejected) {
      setSaveStatus(`Not saved: the server refused the review. ${entry.lastError ?? ''} Correct it and save again.`.trim(), 'rejected');
      // The server names each item in its issues (… (item 'ecg') …).
      const named = [...String(entry.lastError ?? '').matchAll(/([^;]*\(item '([^']+)'\)[^;]*)/g)].map((m) => ({ group: m[2], text: m[1].trim() }));
      markRefused(named);
    } else if (outbox.isSending(entry.id)) {
      setSaveStatus('Saving the review…', 'saving');
    } else {
      setSaveStatus(
        `Not saved yet — kept on this tablet and retrying${entry.nextAttemptAt ? ` (next try ${formatTime(new Date(entry.nextAttemptAt))})` : ''}. ${entry.lastError ?? ''}`.trim(),
        'waiting',
      );
    }
    saveActions.hidden = false;
    saveActions.dataset.identifier = entry.id;
    fill(
      saveActions,
      h('button', { type: 'button', class: 'button button--secondary', id: 'phr-retry', onclick: () => outbox.retry(entry.id) }, 'Try again now'),
      rejected
        ? h(
            'button',
            {
              type: 'button',
              class: 'button button--secondary',
              id: 'phr-discard',
              onclick: () => {
                // eslint-disable-next-line no-alert
                if (window.confirm('Discard the changes not saved? What the server already has stays.')) {
                  outbox.discard(entry.id);
                  setSaveStatus('Discarded: the changes were not recorded.', 'idle');
                  markRefused([]);
                  state.formState = 'idle';
                  loadForm();
                }
              },
            },
            'Discard changes',
          )
        : null,
    );
  }

  function renderHighlights() {
    for (const box of formArea.querySelectorAll('.phr-highlights')) {
      box.hidden = true;
      box.replaceChildren();
    }
    for (const hl of state.lester?.highlights ?? []) {
      // Shown once, beside the first of its groups on the form.
      const box = hl.groups.map((g) => formArea.querySelector(`#phr-highlight-${CSS.escape(g)}`)).find(Boolean);
      if (!box) continue;
      box.hidden = false;
      box.append(
        h(
          'div',
          { class: 'notice notice--warning phr-highlight', dataset: { domain: hl.domain ?? '' } },
          h('p', { class: 'phr-highlight__finding' }, h('strong', {}, 'Needs intervention (Lester): '), hl.finding ?? ''),
          h('p', { class: 'phr-highlight__action' }, `Suggested action: ${hl.action ?? ''}`),
          hl.target ? h('p', { class: 'hint' }, `Target: ${hl.target}`) : null,
        ),
      );
    }
  }

  const unsubscribe = outbox.subscribe((event) => {
    if (state.destroyed) return;
    const entry = event.entry;
    if (entry && (entry.patientId !== patientId || entry.kind !== P.OUTBOX_KIND)) return;
    if (event.type === 'saved') {
      renderPending();
      if (event.latest === false) return; // a newer version of the review is on its way
      setSaveStatus(`Saved: physical health review (${formatTime(new Date())}).`, 'saved');
      ctx.announce('Physical health review saved.');
      markRefused([]);
      if (event.resource?.resourceType === 'QuestionnaireResponse') {
        const wasCompleted = P.reviewState(state.response) === 'completed';
        state.response = event.resource;
        if (!wasCompleted && P.reviewState(state.response) === 'completed') {
          // The buttons change to "Save changes"; what is on the form (state.answers) is kept as it is.
          renderForm();
        }
        renderStatus();
        loadLester(state.response.id);
        loadTasks();
      } else {
        state.formState = 'idle';
        loadForm();
      }
    } else {
      renderPending();
    }
  });

  return {
    patientLoaded({ patient, encounter }) {
      state.patient = patient;
      const changed = state.encounter === undefined || (state.encounter?.id ?? null) !== (encounter?.id ?? null);
      state.encounter = encounter ?? null;
      loadTasks();
      if (changed && state.formState !== 'ready') state.formState = 'idle';
      if (state.shown && changed) loadForm();
    },
    shown() {
      state.shown = true;
      if (state.formState === 'idle') loadForm();
    },
    hidden() {
      state.shown = false;
    },
    refresh() {
      // The form being filled in is never reloaded under the nurse; only a failed load is retried.
      if (state.formState === 'error' && state.shown && state.encounter) {
        state.formState = 'idle';
        loadForm();
      }
    },
    unmount() {
      state.destroyed = true;
      unsubscribe();
    },
  };
}

/** Replace an element's children; unlike replaceChildren, absent parts (null, false) are left out, not written. */
function fill(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}
