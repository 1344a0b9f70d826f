// Every visible text of the screen (of the open modal dialog, the rest being behind its backdrop) whose colour has less
// than 4.5:1 contrast (WCAG 1.4.3 AA) with the background it is drawn on. Disabled controls are exempt (1.4.3).
const root = document.querySelector('dialog[open]') ?? document.body;
const failures = [];
const check = (element, colourText, what) => {
  const background = backgroundOf(element);
  const colour = parseColour(colourText);
  if (!colour) return;
  const ratio = contrast(over(colour, background), background);
  if (ratio < 4.5) {
    failures.push(`${describe(element)} "${what.slice(0, 40)}": ${colourText} on rgb(${background.slice(0, 3).join(', ')}) is ${ratio.toFixed(2)}:1`);
  }
};
for (const element of root.querySelectorAll('*')) {
  if (element.closest('[hidden], .visually-hidden, script, style, option, template') || element.matches(':disabled')) continue;
  const style = getComputedStyle(element);
  const box = element.getBoundingClientRect();
  if (style.visibility === 'hidden' || box.width === 0 || box.height === 0 || box.right < 0) continue;
  const text = [...element.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join('').trim();
  if (text) check(element, style.color, text);
  if (element.matches('select') && element.selectedOptions.length) check(element, style.color, element.selectedOptions[0].text);
  if (element.matches('input:not([type=checkbox]):not([type=radio]):not([type=file])')) {
    if (element.value) check(element, style.color, element.value);
    else if (element.placeholder) check(element, getComputedStyle(element, '::placeholder').color, element.placeholder);
  }
  if (element.matches('input[type=file]')) check(element, style.color, 'file input');
}
return failures;
