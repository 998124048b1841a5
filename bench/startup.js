// Start-up benchmark for the pre-commit path: the median wall time of `keyfence staged` on a
// 10-file commit against the median of `node -e 0`, the floor any Node tool starts from. Both
// run interleaved, so load from other processes on the machine affects them alike.
//
// Usage: npm run bench:startup [-- --runs N]   (build first: npm run build)
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const TARGET_RATIO = 1.5;
const FILE_COUNT = 10;
const LINES_PER_FILE = 120;
const WARMUP_RUNS = 5;

const { values } = parseArgs({ options: { runs: { type: 'string', default: '60' } } });
const runs = Number(values.runs);
const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../bin/keyfence.js');
const repo = createStagedRepo();

try {
  const env = { ...process.env, NO_COLOR: '1' };
  const baseline = { label: 'node -e 0', args: ['-e', '0'], times: [] };
  const staged = { label: 'keyfence staged', args: [bin, 'staged'], times: [] };
  // For comparison only: what bin/keyfence.js's V8 code cache saves.
  const uncached = {
    label: 'without V8 cache',
    args: [bin, 'staged'],
    env: { ...env, KEYFENCE_CODE_CACHE: '0' },
    times: [],
  };
  const subjects = [baseline, staged, uncached];

  // The warm-up runs also write the code cache, as a developer's first commit does.
  for (let run = 0; run < WARMUP_RUNS + runs; run++) {
    for (const subject of subjects) {
      const ms = timeRun(subject.args, repo, subject.env ?? env);
      if (run >= WARMUP_RUNS) {
        subject.times.push(ms);
      }
    }
  }

  const base = median(baseline.times);
  const scan = median(staged.times);
  const ratio = scan / base;
  for (const subject of subjects) {
    const sorted = [...subject.times].sort((a, b) => a - b);
    const p90 = sorted[Math.floor(sorted.length * 0.9)] ?? 0;
    console.log(`${subject.label.padEnd(16)} median ${fmt(median(sorted))} ms  p90 ${fmt(p90)} ms`);
  }
  console.log(
    `ratio ${ratio.toFixed(2)}x (target <= ${TARGET_RATIO}x, ` +
      `${runs} runs each, node ${process.version})`,
  );
  process.exitCode = ratio <= TARGET_RATIO ? 0 : 1;
} finally {
  rmSync(repo, { recursive: true, force: true });
}

/**
 * A repository set up as `keyfence init` leaves it (the starter .keyfencerc.json committed),
 * with ten staged source files of ordinary size and no secrets.
 */
function createStagedRepo() {
  const dir = mkdtempSync(path.join(tmpdir(), 'keyfence-bench-'));
  const git = (...args) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
  git('init', '--quiet');
  const config = { failOn: 'error', maxFileSize: '10MiB', rules: {}, allow: { paths: [] } };
  writeFileSync(path.join(dir, '.keyfencerc.json'), `${JSON.stringify(config, null, 2)}\n`);
  git('add', '.keyfencerc.json');
  git(
    '-c',
    'user.name=bench',
    '-c',
    'user.email=bench@example.com',
    'commit',
    '--quiet',
    '-m',
    'init',
  );

  for (let file = 0; file < FILE_COUNT; file++) {
    const lines = Array.from(
      { length: LINES_PER_FILE },
      (_, line) => `export const value${line} = compute(${file}, ${line}); // line ${line}`,
    );
    writeFileSync(path.join(dir, `module-${file}.ts`), `${lines.join('\n')}\n`);
  }
  git('add', '--all');
  return dir;
}

function timeRun(args, cwd, env) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd, env, stdio: 'ignore' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) {
    throw new Error(`${args.join(' ')} exited ${result.status}`);
  }
  return ms;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? sorted[middle]
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function fmt(ms) {
  return ms.toFixed(1);
}
