// Runs a TypeScript script of bench/ on Node 20, which cannot run TypeScript itself: esbuild
// bundles it into node_modules/.cache first (a few tens of milliseconds, and packages still
// resolve from there), then it is imported.
// Usage: node bench/run.js bench/content.ts [args...]
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { build } from 'esbuild';

const [entry, ...args] = process.argv.slice(2);
if (entry === undefined) {
  process.stderr.write('usage: node bench/run.js <script.ts> [args...]\n');
  process.exit(2);
}

const cache = path.resolve('node_modules/.cache');
mkdirSync(cache, { recursive: true });
const outdir = mkdtempSync(path.join(cache, 'keyfence-bench-'));
const outfile = path.join(outdir, 'script.mjs');
try {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  process.argv = [process.argv[0], entry, ...args];
  await import(pathToFileURL(outfile).href);
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
