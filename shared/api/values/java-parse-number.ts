// Java's string → number parsers, which read more than JavaScript's Number():
// - Long/Integer/Short/Byte.parseX and new BigDecimal(String) take any Unicode decimal digit
//   (Character.digit: the Nd category, one UTF-16 unit at a time, so ١٢ and １２ are 12);
// - Float/Double.parseDouble trim (chars up to U+0020), read hexadecimal floating point
//   (0x1.8p-2, with the binary exponent required), an f/F/d/D suffix, NaN and Infinity with a
//   sign, and round the exact value once, to a float for parseFloat (never through a double).
import { BigDecimal } from '../schema.ts';
import { javaTrim } from './tokenizer.ts';

/**
 * The scale of `new BigDecimal(text)` for `fractionDigits` digits after the point and the exponent
 * text (sign and digits), or null where Java throws: an exponent beyond an int, or a scale beyond
 * an int. Jackson reads every float literal of a JSON document this way.
 */
export function javaDecimalScale(fractionDigits: number, exponentText: string | undefined): number | null {
  if (exponentText === undefined) return fractionDigits;
  const negative = exponentText.startsWith('-');
  let digits = exponentText.replace(/^[+-]/, '');
  // BigDecimal skips leading zeros only while more than ten digits remain.
  while (digits.length > 10 && digits.startsWith('0')) digits = digits.slice(1);
  if (digits.length > 10) return null;
  const exponent = negative ? -Number(digits) : Number(digits);
  if (exponent < -2147483648 || exponent > 2147483647) return null;
  const scale = fractionDigits - exponent;
  return scale < -2147483648 || scale > 2147483647 ? null : scale;
}

/**
 * The integer part of unscaled × 10^-scale, exactly where that is small enough to compute. A scale
 * below -4096 gives unscaled × 2^64 instead: the same sign, zero or not, and the same low 64 bits
 * (zero, as 10^k is a multiple of 2^64 from k = 64), which is all narrowing and truth tests see.
 */
export function decimalIntegralPart(unscaled: bigint, scale: number): bigint {
  if (scale <= 0) {
    if (unscaled === 0n) return 0n;
    return scale < -4096 ? unscaled << 64n : unscaled * 10n ** BigInt(-scale);
  }
  const digits = (unscaled < 0n ? -unscaled : unscaled).toString().length;
  return scale > digits ? 0n : unscaled / 10n ** BigInt(scale);
}

/** Thrown where Java throws NumberFormatException. */
export class JavaNumberFormatError extends Error {}

const ND = /\p{Nd}/u;

/** Character.digit(c, 10) for one UTF-16 unit: its decimal digit value, or -1. */
export function javaDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c < 0x80 || (c >= 0xd800 && c <= 0xdfff)) return -1;
  if (!ND.test(String.fromCharCode(c))) return -1;
  // Unicode lays decimal digits out in runs of ten starting at zero (some runs are adjacent).
  let start = c;
  while (ND.test(String.fromCharCode(start - 1))) start--;
  return (c - start) % 10;
}

/** `text` with every non-ASCII decimal digit replaced by its ASCII digit (the rest unchanged). */
export function asciiDigits(text: string): string {
  // Fast path: nothing beyond ASCII, nothing to map.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range itself
  if (/^[\x00-\x7f]*$/.test(text)) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const digit = c < 0x80 ? -1 : javaDigit(c);
    out += digit >= 0 ? String.fromCharCode(0x30 + digit) : text[i];
  }
  return out;
}

/** Long.parseLong, with the range of the narrower parsers (Byte.parseByte: -128..127). */
export function javaParseInteger(text: string, min: bigint, max: bigint): bigint {
  const fail = () => new JavaNumberFormatError(`For input string: "${text}"`);
  if (text.length === 0) throw fail();
  let i = 0;
  const first = text.charCodeAt(0);
  if (first === 0x2b || first === 0x2d) {
    if (text.length === 1) throw fail();
    i = 1;
  }
  let digits = '';
  for (; i < text.length; i++) {
    const digit = javaDigit(text.charCodeAt(i));
    if (digit < 0) throw fail();
    digits += digit;
  }
  const value = first === 0x2d ? -BigInt(digits) : BigInt(digits);
  if (value < min || value > max) {
    // Long.parseLong and Integer.parseInt reject overflow as a bad input string; Short and Byte
    // parse an int first and then complain about its range.
    if (value < -2147483648n || value > 2147483647n || max > 32767n) throw fail();
    throw new JavaNumberFormatError(`Value out of range. Value:"${text}" Radix:10`);
  }
  return value;
}

const DECIMAL_FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[fFdD]?$/;
const HEX_FLOAT = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?\d+)[fFdD]?$/;
const SPECIAL = /^([+-]?)(NaN|Infinity)$/;

