import { createRequire } from 'node:module';
import { lstatSync, readFileSync, statSync, writeFileSync } from 'node:fs';

import type { Finding } from '../engine/types.js';
import { KeyfenceError } from '../errors.js';

/**
 * The baseline: findings a team accepted, identified by what was found rather than where.
 *
 * An entry is a rule id, a path and a salted hash of the finding's fingerprint (itself a hash of
 * the rule and the value). No line, commit, count or date goes in, so moved lines, reformatting,
 * squashes and rebases leave the file unchanged, and rerunning on an unchanged repository writes
 * the same bytes. The salt is random per baseline and kept in the file: the hashes stay stable,
 * and nobody can test a guessed key against a baseline published with the code.
 */

/** The file `keyfence baseline` writes when neither `--baseline` nor the config names one. */
export const BASELINE_FILE = '.keyfence-baseline.json';

/** Format version; a reader refuses versions it does not know rather than guess. */
export const BASELINE_VERSION = 1;

/** 16 random bytes, hex: enough that precomputed tables of hashed keys are useless. */
const SALT_BYTES = 16;

/** Salt and hashes are lowercase hex. Matches "0f3a"; does not match "0F3A" or "". */
const HEX_RE = /^[0-9a-f]+$/;

/** Hex digits kept of the salted hash: 128 bits, far beyond any accidental collision. */
const HASH_LENGTH = 32;

export interface BaselineEntry {
  readonly ruleId: string;
  readonly path: string;
  /** Salted hash of the finding's fingerprint; the secret cannot be recovered from it. */
  readonly fingerprint: string;
  /** Why the finding is accepted; written by hand, kept when the baseline is rewritten. */
  readonly reason?: string;
}

export interface Baseline {
  readonly salt: string;
  /** Sorted by path, rule id and fingerprint, without duplicates. */
  readonly entries: readonly BaselineEntry[];
}

/** What applying a baseline did: the findings, marked, and the entries nothing matched. */
export interface BaselineResult {
  readonly findings: Finding[];
  readonly unused: readonly BaselineEntry[];
}

/**
 * Builds a baseline from the findings that still count (already suppressed ones stay out). The
 * previous baseline's salt and reasons are kept, so a rerun changes only what the scan changed.
 * With `keepPrevious` (a staged or partial scan, which did not see every file) its entries are
 * kept too and the new findings are added to them.
 */
export function createBaseline(
  findings: readonly Finding[],
  previous?: Baseline,
  options: { keepPrevious?: boolean } = {},
): Baseline {
  const salt = previous?.salt ?? crypto().randomBytes(SALT_BYTES).toString('hex');
  const reasons = new Map(
    (previous?.entries ?? []).flatMap((entry) =>
      entry.reason === undefined ? [] : [[keyOf(entry), entry.reason] as const],
    ),
  );
  const kept = options.keepPrevious ? (previous?.entries ?? []) : [];
  const entries = new Map(kept.map((entry) => [keyOf(entry), entry]));

  for (const finding of findings) {
    if (finding.suppression !== undefined) {
      continue;
    }
    const entry = {
      ruleId: finding.ruleId,
      path: finding.path,
      fingerprint: hashOf(salt, finding),
    };
    const reason = reasons.get(keyOf(entry));
    entries.set(keyOf(entry), reason === undefined ? entry : { ...entry, reason });
  }

  return { salt, entries: sortEntries([...entries.values()]) };
}

/**
 * Marks the findings the baseline accepts (kind `external`, source `baseline`) and lists the
 * entries that matched none. Findings already suppressed otherwise keep their suppression.
 *
 * @example
 * const { findings, unused } = applyBaseline(scanFindings, readBaseline(file));
 */
export function applyBaseline(findings: readonly Finding[], baseline: Baseline): BaselineResult {
  const entries = new Map(baseline.entries.map((entry) => [keyOf(entry), entry]));
  const matched = new Set<string>();

  const marked = findings.map((finding) => {
    const key = keyOf({ ...finding, fingerprint: hashOf(baseline.salt, finding) });
    const entry = entries.get(key);
    if (!entry) {
      return finding;
    }

    matched.add(key);
    if (finding.suppression !== undefined) {
      return finding;
    }
    const justification = entry.reason === undefined ? {} : { justification: entry.reason };
    return { ...finding, suppression: { kind: 'external', source: 'baseline', ...justification } };
  });

  const unused = baseline.entries.filter((entry) => !matched.has(keyOf(entry)));
  return { findings: marked as Finding[], unused };
}

/** The baseline without the given entries, for `--update-baseline`. */
export function withoutEntries(baseline: Baseline, drop: readonly BaselineEntry[]): Baseline {
  const dropped = new Set(drop.map(keyOf));
  return { ...baseline, entries: baseline.entries.filter((entry) => !dropped.has(keyOf(entry))) };
}

