// Full-size hostile inputs, run through the built CLI: the sizes the issue names, which are too
// slow for the test suite (test/robustness/hostile-content.test.ts runs the same shapes smaller).
// Each shape runs at a quarter and at full size, so the ratio shows whether time grows linearly
// (about 4x) or worse. Usage: npm run bench:robustness [-- --quick]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../bin/keyfence.js');
const MB = 1024 * 1024;
const SCALE = process.argv.includes('--quick') ? 0.1 : 1;

/** A fake access key ID made of parts, so this file holds no key-shaped literal. */
function fakeKey(index) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let body = '';
  let state = (index * 2654435761) >>> 0;
  for (let at = 0; at < 16; at++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    body += alphabet[state >>> 27];
  }
  return 'AK' + 'IA' + body;
}

/** Filler with no key in it: words and spaces, as minified code or logs would have. */
function filler(bytes) {
  const word = 'lorem ipsum dolor sit amet consectetur ';
  return word.repeat(Math.ceil(bytes / word.length)).slice(0, bytes);
}

const SHAPES = {
  'single line with 1,000 keys': (size) => {
    const gap = filler(Math.floor(size / 1000));
    return Array.from({ length: 1000 }, (_, index) => `${gap} ${fakeKey(index)} `).join('');
  },
  'lines of 10 bytes, one key in the middle': (size) => {
    const count = Math.floor(size / 10);
    const lines = Array.from({ length: count }, () => 'x = 12345');
    lines[count >> 1] = `k=${fakeKey(1)}`;
    return lines.join('\n');
  },
  'PEM header without end, then base64': (size) =>
    `-----BEGIN RSA PRIVATE KEY-----\n${'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3ODkw'.repeat(size / 44)}`,
  // Deny statements are parsed and analysed but yield no finding: with one finding per statement
  // a 100 MB policy gives millions, and the JSON report of those outgrows a JavaScript string.
  'JSON policy': (size) => {
    const statement = '{"Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"},';
    const body = statement.repeat(Math.floor(size / statement.length));
    return `{"Version":"2012-10-17","Statement":[${body.slice(0, -1)}]}`;
  },
};

function runOnce(name, build, size) {
  const dir = mkdtempSync(path.join(tmpdir(), 'keyfence-bench-'));
  try {
    const file = name.includes('JSON') ? 'policy.json' : 'input.txt';
    writeFileSync(path.join(dir, file), build(size));
    writeFileSync(path.join(dir, '.keyfencerc.json'), JSON.stringify({ maxFileSize: '256MiB' }));
    const args = [BIN, 'scan', dir, '-f', 'json', '-o', path.join(dir, 'out')];
    const started = performance.now();
    const result = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 600_000 });
    const seconds = (performance.now() - started) / 1000;
    if (result.status !== 0 && result.status !== 1) {
      throw new Error(`${name} at ${size} bytes: exit ${result.status}\n${result.stderr}`);
    }
    // Proof the file was read, not skipped: its bytes are counted, and its findings listed.
    const report = JSON.parse(readFileSync(path.join(dir, 'out'), 'utf8'));
    return { seconds, bytes: report.stats.bytesScanned, findings: report.findings.length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const [name, build] of Object.entries(SHAPES)) {
  const full = Math.floor(100 * MB * SCALE);
  const quarter = runOnce(name, build, full / 4);
  const whole = runOnce(name, build, full);
  const ratio = (whole.seconds / quarter.seconds).toFixed(1);
  process.stdout.write(
    `${name.padEnd(42)} ${(whole.bytes / MB).toFixed(0)} MB read, ${whole.findings} findings: ` +
      `${whole.seconds.toFixed(2)} s (quarter size ${quarter.seconds.toFixed(2)} s, ` +
      `ratio ${ratio}; at most 4 is linear, start-up is fixed)\n`,
  );
}
