/**
 * Errors a user can act on. Anything thrown that is not a KeyfenceError is a bug in keyfence and
 * is reported as an internal error; both exit with status 2.
 */
export type ErrorKind = 'usage' | 'config' | 'git' | 'input';

export class KeyfenceError extends Error {
  override readonly name = 'KeyfenceError';

  /**
   * @param kind which part of the run failed, shown as the message's prefix
   * @param message what went wrong, in one sentence
   * @param hint what to do about it
   */
  readonly kind: ErrorKind;
  readonly hint: string | undefined;

  constructor(kind: ErrorKind, message: string, hint?: string) {
    super(message);
    this.kind = kind;
    this.hint = hint;
  }
}

/** Shorthand for the commonest case: the command line itself is wrong. */
export function usageError(
  message: string,
  hint = 'Run `keyfence --help` for usage.',
): KeyfenceError {
  return new KeyfenceError('usage', message, hint);
}
