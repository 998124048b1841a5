import { usageError } from '../errors.js';
import { FORMATS, type Format } from '../reporters/types.js';

/** One report to write: a format and where it goes (stdout when `file` is undefined). */
export interface OutputTarget {
  readonly format: Format;
  readonly file: string | undefined;
}

/** A `--format` or `--output` option, in the order the command line gave them. */
export interface OutputOption {
  readonly name: 'format' | 'output';
  readonly value: string;
}

const PAIRING_HINT = 'Give each file right after its format: `-f text -f sarif -o keyfence.sarif`.';

/**
 * Pairs `--format` and `--output` by position: an `--output` belongs to the `--format` right
 * before it, or else to the next one. `-f text -f sarif -o out.sarif` prints text and writes
 * SARIF; `-o out.sarif -f sarif` is the same pair. A lone `--output` without any `--format`
 * writes text. A format without an output goes to stdout, and only one may.
 */
export function pairOutputs(options: readonly OutputOption[]): OutputTarget[] {
  const targets: { format: Format; file: string | undefined }[] = [];
  let pending: string | undefined;
  let previous: OutputOption['name'] | undefined;

  for (const option of options) {
    const last = targets.at(-1);
    if (option.name === 'format') {
      targets.push({ format: parseFormat(option.value), file: pending });
      pending = undefined;
    } else if (previous === 'format' && last !== undefined && last.file === undefined) {
      last.file = option.value;
    } else if (pending === undefined) {
      pending = option.value;
    } else {
      throw usageError('each --output needs its own --format before or after it', PAIRING_HINT);
    }
    previous = option.name;
  }

  return checkTargets(targets, pending);
}

function checkTargets(
  targets: { format: Format; file: string | undefined }[],
  pending: string | undefined,
): OutputTarget[] {
  if (pending !== undefined && targets.length > 0) {
    throw usageError('each --output needs its own --format before or after it', PAIRING_HINT);
  }
  if (targets.length === 0) {
    targets.push({ format: 'text', file: pending });
  }
  if (targets.filter((target) => target.file === undefined).length > 1) {
    throw usageError('only one --format can go to stdout; give the others an --output FILE');
  }

  const files = targets.flatMap((target) => (target.file === undefined ? [] : [target.file]));
  const repeated = files.find((file, index) => files.indexOf(file) !== index);
  if (repeated !== undefined) {
    throw usageError(`two reports would overwrite each other in ${repeated}`);
  }
  return targets;
}

function parseFormat(value: string): Format {
  if (!(FORMATS as readonly string[]).includes(value)) {
    throw usageError(`unknown format "${value}"; use one of ${FORMATS.join(', ')}`);
  }
  return value as Format;
}
