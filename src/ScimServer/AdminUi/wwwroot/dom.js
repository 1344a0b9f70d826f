// The page's few DOM helpers, shared by its screens.

export const $ = (id) => document.getElementById(id);

/** A table cell; `label` names its column on narrow screens, where rows are shown as cards. */
export function cell(label, content) {
  const td = document.createElement('td');
  td.dataset.label = label;
  td.append(content ?? '');
  return td;
}

export function button(text, className, label, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = className;
  b.textContent = text;
  if (label) b.setAttribute('aria-label', label);
  b.addEventListener('click', onClick);
  return b;
}
