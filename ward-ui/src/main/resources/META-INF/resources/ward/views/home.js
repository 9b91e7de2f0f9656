// "Choose a ward" (no ward remembered yet) and "page not found".

import { h } from '../dom.js';
import { findPatientSection } from './find-patient.js';

export function mount(main, route, ctx) {
  if (route.name === 'notFound') {
    ctx.setTitle('Page not found');
    main.append(
      h('h1', { tabindex: '-1' }, 'Page not found'),
      h('p', {}, 'This address does not match a page in Parity.'),
      h('p', {}, h('a', { href: '#/', class: 'button button--secondary' }, 'Go to the ward list')),
    );
    return {};
  }

  ctx.setTitle('Choose a ward');
  const list = h('ul', { class: 'ward-choices', 'aria-label': 'Wards' });
  const note = h('p', { class: 'muted' });
  main.append(
    h('h1', { tabindex: '-1' }, 'Choose a ward'),
    h('p', {}, 'Choose your ward to see its current inpatients. This tablet will remember your choice.'),
    list,
    note,
    findPatientSection(ctx),
  );

  function render() {
    let wards = ctx.wards;
    if (!wards) {
      list.replaceChildren();
      note.textContent =
        ctx.wardsState === 'loading' ? 'Loading the list of wards…' : 'The list of wards could not be loaded.';
      return;
    }
    note.textContent = wards.length ? '' : 'No wards have been set up on the Parity server yet.';
    // Signed in with one ward: that is the ward to open (the choice stays available from the header).
    const mine = ctx.userWardIds ?? [];
    if (mine.length === 1 && !ctx.rememberedWardId() && wards.some((w) => w.id === mine[0])) {
      location.replace(`#/ward/${encodeURIComponent(mine[0])}`);
      return;
    }
    const own = new Set(mine);
    wards = [...wards.filter((w) => own.has(w.id)), ...wards.filter((w) => !own.has(w.id))];
    list.replaceChildren(
      ...wards.map((ward) =>
        h(
          'li',
          {},
          h(
            'a',
            { class: 'ward-choice', href: `#/ward/${encodeURIComponent(ward.id)}`, dataset: { wardId: ward.id } },
            ward.name,
            own.has(ward.id) ? h('span', { class: 'ward-choice__mine' }, ' (your ward)') : null,
          ),
        ),
      ),
    );
  }
  render();

  return {
    wardsChanged: render,
    refresh: async () => render(),
  };
}
