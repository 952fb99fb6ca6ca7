// How Kafka's JsonDeserializer reads a whole document, which is laxer than JSON.parse in two ways:
// - it enables ALLOW_LEADING_ZEROS_FOR_NUMBERS, so `01`, `-007`, `00.5` and `01e2` are numbers
//   (Jackson skips the extra zeros: `000` reads as 0, `00.5` as 0.5);
// - ObjectMapper.readTree reads the first value and never looks at what follows it (no
//   FAIL_ON_TRAILING_TOKENS), except the few characters Jackson's tokenizer checks right after a
//   root-level scalar: a number must be followed by whitespace or the end, and `true`, `false`,
//   `null` must not run into a character Java sees as part of an identifier.
//
// JSON.parse reads every strictly valid document the same way, so it stays the fast path; this
// reader runs only when JSON.parse refused the text. It finds the first value's extent, rewrites
// the numbers' leading zeros as Jackson reads them, and hands that slice to JSON.parse, which
// still judges everything else (escapes, control characters, structure).
import { type JsonNode, parseJson } from './json-node.ts';

/** JSON's whitespace, which is also the only whitespace Jackson skips. */
const isJsonSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/** True when the text holds nothing but JSON whitespace: Jackson reads it as a missing node. */
export function isBlankJson(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!isJsonSpace(text.charCodeAt(i))) return false;
  return true;
}

/**
 * Reads `text` as Jackson's readTree does; throws a SyntaxError where Jackson fails. `utf8` is the
 * UTF-8 the text was decoded from (with the text's first character at `utf8Offset`), which Jackson
 * checks byte by byte; without it the text is checked char by char (Jackson's other encodings).
 */
export function parseJacksonDocument(
  text: string,
  precise: boolean,
  utf8?: Uint8Array,
  utf8Offset = 0,
): JsonNode {
  let start = 0;
  while (start < text.length && isJsonSpace(text.charCodeAt(start))) start++;
  if (start === text.length) return undefined;
  const first = text.charCodeAt(start);
  if (first === 0x7b || first === 0x5b) {
    const slice = containerSlice(text, start);
    checkNumberLengths(slice);
    return parseJson(slice, precise);
  }
  if (first === 0x22) return parseJson(text.slice(start, stringEnd(text, start)), precise);
  if (first === 0x2d || isDigit(first)) {
    const { end, normalized } = numberToken(text, start);
    // Jackson's _verifyRootSpace: a root-level number ends at whitespace or at the end.
    if (end < text.length && !isJsonSpace(text.charCodeAt(end)))
      throw new SyntaxError('Expected space separating root-level values');
    checkNumberLengths(normalized);
    return parseJson(normalized, precise);
  }
  for (const literal of ['true', 'false', 'null']) {
    if (!text.startsWith(literal, start)) continue;
    const end = start + literal.length;
    // Whitespace and the literal are ASCII, so the byte after them is at the same index.
    if (end < text.length && endsInIdentifier(utf8 ? utf8[end + utf8Offset]! : text.charCodeAt(end)))
      throw new SyntaxError(`Unrecognized token '${literal}...'`);
    return parseJson(literal, precise);
  }
  throw new SyntaxError('Unexpected character');
}

/**
 * Jackson's check after a literal: a following character below '0', ']' or '}' ends it; any other
 * is tested with Character.isJavaIdentifierPart. From UTF-8 Jackson tests the byte itself (a
 * non-ASCII character is judged by its first byte read as Latin-1); from other encodings, the char.
 */
function endsInIdentifier(c: number): boolean {
  if (c < 0x30 || c === 0x5d || c === 0x7d) return false;
  if (c < 0x80) return /[0-9A-Za-z_\x7f]/.test(String.fromCharCode(c));
  return JAVA_IDENTIFIER_PART.test(String.fromCharCode(c));
}

/** Character.isJavaIdentifierPart beyond ASCII (with the identifier-ignorable controls). */
const JAVA_IDENTIFIER_PART = /[\p{L}\p{Nl}\p{Nd}\p{Mn}\p{Mc}\p{Pc}\p{Sc}\p{Cf}\x80-\x9f]/u;

