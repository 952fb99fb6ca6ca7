// Schemaless Connect data written by V8's native JSON.stringify where that gives exactly the text
// writeSchemaless would: maps with ordinary string keys, arrays, strings, booleans, nulls, and
// numbers that JavaScript and Java print alike. The native writer also returns flat text, which
// encodes to UTF-8 much faster than text built by concatenation.
//
// Anything else makes the whole value fall back to writeSchemaless: bigints, bytes, dates,
// decimals, structs, NaN and infinities, doubles Java prints with an exponent (below 1e-3 or from
// 1e7 up), map keys that are not strings, "__proto__" (which a plain object cannot hold as a key),
// and keys that start with a digit (objects list integer-like keys first, maps keep their order).
import { JavaDouble, JavaFloat } from '../../api/values/java-double.ts';
import { shortestFloatDecimal } from '../../api/values/java-number-text.ts';
import { ObjectShapes } from '../../api/values/object-shapes.ts';
import { rawJson } from '../../api/values/raw-json.ts';

/** Records of a topic share their maps' key lists: objects are built from a literal per list. */
const OBJECTS = new ObjectShapes();

/** Returned where the native writer would not give writeSchemaless's text. */
export const NOT_PLAIN: unique symbol = Symbol('NOT_PLAIN');
type Plain = unknown;

/** The JSON text of `value`, or undefined when writeSchemaless must write it. */
export function plainJsonText(value: unknown): string | undefined {
  const plain = toPlain(value);
  return plain === NOT_PLAIN ? undefined : JSON.stringify(plain);
}

/** `value` as JSON.stringify would write exactly as writeSchemaless does, or NOT_PLAIN. */
export function toPlain(value: unknown): Plain | typeof NOT_PLAIN {
  // Strings first: most values are strings.
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'boolean':
      return value;
    case 'number': {
      // Whole numbers print alike (writeSchemaless prints them as Longs); other doubles print
      // alike where Java's Double.toString does not switch to an exponent.
      if (Number.isInteger(value)) return value;
      const abs = Math.abs(value);
      return abs >= 1e-3 && abs < 1e7 ? value : NOT_PLAIN;
    }
    case 'object':
      if (value instanceof Map) return plainObject(value);
      if (Array.isArray(value)) return plainArray(value);
      // A whole double writes itself as Java spells it (its toJSON gives the raw text).
      if (value instanceof JavaDouble || value instanceof JavaFloat) return boxedNumber(value);
      return NOT_PLAIN;
    default:
      return NOT_PLAIN;
  }
}

/**
 * A boxed Double or Float as the native writer can print it without leaving its fast path (an
 * object with toJSON would): a plain number where JavaScript spells it as Java does (12.35), else
 * Java's text as raw JSON (5.0, 1.0E10).
 */
function boxedNumber(value: JavaDouble | JavaFloat): Plain | typeof NOT_PLAIN {
  // NaN and the infinities are written as strings by writeSchemaless.
  if (!Number.isFinite(value.value)) return NOT_PLAIN;
  if (value instanceof JavaFloat) {
    // Float.toString's digits as a double, which JavaScript prints with those same digits; only a
    // whole one differs (12 for Java's 12.0).
    const shortest = shortestFloatDecimal(Math.abs(value.value));
    if (shortest !== undefined && !Number.isInteger(shortest)) return value.value < 0 ? -shortest : shortest;
  }
  const text = value.toString();
  const number = Number(text);
  return String(number) === text ? number : rawJson(text);
}

function plainObject(map: Map<unknown, unknown>): Plain | typeof NOT_PLAIN {
  const keys = new Array<string>(map.size);
  const values = new Array<Plain>(map.size);
  let i = 0;
  for (const [key, value] of map) {
    if (typeof key !== 'string' || key === '__proto__') return NOT_PLAIN;
    const first = key.charCodeAt(0);
    if (first >= 0x30 && first <= 0x39) return NOT_PLAIN;
    const plain = toPlain(value);
    if (plain === NOT_PLAIN) return NOT_PLAIN;
    keys[i] = key;
    values[i++] = plain;
  }
  return OBJECTS.object(keys, values);
}

function plainArray(array: readonly unknown[]): Plain | typeof NOT_PLAIN {
  const result = new Array<Plain>(array.length);
  for (let i = 0; i < array.length; i++) {
    const plain = toPlain(array[i]);
    if (plain === NOT_PLAIN) return NOT_PLAIN;
    result[i] = plain;
  }
  return result;
}