/** Double.parseDouble (`float` false) or Float.parseFloat (`float` true). */
export function javaParseFloating(text: string, float: boolean): number {
  const trimmed = javaTrim(text);
  const special = SPECIAL.exec(trimmed);
  if (special) {
    if (special[2] === 'NaN') return Number.NaN;
    return special[1] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  const hex = HEX_FLOAT.exec(trimmed);
  if (hex) {
    const [, sign, whole = '', fraction = '', exponent = '0'] = hex;
    if (whole === '' && fraction === '') throw new JavaNumberFormatError(`For input string: "${text}"`);
    const mantissa = BigInt(`0x${whole}${fraction}`);
    // Exponents beyond any double's reach only decide between zero and infinity.
    const binaryExponent = Math.max(-100000, Math.min(100000, Number(exponent))) - 4 * fraction.length;
    const magnitude = roundBinary(mantissa, binaryExponent, float);
    return sign === '-' ? -magnitude : magnitude;
  }
  if (!DECIMAL_FLOAT.test(trimmed)) throw new JavaNumberFormatError(`For input string: "${text}"`);
  const decimalText = /[fFdD]$/.test(trimmed) ? trimmed.slice(0, -1) : trimmed;
  const double = Number(decimalText);
  return float ? decimalToFloat(decimalText, double) : double;
}

/** m × 2^e rounded once (to nearest, ties to even) to a double or a float. */
function roundBinary(m: bigint, e: number, float: boolean): number {
  if (m === 0n) return 0;
  const precision = float ? 24 : 53;
  const minExponent = float ? -149 : -1074;
  const bits = m.toString(2).length;
  // The exponent of the result's last bit: `precision` bits below the leading one, or the
  // subnormal floor.
  const q = Math.max(bits - 1 + e - (precision - 1), minExponent);
  let rounded: bigint;
  if (q > e) {
    const shift = BigInt(q - e);
    rounded = m >> shift;
    const remainder = m - (rounded << shift);
    const half = 1n << (shift - 1n);
    if (remainder > half || (remainder === half && (rounded & 1n) === 1n)) rounded++;
  } else {
    rounded = m << BigInt(e - q);
  }
  const value = Number(rounded) * 2 ** q;
  if (float && value >= 2 ** 128) return Number.POSITIVE_INFINITY;
  return value;
}

/**
 * Float.parseFloat's value for decimal text, which Java rounds to a float directly. Rounding the
 * nearest double again is the same except where that double lies exactly halfway between two
 * floats; then the exact decimal decides.
 */
export function decimalToFloat(decimalText: string, double: number): number {
  return isFloatTie(double) ? roundTieToFloat(decimalOf(decimalText), double) : Math.fround(double);
}

/** The float nearest to `exact` where `double`, its nearest double, is halfway between two floats. */
function roundTieToFloat(exact: BigDecimal, double: number): number {
  const single = Math.fround(double);
  const other = nextFloatToward(single, double);
  const side = compareDecimalWithDouble(exact, Math.abs(double));
  if (side === 0) return single; // a true tie: fround already took the even one
  const larger = Math.abs(single) > Math.abs(other) ? single : other;
  const smaller = larger === single ? other : single;
  return side > 0 ? larger : smaller;
}

/**
 * True when `double` lies exactly halfway between two adjacent floats: the only doubles where
 * rounding them to a float may differ from rounding the exact value they came from.
 */
export function isFloatTie(double: number): boolean {
  const single = Math.fround(double);
  if (single === double || !Number.isFinite(single)) return false;
  return (single + nextFloatToward(single, double)) / 2 === double;
}

/** (float) of a long or BigInteger: rounded once from the exact integer. */
export function bigintToFloat(value: bigint): number {
  const double = Number(value);
  return isFloatTie(double) ? decimalToFloat(String(value), double) : Math.fround(double);
}

const FLOAT_BITS = new Float32Array(1);
const INT_BITS = new Int32Array(FLOAT_BITS.buffer);

function nextFloatToward(single: number, target: number): number {
  FLOAT_BITS[0] = single;
  // Moving away from zero adds one to the magnitude bits; toward zero subtracts one.
  INT_BITS[0]! += Math.abs(target) > Math.abs(single) ? 1 : -1;
  return FLOAT_BITS[0]!;
}

/** The exact value of a decimal literal (JSON's number syntax, a leading `+` allowed). */
export function decimalOf(text: string): BigDecimal {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/.exec(text);
  if (!match) throw new SyntaxError(`Not a number: ${text}`);
  const [, sign, whole = '', fraction = '', exponent] = match;
  const digits = `${whole}${fraction}` || '0';
  return new BigDecimal(
    BigInt(sign === '-' ? `-${digits}` : digits),
    fraction.length - Number(exponent ?? 0),
  );
}

/** The sign of |decimal| − double, exactly (both non-negative). */
function compareDecimalWithDouble(decimal: BigDecimal, double: number): number {
  // double = mantissa × 2^exponent exactly.
  let exponent = 0;
  let mantissa = double;
  while (!Number.isInteger(mantissa)) {
    mantissa *= 2;
    exponent--;
  }
  let left = decimal.unscaled < 0n ? -decimal.unscaled : decimal.unscaled;
  let right = BigInt(mantissa);
  if (decimal.scale > 0) right *= 10n ** BigInt(decimal.scale);
  else left *= 10n ** BigInt(-decimal.scale);
  if (exponent < 0) left <<= BigInt(-exponent);
  return left > right ? 1 : left < right ? -1 : 0;
}

/** BigDecimal.floatValue: the exact decimal rounded once to a float. */
export function bigDecimalToFloat(decimal: BigDecimal): number {
  const double = Number(`${decimal.unscaled}e${-decimal.scale}`);
  return isFloatTie(double) ? roundTieToFloat(decimal, double) : Math.fround(double);
}
