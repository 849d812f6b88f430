// Writes dist/sw.js from scripts/sw.js (the file list and a version hash filled in) and a
// .gz and .br beside every file. Usage: node scripts/finish-dist.mjs DIST
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const dist = process.argv[2];
if (!dist) {
  console.error('usage: node scripts/finish-dist.mjs DIST');
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

// The CSP meta tag allows exactly the inline scripts Trunk wrote into index.html.
const indexPath = join(dist, 'index.html');
const html = readFileSync(indexPath, 'utf8');
const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
const hashes = inline.map((body) => `'sha256-${createHash('sha256').update(body).digest('base64')}'`);
if (!html.includes('INLINE_SCRIPT_HASHES')) {
  console.error('finish-dist: index.html has no INLINE_SCRIPT_HASHES placeholder in its CSP');
  process.exit(1);
}
writeFileSync(indexPath, html.replace('INLINE_SCRIPT_HASHES', hashes.join(' ')));

const files = walk(dist)
  .map((p) => relative(dist, p).split('\\').join('/'))
  .filter((p) => !/\.(gz|br)$/.test(p) && p !== 'sw.js')
  .sort();

const hash = createHash('sha256');
for (const f of files) {
  hash.update(f);
  hash.update(readFileSync(join(dist, f)));
}
const version = hash.digest('hex').slice(0, 16);

const template = readFileSync(join(here, 'sw.js'), 'utf8');
const precache = ['./', ...files.map((f) => `./${f}`)];
const sw = template
  .replace("'__VERSION__'", JSON.stringify(version))
  .replace('[/* __FILES__ */]', JSON.stringify(precache, null, 2));
writeFileSync(join(dist, 'sw.js'), sw);

let count = 0;
for (const f of [...files, 'sw.js']) {
  if (!/\.(html|js|mjs|css|wasm|json|svg)$/.test(f)) continue;
  const body = readFileSync(join(dist, f));
  writeFileSync(join(dist, `${f}.gz`), gzipSync(body, { level: 9 }));
  writeFileSync(
    join(dist, `${f}.br`),
    brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
  );
  count += 1;
}
console.log(`finish-dist: CSP allows ${hashes.length} inline script(s); sw.js version ${version} caches ${precache.length} files; precompressed ${count}`);
