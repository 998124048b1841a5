// Benchmark of `keyfence history` against the floor and the diff-based alternative.
//
// Builds (once, cached under .bench/) a synthetic repository of several thousand commits and
// a few hundred MB of blob content with `git fast-import`, then measures in one run:
//   1. the floor: `git cat-file --batch-all-objects --batch > /dev/null` (reading every object);
//   2. `keyfence history` on the built CLI;
//   3. `git log -p --all > /dev/null` (what every diff-based scanner pays before scanning).
// Targets: (2) within 2x of (1), faster than (3), peak RSS of (2) under 300 MB.
//
// Usage: npm run bench:history [-- --runs N]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BENCH_DIR = path.join(ROOT, '.bench');
const REPO = path.join(BENCH_DIR, 'history-repo');
const STAMP = path.join(REPO, '.keyfence-bench-stamp');

/** Change any number here and the cached repository is rebuilt. */
const SHAPE = {
  /** Bump when the generator changes, so the cached repository is rebuilt. */
  generator: 2,
  seed: 20_240_102,
  commits: 5_200,
  files: 600,
  /** Lines of a new file: between these two, so files range from a few KB to ~70 KB. */
  minLines: 60,
  maxLines: 1_200,
  /** Files each commit edits. */
  editsPerCommit: 3,
  /** A side branch is forked and merged back every this many commits. */
  mergeEvery: 250,
};

/** The environment every git command runs with: no user configuration, fixed identity. */
const GIT_ENV = {
  ...process.env,
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Bench',
  GIT_AUTHOR_EMAIL: 'bench@example.com',
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'bench@example.com',
  LC_ALL: 'C',
};

async function measureAll() {
  // Warm the page cache so the first measurement does not pay for the disk alone.
  timed('git', ['cat-file', '--batch-all-objects', '--batch']);

  const floor = timed('git', ['cat-file', '--batch-all-objects', '--batch']);
  const reportFile = path.join(BENCH_DIR, 'history-report.json');
  const keyfence = await timedWithMemory(process.execPath, [
    path.join(ROOT, 'bin/keyfence.js'),
    'history',
    '--no-config',
    '--format',
    'json',
    '--output',
    reportFile,
  ]);
  const inline = await timedWithMemory(
    process.execPath,
    [path.join(ROOT, 'bin/keyfence.js'), 'history', '--no-config', '--format', 'json'],
    { KEYFENCE_WORKERS: '0' },
  );
  const logPatch = timed('git', ['log', '-p', '--all']);

  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  const findings = report.findings.length;
  const mergeFinding = report.findings.find((finding) => finding.path === 'config/merged.yaml');

  const line = (label, result) => {
    const seconds = result.seconds.toFixed(2).padStart(6);
    const cpu = result.cpu.toFixed(2).padStart(6);
    const rss = String(result.peakMb).padStart(4);
    return `${label.padEnd(46)} ${seconds} s wall ${cpu} s CPU   peak RSS ${rss} MB`;
  };
  process.stdout.write(
    [
      line('(1) git cat-file --batch-all-objects --batch', floor),
      line('(2) keyfence history', keyfence),
      line('(3) git log -p --all', logPatch),
      line('    keyfence history, rules on the main thread', inline),
      '',
      `keyfence / floor       ${ratio(keyfence, floor)}   (target < 2x)`,
      `keyfence / git log -p  ${ratio(keyfence, logPatch)}   (target < 1x)`,
      `keyfence peak RSS      ${keyfence.peakMb} MB   (target < 300 MB; its node processes ` +
        `alone; with the git processes at their peak: ${keyfence.treePeakMb} MB)`,
      `keyfence exit ${keyfence.code}, ${findings} findings (6 planted), ` +
        `merge-only secret ${mergeFinding ? `found in ${mergeFinding.commit.subject}` : 'MISSED'}`,
      '',
    ].join('\n'),
  );
}

/** Wall-time ratio, and CPU-time ratio, which depends less on what else the machine runs. */
function ratio(a, b) {
  return `${(a.seconds / b.seconds).toFixed(2)}x wall, ${(a.cpu / b.cpu).toFixed(2)}x CPU`;
}

/** GNU time's report: wall seconds, user and system CPU seconds, peak RSS in KiB. */
const TIME_FORMAT = '%e %U %S %M';

