// Saving what the page makes as a file (src/ui/download.rs: a chart's
// CSV, the event list's capture, the sandbox's network): a Blob and an
// <a download>; a chart's picture (src/ui/chart.rs) and the sandbox's
// stage, drawn onto a canvas at twice their size on screen; and the stage
// as an SVG file that stands alone. Nothing here is inline or evaluated,
// so the page's Content-Security-Policy holds (images from blob: are
// allowed for this).

const SCALE = 2;
// A white margin around the picture, in CSS pixels.
const MARGIN = 8;
// What the stylesheet gives a chart's shapes and words, copied onto the
// copy of the SVG as presentation attributes: an SVG drawn as an image
// sees no stylesheet of the page.
const PAINT = ['fill', 'stroke', 'stroke-width', 'stroke-linejoin', 'stroke-linecap',
  'stroke-dasharray', 'opacity', 'fill-opacity', 'stroke-opacity', 'paint-order', 'display',
  'visibility', 'font-family', 'font-size', 'font-weight', 'font-style', 'text-anchor',
  'dominant-baseline'];
const SVG_NS = 'http://www.w3.org/2000/svg';

function save(name, blob) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own reference by then; a minute is generous.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Offers `data` (text, or bytes in a Uint8Array) as the file `name`. */
export function saveFile(name, data, type) {
  save(name, new Blob([data], { type }));
}

/** An SVG as it looks on screen, standing alone; on `background` if given
 * (a colour), which fills its view box. */
function standalone(svg, width, height, background) {
  const copy = svg.cloneNode(true);
  const originals = [svg, ...svg.querySelectorAll('*')];
  [copy, ...copy.querySelectorAll('*')].forEach((element, i) => {
    const style = getComputedStyle(originals[i]);
    for (const property of PAINT) element.setAttribute(property, style.getPropertyValue(property));
  });
  if (background) {
    // What shows on screen, in the drawing's units: the view box and the
    // room its aspect ratio leaves beside it, all of it on the background.
    const toUser = svg.getScreenCTM().inverse();
    const { left, top, right, bottom } = svg.getBoundingClientRect();
    const from = new DOMPoint(left, top).matrixTransform(toUser);
    const to = new DOMPoint(right, bottom).matrixTransform(toUser);
    const area = { x: from.x, y: from.y, width: to.x - from.x, height: to.y - from.y };
    copy.setAttribute('viewBox', `${area.x} ${area.y} ${area.width} ${area.height}`);
    const rect = document.createElementNS(SVG_NS, 'rect');
    Object.entries({ ...area, fill: background }).forEach(([k, v]) => rect.setAttribute(k, v));
    copy.prepend(rect);
  }
  copy.setAttribute('xmlns', SVG_NS);
  copy.setAttribute('width', width);
  copy.setAttribute('height', height);
  return new XMLSerializer().serializeToString(copy);
}

/** The colour behind `element` on screen: its own, or the first of its
 * ancestors' that is not transparent; white if none is. */
function backgroundOf(element) {
  for (let node = element; node instanceof Element; node = node.parentElement) {
    const colour = getComputedStyle(node).backgroundColor;
    if (colour && colour !== 'transparent' && !/^rgba\(.*,\s*0\)$/.test(colour)) return colour;
  }
  return '#fff';
}

function image(url) {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('the chart could not be drawn'));
    img.src = url;
  });
}

/** The figure around `button`: its title, its SVG, its legend, on white. */
export async function savePng(button, name) {
  const figure = button.closest('figure');
  const svg = figure.querySelector('svg');
  const { width, height } = svg.getBoundingClientRect();
  const caption = figure.querySelector('figcaption');
  const legend = [...figure.querySelectorAll('.chart-legend li')];
  const line = 16;
  const top = caption ? line + 4 : 0;
  const canvas = document.createElement('canvas');
  canvas.width = Math.round((width + 2 * MARGIN) * SCALE);
  canvas.height = Math.round((top + height + legend.length * line + 2 * MARGIN) * SCALE);
  const context = canvas.getContext('2d');
  context.fillStyle = '#fff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.scale(SCALE, SCALE);
  context.translate(MARGIN, MARGIN);
  context.textBaseline = 'middle';
  if (caption) {
    const style = getComputedStyle(caption);
    context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    context.fillStyle = style.color;
    context.fillText(caption.textContent, 0, line / 2 + 2, width);
  }
  const url = URL.createObjectURL(new Blob([standalone(svg, width, height)], { type: 'image/svg+xml' }));
  try {
    context.drawImage(await image(url), 0, top, width, height);
  } finally {
    URL.revokeObjectURL(url);
  }
  legend.forEach((item, i) => {
    const y = top + height + 4 + i * line + line / 2;
    const swatch = item.querySelector('.swatch');
    context.fillStyle = swatch?.querySelector('rect').getAttribute('fill') ?? '#000';
    if (swatch?.classList.contains('dot')) {
      context.beginPath();
      context.arc(5, y, 3, 0, 2 * Math.PI);
      context.fill();
    } else {
      context.fillRect(0, y - 1.5, 10, 3);
    }
    const style = getComputedStyle(item);
    context.font = `${style.fontSize} ${style.fontFamily}`;
    context.fillStyle = style.color;
    context.fillText(item.textContent, 14, y, width - 14);
  });
  canvas.toBlob((blob) => save(name, blob), 'image/png');
}

/** The sandbox's stage (`svg`) as the file `name`: an SVG that opens in a
 * viewer as it looks on screen (its styles copied onto its shapes). */
export function saveSvg(svg, name) {
  const { width, height } = svg.getBoundingClientRect();
  const text = standalone(svg, width, height, backgroundOf(svg));
  saveFile(name, `<?xml version="1.0" encoding="UTF-8"?>\n${text}`, 'image/svg+xml');
}

/** The same drawn at twice its size on screen, as the PNG file `name`. */
export async function saveSvgPng(svg, name) {
  const { width, height } = svg.getBoundingClientRect();
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * SCALE);
  canvas.height = Math.round(height * SCALE);
  const blob = new Blob([standalone(svg, width, height, backgroundOf(svg))], { type: 'image/svg+xml' });
  const url = URL.createObjectURL(blob);
  try {
    canvas.getContext('2d').drawImage(await image(url), 0, 0, canvas.width, canvas.height);
  } finally {
    URL.revokeObjectURL(url);
  }
  canvas.toBlob((png) => save(name, png), 'image/png');
}
