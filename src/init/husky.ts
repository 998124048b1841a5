import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { KeyfenceError } from '../errors.js';
import { appendLines, HOOK_COMMAND, runsKeyfence, type SetupStep } from './steps.js';

/** The husky release `keyfence init` adds when the project has none; v9 hooks are plain scripts. */
export const HUSKY_VERSION = '^9.1.7';

const HUSKY_HOOK = '.husky/pre-commit';

/** The slice of package.json that init reads and edits. */
interface Manifest {
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  [key: string]: unknown;
}

/** Whether the project uses husky: a `.husky/` folder or husky among its dependencies. */
export function hasHusky(root: string): boolean {
  if (existsSync(path.join(root, '.husky'))) {
    return true;
  }
  const manifest = readManifest(root);
  return manifest !== undefined && dependsOnHusky(manifest.manifest);
}

/**
 * Adds `npx keyfence staged` to `.husky/pre-commit`, after whatever the hook already runs
 * (husky's own `init` would replace the file), then makes sure package.json installs husky.
 */
export function installHuskyHook(root: string): SetupStep[] {
  const manifest = readManifest(root);
  if (!manifest) {
    throw new KeyfenceError(
      'input',
      `husky needs a package.json, and ${root} has none`,
      'Run `npm init -y` first, or install a plain git hook with `keyfence init --git-hook`.',
    );
  }

  return [writeHuskyHook(root), updateManifest(root, manifest)];
}

function writeHuskyHook(root: string): SetupStep {
  const file = path.join(root, HUSKY_HOOK);
  const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  if (current !== undefined && runsKeyfence(current)) {
    return { file: HUSKY_HOOK, action: 'unchanged', note: 'already runs keyfence' };
  }

  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, appendLines(current ?? '', `${HOOK_COMMAND}\n`), { mode: 0o755 });
  return current === undefined
    ? { file: HUSKY_HOOK, action: 'created', note: `runs \`${HOOK_COMMAND}\`` }
    : { file: HUSKY_HOOK, action: 'updated', note: `runs \`${HOOK_COMMAND}\` after its commands` };
}

function updateManifest(root: string, read: ReadManifest): SetupStep {
  const { manifest, indent, text } = read;
  const changes: string[] = [];

  const prepare = manifest.scripts?.['prepare'];
  if (prepare === undefined || !/\bhusky\b/.test(prepare)) {
    manifest.scripts = { ...manifest.scripts, prepare: prepare ? `${prepare} && husky` : 'husky' };
    changes.push('the "prepare" script');
  }
  if (!dependsOnHusky(manifest)) {
    manifest.devDependencies = { ...manifest.devDependencies, husky: HUSKY_VERSION };
    changes.push(`husky ${HUSKY_VERSION} as a dev dependency`);
  }

  if (changes.length === 0) {
    return { file: 'package.json', action: 'unchanged', note: 'already installs husky' };
  }
  const newline = text.endsWith('\n') ? '\n' : '';
  writeFileSync(
    path.join(root, 'package.json'),
    `${JSON.stringify(manifest, null, indent)}${newline}`,
  );
  return { file: 'package.json', action: 'updated', note: `added ${changes.join(' and ')}` };
}

interface ReadManifest {
  readonly manifest: Manifest;
  /** The file's own indentation, kept when it is written back. */
  readonly indent: string;
  readonly text: string;
}

function readManifest(root: string): ReadManifest | undefined {
  const file = path.join(root, 'package.json');
  if (!existsSync(file)) {
    return undefined;
  }

  const text = readFileSync(file, 'utf8');
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch {
    throw new KeyfenceError(
      'input',
      `${file} is not valid JSON`,
      'Fix it, then run `keyfence init` again.',
    );
  }
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
    throw new KeyfenceError('input', `${file} does not hold a JSON object`);
  }

  // The indentation of the first key: two spaces, four, or a tab.
  const indent = /^([ \t]+)"/m.exec(text)?.[1] ?? '  ';
  return { manifest: manifest as Manifest, indent, text };
}

function dependsOnHusky(manifest: Manifest): boolean {
  return (
    manifest.devDependencies?.['husky'] !== undefined ||
    manifest.dependencies?.['husky'] !== undefined
  );
}
