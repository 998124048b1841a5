/**
 * The shapes every part of keyfence agrees on: rules, the files they look at, and findings.
 *
 * Rules never see reporters and reporters never see file contents: the engine sits between them,
 * turns what a rule reports into a {@link Finding}, and redacts it on the way.
 */

/** How serious a finding is; the order matters for `--fail-on` and sorting. */
export type Severity = 'error' | 'warning' | 'note';

/** Every severity, most serious first. */
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'note'];

/**
 * What a rule looks at.
 * - `content`: the text of a file; gated by `keywords` found in the raw bytes.
 * - `path`: the path of a file (it may still read the text, lazily, for paths it matches).
 * - `repository`: the whole set of scanned files at once, once per scan.
 */
export type RuleKind = 'content' | 'path' | 'repository';

/** Where a scan reads its files from; rules may behave differently per mode. */
export type ScanMode = 'tree' | 'staged' | 'history';

/** One documented example of a rule's behaviour, reused by the docs and the tests. */
export interface RuleExample {
  /** The file text. Flagged examples must yield exactly one finding of the rule. */
  readonly text: string;
  /** The path the text is scanned at; defaults to `example.txt`. */
  readonly path?: string;
  /** Why the example behaves the way it does. */
  readonly note?: string;
}

/** What every rule, whatever its kind, declares about itself. */
export interface RuleMeta {
  /** Kebab-case, public and final: users' configs and baselines name it. */
  readonly id: string;
  /** One line starting with "Detect", no trailing period. */
  readonly description: string;
  readonly severity: Severity;
  readonly provider?: string;
  readonly tags: readonly string[];
  /** The keyfence version that introduced the rule. */
  readonly since: string;
  readonly stability: 'preview' | 'stable';
  /** How to fix a finding, in Markdown; shown by `keyfence rules` and in SARIF. */
  readonly help: string;
  /** Message templates by camelCase id; `{{name}}` is replaced from the report's `data`. */
  readonly messages: Readonly<Record<string, string>>;
  readonly examples: {
    readonly flagged: readonly RuleExample[];
    readonly notFlagged: readonly RuleExample[];
  };
}

/** What a rule hands to `report`: offsets are UTF-16 indexes into the file's text. */
export interface ReportDescriptor {
  readonly messageId: string;
  readonly data?: Readonly<Record<string, string | number>>;
  /**
   * Start offset of the offending value in the text. Leave it out when the finding is about the
   * path: the finding is then placed at 1:1 and gets no code frame, so no content is shown.
   */
  readonly start?: number;
  /** End offset (exclusive); defaults to `start + value.length`. */
  readonly end?: number;
  /**
   * The offending value. It is fingerprinted and redacted by the engine and never leaves it
   * raw unless the user asks for `--show-secrets`. Defaults to the text between start and end.
   */
  readonly value?: string;
  /** Whether `value` is a secret that must be masked (default true); paths and actions are not. */
  readonly secret?: boolean;
  /** Overrides the rule's severity here (a public principal under a Condition, say). */
  readonly severity?: Severity;
  /** Extra facts for machine-readable outputs; never secrets. */
  readonly properties?: Readonly<Record<string, string | number | boolean>>;
}

/** Collects what a rule finds. */
export type Report = (descriptor: ReportDescriptor) => void;

/** A file as content and path rules see it. */
export interface SourceFile {
  /** Repository-relative, `/`-separated. */
  readonly path: string;
  /** The decoded text; undefined when the file was skipped (binary, too large). */
  readonly text: string | undefined;
  /** Case-insensitive literal search of the raw bytes, cheaper than decoding. */
  hasKeyword(word: string): boolean;
  /**
   * An index into `text` at or before the first occurrence of any of `words`, which must be
   * keywords of the rule that asks; 0 when that is not known. A rule whose pattern can only
   * match at one of its keywords starts its search there.
   */
  firstKeywordAt?(words: readonly string[]): number;
  /** Computes a value once per file and shares it between rules (for example a parsed policy). */
  memo<T>(key: string, compute: () => T): T;
  /** The resolved configuration of this scan. */
  readonly config: ResolvedConfigView;
  readonly mode: ScanMode;
}

/** The slice of the configuration that rules may read; each rule family owns its section. */
export type ResolvedConfigView = Readonly<Record<string, unknown>>;

/** What a repository rule sees: the whole scanned set at once. */
export interface RepositoryContext {
  /** Absolute path of the scanned root (the repository's top level inside git). */
  readonly root: string;
  /** Absolute path of the `.git` directory, when the root is a git repository. */
  readonly gitDir: string | undefined;
  readonly mode: ScanMode;
  /** Every path in the scanned set, repository-relative. */
  readonly paths: readonly string[];
  /** Paths that the scan is about (staged changes); equal to `paths` for a tree scan. */
  readonly changedPaths: readonly string[];
  /** Reads a file's text as the scan sees it (the index for `staged`); undefined if absent. */
  readText(path: string): Promise<string | undefined>;
  readonly config: ResolvedConfigView;
}

