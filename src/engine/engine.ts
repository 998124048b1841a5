import { isAscii } from 'node:buffer';

import { inlineSuppression } from '../suppress/inline.js';
import { valueSuppression, type AllowedValue } from '../suppress/values.js';
import { formatMessage, messageOf } from './define-rule.js';
import { decode, isBinary, utf16Order } from './decode.js';
import { fingerprintOf } from './fingerprint.js';
import { createFramer, type Framer, type Span } from './frame.js';
import { LineIndex } from './location.js';
import {
  compileKeywords,
  indexKeywords,
  keywordWindow,
  type KeywordIndex,
  type KeywordVocabulary,
} from './prefilter.js';
import { redact } from './redact.js';
import { createScrubber } from './scrub.js';
import type {
  CommitInfo,
  ContentRule,
  Finding,
  PathRule,
  RepositoryContext,
  RepositoryRule,
  ReportDescriptor,
  ResolvedConfigView,
  Rule,
  ScanMode,
  ScanStats,
  Severity,
  SkipReason,
  SourceFile,
  Suppression,
} from './types.js';

/** How a scan treats rules and values; built from the configuration by the CLI. */
export interface EngineOptions {
  readonly rules: readonly Rule[];
  readonly mode: ScanMode;
  readonly config: ResolvedConfigView;
  /** Per-rule severity overrides; rules set to `off` are left out of `rules` by the caller. */
  readonly severityOverrides?: ReadonlyMap<string, Severity>;
  /** Show secret values verbatim in previews and frames (`--show-secrets`). */
  readonly showSecrets?: boolean;
  /** Whether `keyfence:allow` comments suppress findings (default true; `--no-suppressions`). */
  readonly inlineSuppressions?: boolean;
  /** `allow.values`: a finding whose raw value matches one is suppressed by the config. */
  readonly allowedValues?: readonly AllowedValue[];
}

/** A file handed to the engine by a scanner. */
export interface FileInput {
  readonly path: string;
  /** The file's bytes; absent when the scanner did not read them (see `skipped`). */
  readonly bytes?: Buffer;
  /** Why the content was not read. Path rules still run: a 50 MB `app.log` is still a log. */
  readonly skipped?: SkipReason;
  readonly commit?: CommitInfo;
  /**
   * Another file's bytes in which no keyword of this engine occurs ({@link ScannedFile}), such
   * as the last version of this path in history: the keyword pass then reads only the bytes
   * that differ from it.
   */
  readonly keywordFreeBase?: Buffer;
}

/** What {@link Engine.scanFileAndKeywords} found. */
export interface ScannedFile {
  readonly findings: Finding[];
  /** Whether the file is text and holds no keyword of any rule, so it may serve as a base. */
  readonly isKeywordFree: boolean;
}

const NO_BYTES = Buffer.alloc(0);

/** A file's text, decoded on first use; `isText` is false for skipped and binary files. */
interface LazyText {
  readonly isText: boolean;
  readonly get: () => string | undefined;
}

const NO_TEXT: LazyText = { isText: false, get: () => undefined };

function decodeText(bytes: Buffer): string | undefined {
  const decoded = decode(bytes);
  return decoded.kind === 'text' ? decoded.text : undefined;
}

interface Hit {
  readonly rule: Rule;
  readonly descriptor: ReportDescriptor;
}

/**
 * Runs rules over files and turns their reports into findings. One engine serves one scan: it
 * also keeps the scan's statistics.
 */
export class Engine {
  readonly stats: ScanStats = {
    filesScanned: 0,
    bytesScanned: 0,
    skipped: { binary: 0, 'too-large': 0, symlink: 0, submodule: 0, unreadable: 0 },
    durationMs: 0,
  };

  readonly #options: EngineOptions;
  readonly #contentRules: ContentRule[];
  readonly #pathRules: PathRule[];
  readonly #repositoryRules: RepositoryRule[];
  readonly #keywords: KeywordVocabulary;

