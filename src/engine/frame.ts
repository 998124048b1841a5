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
 * The secret spans of one file, sorted, so that each frame line finds the spans that touch it
 * by binary search. Filtering every span for every frame line made a file holding N secrets
 * cost N² (a 1 MB file of 50,000 key IDs took over a minute); this keeps it at N log N.
 */
export class SpanIndex {
  readonly #spans: Span[];
  /** `#reach[i]`: the furthest end among spans 0..i, to find long spans that began earlier. */
  readonly #reach: number[];

  constructor(spans: readonly Span[]) {
    this.#spans = [...spans].sort((a, b) => a.start - b.start || a.end - b.end);
    this.#reach = [];
    let reach = 0;
    for (const span of this.#spans) {
      reach = Math.max(reach, span.end);
      this.#reach.push(reach);
    }
  }

  /** The spans that overlap `[from, to)`, by start. */
  overlapping(from: number, to: number): Span[] {
    const first = this.#firstStartingAtOrAfter(from);
    const found: Span[] = [];

    // Spans that began before `from` and reach into the range: a multi-line private key.
    for (let index = first - 1; index >= 0 && (this.#reach[index] ?? 0) > from; index--) {
      const span = this.#spans[index];
      if (span && span.end > from) {
        found.unshift(span);
      }
    }
    for (let index = first; index < this.#spans.length; index++) {
      const span = this.#spans[index];
      if (!span || span.start >= to) {
        break;
      }
      found.push(span);
    }
    return found;
  }

  #firstStartingAtOrAfter(offset: number): number {
    let low = 0;
    let high = this.#spans.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((this.#spans[mid]?.start ?? offset) < offset) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }
}

/**
 * Builds the masked code frame of a finding: its line with one line of context each side, long
 * lines cut to a window around the finding, every secret span in the window replaced by the
 * mask. The window is cut before masking, so a 100 MB minified line costs the window, not the
 * line, for each of its findings.
 */
export function buildFrame(
  lines: LineIndex,
  line: number,
  column: number,
  secrets: SpanIndex,
): FrameLine[] {
  const first = Math.max(1, line - CONTEXT_LINES);
  const last = Math.min(lines.lineCount, line + CONTEXT_LINES);
  const frame: FrameLine[] = [];

  for (let current = first; current <= last; current++) {
    const lineStart = lines.lineStart(current);
    const raw = lines.lineText(current);
    const window = windowOf(raw.length, current === line ? column : 1);
    const from = lineStart + window.start;
    const to = lineStart + window.end;
    const masked = maskRange(lines.text, from, to, secrets.overlapping(from, to));
    const head = window.start > 0 ? '…' : '';
    const tail = window.end < raw.length ? '…' : '';
    frame.push({ line: current, text: head + masked + tail });
  }

  return frame;
}

/** The part of the text between `from` and `to`, each secret in it replaced by its preview. */
function maskRange(text: string, from: number, to: number, inRange: readonly Span[]): string {
  let out = '';
  let cursor = from;
  for (const span of inRange) {
    const start = Math.max(span.start, from);
    if (start >= cursor) {
      // A span that began before the range shows nothing: its preview is on an earlier line.
      const shown = span.start >= from ? span.replacement : '';
      out += text.slice(cursor, start) + shown;
    }
    cursor = Math.max(cursor, Math.min(span.end, to));
  }
  out += text.slice(cursor, to);

  return out.replace(CONTROL_RE, '\uFFFD');
}

/** The window of a line shown in a frame: the whole line, or FRAME_WIDTH around the column. */
function windowOf(length: number, column: number): { start: number; end: number } {
  if (length <= FRAME_WIDTH) {
    return { start: 0, end: length };
  }
  const start = Math.max(0, Math.min(column - 1 - FRAME_WIDTH / 4, length - FRAME_WIDTH));
  return { start, end: start + FRAME_WIDTH };
}
