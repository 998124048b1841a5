import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';

import { ACTION_BUILD_OPTIONS } from '../../scripts/build-action.js';
import { tempDir } from '../helpers/git.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ACTION_YML = path.join(ROOT, 'action.yml');
const VALIDATOR = path.join(ROOT, 'node_modules/.bin/action-validator');
const BUNDLE = 'dist/action/index.js';

interface ActionMetadata {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, unknown>;
  runs: { using: string; main: string };
  branding: { icon: string; color: string };
}

function validate(file: string): { code: number; output: string } {
  const result = spawnSync(VALIDATOR, [file], { encoding: 'utf8' });
  return { code: result.status ?? -1, output: result.stdout + result.stderr };
}

describe('action.yml', () => {
  const metadata = parse(readFileSync(ACTION_YML, 'utf8')) as ActionMetadata;

  test('passes the action metadata schema', () => {
    const result = validate(ACTION_YML);
    if (result.code === 0) {
      return;
    }

    // action-validator 0.6.0, the newest release, embeds a schema whose `runs.using` predates
    // node24. Only that error is tolerated: with the runtime swapped, the rest must pass.
    expect(result.output).toContain('"path": "/runs/using"');
    const copy = path.join(tempDir(), 'action.yml');
    writeFileSync(copy, readFileSync(ACTION_YML, 'utf8').replace('using: node24', 'using: node20'));
    const swapped = validate(copy);
    expect(swapped.code, swapped.output).toBe(0);
  });

  test('runs the committed bundle on node24', () => {
    expect(metadata.runs).toEqual({ using: 'node24', main: BUNDLE });
    const tracked = execFileSync('git', ['ls-files', '--', BUNDLE], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(tracked.trim()).toBe(BUNDLE);
  });

  test('declares the inputs and outputs the action reads and writes', () => {
    expect(Object.keys(metadata.inputs).sort()).toEqual(
      ['annotations', 'baseline', 'config', 'fail-on', 'mode', 'sarif-file'].sort(),
    );
    expect(Object.keys(metadata.outputs).sort()).toEqual(['findings', 'sarif-file']);
    expect(metadata.branding).toEqual({ icon: 'shield', color: 'red' });
  });

  test('the committed bundle is built from the current sources', async () => {
    const result = await build({ ...ACTION_BUILD_OPTIONS, write: false, logLevel: 'silent' });
    const built = result.outputFiles?.[0]?.text ?? '';
    const committed = readFileSync(path.join(ROOT, BUNDLE), 'utf8');

    // A plain equality would print half a megabyte on failure; the message says what to do.
    expect(
      built === committed,
      `${BUNDLE} is stale: run \`npm run build:action\` and commit it`,
    ).toBe(true);
  });
});
