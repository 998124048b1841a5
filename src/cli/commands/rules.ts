import { RULES } from '../../../rules/index.js';
import type { Rule } from '../../engine/types.js';
import type { CliOptions } from '../args.js';
import { EXIT_CLEAN, type CliIO } from '../io.js';

/** `keyfence rules`: every rule with id, severity and description; `--format json` for scripts. */
export function rulesCommand(options: CliOptions, io: CliIO): Promise<number> {
  const format = options.outputs[0]?.format ?? 'text';
  if (format === 'json') {
    io.stdout.write(`${JSON.stringify(RULES.map(describeRule), null, 2)}\n`);
    return Promise.resolve(EXIT_CLEAN);
  }

  const width = Math.max(...RULES.map((rule) => rule.id.length));
  const lines = RULES.map(
    (rule) => `${rule.id.padEnd(width)}  ${rule.severity.padEnd(7)}  ${rule.description}`,
  );
  io.stdout.write(`${lines.join('\n')}\n`);
  return Promise.resolve(EXIT_CLEAN);
}

function describeRule(rule: Rule): Record<string, unknown> {
  return {
    id: rule.id,
    kind: rule.kind,
    severity: rule.severity,
    description: rule.description,
    tags: rule.tags,
    stability: rule.stability,
  };
}
