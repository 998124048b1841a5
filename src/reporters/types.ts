import type { Colors } from '../cli/colors.js';
import type { Finding, Rule, ScanMode, ScanStats } from '../engine/types.js';

/** Everything a reporter may use. Findings arrive redacted and sorted. */
export interface ReportInput {
  readonly findings: readonly Finding[];
  readonly stats: ScanStats;
  /** Every rule that exists, not just the ones that fired (SARIF lists them all). */
  readonly rules: readonly Rule[];
  readonly mode: ScanMode;
  readonly version: string;
  /** The scanned root, for reporters that need absolute locations. */
  readonly root: string;
  /**
   * Whether previews hold raw secrets (`--show-secrets`). Reporters whose output lands in a CI
   * log or a job summary, which are public for a public repository, then leave previews out.
   */
  readonly secretsShown?: boolean;
}

/** Options only the terminal reporter uses. */
export interface TextOptions {
  readonly colors: Colors;
  readonly quiet: boolean;
}

export type Format = 'text' | 'json' | 'sarif' | 'github';

export const FORMATS: readonly Format[] = ['text', 'json', 'sarif', 'github'];
