import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's README, whose setup sections the integration tests run as written. */
export const README = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../README.md');

/** A fenced block: ``` + language, lines, ```. */
const FENCE_RE = /^```(\w*)\n([^]*?)^```$/gm;

/**
 * The fenced code blocks of one language in the README section under `heading` (the whole
 * heading line, such as `### With husky`), up to the next heading of the same or a higher level.
 */
export function readmeBlocks(heading: string, language: string): string[] {
  const text = readFileSync(README, 'utf8');
  const start = text.indexOf(`\n${heading}\n`);
  if (start === -1) {
    throw new Error(`README.md has no section "${heading}"`);
  }

  const level = heading.split(' ')[0] ?? '##';
  const rest = text.slice(start + heading.length + 2);
  const next = rest.search(new RegExp(`^#{1,${level.length}} `, 'm'));
  const section = next === -1 ? rest : rest.slice(0, next);
  return [...section.matchAll(FENCE_RE)]
    .filter((match) => match[1] === language)
    .map((match) => match[2] ?? '');
}
