/**
 * Turns raw file bytes into text, or says why it will not.
 *
 * The binary test is git's own heuristic (a NUL byte near the start), with one exception: UTF-16
 * text is full of NUL bytes, so a file that starts with a UTF-16 byte-order mark is decoded and
 * scanned instead of being skipped as binary.
 */

/** How much of the start of a file is searched for a NUL byte; git looks at the same 8 KiB. */
const BINARY_SNIFF_BYTES = 8 * 1024;

export type Decoded =
  { readonly kind: 'text'; readonly text: string } | { readonly kind: 'binary' };

const UTF8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });
const UTF16LE = new TextDecoder('utf-16le', { fatal: false, ignoreBOM: false });
const UTF16BE = new TextDecoder('utf-16be', { fatal: false, ignoreBOM: false });

/**
 * Which UTF-16 byte order the file declares with a BOM, if any. A BOM is believed only when a
 * NUL byte follows within the sniffed window, as the high byte of any ASCII character does in
 * UTF-16: otherwise two bytes "ÿþ" in front of a UTF-8 file would turn its text to noise and
 * hide every key in it.
 */
export function utf16Order(bytes: Uint8Array): 'le' | 'be' | undefined {
  if (bytes.length < 2) {
    return undefined;
  }
  const isLittle = bytes[0] === 0xff && bytes[1] === 0xfe;
  const isBig = bytes[0] === 0xfe && bytes[1] === 0xff;
  const declared = isLittle ? 'le' : isBig ? 'be' : undefined;
  if (declared === undefined) {
    return undefined;
  }
  const sniffed = bytes.subarray(2, Math.min(bytes.length, BINARY_SNIFF_BYTES));
  return sniffed.length === 0 || sniffed.includes(0) ? declared : undefined;
}

export function isBinary(bytes: Uint8Array): boolean {
  if (utf16Order(bytes) !== undefined) {
    return false;
  }
  const end = Math.min(bytes.length, BINARY_SNIFF_BYTES);
  return bytes.subarray(0, end).includes(0);
}

/**
 * Decodes bytes as UTF-8 (or UTF-16 with a BOM). Invalid UTF-8 sequences become U+FFFD rather
 * than failing the file: a secret next to a stray Latin-1 byte must still be found.
 */
export function decode(bytes: Uint8Array): Decoded {
  const order = utf16Order(bytes);
  if (order === 'le') {
    return { kind: 'text', text: UTF16LE.decode(bytes) };
  }
  if (order === 'be') {
    return { kind: 'text', text: UTF16BE.decode(bytes) };
  }
  if (isBinary(bytes)) {
    return { kind: 'binary' };
  }
  return { kind: 'text', text: UTF8.decode(bytes) };
}
