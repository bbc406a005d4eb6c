// A layout audit run inside the chat page (the Chromium tier and the real VS Code's webview frame): every
// visible control must lie inside the viewport, inside its container (composer box, code block, history
// row, message, notice) and inside any ancestor that clips; a button's content must fit it (no text
// spilling out or wrapping into a taller button); no two composer controls overlap; the model picker
// must not shrink to a sliver.
// A plain string so that it can be handed to page.evaluate / frame.evaluate unchanged (no compiled helpers).

export interface LayoutProblem {
  what: string;
  problem: string;
}

export const LAYOUT_AUDIT = `(() => {
  const problems = [];
  const describe = (el) => {
    const name = el.getAttribute('aria-label') || el.getAttribute('title') || (el.textContent || '').trim().slice(0, 30);
    return el.localName + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') + (name ? ' "' + name + '"' : '');
  };
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return false;
    const cs = getComputedStyle(el);
    return cs.visibility !== 'hidden' && cs.display !== 'none';
  };
  const tol = 0.75;
  const W = document.documentElement.clientWidth;
  const controls = Array.from(document.querySelectorAll('button, select, input, textarea, .chip, .model-picker, .code-toolbar, .history-item'));
  for (const el of controls) {
    if (!visible(el)) continue;
    const r = el.getBoundingClientRect();
    const what = describe(el);
    if (r.left < -tol || r.right > W + tol) problems.push({ what, problem: 'outside the page: ' + Math.round(r.left) + '..' + Math.round(r.right) + ' of ' + W });
    const box = el.parentElement && el.parentElement.closest('.input-box, .code-block, .history-item, .message, .notice, .setup-card, .history-header');
    if (box) {
      const b = box.getBoundingClientRect();
      if (r.left < b.left - tol || r.right > b.right + tol || r.top < b.top - tol || r.bottom > b.bottom + tol) {
        problems.push({ what, problem: 'sticks out of its ' + box.className.split(' ')[0] + ': ' + JSON.stringify([Math.round(r.left), Math.round(r.top), Math.round(r.right), Math.round(r.bottom)]) + ' vs ' + JSON.stringify([Math.round(b.left), Math.round(b.top), Math.round(b.right), Math.round(b.bottom)]) });
      }
    }
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const cs = getComputedStyle(a);
      if (cs.overflowX === 'visible' && cs.overflowY === 'visible') continue;
      const b = a.getBoundingClientRect();
      if (r.left < b.left - tol || r.right > b.right + tol) problems.push({ what, problem: 'clipped by ' + describe(a) });
      break;
    }
    if (el.localName === 'button') {
      if (el.scrollWidth > el.clientWidth + 1) problems.push({ what, problem: 'content wider than the button (' + el.scrollWidth + ' > ' + el.clientWidth + ')' });
      if (r.height > 30 && !el.classList.contains('history-open')) problems.push({ what, problem: 'wrapped: ' + Math.round(r.height) + ' px tall' });
    }
  }
  // Controls of the composer never lie over one another (one inside the other, as the native select
  // over the model picker's face, is meant).
  const composed = controls.filter((el) => visible(el) && el.closest('.input-box'));
  for (let i = 0; i < composed.length; i++) {
    for (let j = i + 1; j < composed.length; j++) {
      const a = composed[i], b = composed[j];
      if (a.contains(b) || b.contains(a)) continue;
      const ra = a.getBoundingClientRect(), rb = b.getBoundingClientRect();
      const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
      const hgt = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
      if (w > 1 && hgt > 1) problems.push({ what: describe(a), problem: 'overlaps ' + describe(b) + ' by ' + Math.round(w) + 'x' + Math.round(hgt) + ' px' });
    }
  }
  const picker = document.querySelector('.model-picker');
  const composer = document.querySelector('.input-box');
  if (picker && composer && visible(picker) && visible(composer)) {
    const pw = picker.getBoundingClientRect().width;
    const cw = composer.getBoundingClientRect().width;
    if (pw < Math.min(120, cw * 0.5)) problems.push({ what: 'model picker', problem: 'a sliver: ' + Math.round(pw) + ' px of ' + Math.round(cw) });
  }
  return problems;
})()`;
