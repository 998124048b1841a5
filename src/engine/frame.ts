import type { LineIndex } from './location.js';
import type { FrameLine } from './types.js';

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

/** A masked line, and where each raw column of it landed after masking. */
interface MaskedLine {
  readonly text: string;
  /** Maps a 1-based column of the raw line to the same place in `text`. */
  column(raw: number): number;
}

/** Builds the code frames of one file's findings: `frameAt(line, column)`. */
export type Framer = (line: number, column: number) => FrameLine[];

/**
 * Prepares the code frames of one file: each finding's line with one line of context each
 * side, every secret span replaced by its redacted preview, long lines cut to a window around
 * the finding. Spans are filed by line and each line is masked once, so frames cost time linear
 * in the findings even when thousands of keys share one minified line.
 */
export function createFramer(lines: LineIndex, secrets: readonly Span[]): Framer {
  const byLine = indexSpansByLine(lines, secrets);
  const masked = new Map<number, MaskedLine>();
  // A final line break ends the last line; it does not start an empty line worth showing.
  const lastLine = Math.max(1, lines.text.endsWith('\n') ? lines.lineCount - 1 : lines.lineCount);

  const maskedLine = (line: number): MaskedLine => {
    let known = masked.get(line);
    if (!known) {
      known = maskLine(lines.lineText(line), lines.lineStart(line), byLine.get(line) ?? []);
      masked.set(line, known);
    }
    return known;
  };

  return (line, column) => {
    const first = Math.max(1, line - CONTEXT_LINES);
    const last = Math.min(lastLine, line + CONTEXT_LINES);
    const frame: FrameLine[] = [];

    for (let current = first; current <= last; current++) {
      const { text, column: toMasked } = maskedLine(current);
      frame.push({ line: current, text: clip(text, current === line ? toMasked(column) : 1) });
    }
    return frame;
  };
}

/** Files every span under each line it touches, sorted by start. */
function indexSpansByLine(lines: LineIndex, spans: readonly Span[]): Map<number, Span[]> {
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

function maskLine(raw: string, lineStart: number, inLine: readonly Span[]): MaskedLine {
  const lineEnd = lineStart + raw.length;
  // Raw offsets (within the line) where masking changed the length, and the shift after each.
  const shifts: { at: number; shift: number }[] = [];

  let out = '';
  let cursor = lineStart;
  let shift = 0;
  for (const span of inLine) {
    const from = Math.max(span.start, lineStart);
    const to = Math.min(span.end, lineEnd);
    if (from >= cursor) {
      const shown = span.start >= lineStart ? span.replacement : '';
      out += raw.slice(cursor - lineStart, from - lineStart) + shown;
      shift += shown.length - (to - from);
      shifts.push({ at: to - lineStart, shift });
    }
    cursor = Math.max(cursor, to);
  }
  out += raw.slice(cursor - lineStart);

  return {
    text: out.replace(CONTROL_RE, '\uFFFD'),
    column(rawColumn) {
      return rawColumn + shiftBefore(shifts, rawColumn - 1);
    },
  };
}

/** The shift of the last entry at or before `offset`; entries are sorted by `at`. */
function shiftBefore(shifts: readonly { at: number; shift: number }[], offset: number): number {
  let low = 0;
  let high = shifts.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((shifts[mid]?.at ?? 0) <= offset) {
      low = mid + 1;
    } else {
      high = mid;
    }
  }
  return low === 0 ? 0 : (shifts[low - 1]?.shift ?? 0);
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