/** The index just after the string starting at `start` (its closing quote), or the text's end. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === 0x22) return i + 1;
  }
  return text.length;
}

/** A number token at `start` (as far as it looks like one), with its leading zeros as Jackson reads them. */
function numberToken(text: string, start: number): { end: number; normalized: string } {
  let i = start;
  if (text.charCodeAt(i) === 0x2d) i++;
  const digitsStart = i;
  while (isDigit(text.charCodeAt(i))) i++;
  const intEnd = i;
  let intPart = text.slice(digitsStart, intEnd);
  // Jackson skips every leading zero followed by a digit, keeping one zero before a non-digit.
  if (intPart.length > 1 && intPart.charCodeAt(0) === 0x30) intPart = intPart.replace(/^0+(?=\d)/, '');
  if (text.charCodeAt(i) === 0x2e) {
    i++;
    while (isDigit(text.charCodeAt(i))) i++;
  }
  const e = text.charCodeAt(i);
  if (e === 0x65 || e === 0x45) {
    i++;
    const sign = text.charCodeAt(i);
    if (sign === 0x2b || sign === 0x2d) i++;
    while (isDigit(text.charCodeAt(i))) i++;
  }
  return { end: i, normalized: text.slice(start, digitsStart) + intPart + text.slice(intEnd, i) };
}

/** The object or array starting at `start`, up to its matching bracket, numbers normalized. */
function containerSlice(text: string, start: number): string {
  let depth = 0;
  let out = '';
  let copied = start;
  for (let i = start; i < text.length; ) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      i = stringEnd(text, i);
      continue;
    }
    if (c === 0x2d || isDigit(c)) {
      const { end, normalized } = numberToken(text, i);
      if (normalized.length !== end - i) {
        out += text.slice(copied, i) + normalized;
        copied = end;
      }
      i = Math.max(end, i + 1);
      continue;
    }
    if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (depth === 0) return out + text.slice(copied, i + 1);
    }
    i++;
  }
  // The first value never closes: Jackson fails on the unexpected end.
  throw new SyntaxError('Unexpected end of input');
}

/** Jackson's StreamReadConstraints.maxNumberLength (its default since 2.15). */
const MAX_NUMBER_LENGTH = 1000;
/** A number longer than the limit has a run of digits at least this long (int, fraction, exponent). */
const LONG_RUN = Math.ceil((MAX_NUMBER_LENGTH + 1) / 3);

/**
 * Throws where Jackson refuses a number for its length: more than 1000 digits in an integer
 * (leading zeros it skips do not count), or in a float's integer, fraction and exponent together.
 * Almost free for ordinary text: only a run of 334 digits somewhere makes it look at the numbers.
 */
export function checkNumberLengths(text: string): void {
  if (text.length <= MAX_NUMBER_LENGTH || !hasDigitRun(text, LONG_RUN)) return;
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      i = stringEnd(text, i);
      continue;
    }
    if (!(c === 0x2d || isDigit(c))) {
      i++;
      continue;
    }
    let j = c === 0x2d ? i + 1 : i;
    while (text.charCodeAt(j) === 0x30 && isDigit(text.charCodeAt(j + 1))) j++;
    const intStart = j;
    while (isDigit(text.charCodeAt(j))) j++;
    let length = j - intStart;
    let float = false;
    if (text.charCodeAt(j) === 0x2e) {
      float = true;
      const start = ++j;
      while (isDigit(text.charCodeAt(j))) j++;
      length += j - start;
    }
    const e = text.charCodeAt(j);
    if (e === 0x65 || e === 0x45) {
      float = true;
      j++;
      if (text.charCodeAt(j) === 0x2b || text.charCodeAt(j) === 0x2d) j++;
      const start = j;
      while (isDigit(text.charCodeAt(j))) j++;
      length += j - start;
    }
    if (length > MAX_NUMBER_LENGTH)
      throw new SyntaxError(
        `Number value length (${length}) exceeds the maximum allowed (${MAX_NUMBER_LENGTH})${float ? ' for a floating-point number' : ''}`,
      );
    i = Math.max(j, i + 1);
  }
}

/** Whether `text` holds `run` digits in a row, looking at one position in every `run`. */
function hasDigitRun(text: string, run: number): boolean {
  for (let i = run - 1; i < text.length; i += run) {
    if (!isDigit(text.charCodeAt(i))) continue;
    let start = i;
    while (start > 0 && isDigit(text.charCodeAt(start - 1))) start--;
    let end = i + 1;
    while (end < text.length && isDigit(text.charCodeAt(end))) end++;
    // A shorter run ends before the next position looked at.
    if (end - start >= run) return true;
  }
  return false;
}
