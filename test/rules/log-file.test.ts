import { describe, expect, test } from 'vitest';

import rule from '../../rules/log-file.js';
import { runRule, testRule } from '../helpers/rule-tester.js';

testRule(rule, {
  valid: [
    { path: 'src/logger.ts', text: 'export {};\n' },
    { path: 'cmd/log.go', text: 'package main\n' },
    { path: 'CHANGELOG.md', text: '# Changes\n' },
    { path: 'docs/changelog.md', text: '# Changes\n' },
    { path: 'data/catalog.json', text: '{}\n' },
    { path: 'blog/first-post.md', text: '# Hello\n' },
    { path: 'blog/logs.txt', text: 'x\n', name: 'a file named logs, not a folder' },
    { path: 'logs/.gitkeep', text: '', name: 'the placeholder that keeps logs/ in git' },
    { path: 'src/logs/viewer.tsx', text: 'export {};\n', name: 'source code of a logs feature' },
    { path: 'log/README', text: 'x\n', name: 'a folder named log' },
    { path: 'app.logger', text: 'x\n', name: '.logger is not .log' },
  ],
  invalid: [
    { path: 'npm-debug.log', text: 'x\n', line: 1, column: 1, message: 'Log file `npm-debug.log`' },
    { path: 'deep/er/APP.LOG', text: 'x\n', line: 1, column: 1, name: 'upper case, deep down' },
    {
      path: 'logs/access.json',
      text: '{}\n',
      line: 1,
      column: 1,
      message: 'git rm --cached logs/access.json',
    },
    {
      path: 'server/logs/2024.txt',
      text: 'GET /\n',
      line: 1,
      column: 1,
      name: 'logs/ in a sub-folder',
    },
    {
      path: 'build.log',
      text: 'token=abc\n',
      line: 1,
      column: 1,
      message: 'adding it to `.gitignore` does not remove it from the index or from history',
    },
  ],
});

describe('log-file known limitations', () => {
  test.fails('misses a rotated log (app.log.1)', () => {
    expect(runRule(rule, 'x\n', { path: 'app.log.1' })).toHaveLength(1);
  });

  test.fails('misses a data file with a source extension under logs/', () => {
    expect(runRule(rule, '# export\n', { path: 'logs/export.md' })).toHaveLength(1);
  });
});
