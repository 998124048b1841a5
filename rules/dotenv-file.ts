import { defineRule } from '../src/engine/define-rule.js';
import { classifyDotenv, parseDotenv } from '../src/hygiene/dotenv.js';
import { pathReport } from '../src/hygiene/path-finding.js';
import { isRealLooking } from '../src/hygiene/values.js';

export default defineRule({
  kind: 'path',
  id: 'dotenv-file',
  description: 'Detect committed or staged dotenv files and templates holding real values',
  severity: 'error',
  tags: ['security', 'hygiene', 'dotenv'],
  since: '0.1.0',
  stability: 'preview',
  help: [
    'Dotenv files hold the secrets of one machine; they must never be in git.',
    '1. Untrack the file: `git rm --cached FILE` (a `.gitignore` entry alone does not).',
    '2. Add it to `.gitignore` so it is not added again (`keyfence scan --fix`).',
    '3. Rotate every secret it held: it stays readable in the history until purged.',
    '4. Commit a template (`.env.example`) with empty values or placeholders instead.',
  ].join('\n'),
  messages: {
    dotenvCovered:
      'Dotenv file `{{path}}` {{where}}: adding it to `.gitignore` does not remove it from the ' +
      'index or from history; run `git rm --cached {{path}}`, then rotate every secret it held.',
    dotenvUncovered:
      'Dotenv file `{{path}}` {{where}}; add it to `.gitignore`, run `git rm --cached {{path}}`, ' +
      'then rotate every secret it held.',
    templateValue:
      'Template `{{path}}` holds a real-looking value for {{name}}; a template must ' +
      'hold only empty values or placeholders, so rotate that value and replace it.',
  },
  examples: {
    flagged: [
      { path: '.env', text: 'AWS_REGION=us-east-1\n' },
      { path: 'services/api/.env.production', text: 'DEBUG=false\n' },
      { path: 'deploy/prod.env', text: '' },
      { path: '.env.example', text: 'DB_HOST=db\nDB_PASSWORD=hunter2-prod-0\n' },
    ],
    notFlagged: [
      { path: '.env.example', text: 'DB_HOST=localhost\nDB_PASSWORD=\nAPI_KEY=<your-api-key>\n' },
      { path: 'src/env.ts', text: 'export const env = process.env;\n' },
      { path: 'docs/env.md', text: '# Environment\n' },
      { path: 'src/environment.ts', text: 'export {};\n' },
    ],
  },
  appliesTo(path) {
    return classifyDotenv(path) !== undefined;
  },
  check(file, report) {
    if (classifyDotenv(file.path) === 'dotenv') {
      report(pathReport(file, { covered: 'dotenvCovered', uncovered: 'dotenvUncovered' }));
      return;
    }

    // A template: only what it holds can be wrong. Unreadable (binary, too large) says nothing.
    // Each real-looking value is its own finding, so each is masked in every code frame.
    for (const entry of parseDotenv(file.text ?? '')) {
      if (isRealLooking(entry.name, entry.value)) {
        report({
          messageId: 'templateValue',
          data: { path: file.path, name: entry.name },
          start: entry.offset,
          value: entry.value,
        });
      }
    }
  },
});
