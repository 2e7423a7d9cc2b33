// What "fits" means on a screen, read from the page itself: no machine's
// name or address cut by the stage's edge or lying on another machine's, and
// no control cut by the screen's edge, spilling its own box, or lying on
// another control. Used by e2e/fit.test.mjs on phones, tablets and laptops.

/** Runs in the page; returns one line per problem found. */
export function layoutProblems() {
  const problems = [];
  const box = (element) => element.getBoundingClientRect();
  const name = (element) =>
    (element.getAttribute('aria-label') || element.textContent || element.tagName).trim().replace(/\s+/g, ' ').slice(0, 40);
  const overlap = (a, b) =>
    Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 &&
    Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
  const inside = (inner, outer) =>
    inner.left >= outer.left - 1 && inner.right <= outer.right + 1 &&
    inner.top >= outer.top - 1 && inner.bottom <= outer.bottom + 1;
  const shown = (element) => {
    const rect = box(element);
    // A row the browser skips (`content-visibility: auto`, out of its list's
    // sight) is neither drawn nor placed where it will be.
    return rect.width > 0 && rect.height > 0 &&
      element.checkVisibility({ contentVisibilityAuto: true, visibilityProperty: true });
  };

  // The stage: what its window clips, and what lies outside the drawing's
  // own area (on another screen's shape the window would clip it).
  const stage = document.querySelector('.stage:not(.hidden) .drawing');
  const svg = stage?.querySelector('svg');
  if (stage && svg && shown(stage)) {
    const seen = box(stage.parentElement);
    const { x, y, width, height } = svg.viewBox.baseVal;
    const matrix = svg.getScreenCTM();
    const corner = (u, v) => new DOMPoint(u, v).matrixTransform(matrix);
    const [from, to] = [corner(x, y), corner(x + width, y + height)];
    const window = {
      left: Math.max(seen.left, from.x), top: Math.max(seen.top, from.y),
      right: Math.min(seen.right, to.x), bottom: Math.min(seen.bottom, to.y),
    };
    const nodes = [...stage.querySelectorAll('g.node')];
    const words = nodes.flatMap((node, index) =>
      [...node.querySelectorAll('text')]
        .filter((text) => !text.closest('.loopback') && text.textContent.trim() !== '')
        .map((text) => ({ index, text, rect: box(text) })));
    const icons = nodes.map((node, index) => ({ index, node, rect: box(node.querySelector('.icon')) }));
    for (const { text, rect } of words) {
      if (!inside(rect, window)) problems.push(`stage: "${text.textContent}" is cut by the stage's edge`);
    }
    for (let i = 0; i < words.length; i += 1) {
      for (let j = i + 1; j < words.length; j += 1) {
        if (words[i].index !== words[j].index && overlap(words[i].rect, words[j].rect)) {
          problems.push(`stage: "${words[i].text.textContent}" lies on "${words[j].text.textContent}"`);
        }
      }
      for (const icon of icons) {
        if (icon.index !== words[i].index && overlap(words[i].rect, icon.rect)) {
          problems.push(`stage: "${words[i].text.textContent}" lies on ${name(icon.node)}'s drawing`);
        }
      }
    }
  }

  // The controls: every button, field, link and tab the learner can reach.
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > width + 1) {
    problems.push(`page: ${document.documentElement.scrollWidth} px wide on a ${width} px screen`);
  }
  // A row of a list that scrolls is meant to pass out of sight.
  const scrolledWithin = (element, panel) => {
    for (let at = element.parentElement; at && at !== panel; at = at.parentElement) {
      if (getComputedStyle(at).overflowY !== 'visible') return true;
    }
    return false;
  };
  const controls = [...document.querySelectorAll('button, select, input, textarea, label, a[href], [role="tab"], summary')]
    .filter((element) => shown(element) && !element.closest('svg'));
  const rects = controls.map(box);
  // On a touch screen, WCAG 2.2's 2.5.8: every target at least 24 × 24 px
  // (a link inside a sentence is exempt).
  const touch = matchMedia('(pointer: coarse)').matches;
  controls.forEach((control, i) => {
    const rect = rects[i];
    const target = control.tagName !== 'LABEL' && !(control.tagName === 'A' && control.closest('p'));
    if (touch && target && (rect.width < 23.5 || rect.height < 23.5)) {
      problems.push(`control: "${name(control)}" is ${Math.round(rect.width)} × ${Math.round(rect.height)} px, too small to tap`);
    }
    if (rect.left < -1 || rect.right > width + 1) problems.push(`control: "${name(control)}" is cut by the screen's edge`);
    const panel = control.parentElement.closest('.card, section, .controls');
    if (panel && !inside(rect, box(panel)) && !scrolledWithin(control, panel)) {
      problems.push(`control: "${name(control)}" runs out of its panel`);
    }
    const clipped = control.tagName !== 'INPUT' && control.tagName !== 'SELECT' &&
      (control.scrollWidth > control.clientWidth + 1 || control.scrollHeight > control.clientHeight + 1);
    if (clipped && getComputedStyle(control).overflow !== 'visible') {
      problems.push(`control: "${name(control)}" spills out of its box`);
    }
    for (let j = i + 1; j < controls.length; j += 1) {
      const other = controls[j];
      if (control.contains(other) || other.contains(control)) continue;
      if (overlap(rect, rects[j])) problems.push(`control: "${name(control)}" lies on "${name(other)}"`);
    }
  });
  return problems;
}
