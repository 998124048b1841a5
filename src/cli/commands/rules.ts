import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { RULES } from '../../../rules/index.js';
import type { Rule } from '../../engine/types.js';
import { usageError } from '../../errors.js';
import type { CliOptions } from '../args.js';
import { EXIT_CLEAN, type CliIO } from '../io.js';

/**
 * `keyfence rules`: every rule with id, severity and description. `keyfence rules ID...` shows
 * those rules in full: kind, tags, stability, how to fix a finding and where the rule's page
 * is. `--format json` gives the same as data, for scripts.
 */
export function rulesCommand(options: CliOptions, io: CliIO): Promise<number> {
  const chosen = options.targets.length === 0 ? RULES : options.targets.map(ruleNamed);
  const format = options.outputs[0]?.format ?? 'text';

  if (format === 'json') {
    io.stdout.write(`${JSON.stringify(chosen.map(describeRule), null, 2)}\n`);
  } else if (options.targets.length === 0) {
    const width = Math.max(...RULES.map((rule) => rule.id.length));
    const lines = RULES.map(
      (rule) => `${rule.id.padEnd(width)}  ${rule.severity.padEnd(7)}  ${rule.description}`,
    );
    io.stdout.write(`${lines.join('\n')}\n`);
  } else {
    io.stdout.write(`${chosen.map(ruleDetails).join('\n\n')}\n`);
  }
  return Promise.resolve(EXIT_CLEAN);
}

function ruleNamed(id: string): Rule {
  const rule = RULES.find((candidate) => candidate.id === id);
  if (rule !== undefined) {
    return rule;
  }
  const near = RULES.filter((candidate) => candidate.id.includes(id) || id.includes(candidate.id));
  const hint = near.length > 0 ? `Did you mean ${near.map((item) => item.id).join(', ')}?` : '';
  throw usageError(
    `no rule is called "${id}"`,
    `${hint} \`keyfence rules\` lists them all.`.trim(),
  );
}

function ruleDetails(rule: Rule): string {
  const docs = docsPathOf(rule);
  return [
    `${rule.id}  (${rule.severity}, ${rule.kind} rule, ${rule.stability} since ${rule.since})`,
    rule.description,
    ...(rule.tags.length > 0 ? [`Tags: ${rule.tags.join(', ')}`] : []),
    '',
    'How to fix:',
    ...rule.help.split('\n').map((line) => (line === '' ? '' : `  ${line}`)),
    ...(docs === undefined ? [] : ['', `Documentation: ${docs}`]),
  ].join('\n');
}

function describeRule(rule: Rule): Record<string, unknown> {
  return {
    id: rule.id,
    kind: rule.kind,
    severity: rule.severity,
    description: rule.description,
    tags: rule.tags,
    stability: rule.stability,
    since: rule.since,
    help: rule.help,
  };
}

/** The rule's page, `rules/<id>.md`, shipped beside the bundle in the package and the repo. */
function docsPathOf(rule: Rule): string | undefined {
  const file = fileURLToPath(new URL(`../rules/${rule.id}.md`, import.meta.url));
  return existsSync(file) ? file : undefined;
}
