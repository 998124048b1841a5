import type { CommitInfo, Finding } from '../engine/types.js';
import { NO_OBJECT, walkCommits, type RawEntry, type WalkedCommit } from './history-walk.js';

/** What one blob was found to hold, per path group (see `createSignatures`). */
export interface BlobFindings {
  readonly bySignature: Map<number, Finding[]>;
}

export interface AttributeOptions {
  readonly cwd: string;
  readonly revisions: readonly string[];
  /** Blobs with findings, by SHA; every other blob is known to be clean. */
  readonly blobs: ReadonlyMap<string, BlobFindings>;
  readonly signatureOf: (path: string) => number;
  readonly isExcluded: (path: string) => boolean;
  readonly maskText: (text: string) => string;
}

/** A secret's identity across files and commits: its rule and its fingerprint. */
export function secretKey(finding: Finding): string {
  return `${finding.ruleId}\0${finding.fingerprint}`;
}

/** Where a secret first entered one path. */
interface Location {
  readonly finding: Finding;
  readonly path: string;
  readonly commit: CommitInfo;
}

/** How widely one secret spread: the commits that wrote it and the paths it was written to. */
interface Spread {
  commits: number;
  lastCommit: number;
  readonly paths: Set<string>;
}

/**
 * Pass 2: tells which commit brought each secret to each path. Commits arrive parents first;
 * a secret at a path is new in a commit when none of the commit's parents had it at that path
 * and the commit did not delete a file that had it (a rename, with or without edits). The first
 * commit in that order where it is new is where it entered; later ones only add to its counts.
 * So a key that stays in a file edited a hundred times is one finding, a key pasted into ten
 * files is ten, and a renamed file is reported once, at the commit that first added the key.
 */
export async function attributeFindings(options: AttributeOptions): Promise<Finding[]> {
  const locations = new Map<string, Location>();
  const spread = new Map<string, Spread>();
  let sequence = 0;

  const walk = walkCommits(options.cwd, options.revisions, 'topo-reverse', (commit) => {
    sequence += 1;
    attributeCommit(commit, sequence, options, locations, spread);
  });
  await walk.done;

  return [...locations.values()].map((location) => {
    const key = secretKey(location.finding);
    const counts = spread.get(key);
    return {
      ...location.finding,
      path: location.path,
      properties: {
        ...location.finding.properties,
        commitCount: counts?.commits ?? 1,
        pathCount: counts?.paths.size ?? 1,
      },
      commit: { ...location.commit, subject: options.maskText(location.commit.subject) },
    };
  });
}

function attributeCommit(
  commit: WalkedCommit,
  sequence: number,
  options: AttributeOptions,
  locations: Map<string, Location>,
  spread: Map<string, Spread>,
): void {
  const hot = commit.entries.filter(
    (entry) => options.blobs.has(entry.newBlob) && !options.isExcluded(entry.path),
  );
  if (hot.length === 0) {
    return;
  }

  const moved = deletedSecrets(commit.entries, options);
  for (const entry of hot) {
    const signature = options.signatureOf(entry.path);
    const findings = options.blobs.get(entry.newBlob)?.bySignature.get(signature);
    const before = parentSecrets(entry, options);

    for (const finding of findings ?? []) {
      const key = secretKey(finding);
      count(spread, key, sequence, entry.path);
      if (before.has(key) || moved.has(key)) {
        continue;
      }
      const place = `${key}\0${entry.path}`;
      if (!locations.has(place)) {
        locations.set(place, { finding, path: entry.path, commit: commit.info });
      }
    }
  }
}

/** The secrets in files this commit deleted: where they reappear, they were moved. */
function deletedSecrets(entries: readonly RawEntry[], options: AttributeOptions): Set<string> {
  const keys = new Set<string>();
  for (const entry of entries) {
    if (entry.newBlob === NO_OBJECT) {
      addKeys(keys, entry, options);
    }
  }
  return keys;
}

/** The secrets each parent had at the entry's path. */
function parentSecrets(entry: RawEntry, options: AttributeOptions): Set<string> {
  const keys = new Set<string>();
  addKeys(keys, entry, options);
  return keys;
}

/**
 * Adds what the entry's old blobs held at the entry's path. The path matters: a sample file
 * renamed to `.env` keeps its content but gains the findings of path rules.
 */
function addKeys(keys: Set<string>, entry: RawEntry, options: AttributeOptions): void {
  const signature = options.signatureOf(entry.path);
  for (const sha of entry.oldBlobs) {
    for (const finding of options.blobs.get(sha)?.bySignature.get(signature) ?? []) {
      keys.add(secretKey(finding));
    }
  }
}

function count(spread: Map<string, Spread>, key: string, sequence: number, path: string): void {
  let entry = spread.get(key);
  if (!entry) {
    entry = { commits: 0, lastCommit: 0, paths: new Set() };
    spread.set(key, entry);
  }
  if (entry.lastCommit !== sequence) {
    entry.commits += 1;
    entry.lastCommit = sequence;
  }
  entry.paths.add(path);
}
