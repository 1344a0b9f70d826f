// Forgets the stops of the previous screen and puts the Tab starting point at the start of what is reachable (the open
// modal dialog, else the document), so the next Tab goes to its first control.
for (const e of document.querySelectorAll('[data-focus-step]')) delete e.dataset.focusStep;
window.__focusSteps = 0;
const root = document.querySelector('dialog[open]') ?? document.body;
const hadTabIndex = root.hasAttribute('tabindex');
if (!hadTabIndex) root.setAttribute('tabindex', '-1');
root.focus({ preventScroll: true });
if (!hadTabIndex) root.removeAttribute('tabindex');
return null;
