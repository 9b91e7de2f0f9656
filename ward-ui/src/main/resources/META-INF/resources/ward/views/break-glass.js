// Break-glass: opening the record of a patient who is not on the user's wards, in an emergency.
// The server allows it for a limited time after POST Patient/{id}/$break-glass (or Patient/$break-glass
// with the NHS number) with a reason; the access is recorded and the ward manager and auditor are told.
// The times granted are kept for this tab (sessionStorage) so the patient page can say until when.

import { h, setText } from '../dom.js';
import { idFromReference, operationOutcomeText } from '../fhir.js';
import { formatNhsNumber, formatTime, parseInstant } from '../format.js';

const STORE_KEY = 'parity.ward.breakGlass.v1';
export const MIN_REASON_LENGTH = 10;
export const SUGGESTED_REASONS = [
  'Emergency response on another ward',
  'Patient is being transferred to my ward',
  'Covering another ward this shift',
  'Asked to help by the nurse in charge of the patient’s ward',
];

function readStore() {
  try {
    return JSON.parse(sessionStorage.getItem(STORE_KEY) || '{}') || {};
  } catch {
    return {};
  }
}

/** The break-glass access to a patient granted in this tab: { expires: Date } or null. */
export function breakGlassFor(patientId) {
  const entry = readStore()[patientId];
  const expires = parseInstant(entry?.expires);
  return expires ? { expires, reason: entry.reason } : null;
}

function remember(patientId, expires, reason) {
  const store = readStore();
  store[patientId] = { expires, reason };
  try {
    sessionStorage.setItem(STORE_KEY, JSON.stringify(store));
  } catch {
    /* the banner will not know the time; access itself is the server's */
  }
}

function parameter(parameters, name) {
  return (parameters?.parameter ?? []).find((p) => p?.name === name) ?? null;
}

/**
 * The break-glass form. Either patientId (the record answered 403) or nhsNumber (a search by NHS
 * number found nothing on the user's wards). onGranted({ patientId, expires }) after the server agreed;
 * onCancel() when the user goes back.
 */