/** Runs a command with stdout to /dev/null under GNU time; returns wall and CPU time, peak RSS. */
function timed(command, commandArgs) {
  const result = spawnSync('/usr/bin/time', ['-f', TIME_FORMAT, command, ...commandArgs], {
    cwd: REPO,
    env: GIT_ENV,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  return { ...parseTime(result.stderr, command), code: result.status };
}

function parseTime(stderr, command) {
  const last = stderr.trim().split('\n').at(-1) ?? '';
  const [seconds, user, system, kilobytes] = last.split(' ').map(Number);
  if (!Number.isFinite(seconds)) {
    throw new Error(`could not time ${command}: ${stderr}`);
  }
  return { seconds, cpu: user + system, peakMb: Math.round(kilobytes / 1024) };
}

/**
 * Runs a command and samples from /proc the resident memory of its Node processes (bin/keyfence.js
 * starts Node once more for history) and of the whole tree with the git processes keyfence
 * starts, for the peak of each. GNU time's figure is the largest process of the tree, which for
 * keyfence is git's memory-mapped pack, not keyfence's.
 */
async function timedWithMemory(command, commandArgs, extraEnv = {}) {
  const env = { ...GIT_ENV, ...extraEnv };
  const time = spawn('/usr/bin/time', ['-f', TIME_FORMAT, command, ...commandArgs], {
    cwd: REPO,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  time.stderr.on('data', (chunk) => (stderr += chunk));
  let peak = 0;
  let treePeak = 0;
  const sample = () => {
    const tree = descendantsOf(time.pid);
    const rss = (pids) => pids.reduce((sum, pid) => sum + rssOf(pid), 0);
    peak = Math.max(peak, rss(tree.filter((pid) => commandOf(pid) === 'node')));
    treePeak = Math.max(treePeak, rss(tree));
  };
  const timer = setInterval(sample, 20);
  const code = await new Promise((resolve) => time.on('close', (status) => resolve(status)));
  clearInterval(timer);

  const { seconds, cpu } = parseTime(stderr, command);
  const peakMb = Math.round(peak / 1024);
  return { seconds, cpu, code, peakMb, treePeakMb: Math.round(treePeak / 1024) };
}

/** Resident set size of a process in KiB, or 0 once it is gone. */
function rssOf(pid) {
  if (pid === undefined) {
    return 0;
  }
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** Every process below `pid`, children first. */
function descendantsOf(pid) {
  return childrenOf(pid).flatMap((child) => [child, ...descendantsOf(child)]);
}

function commandOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

function childrenOf(pid) {
  try {
    const list = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8');
    return list.trim().split(' ').filter(Boolean);
  } catch {
    return [];
  }
}

function describeRepository() {
  const git = (gitArgs) =>
    spawnSync('git', gitArgs, {
      cwd: REPO,
      env: GIT_ENV,
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    }).stdout.trim();
  const check = '--batch-check=%(objecttype) %(objectsize)';
  const sizes = git(['cat-file', '--batch-all-objects', check]);
  let blobs = 0;
  let blobBytes = 0;
  for (const row of sizes.split('\n')) {
    const [type, size] = row.split(' ');
    if (type === 'blob') {
      blobs += 1;
      blobBytes += Number(size);
    }
  }
  const pack = git(['count-objects', '-vH']).match(/size-pack: (.*)/)?.[1] ?? '?';
  const commits = Number(git(['rev-list', '--all', '--count']));
  return { commits, blobs, blobBytes, packSize: pack };
}

function readLoad() {
  try {
    const [one, five] = readFileSync('/proc/loadavg', 'utf8').split(' ');
    const cores = String(spawnSync('nproc', { encoding: 'utf8' }).stdout).trim();
    return `load average ${one} (1 min), ${five} (5 min) on ${cores} cores`;
  } catch {
    return 'load unknown';
  }
}

async function ensureRepository() {
  const stamp = JSON.stringify(SHAPE);
  if (existsSync(STAMP) && readFileSync(STAMP, 'utf8') === stamp) {
    return;
  }

  rmSync(REPO, { recursive: true, force: true });
  mkdirSync(REPO, { recursive: true });
  spawnSync('git', ['init', '--quiet', '--initial-branch=main', REPO], { env: GIT_ENV });
  const started = performance.now();
  process.stdout.write('building the benchmark repository with git fast-import...\n');

  await writeHistory();
  writeFileSync(STAMP, stamp);
  process.stdout.write(`built in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

/** Streams the synthetic history into `git fast-import`. */
async function writeHistory() {
  const child = spawn('git', ['fast-import', '--quiet', '--done'], {
    cwd: REPO,
    env: GIT_ENV,
    stdio: ['pipe', 'inherit', 'inherit'],
  });
  const closed = new Promise((resolve, reject) => {
    child.on('close', (code) => {
      return code === 0 ? resolve() : reject(new Error(`fast-import exited ${code}`));
    });
  });
  const out = {
    async write(text) {
      if (!child.stdin.write(text)) {
        await new Promise((resolve) => child.stdin.once('drain', resolve));
      }
    },
  };

  await generate(out);
  await out.write('done\n');
  child.stdin.end();
  await closed;
}

/** Mulberry32: a small seeded generator, so every build makes the same repository. */
function seeded(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'user account order item price total amount request response handler client server cache ' +
  'config value result error status token session record index count limit offset page ' +
  'query filter sort field name label title message event queue worker job task batch'
).split(' ');

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A fake access key ID, assembled so no key-shaped literal sits in this file. */
function fakeKey(random) {
  let body = '';
  for (let index = 0; index < 16; index++) {
    body += BASE32[Math.floor(random() * BASE32.length)];
  }
  return ['AK', 'IA'].join('') + body;
}

/** Generators of realistic lines per file kind. */
function lineMaker(random) {
  const word = () => WORDS[Math.floor(random() * WORDS.length)];
  const camel = () => word() + word().replace(/^./, (c) => c.toUpperCase());
  const number = () => Math.floor(random() * 100_000);
  return {
    ts: () =>
      random() < 0.3
        ? `export function ${camel()}(${word()}: number, ${word()}: string): string {`
        : `  const ${camel()} = ${word()}.${camel()}(${number()}, '${word()}-${number()}');`,
    py: () =>
      random() < 0.3
        ? `def ${word()}_${word()}(${word()}, ${word()}=None):`
        : `    ${word()}_${word()} = self.${word()}.get("${word()}", ${number()})`,
    json: () => `  "${camel()}": { "id": ${number()}, "${word()}": "${word()} ${word()}" },`,
    md: () => `The ${word()} ${word()} keeps the ${word()} of each ${word()} (see ${number()}).`,
  };
}

const KINDS = [
  { kind: 'ts', dir: 'src', ext: '.ts' },
  { kind: 'py', dir: 'service', ext: '.py' },
  { kind: 'json', dir: 'data', ext: '.json' },
  { kind: 'md', dir: 'docs', ext: '.md' },
];

async function generate(out) {
  const random = seeded(SHAPE.seed);
  const lines = lineMaker(random);
  const files = [];
  let mark = 0;
  let time = 1_600_000_000;

  for (let index = 0; index < SHAPE.files; index++) {
    const kind = KINDS[index % KINDS.length];
    const count = SHAPE.minLines + Math.floor(random() ** 2 * (SHAPE.maxLines - SHAPE.minLines));
    const body = Array.from({ length: count }, () => lines[kind.kind]());
    const filePath = `${kind.dir}/m${Math.floor(index / 40)}/f${index}${kind.ext}`;
    files.push({ path: filePath, kind: kind.kind, body });
  }

  const blob = async (text) => {
    mark += 1;
    await out.write(`blob\nmark :${mark}\ndata ${Buffer.byteLength(text)}\n${text}\n`);
    return mark;
  };
  const commit = async ({ ref, message, from, merge, changes }) => {
    const marks = [];
    for (const change of changes) {
      marks.push(change.text === undefined ? undefined : await blob(change.text));
    }
    mark += 1;
    time += 600;
    const who = `Bench <bench@example.com> ${time} +0000`;
    const head = [`commit ${ref}`, `mark :${mark}`, `author ${who}`, `committer ${who}`];
    head.push(`data ${Buffer.byteLength(message)}`, message);
    if (from) {
      head.push(`from :${from}`);
    }
    if (merge) {
      head.push(`merge :${merge}`);
    }
    changes.forEach((change, index) => {
      const modify = `M 100644 :${marks[index]} ${change.path}`;
      head.push(change.text === undefined ? `D ${change.path}` : modify);
    });
    await out.write(`${head.join('\n')}\n\n`);
    return mark;
  };
  const edit = (file) => {
    const at = Math.floor(random() * file.body.length);
    file.body.splice(at, 1 + Math.floor(random() * 3), lines[file.kind](), lines[file.kind]());
    return { path: file.path, text: `${file.body.join('\n')}\n` };
  };
  const pick = () => files[Math.floor(random() * files.length)];

  // The first commit adds every file; later ones edit a few each.
  let head = await commit({
    ref: 'refs/heads/main',
    message: 'initial import',
    changes: files.map((file) => ({ path: file.path, text: `${file.body.join('\n')}\n` })),
  });

  for (let index = 1; index < SHAPE.commits; index++) {
    const changes = Array.from({ length: SHAPE.editsPerCommit }, () => edit(pick()));
    const unique = [...new Map(changes.map((change) => [change.path, change])).values()];
    plant(index, unique);
    const message = `change ${index}`;
    head = await commit({ ref: 'refs/heads/main', message, from: head, changes: unique });
    if (index % SHAPE.mergeEvery === 0) {
      head = await sideBranch(index, head);
    }
  }
  await commit({
    ref: 'refs/heads/unmerged',
    message: 'try a key on a branch',
    from: head,
    changes: [{ path: 'scratch/try.sh', text: `export AWS_ACCESS_KEY_ID=${fakeKey(random)}\n` }],
  });
  await commit({
    ref: 'refs/tags/hotfix-1',
    message: 'hotfix reachable only from a tag',
    from: head,
    changes: [{ path: 'hotfix/creds.py', text: `KEY = "${fakeKey(random)}"\n` }],
  });

  // Planted secrets, each in its own way: removed by the next commit, kept for the rest of the
  // history, on an unmerged branch and a tag (above), and only in a merge resolution (below).
  function plant(index, changes) {
    if (index === 1_000) {
      changes.push({ path: 'config/dev.json', text: `{ "key": "${fakeKey(random)}" }\n` });
    }
    if (index === 1_001) {
      changes.push({ path: 'config/dev.json' });
    }
    if (index === 2_000) {
      changes.push({ path: 'deploy/env.ts', text: `export const id = '${fakeKey(random)}';\n` });
      changes.push({ path: 'deploy/copy.ts', text: `export const id2 = '${fakeKey(random)}';\n` });
    }
  }

  async function sideBranch(index, base) {
    const side = `refs/heads/side-${index}`;
    const target = { path: 'config/merged.yaml' };
    const sideChange = { ...target, text: `mode: side-${index}\n` };
    const first = [sideChange];
    let tip = await commit({ ref: side, message: `side ${index}`, from: base, changes: first });
    const more = [edit(pick())];
    tip = await commit({ ref: side, message: `side ${index} more`, from: tip, changes: more });
    const mainChange = { ...target, text: `mode: main-${index}\n` };
    const mainTip = await commit({
      ref: 'refs/heads/main',
      message: `main ${index}`,
      from: base,
      changes: [mainChange],
    });
    const resolved =
      index === SHAPE.mergeEvery * 8
        ? `mode: both\naccess_key: ${fakeKey(random)}\n`
        : `mode: both-${index}\n`;
    return commit({
      ref: 'refs/heads/main',
      message: `merge side ${index}`,
      from: mainTip,
      merge: tip,
      changes: [{ ...target, text: resolved }],
    });
  }
}

/** Builds or reuses the repository, then measures `--runs N` times (once by default). */
async function main() {
  const args = process.argv.slice(2);
  const runs = Number(args[args.indexOf('--runs') + 1] ?? 1) || 1;

  await ensureRepository();
  const facts = describeRepository();
  process.stdout.write(
    `repository: ${facts.commits} commits, ${facts.blobs} blobs, ` +
      `${(facts.blobBytes / 1e6).toFixed(0)} MB of blob content, pack ${facts.packSize}\n`,
  );
  process.stdout.write(`machine: ${readLoad()}\n\n`);

  for (let run = 1; run <= runs; run++) {
    if (runs > 1) {
      process.stdout.write(`run ${run} of ${runs}\n`);
    }
    await measureAll();
  }
}

await main();
