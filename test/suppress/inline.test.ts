import { describe, expect, test } from 'vitest';

import { RULES } from '../../rules/index.js';
import { Engine } from '../../src/engine/engine.js';
import { parseAllowDirective } from '../../src/suppress/inline.js';
import { fakeAccessKeyId } from '../helpers/fake-secrets.js';

const KEY = fakeAccessKeyId('AKIA', 801);

function scan(path: string, text: string, inlineSuppressions = true) {
  // Content rules only: a path rule such as dotenv-file would add a finding about the file name.
  const rules = RULES.filter((rule) => rule.kind === 'content');
  const engine = new Engine({ rules, mode: 'tree', config: {}, inlineSuppressions });
  return engine.scanFile({ path, bytes: Buffer.from(text) });
}

/** One case: a file, and whether its one finding is suppressed (with which justification). */
interface Case {
  readonly syntax: string;
  readonly path: string;
  readonly text: string;
  readonly justification?: string;
}

const SUPPRESSED: readonly Case[] = [
  { syntax: '# (shell, Python, YAML)', path: 'a.py', text: `key = "${KEY}"  # keyfence:allow\n` },
  { syntax: '// (JavaScript)', path: 'a.ts', text: `const k = '${KEY}'; // keyfence:allow\n` },
  {
    syntax: '/* */ (C, CSS)',
    path: 'a.c',
    text: `char *k = "${KEY}"; /* keyfence:allow -- sample from the docs */\n`,
    justification: 'sample from the docs',
  },
  {
    syntax: '<!-- --> (HTML, XML, Markdown)',
    path: 'a.xml',
    text: `<key>${KEY}</key> <!-- keyfence:allow aws-access-key-id -- fake -->\n`,
    justification: 'fake',
  },
  { syntax: '-- (SQL, Lua)', path: 'a.sql', text: `SELECT '${KEY}'; -- keyfence:allow\n` },
  { syntax: '; (INI)', path: 'a.ini', text: `key = ${KEY} ; keyfence:allow\n` },
  { syntax: '## repeated opener', path: 'a.sh', text: `export K=${KEY} ## keyfence:allow\n` },
  {
    syntax: '# on the line above (.env)',
    path: '.env.example',
    text: `# keyfence:allow -- LocalStack key\nAWS_ACCESS_KEY_ID=${KEY}\n`,
    justification: 'LocalStack key',
  },
  {
    syntax: '# on the line above, with CRLF line ends',
    path: '.env',
    text: `# keyfence:allow\r\nAWS_ACCESS_KEY_ID=${KEY}\r\n`,
  },
  {
    syntax: '// on the line above (JSON with comments)',
    path: 'settings.jsonc',
    text: `{\n  // keyfence:allow aws-access-key-id\n  "key": "${KEY}"\n}\n`,
  },
  {
    syntax: '<!-- --> on the line above (Markdown)',
    path: 'README.md',
    text: `<!-- keyfence:allow -->\n    ${KEY}\n`,
  },
  {
    syntax: 'several rule ids, comma-separated',
    path: 'a.py',
    text: `k = "${KEY}"  # keyfence:allow generic-api-key, aws-access-key-id\n`,
  },
];

const REPORTED: readonly Case[] = [
  { syntax: 'no comment opener', path: 'a.txt', text: `${KEY} keyfence:allow\n` },
  {
    syntax: 'the marker inside the string that holds the key',
    path: 'a.ts',
    text: `const k = '${KEY} // keyfence:allow';\n`,
  },
  {
    syntax: 'the marker naming another rule',
    path: 'a.py',
    text: `k = "${KEY}"  # keyfence:allow generic-api-key\n`,
  },
  {
    syntax: 'a reason without "--" (it reads as rule ids)',
    path: 'a.py',
    text: `k = "${KEY}"  # keyfence:allow it's a fake\n`,
  },
  { syntax: 'another word', path: 'a.py', text: `k = "${KEY}"  # keyfence:allowed\n` },
  {
    syntax: 'a trailing comment on the line above',
    path: 'a.py',
    text: `a = 1  # keyfence:allow\nk = "${KEY}"\n`,
  },
  {
    syntax: 'a comment two lines above',
    path: 'a.py',
    text: `# keyfence:allow\n\nk = "${KEY}"\n`,
  },
];

describe('keyfence:allow comments', () => {
  test.each(SUPPRESSED)('suppress a finding with $syntax', ({ path, text, justification }) => {
    const findings = scan(path, text);

    expect(findings).toHaveLength(1);
    expect(findings[0]?.suppression).toEqual({
      kind: 'inSource',
      source: 'inline',
      ...(justification === undefined ? {} : { justification }),
    });
  });

  test.each(REPORTED)('leave a finding reported with $syntax', ({ path, text }) => {
    const findings = scan(path, text);

    expect(findings).toHaveLength(1);
    expect(findings[0]?.suppression).toBeUndefined();
  });

  test('are ignored when inline suppressions are off (--no-suppressions)', () => {
    const findings = scan('a.py', `key = "${KEY}"  # keyfence:allow\n`, false);
    expect(findings[0]?.suppression).toBeUndefined();
  });

  test('apply only to their own line, not to a neighbour', () => {
    const findings = scan('a.py', `a = "${KEY}"  # keyfence:allow\nb = "${KEY}"\n`);
    expect(findings.map((finding) => finding.suppression?.source)).toEqual(['inline', undefined]);
  });
});

describe('parseAllowDirective', () => {
  test.each([
    ['# keyfence:allow', { ruleIds: [], isWholeLine: true }],
    [
      'x  // keyfence:allow a-b c -- why not',
      { ruleIds: ['a-b', 'c'], reason: 'why not', isWholeLine: false },
    ],
    ['/* keyfence:allow -- closed */ more', { ruleIds: [], reason: 'closed', isWholeLine: true }],
    ['<!--keyfence:allow-->', { ruleIds: [], isWholeLine: true }],
    ["say 'it''s' # keyfence:allow", { ruleIds: [], isWholeLine: false }],
  ])('reads %j', (line, expected) => {
    expect(parseAllowDirective(line)).toEqual(expected);
  });

  test.each(['keyfence:allow', 'url = "http://x/#keyfence:allow"', '# keyfence:allow-list', ''])(
    'finds no directive in %j',
    (line) => {
      expect(parseAllowDirective(line)).toBeUndefined();
    },
  );
});
