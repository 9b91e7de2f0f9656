// The patient's own printed copy of a safety plan (#/print/safety-plan/{id}): A4, large clear type,
// their words by part, who wrote each, when it was agreed and when to look at it again. No app chrome,
// no jargon, no scores. Printing records a $share to the patient with channel "Printed copy".

import { h, setText } from '../dom.js';
import { indexResources, operationOutcomeText, referenceKey } from '../fhir.js';
import * as M from '../safety-plan-model.js';

export function mount(main, route, ctx) {
  document.body.classList.add('print-mode');
  ctx.setTitle('My safety plan');
  const status = h('p', { class: 'sp-print__status', id: 'sp-print-status', role: 'status', 'aria-live': 'polite' });
  const printButton = h('button', { type: 'button', class: 'button', id: 'sp-print-now', disabled: true }, 'Print');
  const back = h('a', { class: 'button button--secondary', id: 'sp-print-back', href: '#/' }, 'Back to the plan');
  const sheet = h('article', { class: 'sp-sheet', id: 'sp-sheet', dataset: { state: 'loading' } }, h('p', {}, 'Loading the plan…'));
  main.append(h('div', { class: 'sp-print__bar no-print' }, printButton, back, status), sheet);

  let plan = null;
  let patientId = null;
  let destroyed = false;

  async function load() {
    try {
      plan = await ctx.fhir.read('CarePlan', route.planId, { signal: ctx.signal });
      patientId = referenceKey(plan.subject?.reference)?.split('/')[1] ?? null;
      back.href = `#/patient/${encodeURIComponent(patientId)}/safety-plan`;
      const resources = new Map();
      const authors = M.entriesOf(plan).map((e) => referenceKey(e.author?.reference)).filter(Boolean);
      const ids = (type) => [...new Set(authors.filter((k) => k.startsWith(`${type}/`)).map((k) => k.split('/')[1]))];
      const work = [ctx.fhir.read('Patient', patientId, { signal: ctx.signal }).then((p) => resources.set(`Patient/${patientId}`, p))];
      for (const type of ['Practitioner', 'RelatedPerson']) {
        if (ids(type).length) {
          work.push(ctx.fhir.search(type, { _id: ids(type).join(','), _count: 50 }, { signal: ctx.signal }).then((b) => {
            for (const [k, r] of indexResources(b)) resources.set(k, r);
          }));
        }
      }
      await Promise.allSettled(work);
      if (destroyed) return;
      render(resources);
      printButton.disabled = false;
    } catch (error) {
      if (error.aborted || destroyed) return;
      sheet.dataset.state = 'error';
      sheet.replaceChildren(h('p', {}, 'The plan could not be loaded. Check the Wi-Fi connection and try again.'));
    }
  }

  function render(resources) {
    const model = M.printModel(plan, resources, patientId);
    const f = model.facts;
    const patient = resources.get(`Patient/${patientId}`);
    const n = patient?.name?.[0];
    const name = n ? n.text || [...(n.given ?? []), n.family].filter(Boolean).join(' ') : '';
    const dates = [];
    if (f.status === 'draft') dates.push('Not agreed yet: this is a draft.');
    if (f.agreedAt) dates.push(`Agreed on ${M.longDate(f.agreedAt)}.`);
    if (f.reviewedAt) dates.push(`Last looked at together on ${M.longDate(f.reviewedAt)}.`);
    if (f.reviewDue) dates.push(`We will look at it again together by ${M.longDate(f.reviewDue)}.`);
    sheet.dataset.state = 'loaded';
    sheet.dataset.planId = plan.id;
    sheet.replaceChildren(
      h('header', { class: 'sp-sheet__head' },
        h('h1', { class: 'sp-sheet__title', tabindex: '-1' }, 'My safety plan'),
        name ? h('p', { class: 'sp-sheet__name' }, name) : null,
        ...dates.map((d) => h('p', { class: 'sp-sheet__date' }, d)),
      ),
      ...model.sections.map((s, i) =>
        h('section', { class: 'sp-sheet__section', dataset: { section: s.code } },
          h('h2', { class: 'sp-sheet__part' }, `${i + 1}. ${s.title}`),
          s.entries.length
            ? h('ul', { class: 'sp-sheet__entries' }, s.entries.map((e) => {
                const words = h('p', { class: 'sp-sheet__words' });
                words.textContent = e.text; // exactly as written
                return h('li', {}, words, h('p', { class: 'sp-sheet__who' }, `Written by ${e.who}`));
              }))
            : h('p', { class: 'sp-sheet__empty' }, 'Nothing written here yet.'),
        ),
      ),
      h('footer', { class: 'sp-sheet__foot' }, 'If you are in danger now, call 999 or go to A&E.'),
    );
  }

  async function print() {
    printButton.disabled = true;
    setText(status, 'Recording the printed copy…');
    status.dataset.state = 'sending';
    try {
      const answer = await ctx.fhir.post(
        `CarePlan/${encodeURIComponent(plan.id)}/$share`,
        M.shareParameters({ recipient: `Patient/${patientId}`, channel: 'Printed copy' }),
        { timeoutMs: 20_000 },
      );
      const comm = M.sharedCommunication(answer.body);
      status.dataset.state = 'recorded';
      status.dataset.communication = comm ?? '';
      setText(status, 'The printed copy is recorded.');
    } catch (error) {
      status.dataset.state = 'not-recorded';
      setText(status, `Printing, but the printed copy could not be recorded: ${error.kind === 'http' ? operationOutcomeText(error.outcome) || error.message : 'no connection to the Parity server'}. Select Print again later to record it.`);
    } finally {
      printButton.disabled = false;
    }
    // The patient gets their copy even when recording it failed.
    window.print();
  }

  printButton.addEventListener('click', print);
  load();

  return {
    unmount() {
      destroyed = true;
      document.body.classList.remove('print-mode');
    },
  };
}
