import { appendFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

/**
 * The GitHub Actions runner's file and stdout protocols, written out by hand: the official
 * toolkit would add dependencies to a bundle that must stay small and auditable. See
 * https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions.
 */

export type AnnotationLevel = 'error' | 'warning' | 'notice';

/** Where an annotation points; GitHub shows it inline on the pull request's diff. */
export interface AnnotationProperties {
  readonly title?: string;
  readonly file?: string;
  readonly line?: number;
  readonly endLine?: number;
  readonly col?: number;
  readonly endColumn?: number;
}

/** A `::error file=...::message` line for stdout, escaped as the runner expects. */
export function annotation(
  level: AnnotationLevel,
  message: string,
  properties: AnnotationProperties = {},
): string {
  const props = Object.entries(properties)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(',');
  return `::${level}${props ? ` ${props}` : ''}::${escapeData(message)}\n`;
}

/** Sets a step output through the `GITHUB_OUTPUT` file, with a delimiter no value can contain. */
export function setOutput(file: string | undefined, name: string, value: string): void {
  if (!file) {
    return;
  }
  const delimiter = `keyfence_${randomBytes(12).toString('hex')}`;
  appendFileSync(file, `${name}<<${delimiter}\n${value}\n${delimiter}\n`);
}

/** Appends Markdown to the job summary (`GITHUB_STEP_SUMMARY`); a no-op outside Actions. */
export function appendSummary(file: string | undefined, markdown: string): void {
  if (file) {
    appendFileSync(file, markdown.endsWith('\n') ? markdown : `${markdown}\n`);
  }
}

function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}