export function breakGlassPanel({ ctx, patientId = null, nhsNumber = null, onGranted, onCancel }) {
  const title = h('h2', { class: 'break-glass__title', id: 'break-glass-title', tabindex: '-1' }, 'This patient is not on your ward');
  const intro = nhsNumber
    ? h(
        'p',
        {},
        `No patient with NHS number ${formatNhsNumber(nhsNumber)} is on your wards. If you need this patient’s record now, for example in an emergency, you can open it with break-glass access.`,
      )
    : h('p', {}, 'You can only see patients currently admitted to your wards. If you need this record now, for example in an emergency, you can open it with break-glass access.');
  const warning = h(
    'div',
    { class: 'break-glass__warning', id: 'break-glass-warning' },
    h('p', { class: 'break-glass__warning-title' }, 'Before you continue'),
    h(
      'ul',
      {},
      h('li', {}, 'Access lasts a limited time only.'),
      h('li', {}, 'It is recorded with your name and your reason.'),
      h('li', {}, 'Your ward manager and the auditor are told that you opened this record.'),
    ),
  );
  const reason = h('textarea', {
    id: 'break-glass-reason',
    class: 'input textarea break-glass__reason',
    name: 'reason',
    rows: '3',
    required: true,
    minlength: String(MIN_REASON_LENGTH),
    maxlength: '500',
    'aria-describedby': 'break-glass-reason-hint break-glass-error',
  });
  const suggestions = h(
    'div',
    { class: 'break-glass__suggestions', role: 'group', 'aria-label': 'Suggested reasons' },
    SUGGESTED_REASONS.map((text, i) =>
      h('button', { type: 'button', class: 'chip', dataset: { reason: text }, id: `break-glass-suggestion-${i}` }, text),
    ),
  );
  const error = h('p', { class: 'form-error', id: 'break-glass-error', role: 'alert', hidden: true });
  const confirm = h('button', { type: 'submit', class: 'button button--warning', id: 'break-glass-confirm' }, 'Open the record with break-glass access');
  const cancel = h('button', { type: 'button', class: 'button button--secondary', id: 'break-glass-cancel' }, 'Cancel');
  const form = h(
    'form',
    { class: 'break-glass__form', novalidate: true },
    h('label', { class: 'field__label', for: 'break-glass-reason' }, 'Why do you need this record? (required)'),
    h('p', { class: 'hint', id: 'break-glass-reason-hint' }, `Write the reason in your own words (at least ${MIN_REASON_LENGTH} characters), or choose one and add to it.`),
    suggestions,
    reason,
    error,
    h('div', { class: 'form-actions' }, confirm, cancel),
  );
  const panel = h(
    'section',
    { class: 'break-glass', id: 'break-glass', 'aria-labelledby': 'break-glass-title', dataset: { patientId: patientId ?? '', nhsNumber: nhsNumber ?? '' } },
    title,
    intro,
    warning,
    form,
  );

  suggestions.addEventListener('click', (event) => {
    const chip = event.target.closest('button[data-reason]');
    if (!chip) return;
    reason.value = chip.dataset.reason;
    reason.focus();
  });
  cancel.addEventListener('click', () => onCancel?.());

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = reason.value.trim();
    if (text.length < MIN_REASON_LENGTH) {
      setText(error, `Write why you need this record (at least ${MIN_REASON_LENGTH} characters).`);
      error.hidden = false;
      reason.focus();
      return;
    }
    error.hidden = true;
    confirm.disabled = true;
    setText(confirm, 'Asking for access…');
    try {
      const params = [{ name: 'reason', valueString: text }];
      if (!patientId) params.push({ name: 'nhsNumber', valueString: String(nhsNumber).replace(/\s+/g, '') });
      const url = patientId ? `Patient/${encodeURIComponent(patientId)}/$break-glass` : 'Patient/$break-glass';
      const { body } = await ctx.fhir.post(url, { resourceType: 'Parameters', parameter: params }, { signal: ctx.signal });
      const expires = parameter(body, 'expires')?.valueInstant ?? null;
      const granted = patientId ?? idFromReference(parameter(body, 'patient')?.valueReference?.reference, 'Patient');
      if (!granted) throw new Error('The server did not say which patient’s record was opened.');
      remember(granted, expires, text);
      ctx.announce(`Break-glass access granted${expires ? ` until ${formatTime(expires)}` : ''}.`);
      onGranted?.({ patientId: granted, expires });
    } catch (failure) {
      if (failure.aborted) return;
      let message;
      if (failure.sessionEnded) message = 'Your session has ended. Sign in again (banner at the top), then confirm again. Your reason is kept here.';
      else if (failure.notFound) message = nhsNumber ? `There is no patient with NHS number ${formatNhsNumber(nhsNumber)} on Parity.` : 'This patient is not on Parity.';
      else if (failure.forbidden) message = `Break-glass access was refused. ${operationOutcomeText(failure.outcome)}`.trim();
      else if (failure.kind === 'network' || failure.kind === 'timeout') message = 'Cannot reach the Parity server. Check the Wi-Fi connection and try again.';
      else message = `Access was not granted. ${operationOutcomeText(failure.outcome) || failure.message}`;
      setText(error, message);
      error.hidden = false;
    } finally {
      confirm.disabled = false;
      setText(confirm, 'Open the record with break-glass access');
    }
  });

  return panel;
}

/** The persistent banner on a patient page opened with break-glass access. */
export function breakGlassBanner(patientId, now = new Date()) {
  const access = breakGlassFor(patientId);
  if (!access) return null;
  const ended = access.expires.getTime() <= now.getTime();
  return h(
    'div',
    { class: `break-glass-banner${ended ? ' break-glass-banner--ended' : ''}`, id: 'break-glass-banner', role: 'status' },
    h(
      'p',
      { class: 'break-glass-banner__title' },
      ended ? `Break-glass access ended at ${formatTime(access.expires)}` : `Break-glass access until ${formatTime(access.expires)}`,
    ),
    h('p', { class: 'break-glass-banner__text' }, 'This patient is not on your ward. Your access is recorded and reported to your ward manager and the auditor.'),
  );
}
