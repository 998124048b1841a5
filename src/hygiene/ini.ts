import { isPlaceholder } from './values.js';

/** An AWS key found in an INI-style file. */
export interface IniCredentials {
  readonly section: string;
  /** The text from the first credential value of the section to the end of the last one. */
  readonly value: string;
  /** Offset of `value` in the text. */
  readonly offset: number;
}

/** `[default]`, `[profile ci]`. Does not match `[[table]]` or `[a] b`. */
const SECTION_RE = /^\[([^\[\]]+)\]$/;

/** `name = value` or `name: value`. Matches `aws_access_key_id = X`; not `- item`. */
const KEY_VALUE_RE = /^([A-Za-z_][\w.-]*)[ \t]*[=:][ \t]*(.*)$/;

/** Comments start with `#` or `;`. */
const COMMENT_RE = /^[#;]/;

const KEY_ID = 'aws_access_key_id';
const SECRET_KEY = 'aws_secret_access_key';
const SESSION_TOKEN = 'aws_session_token';

interface Section {
  readonly name: string;
  hasKeyId: boolean;
  hasSecret: boolean;
  /** Where the section's credential values start and end, to mask them all at once. */
  start: number;
  end: number;
}

/**
 * Finds the first section of an INI-style file that sets `aws_access_key_id` to a value that
 * is not a placeholder, as the AWS CLI's credential and config files do. A `[default]` or
 * `[profile NAME]` section counts with the key alone; another section name needs the secret
 * key beside it, since many INI files name keys freely. A file with any line that is neither
 * a section, an assignment nor a comment (Markdown around a pasted sample) is not INI-style.
 */
export function findIniCredentials(text: string): IniCredentials | undefined {
  const sections: Section[] = [];
  let offset = 0;

  for (const rawLine of text.split('\n')) {
    const line = rawLine.replace(/\r$/, '');
    const trimmed = line.trim();
    const lead = line.length - line.trimStart().length;
    const lineStart = offset;
    offset += rawLine.length + 1;

    if (trimmed === '' || COMMENT_RE.test(trimmed)) {
      continue;
    }
    const header = SECTION_RE.exec(trimmed);
    if (header) {
      const name = (header[1] ?? '').trim();
      sections.push({ name, hasKeyId: false, hasSecret: false, start: -1, end: -1 });
      continue;
    }
    const pair = KEY_VALUE_RE.exec(trimmed);
    if (!pair) {
      return undefined;
    }
    recordPair(sections.at(-1), pair, lineStart + lead);
  }

  const found = sections.find(
    (section) => section.hasKeyId && (isProfile(section.name) || section.hasSecret),
  );
  if (!found) {
    return undefined;
  }
  return { section: found.name, value: text.slice(found.start, found.end), offset: found.start };
}

/**
 * Notes a credential assignment in its section. The finding masks every credential value of
 * the section, not only the key ID: the code frame shows the neighbouring lines, and the
 * secret key is usually the next one.
 */
function recordPair(section: Section | undefined, pair: RegExpExecArray, start: number): void {
  const name = (pair[1] ?? '').toLowerCase();
  const value = (pair[2] ?? '').trim();
  if (!section || isPlaceholder(value) || ![KEY_ID, SECRET_KEY, SESSION_TOKEN].includes(name)) {
    return;
  }

  const valueStart = start + pair[0].length - (pair[2] ?? '').length;
  section.start = section.start === -1 ? valueStart : Math.min(section.start, valueStart);
  section.end = Math.max(section.end, valueStart + value.length);
  section.hasKeyId ||= name === KEY_ID;
  section.hasSecret ||= name === SECRET_KEY;
}

function isProfile(name: string): boolean {
  return name === 'default' || /^profile\s+\S/.test(name);
}