  constructor(options: EngineOptions) {
    this.#options = options;
    this.#contentRules = options.rules.filter((rule) => rule.kind === 'content');
    this.#pathRules = options.rules.filter((rule) => rule.kind === 'path');
    this.#repositoryRules = options.rules.filter((rule) => rule.kind === 'repository');
    // Path rules' keywords and the words rules ask about join the vocabulary, so that every
    // keyword of a file is answered by the same single pass instead of three byte searches
    // each (0.4 s on the history benchmark, and 0.2 s more for the asked words).
    this.#keywords = compileKeywords([
      ...this.#contentRules.flatMap((rule) => [...rule.keywords, ...(rule.asks ?? [])]),
      ...this.#pathRules.flatMap((rule) => [...(rule.keywords ?? []), ...(rule.asks ?? [])]),
    ]);
  }

  /** Counts a file the scanner did not read, so the summary can say why. */
  skip(reason: SkipReason): void {
    this.stats.skipped[reason] += 1;
  }

  /** Scans one file with every content and path rule that applies to it. */
  scanFile(input: FileInput): Finding[] {
    return this.scanFileAndKeywords(input).findings;
  }

  /** {@link scanFile}, and whether the file is free of keywords. */
  scanFileAndKeywords(input: FileInput): ScannedFile {
    const bytes = input.bytes ?? NO_BYTES;
    const text = this.#readText(input, bytes);
    const { file, keywords } = this.#sourceFile(input, bytes, text);
    const hits: Hit[] = [];
    const collect = (rule: Rule) => (descriptor: ReportDescriptor) => {
      hits.push({ rule, descriptor });
    };

    for (const rule of this.#pathRules) {
      if (rule.appliesTo(input.path) || (text.isText && hasAnyKeyword(rule.keywords, file))) {
        rule.check(file, collect(rule));
      }
    }
    if (text.isText) {
      for (const rule of this.#contentRules) {
        if (isContentRuleDue(rule, file)) {
          rule.check(file, collect(rule));
        }
      }
    }

    const decoded = hits.length === 0 ? '' : (text.get() ?? '');
    return {
      findings: this.#toFindings(hits, input.path, decoded, input.commit),
      isKeywordFree: text.isText && keywords.isVocabularyFree(),
    };
  }

  /** Runs the repository rules once, after the files of the scan are known. */
  async scanRepository(context: Omit<RepositoryContext, 'config' | 'mode'>): Promise<Finding[]> {
    const findings: Finding[] = [];
    const repo: RepositoryContext = {
      ...context,
      config: this.#options.config,
      mode: this.#options.mode,
    };

    for (const rule of this.#repositoryRules) {
      const hits: { descriptor: ReportDescriptor; path: string; text: string }[] = [];
      await rule.check(repo, (descriptor) => {
        hits.push({ descriptor, path: descriptor.path, text: descriptor.text ?? '' });
      });
      for (const hit of hits) {
        findings.push(
          ...this.#toFindings([{ rule, descriptor: hit.descriptor }], hit.path, hit.text),
        );
      }
    }

    return findings;
  }

  /**
   * Counts the file and returns its text lazily: most files contain no keyword of any rule, and
   * for them the prefilter's byte search is the whole cost, with no UTF-8 decoding at all.
   */
  #readText(input: FileInput, bytes: Buffer): LazyText {
    if (input.skipped) {
      this.skip(input.skipped);
      return NO_TEXT;
    }
    if (isBinary(bytes)) {
      this.skip('binary');
      return NO_TEXT;
    }

    this.stats.filesScanned += 1;
    this.stats.bytesScanned += bytes.length;
    let text: string | undefined;
    return {
      isText: true,
      get: () => (text ??= decodeText(bytes)),
    };
  }

  #sourceFile(
    input: FileInput,
    bytes: Buffer,
    text: LazyText,
  ): { file: SourceFile; keywords: KeywordIndex } {
    const memo = new Map<string, unknown>();
    const decoded = utf16Order(bytes) === undefined ? undefined : text.get;
    const base = input.keywordFreeBase;
    const window = base === undefined ? undefined : keywordWindow(bytes, base, this.#keywords);
    const keywords = indexKeywords(
      bytes,
      text.isText ? decoded : undefined,
      this.#keywords,
      window,
    );

    const file: SourceFile = {
      path: input.path,
      get text() {
        return text.get();
      },
      hasKeyword: (word) => keywords.has(word),
      firstKeywordAt: (words) => firstTextIndex(bytes, decoded !== undefined, keywords, words),
      memo<T>(key: string, compute: () => T): T {
        if (!memo.has(key)) {
          memo.set(key, compute());
        }
        return memo.get(key) as T;
      },
      config: this.#options.config,
      mode: this.#options.mode,
    };
    return { file, keywords };
  }

  #toFindings(hits: readonly Hit[], path: string, text: string, commit?: CommitInfo): Finding[] {
    if (hits.length === 0) {
      return [];
    }

    const lines = new LineIndex(text);
    const secrets: Span[] = hits
      .filter((hit) => hit.descriptor.secret !== false)
      .map((hit) => {
        const span = spanOf(hit.descriptor, text);
        const value = hit.descriptor.value ?? text.slice(span.start, span.end);
        return { ...span, replacement: redact(value) };
      });
    const frameAt = createFramer(lines, this.#options.showSecrets ? [] : secrets);
    const seen = new Set<string>();
    const findings: Finding[] = [];

    for (const hit of hits) {
      const finding = this.#toFinding(hit, path, text, lines, frameAt, commit);
      const key = `${finding.ruleId}:${finding.line}:${finding.column}:${finding.fingerprint}`;
      if (!seen.has(key)) {
        seen.add(key);
        findings.push(finding);
      }
    }

    return this.#options.showSecrets ? findings : this.#scrubQuotes(findings, hits, text);
  }

  /** Masks this file's secrets where a non-secret finding quotes them (see `scrub.ts`). */
  #scrubQuotes(findings: Finding[], hits: readonly Hit[], text: string): Finding[] {
    const secretHits = hits.filter((hit) => hit.descriptor.secret !== false);
    if (secretHits.length === 0 || secretHits.length === hits.length) {
      return findings;
    }

    const values = secretHits.map((hit) => {
      const span = spanOf(hit.descriptor, text);
      return hit.descriptor.value ?? text.slice(span.start, span.end);
    });
    const { scrub } = createScrubber(values);
    return findings.map((finding) => {
      const message = scrub(finding.message);
      const preview = scrub(finding.preview);
      return message === finding.message && preview === finding.preview
        ? finding
        : { ...finding, message, preview };
    });
  }

  #toFinding(
    hit: Hit,
    path: string,
    text: string,
    lines: LineIndex,
    frameAt: Framer,
    commit: CommitInfo | undefined,
  ): Finding {
    const { rule, descriptor } = hit;
    const span = spanOf(descriptor, text);
    const value = descriptor.value ?? text.slice(span.start, span.end);
    const isSecret = descriptor.secret !== false;
    const start = lines.locate(span.start);
    const end = lines.locate(span.end);
    const severity =
      this.#options.severityOverrides?.get(rule.id) ?? descriptor.severity ?? rule.severity;
    const suppression = this.#suppressionOf(rule.id, value, lines, start.line);

    return {
      ruleId: rule.id,
      severity,
      message: formatMessage(messageOf(rule, descriptor.messageId), descriptor.data),
      path,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      preview: isSecret && !this.#options.showSecrets ? redact(value) : value,
      fingerprint: fingerprintOf(rule.id, value || path),
      properties: descriptor.properties ?? {},
      // A report without an offset is about the file, not a place in it: showing its first
      // lines would print the content of a `.env` that no content rule has masked.
      frame: text === '' || descriptor.start === undefined ? [] : frameAt(start.line, start.column),
      ...(commit ? { commit } : {}),
      ...(suppression ? { suppression } : {}),
    };
  }

  /** Inline comments first, then `allow.values`: both need text the finding no longer holds. */
  #suppressionOf(
    ruleId: string,
    value: string,
    lines: LineIndex,
    line: number,
  ): Suppression | undefined {
    const isInlineOn = this.#options.inlineSuppressions !== false;
    const inline = isInlineOn ? inlineSuppression(lines, line, ruleId) : undefined;
    return inline ?? valueSuppression(value, this.#options.allowedValues ?? []);
  }
}

