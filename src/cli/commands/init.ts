import { usageError } from '../../errors.js';
import { installGitHook } from '../../init/git-hook.js';
import { hasHusky, installHuskyHook } from '../../init/husky.js';
import { writeStarterConfig } from '../../init/starter-config.js';
import type { SetupStep } from '../../init/steps.js';
import { requireRepository } from '../../scanners/repository.js';
import type { CliOptions } from '../args.js';
import { EXIT_CLEAN, type CliIO } from '../io.js';

/** Printed when the repository has no husky and no hook was asked for. */
const HOOK_CHOICES = `No pre-commit hook installed yet. Choose how commits run keyfence:
  keyfence init --husky      husky: the hook is committed and npm install sets it up for everyone
  pre-commit framework       add keyfence to .pre-commit-config.yaml (see the README)
  keyfence init --git-hook   a plain pre-commit hook in this clone only
`;

/**
 * `keyfence init`: writes a starter configuration and installs the pre-commit hook. Every step
 * checks what is already there first, so running it again changes nothing.
 */
export async function initCommand(options: CliOptions, io: CliIO): Promise<number> {
  if (options.husky && options.gitHook) {
    throw usageError('choose one of --husky and --git-hook');
  }

  const { root } = await requireRepository(io.cwd, 'init');
  const useHusky = options.husky || (!options.gitHook && hasHusky(root));
  const steps: SetupStep[] = [writeStarterConfig(root)];

  if (useHusky) {
    steps.push(...installHuskyHook(root));
  } else if (options.gitHook) {
    steps.push(await installGitHook(root));
  }

  io.stdout.write(`keyfence init in ${root}\n${formatSteps(steps)}`);
  if (
    useHusky &&
    steps.some((step) => step.file === 'package.json' && step.action !== 'unchanged')
  ) {
    io.stdout.write('Next: run `npm install` so husky sets up the hook.\n');
  }
  if (!useHusky && !options.gitHook) {
    io.stdout.write(HOOK_CHOICES);
  }
  return EXIT_CLEAN;
}

function formatSteps(steps: readonly SetupStep[]): string {
  const width = Math.max(...steps.map((step) => step.file.length));
  return steps
    .map((step) => `  ${step.action.padEnd(9)} ${step.file.padEnd(width)}  ${step.note}\n`)
    .join('');
}
