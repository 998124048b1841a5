/**
 * The shapes in which code and config give a value a name, as regex sources and small parsers,
 * shared by the rules that need a key name before they believe a value is a secret.
 */

/**
 * What may stand between a key name and its value: quotes, spaces and newlines, `=`, `:`, `=>`,
 * `:=`, `?=`, `.=`, `,` (`setProperty("NAME", "value")`, CSV), `|` (Markdown tables), `>` (XML),
 * brackets and the backslash of an escaped quote. Bounded, so a scan cannot run away on it.
 * Matches `": "` and ` = '`. Does not match `_` or a letter.
 */
export const CONNECTOR_SOURCE = String.raw`[\s"'\x60:=,|>()[\]{}\\?.]{1,16}`;

/** An optional name suffix such as `_PROD` or `-2` after the key name proper. */
export const NAME_SUFFIX_SOURCE = String.raw`(?:[_\-.][A-Za-z0-9]{1,12}){0,2}`;

/** A file whose first line has at least one comma is read as CSV, with that line as header. */
const CSV_SEPARATOR = ',';

/** The most rows read below a header; credential exports have a handful. */
const CSV_MAX_ROWS = 10_000;

/** One cell of a CSV file, with the offset where it starts in the text. */
export interface CsvCell {
  readonly start: number;
  readonly value: string;
}

/**
 * The cells under the header columns that `isName` accepts, such as the console's
 * `credentials.csv` (`User name,Password,Access key ID,Secret access key,Console login link`).
 */
// Limitation: quoted cells that contain commas shift the columns after them; credential
// exports do not quote.
export function csvColumnCells(text: string, isName: (header: string) => boolean): CsvCell[] {
  const headerEnd = lineEnd(text, 0);
  const header = text.slice(0, headerEnd).split(CSV_SEPARATOR);
  if (header.length < 2) {
    return [];
  }
  const columns = new Set(header.flatMap((name, index) => (isName(unquote(name)) ? [index] : [])));
  if (columns.size === 0) {
    return [];
  }

  const cells: CsvCell[] = [];
  let start = headerEnd + 1;
  for (let row = 0; row < CSV_MAX_ROWS && start < text.length; row++) {
    const end = lineEnd(text, start);
    cells.push(...cellsOfRow(text, start, end, columns));
    start = end + 1;
  }
  return cells;
}

function cellsOfRow(text: string, start: number, end: number, columns: Set<number>): CsvCell[] {
  const cells: CsvCell[] = [];
  let cellStart = start;
  for (let column = 0; cellStart <= end; column++) {
    const next = text.indexOf(CSV_SEPARATOR, cellStart);
    const cellEnd = next === -1 || next > end ? end : next;
    if (columns.has(column)) {
      cells.push({ start: cellStart, value: text.slice(cellStart, cellEnd) });
    }
    cellStart = cellEnd + 1;
  }
  return cells;
}

/** Offset of the end of the line that starts at `start`, before any `\r\n`. */
function lineEnd(text: string, start: number): number {
  const newline = text.indexOf('\n', start);
  const end = newline === -1 ? text.length : newline;
  return end > start && text.charCodeAt(end - 1) === 0x0d ? end - 1 : end;
}

function unquote(cell: string): string {
  return cell.trim().replace(/^"|"$/g, '');
}
