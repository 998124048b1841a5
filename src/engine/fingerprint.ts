import { createRequire } from 'node:module';

const loadBuiltin = createRequire(import.meta.url);

/**
 * A finding's stable identity: a hash of the rule id and the offending value, so it survives
 * moved lines, reformatting and rebases. The value itself cannot be recovered from it.
 */
export function fingerprintOf(ruleId: string, value: string): string {
  // node:crypto loads about twenty internal modules; a clean commit, the common case, has no
  // finding to hash, so the hook loads it only when it needs it.
  const { createHash } = loadBuiltin('node:crypto') as typeof import('node:crypto');
  return createHash('sha256').update(ruleId).update('\0').update(value).digest('hex').slice(0, 32);
}
