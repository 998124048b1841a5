import type { ContentRule, PathRule, RepositoryRule, Rule } from './types.js';

/**
 * Declares a rule. It only returns its argument, typed: the point is that every rule file reads
 * the same way and that the registry, the docs test and the reporters can treat rules alike.
 *
 * @example
 * export default defineRule({ kind: 'content', id: 'aws-access-key-id', ... });
 */
export function defineRule<R extends ContentRule | PathRule | RepositoryRule>(rule: R): R {
  return rule;
}

/** Fills `{{name}}` placeholders of a message template. Unknown names are left visible. */
export function formatMessage(
  template: string,
  data: Readonly<Record<string, string | number>> | undefined,
): string {
  if (!data) {
    return template;
  }

  return template.replace(PLACEHOLDER_RE, (whole, name: string) => {
    const value = data[name];
    return value === undefined ? whole : String(value);
  });
}

/** `{{ accountId }}` or `{{accountId}}`; not `{accountId}`. */
const PLACEHOLDER_RE = /\{\{\s*(\w+)\s*\}\}/g;

/** Looks a message template up and fails loudly when a rule names one it does not define. */
export function messageOf(rule: Rule, messageId: string): string {
  const template = rule.messages[messageId];
  if (template === undefined) {
    throw new Error(`rule ${rule.id} reported unknown message id "${messageId}"`);
  }
  return template;
}
