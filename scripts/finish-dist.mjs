// Finishes a release dist/ after Trunk (scripts/build-release.sh):
// 1. Trunk's inline module script that loads the wasm goes into a file of its
//    own, so the Content-Security-Policy can forbid inline script;
// 2. each page gets that policy as a <meta http-equiv> (CONTENT_SECURITY_POLICY);
// 3. the lab's page also registers the service worker, and dist/sw.js is
//    written from assets/sw.js with the files to precache and a version that
//    changes whenever any of them does.
// Usage: node scripts/finish-dist.mjs DIST

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Only the lab's own files, nothing inline, no eval. WebAssembly compiles
 * only with 'wasm-unsafe-eval' in script-src (CSP Level 3, "can compile
 * WebAssembly bytes"), which allows no JavaScript eval. Images from blob: are
 * a chart's picture being drawn onto a canvas to save it as PNG (src/ui/chart_export.js).
 * frame-ancestors cannot be set from a <meta> (CSP3 §6.1): the lab is
 * meant to be framed by any course page. README, "How to host it", gives the
 * same policy as a header.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' blob:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

// Trunk's --minify writes the page minified (minify-html, which drops the
// quotes an attribute value does not need): `<script type=module>`,
// `<meta charset=utf-8>`; both forms are read.
const INLINE_MODULE = /<script type="?module"?>([\s\S]*?)<\/script>/;
const CHARSET = /<meta charset="?utf-8"?\s*\/?>/i;

const shortHash = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex').slice(0, 16);

/** Moves the page's inline loader into `start-HASH.js`, adds the policy. */
function finishPage(dir, extraScript = '') {
  const page = path.join(dir, 'index.html');
  let html = fs.readFileSync(page, 'utf8');
  const inline = html.match(INLINE_MODULE);
  if (!inline) throw new Error(`${page}: no inline module script from Trunk to move (already finished?)`);
  const code = inline[1].trim() + '\n' + extraScript;
  const name = `start-${shortHash(code)}.js`;
  fs.writeFileSync(path.join(dir, name), code);
  html = html.replace(INLINE_MODULE, `<script type="module" src="./${name}"></script>`);
  if (!CHARSET.test(html)) throw new Error(`${page}: no <meta charset> to put the policy after`);
  html = html.replace(CHARSET,
    (charset) => `${charset}\n    <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`);
  if (/<script(?![^>]*\bsrc=)[^>]*>/.test(html)) throw new Error(`${page}: an inline script is left`);
  fs.writeFileSync(page, html);
}

/** Every file under `dir`, relative to it, with '/' separators, sorted. */
function filesUnder(dir, skip) {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath ?? entry.path, entry.name)).split(path.sep).join('/'))
    .filter((file) => !skip(file))
    .sort();
}

function writeServiceWorker(dist, root) {
  // The benchmark page (bench/ and its messages) is not precached: 500 KB
  // that learners seldom open (sw.js keeps it once it has been opened).
  const files = filesUnder(dist, (file) => /^(bench|locales\/bench)\//.test(file) || file === 'sw.js');
  const version = crypto.createHash('sha256');
  for (const file of files) version.update(file).update('\0').update(fs.readFileSync(path.join(dist, file)));
  const source = fs.readFileSync(path.join(root, 'assets', 'sw.js'), 'utf8')
    .replace('__VERSION__', version.digest('hex').slice(0, 16))
    .replace('__FILES__', JSON.stringify(['./', ...files], null, 2));
  fs.writeFileSync(path.join(dist, 'sw.js'), source);
  return files.length;
}

const dist = path.resolve(process.argv[2] ?? 'dist');
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
finishPage(dist, fs.readFileSync(path.join(root, 'assets', 'offline.js'), 'utf8'));
if (fs.existsSync(path.join(dist, 'bench', 'index.html'))) finishPage(path.join(dist, 'bench'));
const count = writeServiceWorker(dist, root);
console.log(`dist finished: loaders in files, the Content-Security-Policy in the pages, sw.js precaching ${count} files`);