/** The file's text: fixed key order, two-space indent, final newline. */
export function serializeBaseline(baseline: Baseline): string {
  const entries = baseline.entries.map((entry) => ({
    ruleId: entry.ruleId,
    path: entry.path,
    fingerprint: entry.fingerprint,
    ...(entry.reason === undefined ? {} : { reason: entry.reason }),
  }));
  const document = { version: BASELINE_VERSION, salt: baseline.salt, entries };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** Reads and checks a baseline file; a missing or malformed one is an input error (exit 2). */
export function readBaseline(file: string): Baseline {
  let text: string;
  try {
    // A FIFO would block the read and /dev/zero would never end it.
    if (!statSync(file).isFile()) {
      throw invalid(file, 'it is not a regular file');
    }
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    if (cause instanceof KeyfenceError) {
      throw cause;
    }
    const code = (cause as NodeJS.ErrnoException).code ?? 'error';
    throw new KeyfenceError(
      'input',
      `the baseline ${file} could not be read (${code})`,
      'Create it with `keyfence baseline`, or check the path given to --baseline.',
    );
  }
  return parseBaseline(text, file);
}

/** Parses a baseline's text; `file` names it in errors. */
export function parseBaseline(text: string, file: string): Baseline {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw invalid(file, 'it is not valid JSON');
  }

  const { version, salt, entries } = (document ?? {}) as Record<string, unknown>;
  if (version !== BASELINE_VERSION) {
    throw invalid(file, `"version" must be ${BASELINE_VERSION}`);
  }
  if (typeof salt !== 'string' || !HEX_RE.test(salt)) {
    throw invalid(file, '"salt" must be a hex string');
  }
  if (!Array.isArray(entries)) {
    throw invalid(file, '"entries" must be a list');
  }
  return { salt, entries: sortEntries(entries.map((entry, index) => toEntry(entry, index, file))) };
}

/** Writes a baseline; the folder must exist. */
export function writeBaseline(file: string, baseline: Baseline): void {
  if (isSymbolicLink(file)) {
    // A repository can commit a dangling link named .keyfence-baseline.json; writing through it
    // would create a file wherever the link points, outside the repository.
    throw new KeyfenceError(
      'input',
      `the baseline ${file} is a symbolic link, and keyfence does not write through links`,
      'Remove the link, or pass --baseline with the path of a regular file.',
    );
  }
  try {
    writeFileSync(file, serializeBaseline(baseline));
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? 'error';
    throw new KeyfenceError(
      'input',
      `could not write the baseline to ${file} (${code})`,
      'Check that the folder exists and is writable.',
    );
  }
}

function toEntry(value: unknown, index: number, file: string): BaselineEntry {
  const { ruleId, path, fingerprint, reason } = (value ?? {}) as Record<string, unknown>;
  const isValid =
    typeof ruleId === 'string' &&
    typeof path === 'string' &&
    typeof fingerprint === 'string' &&
    HEX_RE.test(fingerprint) &&
    (reason === undefined || typeof reason === 'string');

  if (!isValid) {
    throw invalid(
      file,
      `entry ${index} needs "ruleId", "path", a hex "fingerprint", and a text "reason" if any`,
    );
  }
  return reason === undefined
    ? { ruleId, path, fingerprint }
    : { ruleId, path, fingerprint, reason };
}

function isSymbolicLink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

function invalid(file: string, why: string): KeyfenceError {
  return new KeyfenceError(
    'input',
    `${file} is not a keyfence baseline: ${why}`,
    'Fix it by hand, or write a new one with `keyfence baseline`.',
  );
}

function hashOf(salt: string, finding: Finding): string {
  return crypto()
    .createHash('sha256')
    .update(salt)
    .update('\0')
    .update(finding.fingerprint)
    .digest('hex')
    .slice(0, HASH_LENGTH);
}

function keyOf(entry: Pick<BaselineEntry, 'ruleId' | 'path' | 'fingerprint'>): string {
  return `${entry.ruleId}\0${entry.path}\0${entry.fingerprint}`;
}

/** Code-unit order, never the locale's: the file must not change with the machine. */
function sortEntries(entries: BaselineEntry[]): BaselineEntry[] {
  const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return entries.sort(
    (a, b) =>
      compare(a.path, b.path) ||
      compare(a.ruleId, b.ruleId) ||
      compare(a.fingerprint, b.fingerprint),
  );
}

const loadBuiltin = createRequire(import.meta.url);

/**
 * node:crypto, loaded on first use: the scan imports this module for BASELINE_FILE alone, and
 * the pre-commit hook of a repository without a baseline would otherwise load about twenty
 * internal modules on every commit.
 */
function crypto(): typeof import('node:crypto') {
  return loadBuiltin('node:crypto') as typeof import('node:crypto');
}
