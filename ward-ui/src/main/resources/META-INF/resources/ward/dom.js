// Minimal DOM building without innerHTML (all data is inserted as text, never as markup).

/**
 * h('a', { href: '#/x', class: 'link', dataset: { id: '1' }, onclick: fn }, 'text', child)
 * Attributes with value false/null/undefined are left out; true gives an empty attribute.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === false || value === null || value === undefined) continue;
    if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** Replace an element's text only when it changed (avoids repeated live-region announcements). */
export function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}
