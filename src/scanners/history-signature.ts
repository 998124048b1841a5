import path from 'node:path';

import type { Rule } from '../engine/types.js';

/**
 * Groups paths by what the rules would do with one blob stored there. A blob is read and
 * scanned once per group its paths fall in, not once per path: `src/a.ts` and `lib/a.ts` get
 * the same content rules and no path rule, so the second scan would repeat the first.
 *
 * A group is the set of content rules whose `appliesTo` accepts the path, the set of path rules
 * that do, and the file extension. When a path rule applies, its findings name the path, so
 * such a path is a group of its own.
 *
 * Limitation: a content rule that reads `file.path` in `check` for anything beyond its
 * extension (a folder name, say) sees the first path of the group, not each path.
 */
export function createSignatures(rules: readonly Rule[]): (filePath: string) => number {
  const contentRules = rules.filter((rule) => rule.kind === 'content');
  const pathRules = rules.filter((rule) => rule.kind === 'path');
  const byPath = new Map<string, number>();
  const byKey = new Map<string, number>();

  return (filePath) => {
    const known = byPath.get(filePath);
    if (known !== undefined) {
      return known;
    }

    const content = contentRules.flatMap((rule, index) =>
      rule.appliesTo === undefined || rule.appliesTo(filePath) ? [index] : [],
    );
    const paths = pathRules.flatMap((rule, index) => (rule.appliesTo(filePath) ? [index] : []));
    const extension = path.posix.extname(filePath).toLowerCase();
    const own = paths.length > 0 ? filePath : '';
    const key = `${content.join(',')}|${paths.join(',')}|${extension}|${own}`;

    let id = byKey.get(key);
    if (id === undefined) {
      id = byKey.size;
      byKey.set(key, id);
    }
    byPath.set(filePath, id);
    return id;
  };
}