/**
 * The first occurrence of any of `words`, as an index into the decoded text or a bound below it.
 * The keyword index counts bytes for UTF-8: the same as characters in ASCII; otherwise each
 * character took at most three bytes, after a byte-order mark of three that decoding drops.
 */
function firstTextIndex(
  bytes: Buffer,
  isDecodedIndex: boolean,
  keywords: KeywordIndex,
  words: readonly string[],
): number {
  let first: number | undefined;
  for (const word of words) {
    if (keywords.has(word)) {
      const at = keywords.firstIndex(word) ?? 0;
      first = first === undefined ? at : Math.min(first, at);
    }
  }
  if (first === undefined || isDecodedIndex || isAscii(bytes)) {
    return first ?? 0;
  }
  return Math.max(0, Math.floor((first - 3) / 3));
}

/**
 * Whether a text file holds one of a path rule's keywords. The caller checks that the file is
 * text with `LazyText.isText`: asking `file.text` here decoded every file, keyword or not.
 */
function hasAnyKeyword(keywords: readonly string[] | undefined, file: SourceFile): boolean {
  return keywords?.some((word) => file.hasKeyword(word)) ?? false;
}

function isContentRuleDue(rule: ContentRule, file: SourceFile): boolean {
  if (rule.appliesTo && !rule.appliesTo(file.path)) {
    return false;
  }
  return rule.keywords.length === 0 || rule.keywords.some((word) => file.hasKeyword(word));
}

function spanOf(descriptor: ReportDescriptor, text: string): { start: number; end: number } {
  const start = Math.max(0, Math.min(descriptor.start ?? 0, text.length));
  const length = descriptor.value?.length ?? 0;
  const end = Math.max(start, Math.min(descriptor.end ?? start + length, text.length));
  return { start, end };
}
