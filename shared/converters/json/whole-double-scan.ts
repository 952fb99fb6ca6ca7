// Whether schemaless JSON text may hold a float literal with a whole value (`5.0`, `5.`, `1e3`) or
// a digit run long enough (16+) that a double may not hold it exactly: then only the number's text
// tells Kafka's Double from its Long, so the converter parses precisely. A false alarm only costs
// speed; a miss would turn a Double into a Long.
//
// It runs on every schemaless record, so it looks only where numbers can be: between strings.
// Most of a record's bytes are string contents, which one native indexOf per string skips; the
// few characters between strings are read one by one. (Regular expressions over the whole text —
// /\d\.0*(?!\d)|\d[eE]|\d{16}/, or three cheaper scans — cost a tenth of the plain-JSON data
// plane, because every position of a long string had to be tried.)

const BACKSLASH = 0x5c;
const DOT = 0x2e;
const LONG_DIGIT_RUN = 16;

const isDigit = (code: number) => code >= 0x30 && code <= 0x39;

export function mayHoldWholeDouble(text: string): boolean {
  const length = text.length;
  let from = 0;
  while (from < length) {
    const open = text.indexOf('"', from);
    if (betweenStringsHasWholeDouble(text, from, open === -1 ? length : open)) return true;
    if (open === -1) return false;
    const close = closingQuote(text, open + 1);
    // An unterminated string: JSON.parse refuses the text, and a lenient reader may still find a
    // number before it; say yes rather than guess.
    if (close === -1) return true;
    from = close + 1;
  }
  return false;
}

/** The quote that ends the string whose contents start at `from` (one not escaped), or -1. */
function closingQuote(text: string, from: number): number {
  let quote = text.indexOf('"', from);
  while (quote !== -1) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if ((backslashes & 1) === 0) return quote;
    quote = text.indexOf('"', quote + 1);
  }
  return -1;
}

/** The rule on text[start, end), which holds no string: a digit then `.` and only zeros, a digit then e/E, or 16 digits. */
function betweenStringsHasWholeDouble(text: string, start: number, end: number): boolean {
  let run = 0;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (isDigit(code)) {
      if (++run >= LONG_DIGIT_RUN) return true;
      continue;
    }
    if (run > 0) {
      if ((code | 0x20) === 0x65) return true; // e or E
      if (code === DOT) {
        let next = i + 1;
        while (text.charCodeAt(next) === 0x30) next++;
        if (!isDigit(text.charCodeAt(next))) return true;
      }
    }
    run = 0;
  }
  return false;
}
