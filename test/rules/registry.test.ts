import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, test } from 'vitest';

import { RULES } from '../../rules/index.js';

const RULES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../rules');

/** The H2 sections every rule doc has, in this order. */
const DOC_SECTIONS = [
  'What it detects',
  'Why it matters',
  'Examples',
  'Known limitations',
  'How to fix',
  'References',
];

const SUPPORT_FILES = new Set(['index.ts', 'redirects.ts']);

function filesWith(extension: string): string[] {
  return readdirSync(RULES_DIR)
    .filter((file) => file.endsWith(extension) && !SUPPORT_FILES.has(file))
    .map((file) => file.slice(0, -extension.length))
    .sort();
}

describe('the rule registry', () => {
  test('lists every rule file, sorted by id, and nothing else', () => {
    const ids = RULES.map((rule) => rule.id);
    expect(ids).toEqual([...ids].sort());
    expect(ids).toEqual(filesWith('.ts'));
  });

  test('has a doc for every rule and a rule for every doc', () => {
    expect(filesWith('.md')).toEqual(RULES.map((rule) => rule.id));
  });

  test.each(RULES.map((rule) => [rule.id, rule] as const))(
    '%s has its doc sections in order',
    (id) => {
      const doc = readFileSync(path.join(RULES_DIR, `${id}.md`), 'utf8');
      const sections = [...doc.matchAll(/^## (.+)$/gm)].map((match) => match[1]);
      expect(doc.startsWith(`# ${id}\n`)).toBe(true);
      expect(sections).toEqual(DOC_SECTIONS);
    },
  );

  test.each(RULES.map((rule) => [rule.id, rule] as const))(
    '%s has well-formed metadata',
    (_id, rule) => {
      expect(rule.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(rule.description).toMatch(/^Detect [^\n]*[^.]$/);
      expect(rule.tags).toContain('security');
      expect(rule.help.length).toBeGreaterThan(40);
      expect(rule.examples.flagged.length).toBeGreaterThan(0);
      expect(rule.examples.notFlagged.length).toBeGreaterThan(0);
      for (const [messageId, message] of Object.entries(rule.messages)) {
        expect(messageId).toMatch(/^[a-z][a-zA-Z0-9]*$/);
        expect(message).toMatch(/^[A-Z`].*\.$/);
      }
      if (rule.kind === 'content') {
        for (const keyword of rule.keywords) {
          expect(keyword).toBe(keyword.toLowerCase());
        }
      }
    },
  );
});
