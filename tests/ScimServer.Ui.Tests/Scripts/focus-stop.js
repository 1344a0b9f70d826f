// The control Tab just focused, as JSON: its name, whether it shows an indicator, and that indicator's contrast with
// the background around the control. Null when focus left the page or came back to a control already visited.
const e = document.activeElement;
if (!e || e === document.body || e.tagName === 'DIALOG' || e.dataset.focusStep) return null;
e.dataset.focusStep = String(++window.__focusSteps);
const style = getComputedStyle(e);
const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
const shadow = style.boxShadow !== 'none';
// An outline drawn inside the control (negative offset) sits on the control's own background.
const around = backgroundOf(parseFloat(style.outlineOffset) < 0 ? e : e.parentElement ?? e);
const outlineColour = parseColour(style.outlineColor);
const name = e.id || e.getAttribute('aria-label') || (e.textContent ?? '').trim().slice(0, 40) || describe(e);
const box = e.getBoundingClientRect();
return JSON.stringify({
  step: window.__focusSteps,
  name,
  position: { left: box.left, top: box.top, right: box.right, bottom: box.bottom },
  indicator: outline || shadow,
  indicatorContrast: outline && outlineColour ? contrast(over(outlineColour, around), around) : 21,
});
