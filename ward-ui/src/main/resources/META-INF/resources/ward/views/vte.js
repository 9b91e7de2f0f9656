// The "VTE" tab: the DH VTE risk assessment tool (steps 1-3) with a separate section of mental-health
// factors, filled in from the record by $populate for the clinician to confirm; saved through the
// outbox (never "Saved" before a 2xx); the outcome the server derives (RiskAssessment); the open
// reassessment Task ("due by", "overdue"); and the history of assessments. Never a dose.

import { h, setText } from '../dom.js';
import { matches } from '../fhir.js';
import { formatDateTime, formatPatientName, formatTime } from '../format.js';
import { newEntryIdentifier } from '../fluid-model.js';
import * as VM from '../vte-model.js';

const PREFILL_PREFIX = 'From the record: ';

export function renderVteTab(panel, tab, { patientId, ctx, page }) {
  const outbox = ctx.outbox;
  const state = {
    patient: null,
    encounter: undefined, // undefined: not known yet; null: not an inpatient
    questionnaire: null,
    prefilled: new Map(),
    answers: new Map(),
    formState: 'idle', // idle | loading | ready | error | done
    shown: false,
    destroyed: false,
    lastSavedQr: null,
  };

  // --- Layout ---------------------------------------------------------------------------------
  const dueBox = h('div', { class: 'vte-due', id: 'vte-due', role: 'status', hidden: true });
  const saveStatus = h('p', { class: 'save-status', id: 'vte-save-status', role: 'status', 'aria-live': 'polite', dataset: { state: 'idle' } });
  const saveActions = h('div', { class: 'form-actions', id: 'vte-save-actions', hidden: true });
  const outcome = h('section', { class: 'vte-outcome', id: 'vte-outcome', 'aria-labelledby': 'vte-outcome-title', hidden: true });
  const formArea = h('div', { class: 'vte-form-area', id: 'vte-form-area' });
  const historyList = h('ul', { class: 'vte-history__list', id: 'vte-history-list' });
  const historyNote = h('p', { class: 'hint', id: 'vte-history-note' }, 'Loading previous assessments…');
  const history = h(
    'section',
    { class: 'vte-history', id: 'vte-history', 'aria-labelledby': 'vte-history-title', dataset: { state: 'loading' } },
    h('h3', { class: 'section-title', id: 'vte-history-title' }, 'Previous VTE assessments'),
    historyNote,
    historyList,
  );
  panel.append(
    h('h2', { class: 'panel-title' }, 'VTE and bleeding risk assessment'),
    h(
      'p',
      { class: 'hint vte-intro' },
      'Department of Health VTE risk assessment tool, used with NICE guideline NG89, plus mental-health factors. ',
      'Parity shows the tool’s recommendation; the prescribing decision stays with the clinician. Parity never suggests a dose.',
    ),
    dueBox,
    saveStatus,
    saveActions,
    outcome,
    formArea,
    history,
  );

  // --- Reassessment due -------------------------------------------------------------------------
  async function loadTasks() {
    try {
      const bundle = await ctx.fhir.searchAll(
        'Task',
        { patient: `Patient/${patientId}`, code: VM.REASSESSMENT_TOKEN, status: 'requested' },
        { signal: ctx.signal },
      );
      if (state.destroyed) return;
      renderDue(VM.soonestTask(matches(bundle, 'Task')));
    } catch (error) {
      if (error.aborted || state.destroyed) return;
      console.warn('[parity] VTE reassessment Tasks not loaded', error);
    }
  }

  function renderDue(task) {
    if (!task) {
      dueBox.hidden = true;
      dueBox.dataset.state = 'none';
      dueBox.replaceChildren();
      page.setAlerts('vte', []);
      return;
    }
    const now = new Date();
    const info = VM.reassessmentState(task, now);
    const text = VM.reassessmentText(info, now);
    dueBox.hidden = false;
    dueBox.dataset.state = info.state;
    dueBox.dataset.taskId = task.id ?? '';
    if (dueBox.textContent !== text) dueBox.replaceChildren(h('p', { class: 'vte-due__text' }, text));
    page.setAlerts('vte', [
      {
        severity: info.state === 'overdue' ? 'urgent' : 'warning',
        code: 'vte-reassessment',
        title: info.state === 'overdue' ? 'VTE reassessment overdue' : 'VTE reassessment due',
        message: text,
        source: 'VTE',
        link: { tab: 'vte', text: 'Open the VTE assessment' },
      },
    ]);
  }

  // --- History ------------------------------------------------------------------------------------
  async function loadHistory() {
    history.dataset.state = 'loading';
    try {
      const bundle = await ctx.fhir.search(
        'RiskAssessment',
        { patient: `Patient/${patientId}`, method: VM.METHOD_TOKEN, _sort: '-date', _count: 20 },
        { signal: ctx.signal },
      );
      if (state.destroyed) return;
      const list = matches(bundle, 'RiskAssessment').map(VM.parseRiskAssessment);
      await addAuthorsFromResponses(list);
      if (state.destroyed) return;
      historyNote.hidden = list.length > 0;
      setText(historyNote, 'No VTE assessment has been recorded for this patient.');
      historyList.replaceChildren(
        ...list.map((a) =>
          h(
            'li',
            { class: 'vte-history__item', dataset: { riskAssessmentId: a.id ?? '', basis: a.basis ?? '', recommendation: a.code ?? '' } },
            h('p', { class: 'vte-history__when' }, formatDateTime(a.at), ` · By ${a.who ?? 'not recorded'}`),
            h('p', { class: 'vte-history__what' }, a.recommendation),
            h(
              'p',
              { class: 'vte-history__risks' },
              `Thrombosis risk: ${yesNo(a.thrombosis)} · Bleeding risk: ${yesNo(a.bleeding)}`,
            ),
          ),
        ),
      );
      history.dataset.state = 'loaded';
    } catch (error) {
      if (error.aborted || state.destroyed) return;
      history.dataset.state = 'error';
      historyNote.hidden = false;
      setText(historyNote, 'Previous assessments could not be loaded. Parity will try again when the page refreshes.');
    }
  }

  /**
   * The server names the performer only when the response's author is a Practitioner/PractitionerRole
   * reference; otherwise (sign-in off: "Ward nurse") who recorded it is the response's author: one search.
   */
  async function addAuthorsFromResponses(list) {
    const ids = [...new Set(list.filter((a) => !a.who && a.basis).map((a) => a.basis))];
    if (!ids.length) return;
    try {
      const bundle = await ctx.fhir.search('QuestionnaireResponse', { _id: ids.join(','), _count: ids.length }, { signal: ctx.signal });
      const authors = new Map(
        matches(bundle, 'QuestionnaireResponse').map((qr) => [qr.id, qr.author?.display || qr.author?.reference || null]),
      );
      for (const a of list) if (!a.who && a.basis) a.who = authors.get(a.basis) ?? null;
    } catch (error) {
      if (error.aborted) throw error;
      console.warn('[parity] VTE: authors of earlier assessments not loaded', error);
    }
  }

  // --- The form -----------------------------------------------------------------------------------
  async function loadForm() {
    if (state.formState === 'loading' || state.formState === 'ready') return;
    if (state.encounter === undefined) return; // the patient page has not loaded yet
    if (state.encounter === null) {
      state.formState = 'error';
      formArea.replaceChildren(
        h(
          'div',
          { class: 'notice', id: 'vte-not-inpatient' },
          h('p', {}, 'This patient is not currently an inpatient. A VTE assessment is recorded for an admission.'),
        ),
      );
      return;
    }
    state.formState = 'loading';
    formArea.replaceChildren(h('p', { class: 'hint', id: 'vte-form-loading' }, 'Loading the assessment form and what the record already shows…'));
    try {
      const questionnaire = await ctx.fhir.read('Questionnaire', VM.QUESTIONNAIRE_ID, { signal: ctx.signal });
      let populated = { prefilled: new Map(), issues: [] };
      let populateFailed = null;
      try {
        const params = new URLSearchParams({ subject: `Patient/${patientId}`, encounter: `Encounter/${state.encounter.id}` });
        populated = VM.parsePopulate(
          await ctx.fhir.get(`Questionnaire/${VM.QUESTIONNAIRE_ID}/$populate?${params}`, { signal: ctx.signal }),
        );
      } catch (error) {
        if (error.aborted) throw error;
        populateFailed = error;
        console.warn('[parity] VTE $populate failed', error);
      }
      if (state.destroyed) return;
      state.questionnaire = questionnaire;
      state.prefilled = populated.prefilled;
      state.answers = new Map([...populated.prefilled].map(([linkId, p]) => [linkId, p.value]));
      renderForm(populated.issues, populateFailed);
      state.formState = 'ready';
    } catch (error) {
      if (error.aborted || state.destroyed) {
        state.formState = 'idle';
        return;
      }
      state.formState = 'error';
      formArea.replaceChildren(
        h(
          'div',
          { class: 'notice notice--warning', id: 'vte-form-error' },
          h('p', {}, 'The VTE assessment form could not be loaded. Check the Wi-Fi connection, then select Retry.'),
          h('p', { class: 'hint' }, error.message),
          h('button', { type: 'button', class: 'button', onclick: () => { state.formState = 'idle'; loadForm(); } }, 'Retry'),
        ),
      );
    }
  }

  function renderForm(issues, populateFailed) {
    const q = state.questionnaire;
    const form = h('form', { class: 'vte-form', id: 'vte-form', novalidate: true, 'aria-label': 'VTE risk assessment' });
    const notes = [];
    if (state.prefilled.size) {
      notes.push(
        h(
          'p',
          { class: 'notice vte-prefill-summary', id: 'vte-prefill-summary' },
          `${state.prefilled.size === 1 ? '1 answer is' : `${state.prefilled.size} answers are`} filled in from the record. `,
          'Check each one marked “From the record”: untick it if it is wrong.',
        ),
      );
    }
    if (populateFailed) {
      notes.push(h('p', { class: 'notice notice--warning', id: 'vte-populate-failed' }, 'Nothing could be filled in from the record this time: answer every question yourself.'));
    }
    if (issues?.length) {
      notes.push(
        h('div', { class: 'hint vte-issues', id: 'vte-issues' }, h('p', {}, 'Not known from the record:'), h('ul', {}, issues.map((t) => h('li', {}, t)))),
      );
    }
    for (const item of q.item ?? []) form.append(renderItem(item, null));
    const error = h('p', { class: 'form-error', id: 'vte-form-error-text', role: 'alert', hidden: true });
    const submit = h('button', { type: 'submit', class: 'button vte-submit', id: 'vte-submit' }, 'Save assessment');
    form.append(error, h('div', { class: 'form-actions' }, submit));
    form.addEventListener('change', onChange);
    form.addEventListener('input', (event) => {
      if (event.target.matches('textarea')) state.answers.set(event.target.dataset.linkId, event.target.value);
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      save(form, error);
    });
    formArea.replaceChildren(...notes, form);
    updateEnabled(form);
  }

  function renderItem(item, group) {
    if (item.type === 'group') return renderGroup(item);
    if (item.type === 'display') return h('p', { class: 'hint vte-note', dataset: { linkId: item.linkId } }, item.text ?? '');
    if (item.type === 'choice' || item.type === 'coding') return renderChoice(item);
    if (item.type === 'boolean' && group) return renderCheckbox(item, group);
    if (item.type === 'boolean') return renderYesNo(item);
    if (item.type === 'text' || item.type === 'string') {
      const id = `vte-${item.linkId}`;
      return h(
        'div',
        { class: 'field vte-item', dataset: { linkId: item.linkId } },
        h('label', { class: 'field__label', for: id }, `${item.text ?? item.linkId} (optional)`),
        h('textarea', { class: 'input textarea', id, rows: '3', dataset: { linkId: item.linkId } }),
      );
    }
    return null;
  }

  function renderGroup(item) {
    const mh = VM.isMentalHealthGroup(item);
    let legend = item.text ?? item.linkId;
    if (mh && !/not part of the DH tool/i.test(legend)) legend = `${legend} (not part of the DH tool)`;
    const source = VM.itemSource(item);
    const fieldset = h(
      'fieldset',
      { class: `vte-group${mh ? ' vte-group--mh' : ''}`, id: `vte-group-${item.linkId}`, dataset: { linkId: item.linkId } },
      h('legend', { class: 'vte-group__legend' }, legend),
    );
    if (mh) {
      fieldset.append(
        h('p', { class: 'vte-mh-flag' }, 'Not part of the DH tool: factors from the mental-health literature, added by Parity for psychiatric inpatients.'),
      );
    }
    const children = (item.item ?? []).map((child) => renderItem(child, item));
    // A display note that only names the source repeats the source line below; keep its advice only.
    fieldset.append(...children);
    if (source) fieldset.append(h('p', { class: 'vte-source vte-source--group' }, `Source: ${source}`));
    return fieldset;
  }

  function renderChoice(item) {
    const name = `vte-${item.linkId}`;
    const selected = state.answers.get(item.linkId);
    return h(
      'fieldset',
      { class: 'choices choices--stacked vte-item', id: `${name}-group`, dataset: { linkId: item.linkId } },
      h('legend', { class: 'choices__legend' }, `${item.text ?? item.linkId}${item.required ? ' (required)' : ''}`),
      h(
        'div',
        { class: 'choices__items' },
        (item.answerOption ?? []).map((option) => {
          const c = option.valueCoding ?? {};
          const id = `${name}-${c.code}`;
          return h(
            'div',
            { class: 'choice' },
            h('input', {
              type: 'radio',
              class: 'choice__input',
              name,
              id,
              value: c.code,
              checked: selected?.code === c.code,
              dataset: { linkId: item.linkId, system: c.system ?? '', display: c.display ?? '' },
            }),
            h('label', { class: 'choice__label', for: id }, c.display ?? c.code),
          );
        }),
      ),
    );
  }

  function renderCheckbox(item, group) {
    const id = `vte-${item.linkId}`;
    const pre = state.prefilled.get(item.linkId);
    const source = VM.itemSource(item);
    const showSource = source && source !== VM.itemSource(group);
    const described = [];
    const extra = [];
    if (pre) {
      described.push(`${id}-prefill`);
      extra.push(
        h(
          'p',
          { class: 'vte-prefill', id: `${id}-prefill`, dataset: { state: 'confirm' } },
          `${PREFILL_PREFIX}${pre.reason ?? 'recorded in the patient’s record'} — please confirm`,
        ),
      );
    }
    if (showSource) {
      described.push(`${id}-source`);
      extra.push(h('p', { class: 'vte-source', id: `${id}-source` }, `Source: ${source}`));
    }
    return h(
      'div',
      { class: `vte-item vte-check${pre ? ' vte-check--prefilled' : ''}`, dataset: { linkId: item.linkId, prefilled: pre ? 'true' : 'false' } },
      h('input', {
        type: 'checkbox',
        class: 'vte-check__input',
        id,
        checked: state.answers.get(item.linkId) === true,
        dataset: { linkId: item.linkId },
        'aria-describedby': described.join(' ') || null,
      }),
      h('label', { class: 'vte-check__label', for: id }, item.text ?? item.linkId),
      extra,
    );
  }

  function renderYesNo(item) {
    const name = `vte-${item.linkId}`;
    const value = state.answers.get(item.linkId);
    const option = (v, label) =>
      h(
        'div',
        { class: 'choice' },
        h('input', { type: 'radio', class: 'choice__input', name, id: `${name}-${v}`, value: v, checked: value === (v === 'yes'), dataset: { linkId: item.linkId, boolean: 'true' } }),
        h('label', { class: 'choice__label', for: `${name}-${v}` }, label),
      );
    const source = VM.itemSource(item);
    return h(
      'fieldset',
      { class: 'choices vte-item vte-question', id: `${name}-group`, dataset: { linkId: item.linkId } },
      h('legend', { class: 'choices__legend choices__legend--question' }, item.text ?? item.linkId),
      h('div', { class: 'choices__items' }, option('yes', 'Yes'), option('no', 'No')),
      source ? h('p', { class: 'vte-source' }, `Source: ${source}`) : null,
    );
  }

  function onChange(event) {
    const input = event.target;
    const linkId = input.dataset?.linkId;
    if (!linkId) return;
    if (input.type === 'checkbox') {
      state.answers.set(linkId, input.checked);
      const note = panel.querySelector(`#vte-${CSS.escape(linkId)}-prefill`);
      const pre = state.prefilled.get(linkId);
      if (note && pre) {
        note.dataset.state = input.checked ? 'confirm' : 'unticked';
        setText(
          note,
          input.checked
            ? `${PREFILL_PREFIX}${pre.reason ?? 'recorded in the patient’s record'} — please confirm`
            : `${PREFILL_PREFIX}${pre.reason ?? 'recorded in the patient’s record'} — unticked by you: it will not count`,
        );
      }
    } else if (input.type === 'radio' && input.dataset.boolean) {
      state.answers.set(linkId, input.value === 'yes');
    } else if (input.type === 'radio') {
      state.answers.set(linkId, { system: input.dataset.system, code: input.value, display: input.dataset.display });
    }
    updateEnabled(input.form);
  }

  /** Show only the questions that apply (the "precludes" question once a bleeding factor is ticked). */
  function updateEnabled(form) {
    const items = VM.itemsByLinkId(state.questionnaire);
    for (const el of form.querySelectorAll('.vte-item[data-link-id], .vte-group[data-link-id]')) {
      const item = items.get(el.dataset.linkId);
      const enabled = item ? VM.isEnabled(item, state.answers, state.questionnaire) : true;
      el.hidden = !enabled;
      if (!enabled && item?.type === 'boolean') {
        state.answers.delete(item.linkId);
        for (const input of el.querySelectorAll('input')) input.checked = false;
      }
    }
  }

  // --- Saving ---------------------------------------------------------------------------------
  function setSaveStatus(text, kind) {
    saveStatus.dataset.state = kind;
    setText(saveStatus, text);
  }

  function save(form, errorEl) {
    errorEl.hidden = true;
    const mobility = state.answers.get('mobility');
    if (!mobility?.code) {
      errorEl.hidden = false;
      setText(errorEl, 'Step 1: choose the patient’s mobility.');
      form.querySelector('input[name="vte-mobility"]')?.focus();
      return;
    }
    if (!state.encounter?.id) {
      errorEl.hidden = false;
      setText(errorEl, 'This patient has no current admission: the assessment cannot be saved.');
      return;
    }
    const waiting = pendingEntries();
    const identifier = waiting[0]?.id ?? newEntryIdentifier();
    const qr = VM.buildResponse(state.questionnaire, state.answers, {
      identifier,
      patientId,
      encounterId: state.encounter.id,
      authored: new Date(),
      author: VM.authorReference(ctx.auth?.enabled ? ctx.auth.user : null),
      prefilled: state.prefilled,
    });
    const label = 'VTE risk assessment';
    setSaveStatus('Saving the assessment…', 'saving');
    form.querySelector('#vte-submit').disabled = true;
    const meta = { patientId, patientName: state.patient ? formatPatientName(state.patient) : null, kind: VM.OUTBOX_KIND, label };
    if (waiting[0]) outbox.replace(identifier, qr, { label, kind: VM.OUTBOX_KIND });
    else outbox.add(identifier, qr, meta);
  }

  function pendingEntries() {
    return outbox.forPatient(patientId).filter((e) => e.kind === VM.OUTBOX_KIND);
  }

  function renderPending() {
    const entry = pendingEntries()[0];
    if (!entry) {
      saveActions.hidden = true;
      saveActions.replaceChildren();
      return;
    }
    const rejected = entry.state === 'rejected';
    if (rejected) {
      setSaveStatus(`Not saved: the server refused the assessment. ${entry.lastError ?? ''} Correct it and save again, or discard it.`.trim(), 'rejected');
    } else if (!outbox.isSending(entry.id) && entry.attempts) {
      setSaveStatus(
        `Not saved yet — kept on this tablet and retrying${entry.nextAttemptAt ? ` (next try ${formatTime(new Date(entry.nextAttemptAt))})` : ''}. ${entry.lastError ?? ''}`.trim(),
        'waiting',
      );
    }
    saveActions.hidden = false;
    saveActions.dataset.identifier = entry.id;
    saveActions.replaceChildren(
      h('button', { type: 'button', class: 'button button--secondary', id: 'vte-retry', onclick: () => outbox.retry(entry.id) }, 'Try again now'),
      rejected
        ? h(
            'button',
            {
              type: 'button',
              class: 'button button--secondary',
              id: 'vte-discard',
              onclick: () => {
                // eslint-disable-next-line no-alert
                if (window.confirm('Discard this assessment? It will not be recorded.')) {
                  outbox.discard(entry.id);
                  setSaveStatus('Discarded: the assessment was not recorded.', 'idle');
                  enableSubmit();
                  renderPending();
                }
              },
            },
            'Discard',
          )
        : null,
    );
  }

  function enableSubmit() {
    const submit = panel.querySelector('#vte-submit');
    if (submit) submit.disabled = false;
  }

  const unsubscribe = outbox.subscribe(async (event) => {
    if (state.destroyed) return;
    const entry = event.entry;
    if (entry && (entry.patientId !== patientId || entry.kind !== VM.OUTBOX_KIND)) return;
    if (event.type === 'saved') {
      renderPending();
      setSaveStatus('Saved: VTE risk assessment.', 'saved');
      ctx.announce('VTE risk assessment saved.');
      let qrId = event.resource?.id ?? null;
      if (!qrId) qrId = await findResponseId(entry.id);
      state.formState = 'done';
      formArea.replaceChildren(
        h('div', { class: 'form-actions' }, h('button', { type: 'button', class: 'button button--secondary', id: 'vte-new', onclick: newAssessment }, 'Record another assessment')),
      );
      await showOutcome(qrId);
      loadTasks();
      loadHistory();
    } else if (event.type === 'failed') {
      renderPending();
      if (!event.willRetry) enableSubmit();
    } else {
      renderPending();
    }
  });

  async function findResponseId(identifier) {
    try {
      const bundle = await ctx.fhir.search('QuestionnaireResponse', { identifier: `${VM.URI_SYSTEM}|${identifier}` }, { signal: ctx.signal });
      return matches(bundle, 'QuestionnaireResponse')[0]?.id ?? null;
    } catch {
      return null;
    }
  }

  function newAssessment() {
    outcome.hidden = true;
    setSaveStatus('', 'idle');
    state.formState = 'idle';
    loadForm();
  }

  async function showOutcome(qrId) {
    outcome.hidden = false;
    outcome.dataset.state = 'loading';
    outcome.replaceChildren(h('p', { class: 'hint' }, 'Loading the outcome…'));
    let ra = null;
    let failure = null;
    // The server derives the RiskAssessment in the same transaction; a second look covers a slow index.
    for (let attempt = 0; attempt < 3 && qrId && !ra; attempt++) {
      try {
        const bundle = await ctx.fhir.search('RiskAssessment', { basis: `QuestionnaireResponse/${qrId}` }, { signal: ctx.signal });
        ra = matches(bundle, 'RiskAssessment')[0] ?? null;
      } catch (error) {
        if (error.aborted) return;
        failure = error;
      }
      if (!ra) await new Promise((resolve) => setTimeout(resolve, 700));
    }
    if (state.destroyed) return;
    if (!ra) {
      outcome.dataset.state = 'missing';
      outcome.replaceChildren(
        h('h3', { class: 'section-title', id: 'vte-outcome-title' }, 'Outcome'),
        h(
          'p',
          { class: 'notice notice--warning' },
          failure
            ? 'The assessment is saved, but its outcome could not be loaded. It will appear under “Previous VTE assessments” when the connection is back.'
            : 'The assessment is saved, but the server has not shown an outcome for it. Tell IT support; use the paper tool meanwhile.',
        ),
      );
      return;
    }
    const a = VM.parseRiskAssessment(ra);
    outcome.dataset.state = 'loaded';
    outcome.dataset.riskAssessmentId = a.id ?? '';
    outcome.dataset.recommendation = a.code ?? '';
    const factorList = (title, factors, key) =>
      factors.length
        ? h('div', { class: 'vte-factors', dataset: { factors: key } }, h('p', { class: 'vte-factors__title' }, title), h('ul', {}, factors.map((f) => h('li', {}, f))))
        : null;
    outcome.replaceChildren(
      h('h3', { class: 'section-title', id: 'vte-outcome-title', tabindex: '-1' }, 'Outcome of this assessment'),
      h(
        'dl',
        { class: 'vte-risks' },
        h('div', { class: 'vte-risk', dataset: { risk: 'thrombosis', present: String(a.thrombosis) } }, h('dt', {}, 'Thrombosis (VTE) risk factors'), h('dd', {}, yesNo(a.thrombosis))),
        h('div', { class: 'vte-risk', dataset: { risk: 'bleeding', present: String(a.bleeding) } }, h('dt', {}, 'Bleeding risk factors'), h('dd', {}, yesNo(a.bleeding))),
      ),
      h('p', { class: 'vte-recommendation', id: 'vte-recommendation' }, a.recommendation),
      a.serverText && a.serverText !== a.recommendation ? h('p', { class: 'hint', id: 'vte-mitigation' }, a.serverText) : null,
      factorList('Thrombosis risk factors that drove it:', a.thrombosisFactors, 'thrombosis'),
      factorList('Bleeding risk factors:', a.bleedingFactors, 'bleeding'),
      a.advisory.length ? h('div', { class: 'notice notice--warning vte-advisory', id: 'vte-advisory' }, a.advisory.map((t) => h('p', {}, t))) : null,
      h('p', { class: 'hint' }, 'The prescribing decision stays with the clinician. Parity does not suggest a dose.'),
    );
    outcome.querySelector('#vte-outcome-title')?.focus({ preventScroll: false });
  }

  // Entries left waiting from an earlier visit (reload, closed tab).
  if (pendingEntries().length) renderPending();

  return {
    patientLoaded({ patient, encounter }) {
      state.patient = patient;
      const changed = state.encounter === undefined || (state.encounter?.id ?? null) !== (encounter?.id ?? null);
      state.encounter = encounter ?? null;
      loadTasks();
      loadHistory();
      if (state.shown && changed && state.formState !== 'ready' && state.formState !== 'done') loadForm();
    },
    shown() {
      state.shown = true;
      if (state.formState === 'idle') loadForm();
    },
    hidden() {
      state.shown = false;
    },
    refresh() {
      // Tasks and history follow the patient page's own refresh (patientLoaded); the form the
      // clinician is filling in is never reloaded under them.
      if (state.formState === 'error' && state.shown) {
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

function yesNo(value) {
  if (value === true) return 'Yes';
  if (value === false) return 'No';
  return 'Not known';
}

