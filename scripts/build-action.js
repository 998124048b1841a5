// Bundles the GitHub Action into dist/action/index.js, one self-contained file committed to the
// repository: the runner executes it straight from the checkout of the action, with no install
// step. Rebuild after every change to src/ or rules/ (a test fails while the bundle is stale).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** esbuild options for the action bundle; the staleness test builds with the same ones. */
export const ACTION_BUILD_OPTIONS = {
  absWorkingDir: ROOT,
  entryPoints: ['src/action/index.ts'],
  outfile: 'dist/action/index.js',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Licences of the bundled dependencies go at the end of the one file.
  legalComments: 'eof',
  logLevel: 'warning',
  // cosmiconfig can load TypeScript configs through the compiler; the action reads data only.
  external: ['typescript'],
  banner: {
    js: [
      "import { createRequire as __keyfenceRequire } from 'node:module';",
      'const require = __keyfenceRequire(import.meta.url);',
    ].join('\n'),
  },
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await build(ACTION_BUILD_OPTIONS);
  // The bundle is ESM; this keeps it so wherever the folder is copied without the root manifest.
  writeFileSync(path.join(ROOT, 'dist/action/package.json'), '{\n  "type": "module"\n}\n');
  process.stderr.write('built dist/action/index.js\n');
}
