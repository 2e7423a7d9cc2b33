// Saving what the page makes as a file (src/ui/download.rs: a chart's
// CSV, the event list's capture): a Blob and an <a download>; and a
// chart's picture (src/ui/chart.rs), drawn onto a canvas at twice its
// size on screen. Nothing here is inline or evaluated, so the page's
// Content-Security-Policy holds (images from blob: are allowed for this).

const SCALE = 2;
// A white margin around the picture, in CSS pixels.
const MARGIN = 8;
// What the stylesheet gives a chart's shapes and words, copied onto the
// copy of the SVG as presentation attributes: an SVG drawn as an image
// sees no stylesheet of the page.
const PAINT = ['fill', 'stroke', 'stroke-width', 'stroke-linejoin', 'stroke-dasharray', 'opacity',
  'font-family', 'font-size', 'font-weight', 'text-anchor'];

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

/** The chart's SVG as it looks on screen, standing alone. */
function standalone(svg, width, height) {
  const copy = svg.cloneNode(true);
  const originals = [svg, ...svg.querySelectorAll('*')];
  [copy, ...copy.querySelectorAll('*')].forEach((element, i) => {
    const style = getComputedStyle(originals[i]);
    for (const property of PAINT) element.setAttribute(property, style.getPropertyValue(property));
  });
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('width', width);
  copy.setAttribute('height', height);
  return new XMLSerializer().serializeToString(copy);
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
