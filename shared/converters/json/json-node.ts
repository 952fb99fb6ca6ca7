// The parsed form of a JSON document and the questions Kafka's JsonConverter asks of Jackson's
// JsonNode (node type, intValue, longValue, ...), answered with Jackson's semantics: numeric
// accessors on non-numbers give 0, narrowing keeps the low bits, text accessors on non-text give
// null. That is what makes `{"type":"int32"}` with a payload of "abc" yield 0, as in Kafka.
//
// Most documents are parsed with the native JSON.parse. When a reader meets an integer beyond
// 2^53 (which a JavaScript number may have rounded) it throws PRECISION_NEEDED, and the document is
// parsed again in precise mode, where each number keeps its source text as a RawNumber; schemas
// with a Decimal (whose written form matters: "1.10" has scale 2) are parsed precisely at once.
import type { BigDecimal } from '../../api/schema.ts';
import {
  decimalIntegralPart,
  decimalOf,
  decimalToFloat,
  isFloatTie,
  javaDecimalScale,
} from '../../api/values/java-parse-number.ts';

export class RawNumber {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

/** JSON.parse's result: null, boolean, number | RawNumber, string, arrays and plain objects. */
export type JsonNode = unknown;

export type JsonNodeType = 'NULL' | 'MISSING' | 'BOOLEAN' | 'NUMBER' | 'STRING' | 'ARRAY' | 'OBJECT';

/** Thrown by readers that need the exact text of a number: parse precisely and read again. */
export const PRECISION_NEEDED: unique symbol = Symbol('PRECISION_NEEDED');

const keepSource = (_key: string, value: unknown, context?: { source?: string }): unknown => {
  if (typeof value !== 'number' || context?.source === undefined) return value;
  const source = context.source;
  // Jackson reads a float literal as new BigDecimal(text), which refuses an exponent or a scale
  // beyond an int (1e2147483648, 1e-2147483648); JSON.parse reads them as Infinity or 0.
  if (!Number.isFinite(value) || value === 0) checkJavaDecimal(source);
  return new RawNumber(source);
};

function checkJavaDecimal(source: string): void {
  const match = /^-?\d*(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/.exec(source);
  if (match?.[2] !== undefined && javaDecimalScale(match[1]?.length ?? 0, match[2]) === null)
    throw new SyntaxError(`Exponent or scale out of range: ${source}`);
}

/** Parses JSON text; `precise` keeps every number's text. */
export function parseJson(text: string, precise: boolean): JsonNode {
  if (precise) {
    return JSON.parse(text, keepSource as (key: string, value: unknown) => unknown);
  }
  return JSON.parse(text);
}

export function nodeType(node: JsonNode): JsonNodeType {
  if (node === null) return 'NULL';
  if (node === undefined) return 'MISSING';
  switch (typeof node) {
    case 'boolean':
      return 'BOOLEAN';
    case 'number':
      return 'NUMBER';
    case 'string':
      return 'STRING';
  }
  if (node instanceof RawNumber) return 'NUMBER';
  return Array.isArray(node) ? 'ARRAY' : 'OBJECT';
}

export function isNumber(node: JsonNode): node is number | RawNumber {
  return typeof node === 'number' || node instanceof RawNumber;
}

export function isObjectNode(node: JsonNode): node is Record<string, JsonNode> {
  return typeof node === 'object' && node !== null && !Array.isArray(node) && !(node instanceof RawNumber);
}

/** Jackson's isIntegralNumber: written without a fraction or exponent. */
export function isIntegral(node: JsonNode): boolean {
  if (typeof node === 'number') return Number.isInteger(node);
  return node instanceof RawNumber && !/[.eE]/.test(node.text);
}

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

/** Jackson's isInt: an integral number that fits in 32 bits. */
export function isInt(node: JsonNode): boolean {
  if (!isIntegral(node)) return false;
  const n = typeof node === 'number' ? node : Number((node as RawNumber).text);
  return n >= INT_MIN && n <= INT_MAX;
}

/** A number truncated toward zero (exactly in its low 64 bits, which is all the callers keep). */
function truncated(node: number | RawNumber): bigint {
  if (typeof node === 'number') return BigInt(Math.trunc(node));
  const decimal = decimalOf(node.text);
  return decimalIntegralPart(decimal.unscaled, decimal.scale);
}

/**
 * A parsed number whose exact digits may have been lost: an integer beyond 2^53, or beyond the
 * doubles altogether (a 400-digit integer parses as Infinity).
 */
export function mayBeRounded(node: number): boolean {
  return !Number.isSafeInteger(node) && (Number.isInteger(node) || node === Infinity || node === -Infinity);
}

/** Jackson's intValue: 0 for non-numbers, otherwise truncated and cut to the low 32 bits. */
export function intValue(node: JsonNode): number {
  if (typeof node === 'number') {
    if (mayBeRounded(node)) throw PRECISION_NEEDED;
    return Number.isFinite(node) ? node | 0 : 0;
  }
  if (node instanceof RawNumber) return Number(BigInt.asIntN(32, truncated(node)));
  return 0;
}

/** Jackson's longValue, as a number when it is safe and a bigint otherwise (our INT64 convention). */
export function longValue(node: JsonNode): number | bigint {
  if (typeof node === 'number') {
    if (Number.isSafeInteger(node)) return node;
    if (mayBeRounded(node)) throw PRECISION_NEEDED;
  }
  if (node instanceof RawNumber) {
    // A precise parse wraps every number: an integer literal within 2^53 reads exactly as a
    // number, so only a fraction, an exponent or a longer digit run needs the BigInt walk.
    const number = Number(node.text);
    if (Number.isSafeInteger(number) && isIntegral(node)) return number + 0;
  }
  if (!isNumber(node)) return 0;
  if (typeof node === 'number' && !Number.isFinite(node)) return 0;
  return int64(BigInt.asIntN(64, truncated(node)));
}

export function int64(value: bigint): number | bigint {
  return value >= -9007199254740991n && value <= 9007199254740991n ? Number(value) : value;
}

/** Jackson's floatValue: the exact number rounded once to a float; 0 for non-numbers. */
export function floatValue(node: JsonNode): number {
  if (typeof node === 'number') {
    if (isFloatTie(node) || node === Infinity || node === -Infinity) throw PRECISION_NEEDED;
    return Math.fround(node);
  }
  if (node instanceof RawNumber) return decimalToFloat(node.text, Number(node.text));
  return 0;
}

/** Jackson's doubleValue: 0 for non-numbers. */
export function doubleValue(node: JsonNode): number {
  if (typeof node === 'number') {
    // An infinity may come from an exponent Jackson refuses: the text decides.
    if (node === Infinity || node === -Infinity) throw PRECISION_NEEDED;
    return node;
  }
  if (node instanceof RawNumber) return Number(node.text);
  return 0;
}

/** Jackson's decimalValue for a number node. */
export function decimalValue(node: number | RawNumber): BigDecimal {
  return decimalOf(typeof node === 'number' ? String(node) : node.text);
}
