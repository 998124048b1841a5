/**
 * Tests that tell a placeholder from a real credential. Real keys are random; placeholders are
 * made by people: repeated characters (`XXXX`), runs of the alphabet (`ABCDEFGH`), a short unit
 * repeated (`DEADBEEFDEADBEEF`) or the word AWS puts in its documentation keys (`EXAMPLE`).
 * Each threshold is set so that a random key trips it far less than once in a million.
 */

/** The word in AWS's documentation keys (`AKIAIOSFODNN7EXAMPLE`, `...EXAMPLEKEY`). */
const EXAMPLE_WORD = 'EXAMPLE';

/** Whether some character repeats `length` times in a row (`aaaaaa`). */
export function hasRepeatedRun(value: string, length: number): boolean {
  let run = 1;
  for (let index = 1; index < value.length; index++) {
    run = value.charCodeAt(index) === value.charCodeAt(index - 1) ? run + 1 : 1;
    if (run >= length) {
      return true;
    }
  }
  return length <= 1 && value.length > 0;
}

/** Whether `length` characters in a row climb or fall by one code point (`ABCDEF`, `98765`). */
export function hasSequentialRun(value: string, length: number): boolean {
  let up = 1;
  let down = 1;
  for (let index = 1; index < value.length; index++) {
    const step = value.charCodeAt(index) - value.charCodeAt(index - 1);
    up = step === 1 ? up + 1 : 1;
    down = step === -1 ? down + 1 : 1;
    if (up >= length || down >= length) {
      return true;
    }
  }
  return false;
}

/** Whether the value is a shorter unit repeated (`DEADBEEFDEADBEEF`, `abcabcab`). */
export function isPeriodic(value: string, maxPeriod: number): boolean {
  for (let period = 1; period <= Math.min(maxPeriod, value.length >> 1); period++) {
    let repeats = true;
    for (let index = period; index < value.length && repeats; index++) {
      repeats = value.charCodeAt(index) === value.charCodeAt(index - period);
    }
    if (repeats) {
      return true;
    }
  }
  return false;
}

/** Whether the value carries AWS's documentation marker, in any case. */
export function hasExampleWord(value: string): boolean {
  return value.toUpperCase().includes(EXAMPLE_WORD);
}

/**
 * The longest repeated unit looked for. Capped so the test stays linear on long values (a
 * megabyte-long unit repeated would otherwise cost time quadratic in its length).
 */
const MAX_PERIOD = 16;

/** The common placeholder shapes, with thresholds suited to a value of the given alphabet. */
export function looksLikePlaceholder(value: string, runLength = 6): boolean {
  return (
    hasExampleWord(value) ||
    hasRepeatedRun(value, runLength) ||
    hasSequentialRun(value, runLength) ||
    isPeriodic(value, MAX_PERIOD)
  );
}
