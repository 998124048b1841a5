import type { Severity } from '../engine/types.js';
import { KeyfenceError } from '../errors.js';

/** What the action scans: the commits a pull request adds, the whole history, or the tree. */
export type ActionMode = 'pull-request' | 'history' | 'scan';

const MODES: readonly ActionMode[] = ['pull-request', 'history', 'scan'];
const SEVERITIES: readonly Severity[] = ['error', 'warning', 'note'];

/** The inputs declared in action.yml, checked. */
export interface ActionInputs {
  readonly mode: ActionMode;
  /** A config file path relative to the workspace; undefined means "search as the CLI does". */
  readonly config: string | undefined;
  readonly baseline: string | undefined;
  readonly failOn: Severity | undefined;
  /** Where the SARIF log goes; undefined when the input is empty. */
  readonly sarifFile: string | undefined;
  readonly annotations: boolean;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The runner passes input `fail-on` as the variable `INPUT_FAIL-ON`: the name upper-cased with
 * spaces turned into underscores, hyphens kept.
 */
export function getInput(env: Env, name: string): string {
  return (env[`INPUT_${name.replaceAll(' ', '_').toUpperCase()}`] ?? '').trim();
}

/** Reads and checks every input; the mode defaults to `pull-request` on pull request events. */
export function readInputs(env: Env): ActionInputs {
  const event = env['GITHUB_EVENT_NAME'] ?? '';
  const isPullRequest = event === 'pull_request' || event === 'pull_request_target';
  const mode = getInput(env, 'mode') || (isPullRequest ? 'pull-request' : 'scan');
  const failOn = getInput(env, 'fail-on');
  const annotations = getInput(env, 'annotations') || 'true';

  if (!(MODES as readonly string[]).includes(mode)) {
    throw inputError('mode', mode, MODES);
  }
  if (failOn !== '' && !(SEVERITIES as readonly string[]).includes(failOn)) {
    throw inputError('fail-on', failOn, SEVERITIES);
  }
  if (annotations !== 'true' && annotations !== 'false') {
    throw inputError('annotations', annotations, ['true', 'false']);
  }

  return {
    mode: mode as ActionMode,
    config: getInput(env, 'config') || undefined,
    baseline: getInput(env, 'baseline') || undefined,
    failOn: failOn === '' ? undefined : (failOn as Severity),
    sarifFile: getInput(env, 'sarif-file') || undefined,
    annotations: annotations === 'true',
  };
}

function inputError(name: string, value: string, allowed: readonly string[]): KeyfenceError {
  return new KeyfenceError(
    'usage',
    `the input "${name}" must be one of ${allowed.join(', ')} (got "${value}")`,
    `Fix \`${name}:\` under \`with:\` in the workflow.`,
  );
}
