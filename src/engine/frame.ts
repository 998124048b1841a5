import type { FrameLine } from './types.js';
import type { LineIndex } from './location.js';
/** A span of the text that must never be shown, in UTF-16 offsets, and what to show instead. */
export interface Span {
  readonly start: number;
  readonly end: number;
  /** The redacted preview, shown where the span starts; continuation lines show nothing. */
  readonly replacement: string;
}

/** Lines of context shown above and below the finding's line. */
const CONTEXT_LINES = 1;

/** Frame lines are cut to this many characters around the finding (minified files). */
const FRAME_WIDTH = 120;

/**
 * C0 controls other than tab, DEL and C1 controls. Shown verbatim they could move the cursor or
 * recolour the terminal (a scanned file is untrusted), so they are replaced by U+FFFD.
 * Matches "\x1b[2J"; does not match "\t".
 */
const CONTROL_RE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * Builds the masked code frame of a finding: its line with one line of context each side, every
 * secret span replaced by the mask, long lines cut to a window around the finding.
 */
export function buildFrame(
  lines: LineIndex,
  line: number,
  column: number,
  secrets: SpansByLine,
): FrameLine[] {
  const first = Math.max(1, line - CONTEXT_LINES);
  const last = Math.min(lines.lineCount, line + CONTEXT_LINES);
  const frame: FrameLine[] = [];

  for (let current = first; current <= last; current++) {
    const start = lines.lineStart(current);
    const raw = lines.lineText(current);
    const masked = maskLine(raw, start, secrets.get(current) ?? []);
    frame.push({ line: current, text: clip(masked, current === line ? column : 1) });
  }

  return frame;
}

/** The secret spans that touch each 1-based line, sorted by start. */
export type SpansByLine = ReadonlyMap<number, readonly Span[]>;

/**
 * Files every span under each line it touches, once per file. Looking spans up by line keeps
 * frame building linear: filtering every span for every frame line made a file holding
 * thousands of keys take seconds.
 */
export function indexSpansByLine(lines: LineIndex, spans: readonly Span[]): SpansByLine {
  const byLine = new Map<number, Span[]>();
  const sorted = [...spans].sort((a, b) => a.start - b.start);

  for (const span of sorted) {
    const first = lines.locate(span.start).line;
    const last = lines.locate(Math.max(span.start, span.end - 1)).line;
    for (let line = first; line <= last; line++) {
      const bucket = byLine.get(line) ?? [];
      bucket.push(span);
      byLine.set(line, bucket);
    }
  }
  return byLine;
}

function maskLine(raw: string, lineStart: number, inLine: readonly Span[]): string {
  const lineEnd = lineStart + raw.length;

  let out = '';
  let cursor = lineStart;
  for (const span of inLine) {
    const from = Math.max(span.start, lineStart);
    if (from >= cursor) {
      const shown = span.start >= lineStart ? span.replacement : '';
      out += raw.slice(cursor - lineStart, from - lineStart) + shown;
    }
    cursor = Math.max(cursor, Math.min(span.end, lineEnd));
  }
  out += raw.slice(cursor - lineStart);

  return out.replace(CONTROL_RE, '\uFFFD');
}

function clip(text: string, column: number): string {
  if (text.length <= FRAME_WIDTH) {
    return text;
  }
  const start = Math.max(0, Math.min(column - 1 - FRAME_WIDTH / 4, text.length - FRAME_WIDTH));
  const head = start > 0 ? '…' : '';
  const tail = start + FRAME_WIDTH < text.length ? '…' : '';
  return head + text.slice(start, start + FRAME_WIDTH) + tail;
}
