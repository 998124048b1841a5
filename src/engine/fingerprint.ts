import { createHash } from 'node:crypto';

/**
 * A finding's stable identity: a hash of the rule id and the offending value, so it survives
 * moved lines, reformatting and rebases. The value itself cannot be recovered from it.
 */
export function fingerprintOf(ruleId: string, value: string): string {
  return createHash('sha256').update(ruleId).update('\0').update(value).digest('hex').slice(0, 32);
}
