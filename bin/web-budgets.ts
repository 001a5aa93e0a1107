import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * The pages' first-load JavaScript, gzip, from the build's manifest, against its budget: phones on a
 * slow network load the phone pages. Counted: the entry chunk, its route views (the router's direct
 * `import()`s, whichever one the link opens) and everything those import statically. What a view
 * loads later by its own `import()` (ECharts on the console's charts) is not first load.
 * Run by `npm run web:build` after `vite build`; exits 1 when a page is over.
 */
const BUDGETS_KB: Record<string, number> = { leader: 150, resident: 150, console: 600 };

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

const dist = join(import.meta.dirname, '..', 'web', 'dist');
const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8')) as Record<
  string,
  ManifestChunk
>;
const gzipKb = (file: string) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length / 1024;

function withStaticImports(key: string, seen: Set<string>): Set<string> {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const imported of manifest[key]?.imports ?? []) withStaticImports(imported, seen);
  return seen;
}

function firstLoad(entry: string): Set<string> {
  const seen = withStaticImports(entry, new Set());
  for (const view of manifest[entry]?.dynamicImports ?? []) withStaticImports(view, seen);
  return seen;
}

let over = false;
console.log('page       first-load JS (gzip)   budget   CSS (gzip)');
for (const [page, budget] of Object.entries(BUDGETS_KB)) {
  const chunks = [...firstLoad(`${page}/index.html`)].map((key) => manifest[key]);
  const js = chunks.reduce((sum, chunk) => sum + (chunk ? gzipKb(chunk.file) : 0), 0);
  // A stylesheet shared by several chunks loads once.
  const css = [...new Set(chunks.flatMap((chunk) => chunk?.css ?? []))].reduce(
    (sum, file) => sum + gzipKb(file),
    0,
  );
  const verdict = js <= budget ? 'ok' : 'OVER';
  over ||= js > budget;
  console.log(
    `${page.padEnd(10)} ${js.toFixed(1).padStart(8)} KB ${verdict.padStart(10)}   ${String(budget).padStart(4)} KB   ${css.toFixed(1).padStart(6)} KB`,
  );
}
if (over) {
  console.error('A page is over its budget: import components on demand, load heavy views with import().');
  process.exit(1);
}
