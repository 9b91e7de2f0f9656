// The "Safety plan" tab: written side by side with the patient, one section at a time, in their words
// (always inserted as text, never as markup), with who wrote each entry. Every change is a PUT of the
// whole CarePlan with If-Match; nothing is called "saved" before the server says so. A 412 shows both
// versions to merge. Staff agree, review, revise and share; a signed-in patient adds and changes their
// own words on a draft. No risk wording anywhere.

import { h, setText } from '../dom.js';
import { indexResources, matches, operationOutcomeText, referenceKey } from '../fhir.js';
import { formatDateTime } from '../format.js';
import { authorReference } from '../vte-model.js';
import * as M from '../safety-plan-model.js';

const SAVE_TIMEOUT_MS = 20_000;
const CHANNELS = ['NHSmail', 'FHIR', 'Letter', 'Printed copy'];

export function renderSafetyPlanTab(panel, tab, { patientId, ctx }) {
  const user = ctx.auth?.enabled ? ctx.auth.user : null;
  const isPatientUser = Boolean(user?.isPatient);
  const me = !isPatientUser && user?.fhirUser && /Practitioner\//.test(user.fhirUser) ? authorReference(user) : null;

  const state = {
    patient: null,
    encounter: undefined,
    plans: [],
    saved: null, // the current plan as the server last gave it
    working: null, // what is on screen (saved, or with a change not saved yet)
    pending: null, // { plan, base, create, identifier, what, state: saving|failed|refused|conflict, message }
    resources: new Map(),
    contributors: [], // RelatedPersons a Consent covers for 'contribute'
    consents: [],
    step: 0,
    drafts: new Map(), // section code -> text typed but not added
    editing: null, // entry id being changed
    removing: null, // entry id asked to be removed
    loaded: false,
    destroyed: false,
    form: null, // 'agree' | 'review' | 'share'
    shareResult: null,
  };

  // --- Layout -----------------------------------------------------------------------------------
  const statusLine = h('p', { class: 'sp-status', id: 'sp-plan-status', dataset: { status: 'loading' } }, 'Loading the safety plan…');
  const saveStatus = h('div', { class: 'sp-save', id: 'sp-save-status', role: 'status', 'aria-live': 'polite', dataset: { state: 'idle' } });
  const body = h('div', { class: 'sp-body', id: 'sp-body' });
  const merge = h('section', { class: 'sp-merge', id: 'sp-merge', hidden: true, 'aria-labelledby': 'sp-merge-title' });
  const actions = h('div', { class: 'sp-actions', id: 'sp-actions' });
  const formArea = h('div', { class: 'sp-form-area', id: 'sp-form-area' });
  const history = h('section', { class: 'sp-history', id: 'sp-history', 'aria-labelledby': 'sp-history-title', hidden: true });
  panel.append(
    h('h2', { class: 'panel-title sp-title' }, isPatientUser ? 'My safety plan' : 'Safety plan'),
    h('p', { class: 'sp-intro' }, isPatientUser
      ? 'Your plan, in your own words. Go through it one part at a time.'
      : 'Written with the patient, in their own words. Go through it together, one part at a time.'),
    statusLine,
    saveStatus,
    merge,
    body,
    actions,
    formArea,
    history,
  );
  panel.classList.add('sp-panel');

  // The add box keeps its text per section and is never re-created by a refresh.
  const addText = h('textarea', { id: 'sp-new-text', class: 'sp-textarea', rows: 3 });
  const addLabel = h('label', { for: 'sp-new-text', class: 'sp-add__label', id: 'sp-new-label' });
  const whoArea = h('fieldset', { class: 'choices sp-who', id: 'sp-who' });
  const addButton = h('button', { type: 'submit', class: 'button sp-add__button', id: 'sp-add' }, 'Add');
  const addForm = h('form', { class: 'sp-add', id: 'sp-add-form', novalidate: true }, addLabel, addText, whoArea, h('div', { class: 'form-actions' }, addButton));
  addForm.addEventListener('submit', (event) => {
    event.preventDefault();
    addEntry();
  });

  // --- Loading ----------------------------------------------------------------------------------
  async function load({ background = false } = {}) {
    if (state.destroyed) return;
    try {
      const bundle = await ctx.fhir.searchAll(
        'CarePlan',
        { subject: `Patient/${patientId}`, category: M.CATEGORY_TOKEN, _count: 50 },
        { signal: ctx.signal },
      );
      if (state.destroyed) return;
      state.plans = matches(bundle, 'CarePlan');
      const current = M.currentPlan(state.plans);
      // Never replace what is on screen while a change waits to be saved or an entry is being changed.
      if (!state.pending && !state.editing) {
        const moved = current?.id !== state.saved?.id || current?.meta?.versionId !== state.saved?.meta?.versionId;
        state.saved = current;
        state.working = current;
        if (moved || !state.loaded) state.removing = null;
      }
      await Promise.all([loadPeople(), loadConsents()]);
      state.loaded = true;
      render();
    } catch (error) {
      if (error.aborted || state.destroyed) return;
      if (!state.loaded) {
        statusLine.dataset.status = 'error';
        setText(statusLine, 'The safety plan could not be loaded. Check the Wi-Fi connection; Parity will try again.');
      }
      if (!background) console.warn('[parity] safety plan not loaded', error);
    }
  }

  /** Authors' names: the Practitioners and RelatedPersons named by entries (a patient may not read staff). */
  async function loadPeople() {
    const keys = new Set();
    for (const p of state.plans) for (const e of M.entriesOf(p)) if (e.author?.reference) keys.add(referenceKey(e.author.reference));
    const practitioners = [...keys].filter((k) => k?.startsWith('Practitioner/') && !state.resources.has(k)).map((k) => k.split('/')[1]);
    if (me?.reference && !state.resources.has(me.reference)) practitioners.push(me.reference.split('/')[1]);
    const work = [
      ctx.fhir.search('RelatedPerson', { patient: `Patient/${patientId}`, _count: 50 }, { signal: ctx.signal }).then((b) => {
        for (const [k, r] of indexResources(b)) state.resources.set(k, r);
      }),
    ];
    if (practitioners.length) {
      work.push(
        ctx.fhir.search('Practitioner', { _id: [...new Set(practitioners)].join(','), _count: 50 }, { signal: ctx.signal }).then((b) => {
          for (const [k, r] of indexResources(b)) state.resources.set(k, r);
        }),
      );
    }
    await Promise.allSettled(work);
  }

  async function loadConsents() {
    try {
      const bundle = await ctx.fhir.search('Consent', { patient: `Patient/${patientId}`, status: 'active', _count: 50 }, { signal: ctx.signal });
      state.consents = matches(bundle, 'Consent');
    } catch (error) {
      if (error.aborted) throw error;
      state.consents = [];
    }
    const covered = M.coveredActors(state.consents, patientId, 'contribute');
    state.contributors = [...state.resources.values()].filter((r) => r.resourceType === 'RelatedPerson' && covered.has(`RelatedPerson/${r.id}`));
  }

  // --- Rendering --------------------------------------------------------------------------------
  const label = (author) => M.authorLabel(author, state.resources, patientId);
  const editable = () => state.saved?.status === 'draft' && !['saving', 'conflict'].includes(state.pending?.state);
  const mayChange = (entry) => !isPatientUser || referenceKey(entry.author?.reference) === `Patient/${patientId}`;

  function render() {
    renderStatus();
    renderBody();
    renderActions();
    renderSave();
    renderHistory();
  }

  function renderStatus() {
    const plan = state.saved; // where the plan stands on the server, never ahead of it
    statusLine.dataset.status = plan?.status ?? 'none';
    setText(statusLine, plan ? M.statusLine(plan) : isPatientUser ? 'You do not have a safety plan yet.' : 'No safety plan has been started.');
    const due = M.planFacts(plan).reviewDue;
    statusLine.dataset.reviewDue = due ?? '';
  }

  function renderBody() {
    const plan = state.working;
    if (!plan) {
      body.replaceChildren(
        h('div', { class: 'empty-state', id: 'sp-empty' },
          h('p', { class: 'empty-state__lead' }, isPatientUser ? 'Your care team will start your safety plan with you.' : 'Start the plan with the patient, in their own words.'),
          isPatientUser ? null : h('button', { type: 'button', class: 'button', id: 'sp-start', onclick: startPlan }, 'Start a safety plan'),
        ),
      );
      return;
    }
    const section = M.SECTIONS[state.step];
    const entries = M.sectionEntries(plan, section.code);
    const savedIds = new Map(M.entriesOf(state.saved).map((e) => [e.id, e.text]));
    const list = h('ul', { class: 'sp-entries', id: 'sp-entries', dataset: { section: section.code } },
      entries.map((e) => entryItem(e, savedIds.get(e.id) === e.text)),
    );
    if (!entries.length) list.append(h('li', { class: 'sp-entries__none' }, 'Nothing written here yet.'));

    const steps = h('ol', { class: 'sp-steps', id: 'sp-steps', 'aria-label': 'Parts of the plan' },
      M.SECTIONS.map((s, i) => {
        const n = M.sectionEntries(plan, s.code).length;
        return h('li', {},
          h('button', {
            type: 'button',
            class: `sp-steps__step${i === state.step ? ' is-current' : ''}`,
            id: `sp-jump-${s.code}`,
            'aria-current': i === state.step ? 'step' : false,
            dataset: { count: String(n) },
            onclick: () => goTo(i),
          }, `${i + 1}. ${s.title}${n ? ` (${n})` : ''}`),
        );
      }),
    );

    const nav = h('div', { class: 'sp-nav' },
      h('button', { type: 'button', class: 'button button--secondary', id: 'sp-prev', disabled: state.step === 0, onclick: () => goTo(state.step - 1) }, 'Back'),
      h('button', { type: 'button', class: 'button button--secondary', id: 'sp-next', disabled: state.step === M.SECTIONS.length - 1, onclick: () => goTo(state.step + 1) }, 'Next part'),
    );

    const sectionEl = h('section', { class: 'sp-section', id: 'sp-section', dataset: { section: section.code }, 'aria-labelledby': 'sp-section-title' },
      h('p', { class: 'sp-section__step' }, `Part ${state.step + 1} of ${M.SECTIONS.length}${section.optional ? ' · you can leave this part out' : ''}`),
      h('h3', { class: 'sp-section__title', id: 'sp-section-title', tabindex: '-1' }, section.title),
      h('p', { class: 'sp-section__prompt' }, section.prompt),
      list,
      editable() ? renderAddForm(section) : lockedNote(state.saved ?? plan),
      nav,
    );
    body.replaceChildren(sectionEl, steps);
  }

  function lockedNote(plan) {
    if (plan.status === 'draft') return null; // saving or merging: the add box comes back afterwards
    return h('p', { class: 'hint sp-locked', id: 'sp-locked' },
      isPatientUser
        ? 'This plan has been agreed. To change it, ask your care team to start a new version with you.'
        : 'This plan has been agreed, so its words stay as they are. To change them, select “Start a new version”.');
  }

  function entryItem(e, isSaved) {
    const words = h('p', { class: 'sp-entry__words' });
    words.textContent = e.text; // exactly as written
    const who = h('p', { class: 'sp-entry__who' }, `Written by ${label(e.author)}`);
    const item = h('li', { class: 'sp-entry', dataset: { entryId: e.id ?? '', saved: String(isSaved), author: referenceKey(e.author?.reference) ?? '' } }, words, who);
    if (!isSaved) item.append(h('p', { class: 'sp-entry__unsaved' }, 'Not saved yet'));
    if (!editable() || !mayChange(e)) return item;
    if (state.editing === e.id) {
      const box = h('textarea', { class: 'sp-textarea', id: `sp-edit-${e.id}`, rows: 3, 'aria-label': 'Change these words' });
      box.value = e.text;
      item.replaceChildren(
        h('label', { for: `sp-edit-${e.id}`, class: 'sp-add__label' }, 'Change these words'),
        box,
        who,
        h('div', { class: 'form-actions' },
          h('button', { type: 'button', class: 'button', id: `sp-edit-save-${e.id}`, onclick: () => changeEntry(e, box.value) }, 'Save the change'),
          h('button', { type: 'button', class: 'button button--secondary', onclick: () => { state.editing = null; renderBody(); } }, 'Cancel'),
        ),
      );
      queueMicrotask(() => box.focus());
      return item;
    }
    const buttons = h('div', { class: 'sp-entry__actions' });
    if (state.removing === e.id) {
      buttons.append(
        h('span', { class: 'sp-entry__ask' }, 'Remove these words?'),
        h('button', { type: 'button', class: 'button button--secondary', id: `sp-remove-yes-${e.id}`, onclick: () => removeEntry(e) }, 'Yes, remove'),
        h('button', { type: 'button', class: 'button button--secondary', onclick: () => { state.removing = null; renderBody(); } }, 'Keep'),
      );
    } else {
      buttons.append(
        h('button', { type: 'button', class: 'button button--secondary', id: `sp-edit-button-${e.id}`, onclick: () => { state.editing = e.id; renderBody(); } }, 'Change'),
        h('button', { type: 'button', class: 'button button--secondary', id: `sp-remove-${e.id}`, onclick: () => { state.removing = e.id; renderBody(); } }, 'Remove'),
      );
    }
    item.append(buttons);
    return item;
  }

  function renderAddForm(section) {
    setText(addLabel, isPatientUser ? 'Add something in your own words' : 'Add the patient’s words');
    const given = patientGiven();
    if (isPatientUser) {
      whoArea.hidden = true;
      whoArea.replaceChildren();
    } else {
      whoArea.hidden = false;
      const chosen = whoArea.querySelector('input:checked')?.value ?? `Patient/${patientId}`;
      const options = [
        { value: `Patient/${patientId}`, id: 'sp-who-patient', text: `${given}’s words` },
        ...(me ? [{ value: me.reference, id: 'sp-who-me', text: `My own words (${user.name})` }] : []),
        ...state.contributors.map((rp) => ({ value: `RelatedPerson/${rp.id}`, id: `sp-who-rp-${rp.id}`, text: `${M.relatedPersonLabel(rp)}: their words` })),
      ];
      const value = options.some((o) => o.value === chosen) ? chosen : options[0].value;
      whoArea.replaceChildren(
        h('legend', { class: 'choices__legend' }, 'Whose words are these?'),
        h('div', { class: 'choices__items' },
          options.map((o) =>
            h('div', { class: 'choice' },
              h('input', { type: 'radio', class: 'choice__input', name: 'sp-who', id: o.id, value: o.value, checked: o.value === value }),
              h('label', { class: 'choice__label', for: o.id }, o.text),
            ),
          ),
        ),
      );
    }
    addForm.dataset.section = section.code;
    return addForm;
  }

  function patientGiven() {
    const n = (state.patient?.name ?? []).find((x) => x?.use === 'usual') ?? state.patient?.name?.[0];
    return n?.given?.[0] ?? 'The patient';
  }

  function goTo(index) {
    if (index < 0 || index >= M.SECTIONS.length) return;
    state.drafts.set(M.SECTIONS[state.step].code, addText.value);
    state.step = index;
    addText.value = state.drafts.get(M.SECTIONS[index].code) ?? '';
    state.editing = null;
    state.removing = null;
    renderBody();
    body.querySelector('#sp-section-title')?.focus({ preventScroll: false });
  }

  function renderSave() {
    const p = state.pending;
    saveStatus.dataset.state = p?.state ?? saveStatus.dataset.lastState ?? 'idle';
    if (!p) return;
    const retry = h('button', { type: 'button', class: 'button', id: 'sp-retry', onclick: () => send() }, 'Try again');
    const undo = h('button', { type: 'button', class: 'button button--secondary', id: 'sp-undo', onclick: undoPending }, 'Undo this change');
    if (p.state === 'saving') saveStatus.replaceChildren(h('p', {}, `Saving: ${p.what}…`));
    else if (p.state === 'failed') {
      saveStatus.replaceChildren(
        h('p', { class: 'sp-save__title' }, `Not saved yet: ${p.what}.`),
        h('p', {}, `${p.message} What you wrote is still here. Trying again is safe: it will not be saved twice.`),
        h('div', { class: 'form-actions' }, retry, undo),
      );
    } else if (p.state === 'refused') {
      saveStatus.replaceChildren(
        h('p', { class: 'sp-save__title' }, `Not saved: ${p.what}.`),
        h('p', {}, p.message),
        h('div', { class: 'form-actions' }, retry, undo),
      );
    } else if (p.state === 'conflict') {
      saveStatus.replaceChildren(h('p', { class: 'sp-save__title' }, 'Not saved yet: someone else saved this plan at the same time. Choose below how to put the two together.'));
    }
  }

  function showSaved(text) {
    saveStatus.dataset.state = 'saved';
    saveStatus.dataset.lastState = 'saved';
    saveStatus.replaceChildren(h('p', { class: 'sp-save__title' }, text));
    ctx.announce(text);
  }

  // --- Actions (staff: start, agree, review, revise, share; everyone: print) ---------------------
  function renderActions() {
    const plan = state.saved;
    const busy = Boolean(state.pending);
    const buttons = [];
    if (plan && !isPatientUser) {
      if (plan.status === 'draft') {
        buttons.push(h('button', { type: 'button', class: 'button', id: 'sp-agree', disabled: busy, onclick: () => openForm('agree') }, 'Agreed with the patient'));
      }
      if (plan.status === 'active' && state.working === plan) {
        buttons.push(
          h('button', { type: 'button', class: 'button', id: 'sp-review', disabled: busy, onclick: () => openForm('review') }, 'Reviewed together'),
          h('button', { type: 'button', class: 'button button--secondary', id: 'sp-revise', disabled: busy, onclick: revise }, 'Start a new version'),
        );
      }
    }
    if (plan) {
      buttons.push(h('a', { class: 'button button--secondary', id: 'sp-print', href: `#/print/safety-plan/${encodeURIComponent(plan.id)}` }, 'Print a copy for the patient'));
      if (!isPatientUser && plan.status !== 'draft') {
        buttons.push(h('button', { type: 'button', class: 'button button--secondary', id: 'sp-share', disabled: busy, onclick: () => openForm('share') }, 'Share'));
      }
    }
    actions.replaceChildren(...buttons);
    renderForm();
  }

  function openForm(which) {
    state.form = state.form === which ? null : which;
    state.shareResult = null;
    renderForm();
    formArea.querySelector('h3')?.focus();
  }

  function renderForm() {
    if (!state.form || !state.saved) {
      formArea.replaceChildren();
      if (state.shareResult) formArea.append(state.shareResult);
      return;
    }
    if (state.form === 'agree') formArea.replaceChildren(agreeForm());
    else if (state.form === 'review') formArea.replaceChildren(reviewForm());
    else if (state.form === 'share') formArea.replaceChildren(shareForm());
  }

  function reviewDateField(id) {
    const input = h('input', { type: 'date', id, class: 'input sp-date', value: M.defaultReviewDue(), min: M.addMonths(new Date().toISOString().slice(0, 10), 0) });
    return { input, field: h('div', { class: 'sp-field' }, h('label', { for: id, class: 'sp-field__label' }, 'When shall we look at the plan again together?'), input) };
  }

  function agreeForm() {
    const { input, field } = reviewDateField('sp-review-due');
    const error = h('div', { class: 'form-error', id: 'sp-agree-error', role: 'alert', hidden: true });
    const methods = h('fieldset', { class: 'choices choices--stacked' },
      h('legend', { class: 'choices__legend' }, 'How was it agreed?'),
      h('div', { class: 'choices__items' },
        M.METHODS.map((m, i) =>
          h('div', { class: 'choice' },
            h('input', { type: 'radio', class: 'choice__input', name: 'sp-method', id: `sp-method-${m.code}`, value: m.code, checked: i === 0 }),
            h('label', { class: 'choice__label', for: `sp-method-${m.code}` }, m.display),
          ),
        ),
      ),
    );
    const form = h('form', { class: 'sp-form', id: 'sp-agree-form', novalidate: true },
      h('h3', { class: 'section-title', tabindex: '-1' }, 'Agreed with the patient'),
      h('p', {}, 'Confirm that the patient has agreed these words as their plan. The date of agreement is now.'),
      methods, field, error,
      h('div', { class: 'form-actions' },
        h('button', { type: 'submit', class: 'button', id: 'sp-agree-confirm' }, 'Confirm: agreed'),
        h('button', { type: 'button', class: 'button button--secondary', onclick: () => openForm(null) }, 'Cancel'),
      ),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const reviewDue = input.value;
      const problems = M.agreeProblems(state.working, { reviewDue });
      if (problems.length) {
        error.hidden = false;
        error.replaceChildren(...problems.map((p) => h('p', {}, p)));
        return;
      }
      const method = form.querySelector('input[name=sp-method]:checked')?.value;
      state.form = null;
      commit(M.agreed(state.saved, { method, recordedBy: me, reviewDue }), 'the agreement', 'Agreed and saved.');
    });
    return form;
  }

  function reviewForm() {
    const { input, field } = reviewDateField('sp-next-review-due');
    const note = h('textarea', { id: 'sp-review-note', class: 'sp-textarea', rows: 2 });
    const error = h('div', { class: 'form-error', id: 'sp-review-error', role: 'alert', hidden: true });
    const form = h('form', { class: 'sp-form', id: 'sp-review-form', novalidate: true },
      h('h3', { class: 'section-title', tabindex: '-1' }, 'Reviewed together'),
      h('p', {}, 'You looked at the plan together and it still fits. To change any words, start a new version instead.'),
      h('div', { class: 'sp-field' }, h('label', { for: 'sp-review-note', class: 'sp-field__label' }, 'A note (optional)'), note),
      field, error,
      h('div', { class: 'form-actions' },
        h('button', { type: 'submit', class: 'button', id: 'sp-review-confirm' }, 'Save the review'),
        h('button', { type: 'button', class: 'button button--secondary', onclick: () => openForm(null) }, 'Cancel'),
      ),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const problems = M.agreeProblems(state.saved, { reviewDue: input.value }).filter((p) => /date/.test(p));
      if (problems.length) {
        error.hidden = false;
        error.replaceChildren(...problems.map((p) => h('p', {}, p)));
        return;
      }
      state.form = null;
      commit(M.reviewed(state.saved, { by: me, note: note.value, reviewDue: input.value }), 'the review', 'Review saved.');
    });
    return form;
  }

  function shareForm() {
    const consents = M.shareConsents(state.consents, patientId);
    const recipient = h('input', { type: 'text', id: 'sp-share-recipient', class: 'input', list: 'sp-share-known', autocomplete: 'off', placeholder: 'Organization/… or Practitioner/…' });
    const known = h('datalist', { id: 'sp-share-known' });
    ctx.fhir.search('Organization', { _count: 50 }, { signal: ctx.signal }).then((b) => {
      known.replaceChildren(...matches(b, 'Organization').map((o) => h('option', { value: `Organization/${o.id}` }, o.name ?? o.id)));
    }).catch(() => {});
    const consent = h('select', { id: 'sp-share-consent', class: 'input' },
      consents.length ? null : h('option', { value: '' }, 'No consent to share recorded'),
      consents.map((c) => h('option', { value: `Consent/${c.id}` }, consentText(c))),
    );
    const channel = h('select', { id: 'sp-share-channel', class: 'input' }, CHANNELS.map((c) => h('option', { value: c }, c)));
    const note = h('input', { type: 'text', id: 'sp-share-note', class: 'input' });
    const result = h('div', { id: 'sp-share-result', role: 'status', 'aria-live': 'polite' });
    const send = h('button', { type: 'submit', class: 'button', id: 'sp-share-send' }, 'Share the plan');
    const form = h('form', { class: 'sp-form', id: 'sp-share-form', novalidate: true },
      h('h3', { class: 'section-title', tabindex: '-1' }, 'Share the plan'),
      h('p', {}, 'Only with the patient’s consent to share. Parity records who it went to and when.'),
      h('div', { class: 'sp-field' }, h('label', { for: 'sp-share-recipient', class: 'sp-field__label' }, 'Who to (a GP practice, a team or a person: type or pick)'), recipient, known),
      h('div', { class: 'sp-field' }, h('label', { for: 'sp-share-consent', class: 'sp-field__label' }, 'The patient’s consent'), consent),
      h('div', { class: 'sp-field' }, h('label', { for: 'sp-share-channel', class: 'sp-field__label' }, 'How'), channel),
      h('div', { class: 'sp-field' }, h('label', { for: 'sp-share-note', class: 'sp-field__label' }, 'A note (optional)'), note),
      result,
      h('div', { class: 'form-actions' }, send, h('button', { type: 'button', class: 'button button--secondary', onclick: () => openForm(null) }, 'Close')),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const to = M.recipientReference(recipient.value);
      if (!to) {
        result.dataset.state = 'error';
        result.replaceChildren(h('p', { class: 'form-error' }, 'Type who to share with as Organization/… or Practitioner/…, or pick one from the list.'));
        return;
      }
      send.disabled = true;
      result.dataset.state = 'sending';
      result.replaceChildren(h('p', {}, 'Sharing…'));
      try {
        const answer = await ctx.fhir.post(`CarePlan/${state.saved.id}/$share`, M.shareParameters({ recipient: to, consent: consent.value || null, channel: channel.value, note: note.value }), { timeoutMs: SAVE_TIMEOUT_MS });
        const comm = M.sharedCommunication(answer.body);
        result.dataset.state = 'shared';
        result.dataset.communication = comm ?? '';
        result.replaceChildren(h('p', { class: 'sp-save__title' }, `Shared with ${to} (${channel.value}) on ${formatDateTime(new Date())}.${comm ? ` Recorded as ${comm}.` : ''}`));
        ctx.announce('The plan was shared.');
      } catch (error) {
        result.dataset.state = 'error';
        result.replaceChildren(h('p', { class: 'form-error' }, `Not shared. ${error.kind === 'http' ? operationOutcomeText(error.outcome) || error.message : 'Cannot reach the Parity server; try again.'}`));
      } finally {
        send.disabled = false;
      }
    });
    return form;
  }

  function consentText(c) {
    const actors = (c.provision?.actor ?? []).map((a) => a.reference?.display ?? label(a.reference)).filter(Boolean);
    return `Consent from ${M.longDate(c.dateTime) || 'date not recorded'}${actors.length ? `: ${actors.join(', ')}` : ': anyone named'}`;
  }

  // --- Changes ------------------------------------------------------------------------------------
  function chosenAuthor() {
    if (isPatientUser) return { reference: `Patient/${patientId}` };
    const value = whoArea.querySelector('input:checked')?.value ?? `Patient/${patientId}`;
    if (value === me?.reference) return me;
    const r = state.resources.get(value);
    const name = value.startsWith('Patient/') ? patientName() : r ? M.relatedPersonLabel(r).split(',')[0] : null;
    return { reference: value, ...(name ? { display: name } : {}) };
  }

  function patientName() {
    const n = state.patient?.name?.[0];
    return n ? n.text || [...(n.given ?? []), n.family].filter(Boolean).join(' ') : null;
  }

  function addEntry() {
    const text = addText.value.trim();
    if (!text || !editable()) {
      if (!text) addText.focus();
      return;
    }
    const section = M.SECTIONS[state.step].code;
    const next = M.withEntry(state.working, { id: M.newEntryId(), section, text, author: chosenAuthor() });
    addText.value = '';
    state.drafts.delete(section);
    const patientChoice = whoArea.querySelector('#sp-who-patient');
    if (patientChoice) patientChoice.checked = true; // the patient's words are the default for every entry
    commit(next, 'the new words', 'Saved.');
  }

  function changeEntry(entry, text) {
    if (!String(text).trim()) return;
    state.editing = null;
    commit(M.withEntry(state.working, { id: entry.id, text }), 'the change', 'Change saved.');
  }

  function removeEntry(entry) {
    state.removing = null;
    commit(M.withoutEntry(state.working, entry.id), 'the removal', 'Removed and saved.');
  }

  function startPlan() {
    const identifier = M.newPlanIdentifier();
    const plan = M.newPlan({ patientId, encounterId: state.encounter?.id ?? null, identifier });
    state.pending = { plan, base: null, create: true, identifier, what: 'the new plan', done: 'Plan started.', state: 'saving' };
    send();
  }

  function revise() {
    const identifier = M.newPlanIdentifier();
    const plan = M.revision(state.saved, { identifier });
    state.pending = { plan, base: null, create: true, identifier, what: 'the new version', done: 'New version started: change the words together, then agree it.', state: 'saving' };
    send();
  }

  /** Put a change on screen at once, then save it. One change at a time: each starts from the saved version. */
  function commit(next, what, done) {
    if (state.pending && state.pending.state === 'saving') return;
    state.pending = { plan: next, base: state.saved, create: false, what, done, state: 'saving' };
    state.working = next;
    render();
    send();
  }

  async function send() {
    const p = state.pending;
    if (!p) return;
    p.state = 'saving';
    renderSave();
    renderActions();
    try {
      let answer;
      if (p.create) {
        answer = await ctx.fhir.post('CarePlan', p.plan, {
          headers: { 'If-None-Exist': M.ifNoneExist(p.identifier), Prefer: 'return=representation' },
          timeoutMs: SAVE_TIMEOUT_MS,
        });
      } else {
        answer = await ctx.fhir.put(`CarePlan/${encodeURIComponent(p.plan.id)}`, p.plan, {
          headers: { 'If-Match': `W/"${p.base.meta.versionId}"`, Prefer: 'return=representation' },
          timeoutMs: SAVE_TIMEOUT_MS,
        });
      }
      const stored = answer.body?.resourceType === 'CarePlan' ? answer.body : await ctx.fhir.read('CarePlan', p.plan.id ?? referenceKey(answer.location)?.split('/')[1]);
      saved(p, stored);
    } catch (error) {
      if (state.destroyed || state.pending !== p) return;
      if (!p.create && error.kind === 'http' && (error.status === 412 || error.status === 409)) {
        try {
          const current = await ctx.fhir.read('CarePlan', p.plan.id);
          // A retry after a lost answer: the server already holds what was sent.
          if (M.sameContent(current, p.plan)) return saved(p, current);
          return conflict(p, current);
        } catch (again) {
          return failed(p, again);
        }
      }
      failed(p, error);
    }
  }

  function saved(p, stored) {
    state.pending = null;
    state.saved = stored;
    state.working = stored;
    state.plans = [...state.plans.filter((x) => x.id !== stored.id), stored];
    merge.hidden = true;
    if (p.create) {
      state.step = 0;
      load({ background: true }); // the chain of versions (a revision) and authors
    }
    render();
    showSaved(p.done ?? 'Saved.');
  }

  function failed(p, error) {
    const refused = error?.kind === 'http' && error.status >= 400 && error.status < 500 && error.status !== 401 && error.status !== 408 && error.status !== 429;
    p.state = refused ? 'refused' : 'failed';
    p.message = refused
      ? `The server did not accept it: ${operationOutcomeText(error.outcome) || error.message}`
      : error?.kind === 'http' && error.status === 401
        ? 'Your session has ended: sign in again, then try again.'
        : 'There is no connection to the Parity server at the moment.';
    if (error?.sessionEnded) ctx.reportError(error);
    render();
  }

  function undoPending() {
    state.pending = null;
    state.working = state.saved;
    saveStatus.dataset.state = 'idle';
    saveStatus.replaceChildren();
    render();
  }

  // --- Both versions, to merge ------------------------------------------------------------------------
  function conflict(p, current) {
    p.state = 'conflict';
    p.current = current;
    const rows = M.compareVersions(p.plan, current);
    const stateWords = { same: 'The same in both', changed: 'Changed in both', 'only-mine': 'Only in yours', 'only-saved': 'Only in the saved version' };
    const cell = (e) => {
      const td = h('td', {});
      if (!e) td.append(h('span', { class: 'sp-merge__none' }, '—'));
      else {
        const words = h('p', { class: 'sp-entry__words' });
        words.textContent = e.text;
        td.append(words, h('p', { class: 'sp-entry__who' }, `Written by ${label(e.author)}`));
      }
      return td;
    };
    merge.replaceChildren(
      h('h3', { class: 'section-title', id: 'sp-merge-title', tabindex: '-1' }, 'Two versions: yours and the one saved meanwhile'),
      h('p', {}, 'Someone saved this plan while you were writing. Nothing is lost: both versions are below, part by part.'),
      ...rows.map(({ section, rows: list }) =>
        h('div', { class: 'sp-merge__section', dataset: { section: section.code } },
          h('h4', {}, section.title),
          h('table', { class: 'sp-merge__table' },
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Your version'), h('th', { scope: 'col' }, 'Saved version'), h('th', { scope: 'col' }, 'Difference'))),
            h('tbody', {}, list.map((r) => h('tr', { dataset: { state: r.state, entryId: r.id ?? '' } }, cell(r.mine), cell(r.saved), h('td', { class: 'sp-merge__diff' }, stateWords[r.state])))),
          ),
        ),
      ),
      h('div', { class: 'form-actions' },
        h('button', { type: 'button', class: 'button', id: 'sp-merge-keep-both', onclick: () => resolve(p, 'both') }, 'Keep everything from both'),
        h('button', { type: 'button', class: 'button button--secondary', id: 'sp-merge-use-saved', onclick: () => resolve(p, 'saved') }, 'Use the saved version'),
      ),
    );
    merge.hidden = false;
    merge.dataset.state = 'open';
    render();
    merge.querySelector('h3').focus();
  }

  function resolve(p, how) {
    const current = p.current;
    merge.hidden = true;
    merge.dataset.state = 'closed';
    if (how === 'saved') {
      state.pending = null;
      state.saved = current;
      state.working = current;
      render();
      showSaved('Showing the saved version. Your change was not kept.');
      return;
    }
    const next = M.mergeKeepBoth(p.plan, current, p.base);
    state.pending = { plan: next, base: current, create: false, what: 'both versions together', done: 'Both versions kept and saved.', state: 'saving' };
    state.saved = current;
    state.working = next;
    render();
    send();
  }

  // --- Versions ------------------------------------------------------------------------------------
  function renderHistory() {
    const plan = state.saved;
    if (!plan) {
      history.hidden = true;
      return;
    }
    history.hidden = false;
    const chain = M.versionChain(plan, state.plans);
    history.replaceChildren(
      h('h3', { class: 'section-title', id: 'sp-history-title' }, 'Versions of the plan'),
      h('ul', { class: 'sp-history__list', id: 'sp-history-list' },
        chain.map((p) => {
          const f = M.planFacts(p);
          const versions = h('div', { class: 'sp-history__versions', id: `sp-versions-${p.id}` });
          return h('li', { class: 'sp-history__item', dataset: { planId: p.id, status: p.status } },
            h('p', { class: 'sp-history__what' }, `${f.statusWords}: started ${M.longDate(f.created)}${f.agreedAt ? `, agreed ${M.longDate(f.agreedAt)}` : ''}${f.reviewDue ? `, review by ${M.longDate(f.reviewDue)}` : ''}.`),
            h('button', { type: 'button', class: 'button button--secondary button--small', id: `sp-show-versions-${p.id}`, onclick: () => showVersions(p, versions) }, 'Show every saved change'),
            versions,
          );
        }),
      ),
    );
  }

  async function showVersions(plan, area) {
    area.replaceChildren(h('p', { class: 'hint' }, 'Loading…'));
    try {
      const bundle = await ctx.fhir.get(`CarePlan/${encodeURIComponent(plan.id)}/_history?_count=100`, { signal: ctx.signal });
      const list = (bundle.entry ?? []).map((e) => e.resource).filter((r) => r?.resourceType === 'CarePlan');
      area.replaceChildren(
        h('ol', { class: 'sp-versions', reversed: true },
          list.map((v) =>
            h('li', { dataset: { version: v.meta?.versionId ?? '' } },
              h('details', {},
                h('summary', {}, `Saved ${formatDateTime(v.meta?.lastUpdated)} · ${M.STATUS_WORDS[v.status] ?? v.status} · ${M.entriesOf(v).length} entries`),
                ...M.SECTIONS.map((s) => {
                  const entries = M.sectionEntries(v, s.code);
                  if (!entries.length) return null;
                  return h('div', { class: 'sp-versions__section' },
                    h('p', { class: 'sp-versions__title' }, s.title),
                    h('ul', {}, entries.map((e) => {
                      const li = h('li', {});
                      const words = h('span', { class: 'sp-entry__words' });
                      words.textContent = e.text;
                      li.append(words, h('span', { class: 'sp-entry__who' }, ` (${label(e.author)})`));
                      return li;
                    })),
                  );
                }),
              ),
            ),
          ),
        ),
      );
    } catch (error) {
      if (error.aborted) return;
      area.replaceChildren(h('p', { class: 'hint' }, 'The saved changes could not be loaded. Try again.'));
    }
  }

  // --- Controller ------------------------------------------------------------------------------------
  globalThis.addEventListener?.('online', onOnline);
  function onOnline() {
    if (state.pending?.state === 'failed') send();
  }

  return {
    patientLoaded({ patient, encounter }) {
      state.patient = patient;
      state.encounter = encounter;
      state.resources.set(`Patient/${patientId}`, patient);
      if (state.loaded) render();
    },
    shown() {
      if (!state.loaded) load();
    },
    refresh: (options) => (state.loaded ? load(options) : undefined),
    unmount() {
      state.destroyed = true;
      globalThis.removeEventListener?.('online', onOnline);
    },
  };
}
