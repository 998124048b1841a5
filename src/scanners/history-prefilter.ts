import { isBinary, utf16Order } from '../engine/decode.js';
import type { Engine, FileInput } from '../engine/engine.js';
import { keywordVariants } from '../engine/prefilter.js';
import type { ContentRule, Finding, PathRule, Rule } from '../engine/types.js';

/**
 * A fast path for history scans, where nearly every blob is clean: it asks the engine's own
 * questions (does a path rule apply, is the blob binary, does any content rule's keyword occur
 * in the bytes) before the engine decodes the whole blob into a string. A blob that fails all
 * three is counted as scanned and never decoded, which saves the decoding and the string
 * garbage of every clean blob (a few percent of keyfence's CPU on the benchmark repository).
 *
 * The answers are the engine's: the same binary test, the same keyword spellings, and every
 * blob that might hold a finding still goes through `Engine#scanFile`.
 */
export function createBlobScan(
  engine: Engine,
  rules: readonly Rule[],
): (input: FileInput) => Finding[] {
  const pathRules = rules.filter((rule): rule is PathRule => rule.kind === 'path');
  const contentRules = rules.filter((rule): rule is ContentRule => rule.kind === 'content');
  const variants = new Map<string, string[]>();
  for (const rule of contentRules) {
    for (const keyword of rule.keywords) {
      variants.set(keyword, keywordVariants(keyword));
    }
  }

  const isDue = (input: FileInput, bytes: Buffer): boolean => {
    const found = new Map<string, boolean>();
    const has = (keyword: string): boolean => {
      let hit = found.get(keyword);
      if (hit === undefined) {
        const spellings = variants.get(keyword) ?? [];
        hit = spellings.some((word) => bytes.indexOf(word, 0, 'latin1') !== -1);
        found.set(keyword, hit);
      }
      return hit;
    };
    return contentRules.some(
      (rule) =>
        (rule.appliesTo === undefined || rule.appliesTo(input.path)) &&
        (rule.keywords.length === 0 || rule.keywords.some(has)),
    );
  };

  return (input) => {
    const bytes = input.bytes;
    if (
      bytes === undefined ||
      input.skipped !== undefined ||
      utf16Order(bytes) !== undefined ||
      pathRules.some((rule) => rule.appliesTo(input.path))
    ) {
      return engine.scanFile(input);
    }
    if (isBinary(bytes)) {
      engine.skip('binary');
      return [];
    }
    if (isDue(input, bytes)) {
      return engine.scanFile(input);
    }

    engine.stats.filesScanned += 1;
    engine.stats.bytesScanned += bytes.length;
    return [];
  };
}
