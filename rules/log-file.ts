import { defineRule } from '../src/engine/define-rule.js';
import { baseName, pathReport } from '../src/hygiene/path-finding.js';

/** A `.log` file name. Matches `app.log`, `npm-debug.LOG`; not `changelog.md`, `log.go`. */
const LOG_NAME_RE = /\.log$/i;

/** A `logs` folder anywhere in the path. Matches `logs/a.txt`, `var/logs/x`; not `blog/a`. */
const LOGS_FOLDER_RE = /(?:^|\/)logs\//i;

/**
 * Files under a `logs/` folder that keep an empty folder in git. Matches `.gitkeep`, `README`;
 * does not match `app.txt`.
 */
const KEEP_FILE_RE = /^(?:\.gitkeep|\.keep|\.gitignore|readme(?:\.md)?)$/i;

/** Extensions of source code and docs: a feature called "logs" (`src/logs/viewer.tsx`). */
const SOURCE_EXTENSIONS = [
  '[cm]?[jt]sx?',
  'py',
  'go',
  'rb',
  'java',
  'kt',
  'rs',
  'cs',
  'php',
  'swift',
  'c',
  'h',
  'cpp',
  'vue',
  'svelte',
  'css',
  'scss',
  'html',
  'md',
];

/** Matches `viewer.tsx`, `parse.py`; does not match `out.json` or `app.txt`. */
const SOURCE_FILE_RE = new RegExp(`\\.(?:${SOURCE_EXTENSIONS.join('|')})$`, 'i');

export default defineRule({
  kind: 'path',
  id: 'log-file',
  description: 'Detect committed log files, which may hold credentials and personal data',
  severity: 'warning',
  tags: ['security', 'hygiene', 'logs'],
  since: '0.1.0',
  stability: 'preview',
  help: [
    'Logs record requests, headers, tokens and stack traces; they do not belong in git.',
    '1. Untrack the file: `git rm --cached FILE` (a `.gitignore` entry alone does not).',
    '2. Add `*.log` and `logs/` to `.gitignore` (`keyfence scan --fix`).',
    '3. Read the log for credentials or tokens and rotate any it holds.',
  ].join('\n'),
  messages: {
    logCovered:
      'Log file `{{path}}` {{where}}: adding it to `.gitignore` does not remove it from the ' +
      'index or from history; run `git rm --cached {{path}}`, then rotate what it held.',
    logUncovered:
      'Log file `{{path}}` {{where}}; logs may hold credentials, so add it to `.gitignore` and ' +
      'run `git rm --cached {{path}}`.',
  },
  examples: {
    flagged: [
      { path: 'npm-debug.log', text: 'info it worked\n' },
      { path: 'server/logs/2024-01-02.txt', text: 'GET /health 200\n' },
      { path: 'logs/access.json', text: '{}\n' },
    ],
    notFlagged: [
      { path: 'src/logger.ts', text: 'export {};\n' },
      { path: 'cmd/log.go', text: 'package main\n' },
      { path: 'CHANGELOG.md', text: '# Changes\n' },
      { path: 'data/catalog.json', text: '{}\n' },
      { path: 'blog/first-post.md', text: '# Hello\n' },
      { path: 'logs/.gitkeep', text: '' },
    ],
  },
  appliesTo(path) {
    if (LOG_NAME_RE.test(path)) {
      return true;
    }
    const name = baseName(path);
    return LOGS_FOLDER_RE.test(path) && !KEEP_FILE_RE.test(name) && !SOURCE_FILE_RE.test(name);
  },
  check(file, report) {
    report(pathReport(file, { covered: 'logCovered', uncovered: 'logUncovered' }));
  },
});
