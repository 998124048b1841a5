/**
 * Maps offsets inside a decoded string back to the source text it was written in, so a policy
 * embedded as a string (a JSON string in JSON, a YAML block scalar, a CloudFormation `!Sub`)
 * still reports the line and column of the offending value in the file.
 */

/** Turns an offset in the decoded value into an offset in the file. */
export type Locate = (offset: number) => number;

/**
 * Aligns a decoded value with its source slice. Escapes (a backslash and what follows) stand for
 * one decoded character, as in JSON, HCL and YAML double-quoted strings; other source characters
 * that the value lacks (quotes, YAML indentation, folded line breaks) are skipped.
 *
 * @param escapes whether a backslash starts an escape in this source (false for block scalars)
 */
export function alignValue(
  value: string,
  source: string,
  start: number,
  end: number,
  escapes: boolean,
): Locate {
  const offsets = new Int32Array(value.length + 1);
  let at = start;

  for (let index = 0; index < value.length; index++) {
    at = nextSourceOffset(value, index, source, at, end, escapes);
    offsets[index] = Math.min(at, end);
    at += escapes && source.charCodeAt(at) === BACKSLASH ? escapeLength(source, at) : 1;
  }
  offsets[value.length] = Math.min(at, end);

  return (offset) => offsets[Math.max(0, Math.min(offset, value.length))] ?? start;
}

const BACKSLASH = 0x5c;

function nextSourceOffset(
  value: string,
  index: number,
  source: string,
  from: number,
  end: number,
  escapes: boolean,
): number {
  const wanted = value.charCodeAt(index);
  let at = from;
  while (at < end) {
    const code = source.charCodeAt(at);
    if (code === wanted || (escapes && code === BACKSLASH)) {
      return at;
    }
    at += 1;
  }
  return end;
}

/** `\uXXXX` is six characters, every other escape two. */
function escapeLength(source: string, at: number): number {
  return source.charAt(at + 1) === 'u' ? 6 : 2;
}
