/**
 * Where reports point people: keyfence's home page, rule docs, and file links on a forge.
 * Paths come from scanned repositories, so every one is percent-encoded before it becomes part
 * of a URI.
 */

/** keyfence's home page; SARIF's `informationUri`. */
export const INFORMATION_URI = 'https://github.com/keyfence/keyfence';

/** Rule docs as published with the source; `#how-to-fix` is the doc's fixing section. */
const RULE_DOCS_URI = `${INFORMATION_URI}/blob/main/rules`;

/** The published doc of a rule. */
export function ruleDocUri(ruleId: string): string {
  return `${RULE_DOCS_URI}/${encodeURIComponent(ruleId)}.md`;
}

/**
 * A repository-relative, `/`-separated path as a relative URI reference: each segment is
 * percent-encoded, so spaces, `#`, `?`, `%` and non-ASCII letters cannot change the URI's
 * meaning. `encodeURIComponent` also encodes `:`, which keeps a first segment such as `c:x`
 * from reading as a scheme.
 *
 * @example encodePath('dir with space/100%.txt') // 'dir%20with%20space/100%25.txt'
 */
export function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
