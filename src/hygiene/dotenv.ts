import { baseName } from './path-finding.js';

/** Suffixes that make a dotenv file a template: `.env.example`, `app.env.sample`, `dist.env`. */
const TEMPLATE_WORDS = new Set(['example', 'sample', 'template', 'dist']);

const DOTENV = '.env';

/** What a path is, as far as dotenv files go. */
export type DotenvKind = 'dotenv' | 'template' | undefined;

/**
 * Classifies a path by its file name, case-insensitively: `.env`, `.envrc`, `.env.<anything>`
 * and `<anything>.env` are dotenv files; those whose last word is a template word are
 * templates (`.env.example`, `.env.local.sample`, `app.env.dist`, `example.env`). Names that
 * only contain "env" (`env.ts`, `environment.ts`, `.environment`) are not dotenv files, and a
 * folder named `.env` (a Python virtualenv) does not make its files dotenv files.
 *
 * @example
 * classifyDotenv('config/.env.production') // 'dotenv'
 * classifyDotenv('.env.example') // 'template'
 * classifyDotenv('src/env.ts') // undefined
 */
export function classifyDotenv(path: string): DotenvKind {
  const name = baseName(path).toLowerCase();
  if (name === DOTENV || name === '.envrc') {
    return 'dotenv';
  }

  const words = name.split('.');
  const last = words.at(-1) ?? '';
  if (name.startsWith(`${DOTENV}.`) || name.includes(`${DOTENV}.`)) {
    if (TEMPLATE_WORDS.has(last)) {
      return 'template';
    }
    return name.startsWith(`${DOTENV}.`) ? 'dotenv' : undefined;
  }
  if (name.endsWith(DOTENV) && name.length > DOTENV.length) {
    return TEMPLATE_WORDS.has(words.at(-2) ?? '') ? 'template' : 'dotenv';
  }
  return undefined;
}

/** One `NAME=value` assignment of a dotenv file, with where its value starts. */
export interface DotenvEntry {
  readonly name: string;
  readonly value: string;
  /** Offset of the value (inside its quotes, if quoted) in the file's text. */
  readonly offset: number;
}

/**
 * `NAME=value`, optionally after `export`. Matches `export DB_PASSWORD="x"`, `A_B=1`; does not
 * match `# A=1` or `not an assignment`.
 */
const ASSIGNMENT_RE = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][\w.-]*)[ \t]*=[ \t]*(.*)$/gm;

/**
 * Reads the assignments of a dotenv file. Quoted values end at their closing quote; unquoted
 * ones at ` #`, where a comment starts.
 *
 * Limitation: a quoted value spanning several lines is read up to the end of its first line.
 */
export function parseDotenv(text: string): DotenvEntry[] {
  const entries: DotenvEntry[] = [];

  for (const match of text.matchAll(ASSIGNMENT_RE)) {
    const name = match[1] ?? '';
    const raw = (match[2] ?? '').replace(/\r$/, '');
    const valueStart = match.index + match[0].length - (match[2] ?? '').length;
    entries.push({ name, ...unquote(raw, valueStart) });
  }
  return entries;
}

function unquote(raw: string, start: number): { value: string; offset: number } {
  const quote = raw[0];
  if (quote === '"' || quote === "'" || quote === '`') {
    const close = raw.indexOf(quote, 1);
    return { value: raw.slice(1, close === -1 ? raw.length : close), offset: start + 1 };
  }

  const comment = raw.search(/[ \t]#/);
  return { value: (comment === -1 ? raw : raw.slice(0, comment)).trim(), offset: start };
}
