// Bundles the CLI into dist/ with esbuild. The pre-commit hook starts keyfence on every commit,
// so the bundle is shaped for start-up: one CommonJS file, because Node starts its ES module
// loader only for ES modules (about 8 ms here), and one file, so that bin/keyfence.js can hand
// V8 a code cache for all of it (see there). Code that only some commands need (cosmiconfig, the
// YAML parser, SARIF output) is still evaluated on first use only.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

import { build } from 'esbuild';

const started = performance.now();
const outdir = 'dist';

// Output of earlier builds (and the code caches made from them) must not outlive them.
// dist/action/ is the committed Action bundle, built by build-action.js.
mkdirSync(outdir, { recursive: true });
for (const entry of readdirSync(outdir)) {
  if (entry !== 'action') {
    rmSync(path.join(outdir, entry), { recursive: true, force: true });
  }
}

await build({
  // The history scanner's worker threads load their own entry, beside the CLI's.
  entryPoints: {
    keyfence: 'src/cli/bin.ts',
    'history-worker': 'src/scanners/history-worker.ts',
  },
  outdir,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  legalComments: 'linked',
  logLevel: 'warning',
  // cosmiconfig can load TypeScript configs through the compiler; keyfence offers no .ts
  // config, so the 10 MB compiler stays out of the bundle.
  external: ['typescript'],
  // The sources are ES modules and locate files next to themselves with import.meta.url, which
  // CommonJS lacks; each bundle gets its own file URL instead.
  define: { 'import.meta.url': '__keyfenceModuleUrl' },
  banner: {
    js: "const __keyfenceModuleUrl = require('node:url').pathToFileURL(__filename).href;",
  },
});

process.stderr.write(`built dist/ in ${Math.round(performance.now() - started)} ms\n`);
