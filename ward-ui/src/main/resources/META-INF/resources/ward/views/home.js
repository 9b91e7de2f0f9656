// "Choose a ward" (no ward remembered yet) and "page not found".

import { h } from '../dom.js';

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
  );

  function render() {
    const wards = ctx.wards;
    if (!wards) {
      list.replaceChildren();
      note.textContent =
        ctx.wardsState === 'loading' ? 'Loading the list of wards…' : 'The list of wards could not be loaded.';
      return;
    }
    note.textContent = wards.length ? '' : 'No wards have been set up on the Parity server yet.';
    list.replaceChildren(
      ...wards.map((ward) =>
        h(
          'li',
          {},
          h('a', { class: 'ward-choice', href: `#/ward/${encodeURIComponent(ward.id)}`, dataset: { wardId: ward.id } }, ward.name),
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
