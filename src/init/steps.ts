/** What one step of `keyfence init` did to one file, for the summary it prints. */
export interface SetupStep {
  /** The file, relative to the repository root. */
  readonly file: string;
  readonly action: 'created' | 'updated' | 'unchanged';
  /** A few words on what changed or why nothing did. */
  readonly note: string;
}

/** The line every hook keyfence installs runs; `npx` finds the project's own keyfence first. */
export const HOOK_COMMAND = 'npx keyfence staged';

/**
 * A line that already runs keyfence on the staged changes, however it is spelled:
 * `npx keyfence staged` or `node bin/keyfence.js staged` match; `# keyfence staged` does not.
 */
const RUNS_KEYFENCE_RE = /^(?![ \t]*#).*\bkeyfence(?:\.js)?[ \t]+staged\b/m;

/** Whether a hook script already runs `keyfence staged` on a line that is not a comment. */
export function runsKeyfence(script: string): boolean {
  return RUNS_KEYFENCE_RE.test(script);
}

/** `script` with `lines` appended, keeping what was there and separating it by a newline. */
export function appendLines(script: string, lines: string): string {
  if (script === '') {
    return lines;
  }
  return `${script.endsWith('\n') ? script : `${script}\n`}${lines}`;
}