/** A report from a repository rule names the file it is about. */
export interface RepositoryReportDescriptor extends ReportDescriptor {
  readonly path: string;
  /** The text of `path` when offsets are given, so the engine can turn them into lines. */
  readonly text?: string;
}

export type RepositoryReport = (descriptor: RepositoryReportDescriptor) => void;

export interface ContentRule extends RuleMeta {
  readonly kind: 'content';
  /**
   * Lowercase literals, one of which must occur in the file (in any case) before `check` runs.
   * This is what keeps the scan close to memory speed on files without secrets.
   */
  readonly keywords: readonly string[];
  /**
   * Other lowercase literals `check` asks `file.hasKeyword` about. They join the engine's
   * keyword vocabulary, so the one pass over the file that answers `keywords` answers them too,
   * instead of a byte search per keyword and spelling (0.2 s on the history benchmark). A
   * word under four letters slows that pass for every file (`aws` cost 10%): leave such a word
   * out when `check` asks about it only in rare cases, and the byte search answers it then.
   */
  readonly asks?: readonly string[];
  /** Limits the rule to some paths (for example `.tf` files). */
  appliesTo?(path: string): boolean;
  check(file: SourceFile, report: Report): void;
}

export interface PathRule extends RuleMeta {
  readonly kind: 'path';
  /** Cheap test of the path alone; `check` runs for paths it accepts. */
  appliesTo(path: string): boolean;
  /**
   * Lowercase literals that also make `check` run, on any path, when one occurs in the file:
   * for a rule that recognises some files by name and others by content. Findings found this
   * way depend on the content only, so the history scan needs them once per blob, not per path.
   */
  readonly keywords?: readonly string[];
  /**
   * Other lowercase literals `check` asks `file.hasKeyword` about. They join the engine's
   * keyword vocabulary, so the one pass over the file that answers `keywords` answers them too,
   * instead of a byte search per keyword and spelling (0.2 s on the history benchmark). A
   * word under four letters slows that pass for every file (`aws` cost 10%): leave such a word
   * out when `check` asks about it only in rare cases, and the byte search answers it then.
   */
  readonly asks?: readonly string[];
  check(file: SourceFile, report: Report): void;
}

/** What a repository rule can know before the repository's paths are listed. */
export type RepositoryScope = Pick<RepositoryContext, 'mode' | 'changedPaths' | 'config'>;

export interface RepositoryRule extends RuleMeta {
  readonly kind: 'repository';
  /**
   * Whether the rule has anything to check in this scan, judged from the changed paths alone.
   * When no repository rule is due, the scan skips listing every path of the repository (a
   * `git ls-files` that the pre-commit hook would otherwise pay on every commit). Due when
   * left out.
   */
  isDue?(scope: RepositoryScope): boolean;
  check(repo: RepositoryContext, report: RepositoryReport): Promise<void> | void;
}

export type Rule = ContentRule | PathRule | RepositoryRule;

/** History context of a finding, filled in by the history scanner. */
export interface CommitInfo {
  readonly sha: string;
  readonly author: string;
  readonly email: string;
  readonly date: string;
  readonly subject: string;
}

/** One line of a code frame, with every secret on it already masked. */
export interface FrameLine {
  readonly line: number;
  readonly text: string;
}

/**
 * Why a finding does not count. Suppressed findings are kept, not dropped: JSON and SARIF list
 * them, marked, so a reviewer sees what a change chose to silence; the terminal counts them.
 */
export interface Suppression {
  /** SARIF's kinds: `inSource` for a comment in the file, `external` for config or baseline. */
  readonly kind: 'inSource' | 'external';
  readonly source: 'inline' | 'config' | 'baseline';
  readonly justification?: string;
}

/** A finding as reporters see it: located, redacted and fingerprinted. */
export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly path: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** The offending value: redacted unless `--show-secrets`, verbatim when it is not secret. */
  readonly preview: string;
  /** Stable identity: depends on the rule and the value, never on the line. */
  readonly fingerprint: string;
  readonly properties: Readonly<Record<string, string | number | boolean>>;
  /** The surrounding lines, masked; for the terminal only, never written to JSON or SARIF. */
  readonly frame: readonly FrameLine[];
  readonly commit?: CommitInfo;
  /** Set when an inline comment, the config or the baseline allows this finding. */
  readonly suppression?: Suppression;
}

/** Why a file was not scanned; each reason is counted in the summary. */
export type SkipReason = 'binary' | 'too-large' | 'symlink' | 'submodule' | 'unreadable';

export interface ScanStats {
  filesScanned: number;
  bytesScanned: number;
  skipped: Record<SkipReason, number>;
  durationMs: number;
}

export interface ScanResult {
  readonly findings: readonly Finding[];
  readonly stats: ScanStats;
}
