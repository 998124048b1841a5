import { indexKeywords } from '../../src/engine/prefilter.js';
import type { SourceFile } from '../../src/engine/types.js';

/**
 * A file as a content rule sees it, without the engine around it: for timing a rule's own
 * scan, apart from the engine's work per finding (frames, fingerprints).
 */
export function sourceFileOf(text: string, path = 'example.txt'): SourceFile {
  const memo = new Map<string, unknown>();
  const keywords = indexKeywords(Buffer.from(text, 'utf8'), () => text);
  return {
    path,
    text,
    hasKeyword: (word) => keywords.has(word),
    memo<T>(key: string, compute: () => T): T {
      if (!memo.has(key)) {
        memo.set(key, compute());
      }
      return memo.get(key) as T;
    },
    config: {},
    mode: 'tree',
  };
}
