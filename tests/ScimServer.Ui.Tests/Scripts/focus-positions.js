// Where each visited control still on the page is, by step, read in one go so that all positions share one scroll state.
const stops = [...document.querySelectorAll('[data-focus-step]')].sort((a, b) => a.dataset.focusStep - b.dataset.focusStep);
return JSON.stringify(stops.map((e) => {
  const r = e.getBoundingClientRect();
  return { step: Number(e.dataset.focusStep), left: r.left, top: r.top, right: r.right, bottom: r.bottom };
}));
