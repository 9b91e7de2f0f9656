// "Open a patient by NHS number": for a patient who is not on the list (for example one on another
// ward). Searches are narrowed to the user's wards by the server, so when nothing is found and sign-in
// is on, the user is offered break-glass access by NHS number.

import { h, setText } from '../dom.js';
import { matches } from '../fhir.js';
import { NHS_NUMBER_SYSTEM, formatNhsNumber, isValidNhsNumber } from '../format.js';
import { breakGlassPanel } from './break-glass.js';

export function findPatientSection(ctx) {
  const input = h('input', {
    id: 'nhs-search',
    class: 'input nhs-search__input',
    name: 'nhsNumber',
    type: 'text',
    inputmode: 'numeric',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': 'nhs-search-hint nhs-search-message',
  });
  const button = h('button', { type: 'submit', class: 'button button--secondary', id: 'nhs-search-button' }, 'Open');
  const message = h('p', { class: 'form-error', id: 'nhs-search-message', role: 'alert', hidden: true });
  const holder = h('div', { class: 'nhs-search__break-glass' });
  const form = h(
    'form',
    { class: 'nhs-search__form', novalidate: true, role: 'search' },
    h('label', { class: 'field__label', for: 'nhs-search' }, 'Open a patient by NHS number'),
    h('p', { class: 'hint', id: 'nhs-search-hint' }, 'For a patient who is not on this list. 10 digits, for example 943 476 5919.'),
    h('div', { class: 'nhs-search__row' }, input, button),
    message,
  );
  const section = h('section', { class: 'nhs-search', id: 'nhs-search-section', 'aria-label': 'Open a patient by NHS number' }, form, holder);

  function say(text) {
    setText(message, text);
    message.hidden = !text;
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    holder.replaceChildren();
    const digits = input.value.replace(/\s+/g, '');
    if (!isValidNhsNumber(digits)) {
      say('Enter a valid 10-digit NHS number.');
      input.focus();
      return;
    }
    say('');
    button.disabled = true;
    try {
      const bundle = await ctx.fhir.search('Patient', { identifier: `${NHS_NUMBER_SYSTEM}|${digits}`, _count: 2 }, { signal: ctx.signal });
      const found = matches(bundle, 'Patient');
      if (found.length) {
        location.hash = `#/patient/${encodeURIComponent(found[0].id)}`;
        return;
      }
      if (!ctx.auth?.enabled || !ctx.auth.user?.isWardStaff) {
        say(`There is no patient with NHS number ${formatNhsNumber(digits)} on Parity.`);
        return;
      }
      const panel = breakGlassPanel({
        ctx,
        nhsNumber: digits,
        onGranted: ({ patientId }) => {
          location.hash = `#/patient/${encodeURIComponent(patientId)}`;
        },
        onCancel: () => {
          holder.replaceChildren();
          input.focus();
        },
      });
      holder.replaceChildren(panel);
      panel.querySelector('#break-glass-title')?.focus();
    } catch (error) {
      if (error.aborted) return;
      if (error.sessionEnded) say('Your session has ended. Sign in again (banner at the top), then select Open again.');
      else if (error.kind === 'network' || error.kind === 'timeout') say('Cannot reach the Parity server. Check the Wi-Fi connection and try again.');
      else say(`The search did not work. ${error.message}`);
    } finally {
      button.disabled = false;
    }
  });

  return section;
}
