import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { RULES } from '../../rules/index.js';
import { exitStatusOf } from '../cli/output.js';
import { EXIT_ERROR } from '../cli/io.js';
import { KeyfenceError } from '../errors.js';
import { toGithub } from '../reporters/github.js';
import { toSarif } from '../reporters/sarif.js';
import { toJobSummary } from '../reporters/summary.js';
import type { ReportInput } from '../reporters/types.js';
import { requireRepository } from '../scanners/repository.js';
import { VERSION } from '../version.js';
import { settingsFromBase } from './base-settings.js';
import { readInputs, type ActionInputs } from './inputs.js';
import { readPullRequestEvent, resolveCommitRange } from './pull-request.js';
import { ownSettings, scanTarget, type ScanSettings, type ScanTarget } from './scan-target.js';
import { annotation, appendSummary, setOutput } from './workflow-commands.js';

type Env = Readonly<Record<string, string | undefined>>;

/** Where the action writes: stdout carries workflow commands, the runner reads the rest. */
export interface ActionIO {
  readonly env: Env;
  readonly stdout: { write(text: string): unknown };
}

/**
 * The GitHub Action: scans what the mode asks for, annotates the findings, appends the job
 * summary, writes SARIF for code scanning and sets the outputs. Returns the exit status: 1 for
 * findings at or above `fail-on`, 2 when the scan could not run.
 */
export async function runAction(io: ActionIO): Promise<number> {
  try {
    return await scanAndReport(io);
  } catch (cause) {
    const message =
      cause instanceof KeyfenceError ? cause.message : `internal error: ${String(cause)}`;
    const hint = cause instanceof KeyfenceError && cause.hint ? ` ${cause.hint}` : '';
    io.stdout.write(annotation('error', `keyfence: ${message}.${hint}`, { title: 'keyfence' }));
    return EXIT_ERROR;
  }
}

async function scanAndReport(io: ActionIO): Promise<number> {
  const inputs = readInputs(io.env);
  const workspace = io.env['GITHUB_WORKSPACE'] || process.cwd();
  const { root } = await requireRepository(workspace, 'action');
  const plan = await planScan(root, inputs, io.env);

  const scan = await scanTarget(root, plan.target, plan.settings);
  const failOn = inputs.failOn ?? scan.config.failOn;
  const input: ReportInput = {
    secretsShown: false,
    findings: scan.findings,
    stats: scan.stats,
    rules: RULES,
    mode: scan.mode,
    version: VERSION,
    root,
  };

  if (inputs.annotations) {
    io.stdout.write(toGithub(input, { stopToken: randomBytes(16).toString('hex') }));
  }
  appendSummary(io.env['GITHUB_STEP_SUMMARY'], summaryOf(input, plan, io.env));
  const sarifFile = inputs.sarifFile && path.resolve(workspace, inputs.sarifFile);
  if (sarifFile) {
    writeFileSync(sarifFile, toSarif(input));
  }

  const counted = scan.findings.filter((finding) => finding.suppression === undefined);
  setOutput(io.env['GITHUB_OUTPUT'], 'findings', String(counted.length));
  setOutput(io.env['GITHUB_OUTPUT'], 'sarif-file', sarifFile ?? '');
  return exitStatusOf(scan.findings, failOn);
}

/**
 * The job summary: what was scanned, a warning for each of keyfence's files the pull request
 * changes (the scan used the base commit's version), then the reporters' summary of findings.
 */
function summaryOf(input: ReportInput, plan: ScanPlan, env: Env): string {
  const server = (env['GITHUB_SERVER_URL'] || 'https://github.com').replace(/\/+$/, '');
  const repository = env['GITHUB_REPOSITORY'];
  const findings = toJobSummary(input, {
    repositoryUrl: repository ? `${server}/${repository}` : undefined,
    sha: env['GITHUB_SHA'] || undefined,
  });
  const notes = plan.notes.map((note) => `> [!WARNING]\n> ${note}\n\n`).join('');
  return `${findings}\nkeyfence scanned ${plan.scanned}.\n\n${notes}`;
}

interface ScanPlan {
  readonly target: ScanTarget;
  readonly settings: ScanSettings;
  /** What was scanned, for the summary's first line. */
  readonly scanned: string;
  readonly notes: readonly string[];
}

/**
 * Decides what to scan and with which settings. On a pull request the settings always come
 * from the base commit, whatever the mode, so the pull request cannot loosen its own check.
 */
async function planScan(root: string, inputs: ActionInputs, env: Env): Promise<ScanPlan> {
  const isPullRequest =
    inputs.mode === 'pull-request' || env['GITHUB_EVENT_NAME']?.startsWith('pull_request');
  if (!isPullRequest) {
    const target: ScanTarget = inputs.mode === 'history' ? { kind: 'history' } : { kind: 'tree' };
    const scanned = inputs.mode === 'history' ? 'the history' : 'the checked-out files';
    return { target, settings: ownSettings(root, inputs), scanned, notes: [] };
  }

  const event = readPullRequestEvent(env['GITHUB_EVENT_PATH']);
  const range = inputs.mode === 'pull-request' ? await resolveCommitRange(root, event) : undefined;
  const base = await settingsFromBase(root, event, inputs);
  const notes = base.changedByPullRequest.map(
    (file) =>
      `This pull request changes \`${file}\`. The scan used the version from the base commit ` +
      `${event.base.slice(0, 7)}; the change applies once it is merged.`,
  );

  const settings: ScanSettings = {
    configFile: base.configFile,
    noConfig: base.configFile === undefined,
    baselineFile: base.baselineFile,
    baselineInCheckout: base.baselinePath && path.join(root, base.baselinePath),
  };
  if (range) {
    const count = range.commits.length;
    const scanned = `the ${count} commit${count === 1 ? '' : 's'} this pull request adds`;
    return { target: { kind: 'range', range }, settings, scanned, notes };
  }
  const target: ScanTarget = inputs.mode === 'history' ? { kind: 'history' } : { kind: 'tree' };
  return {
    target,
    settings,
    scanned: inputs.mode === 'history' ? 'the history' : 'the checked-out files',
    notes,
  };
}
