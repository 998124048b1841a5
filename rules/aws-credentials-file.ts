import { defineRule } from '../src/engine/define-rule.js';
import { findIniCredentials } from '../src/hygiene/ini.js';
import { pathReport } from '../src/hygiene/path-finding.js';

/**
 * The AWS CLI's own files, in any folder (a home directory copied into a repository).
 * Matches `.aws/credentials`, `home/ci/.aws/config`; does not match `aws/config.ts`.
 */
const CLI_FILE_RE = /(?:^|\/)\.aws\/(?:credentials|config)$/;

/** The key every credentials profile has; files without it are not read further. */
const KEY_NAME = 'aws_access_key_id';

export default defineRule({
  kind: 'path',
  id: 'aws-credentials-file',
  description: 'Detect AWS CLI credential and config files and INI files holding AWS keys',
  severity: 'error',
  provider: 'aws',
  tags: ['security', 'hygiene', 'aws'],
  since: '0.1.0',
  stability: 'preview',
  help: [
    'AWS CLI files hold long-term keys for every profile on a machine.',
    '1. Deactivate each key the file held (`aws iam update-access-key --status Inactive`).',
    '2. Untrack the file with `git rm --cached FILE`; a `.gitignore` entry alone does not.',
    '3. Purge it from history and keep credentials in `~/.aws`, outside every repository.',
  ].join('\n'),
  messages: {
    cliFileCovered:
      'AWS CLI file `{{path}}` {{where}}: adding it to `.gitignore` does not remove it from the ' +
      'index or from history; run `git rm --cached {{path}}`, then rotate every key it held.',
    cliFileUncovered:
      'AWS CLI file `{{path}}` {{where}}; add it to `.gitignore`, run ' +
      '`git rm --cached {{path}}`, then rotate every key it held.',
    iniCredentials:
      '`{{path}}` is an AWS credentials file: profile [{{section}}] sets aws_access_key_id; ' +
      'run `git rm --cached {{path}}` and deactivate the key.',
  },
  examples: {
    flagged: [
      { path: '.aws/credentials', text: '[default]\nregion = eu-west-1\n' },
      { path: 'ci/home/.aws/config', text: '[profile ci]\nregion = eu-west-1\n' },
      {
        path: 'deploy/creds.ini',
        text: '[default]\naws_access_key_id = AKIA' + 'Z7TBQ2XL5MWE3RVN\n',
        note: 'an INI file anywhere, found by its content',
      },
    ],
    notFlagged: [
      { path: 'src/aws/config.ts', text: 'export const region = "eu-west-1";\n' },
      {
        path: 'docs/setup.md',
        text:
          '# Setup\nPut this in ~/.aws/credentials:\n[default]\naws_access_key_id = AKIA' +
          'Z7TBQ2XL5MWE3RVN\n',
        note: 'prose around it: not an INI file',
      },
      { path: 'config.ini', text: '[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n' },
    ],
  },
  // Any file may be an INI credentials file, so every path is a candidate; check() rejects
  // nearly all of them with one byte search.
  appliesTo(path) {
    return CLI_FILE_RE.test(path);
  },
  keywords: [KEY_NAME],
  check(file, report) {
    if (CLI_FILE_RE.test(file.path)) {
      report(pathReport(file, { covered: 'cliFileCovered', uncovered: 'cliFileUncovered' }));
      return;
    }
    if (file.text === undefined || !file.hasKeyword(KEY_NAME)) {
      return;
    }

    const found = findIniCredentials(file.text);
    if (found) {
      report({
        messageId: 'iniCredentials',
        data: { path: file.path, section: found.section },
        start: found.offset,
        value: found.value,
        properties: { section: found.section },
      });
    }
  },
});
