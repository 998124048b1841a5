// Bundles the CLI into dist/ with esbuild: one file to load keeps the pre-commit hook's
// start-up close to Node's own. Code that only some commands need is split into chunks that
// load on first use (cosmiconfig when a config file exists, the YAML parser, SARIF output).
import { build } from 'esbuild';

const started = performance.now();

await build({
  // The history scanner's worker threads load their own entry, beside the CLI's.
  entryPoints: {
    keyfence: 'src/cli/bin.ts',
    'history-worker': 'src/scanners/history-worker.ts',
  },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  legalComments: 'linked',
  logLevel: 'warning',
  // cosmiconfig can load TypeScript configs through the compiler; keyfence offers no .ts
  // config, so the 10 MB compiler stays out of the bundle.
  external: ['typescript'],
  // CommonJS dependencies call require(); give the ESM bundle one.
  banner: {
    js: [
      "import { createRequire as __keyfenceRequire } from 'node:module';",
      'const require = __keyfenceRequire(import.meta.url);',
    ].join('\n'),
  },
});

process.stderr.write(`built dist/ in ${Math.round(performance.now() - started)} ms\n`);
