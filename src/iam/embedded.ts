import { readJson } from './json-reader.js';
import type { ReadResult, StringNode } from './node.js';
import { alignValue } from './offset-map.js';

/**
 * Whether a string is worth parsing as an embedded JSON policy: an object that names a
 * `Statement`. Cheap enough to run on every string of a template.
 */
export function looksLikeJsonPolicy(value: string): boolean {
  return value.trimStart().startsWith('{') && value.includes('"Statement"');
}

/**
 * Parses a string node's value as JSON, with positions mapped back into the file: a JSON string
 * inside JSON, a YAML block scalar, a Terraform heredoc or a `!Sub` template.
 */
export function readEmbeddedJson(node: StringNode, source: string): ReadResult {
  const quote = source.charAt(node.start);
  const escapes = quote === '"';
  const locate = alignValue(node.value, source, node.start, node.end, escapes);
  return readJson(node.value, locate);
}
