// JSON → Connect data with Kafka JsonConverter's rules. A reader is compiled once per schema (the
// schema cache hands out the same Schema object for the same JSON schema), so per record there is
// no schema inspection left: only the walk over the value.
import { DataError } from '../../api/errors.ts';
import { BigDecimal, LogicalTypeNames, type Schema, Struct } from '../../api/schema.ts';
import { schemalessDouble } from '../../api/values/java-double.ts';
import { isFloatTie } from '../../api/values/java-parse-number.ts';
import { dateFromMillis } from '../../api/values/logical-schemas.ts';
import { bigIntFromTwosComplement, decodeBase64Strict } from './base64.ts';
import {
  decimalValue,
  doubleValue,
  floatValue,
  intValue,
  isInt,
  isIntegral,
  isNumber,
  isObjectNode,
  type JsonNode,
  longValue,
  mayBeRounded,
  nodeType,
  PRECISION_NEEDED,
  RawNumber,
} from './json-node.ts';

export type Reader = (node: JsonNode) => unknown;

export interface CompiledReader {
  readonly read: Reader;
  /** True when numbers must keep their text (Decimal values): parse the payload precisely. */
  readonly needsPrecise: boolean;
}

const MILLIS_PER_DAY = 86_400_000;

export class ReaderCompiler {
  readonly #replaceNullWithDefault: boolean;
  readonly #compiled = new WeakMap<Schema, CompiledReader>();

  constructor(replaceNullWithDefault: boolean) {
    this.#replaceNullWithDefault = replaceNullWithDefault;
  }

  reader(schema: Schema): CompiledReader {
    let compiled = this.#compiled.get(schema);
    if (compiled === undefined) {
      compiled = { read: this.#compile(schema), needsPrecise: containsDecimal(schema) };
      this.#compiled.set(schema, compiled);
    }
    return compiled;
  }

  #compile(schema: Schema): Reader {
    const read = this.#compileNonNull(schema);
    const fallback =
      this.#replaceNullWithDefault && schema.defaultValue !== undefined && schema.defaultValue !== null
        ? schema.defaultValue
        : undefined;
    const optional = schema.optional;
    const type = schema.type;
    return (node) => {
      if (node === null || node === undefined) {
        if (fallback !== undefined) return fallback;
        if (optional) return null;
        throw new DataError(`Invalid null value for required ${type} field`);
      }
      return read(node);
    };
  }

  #compileNonNull(schema: Schema): Reader {
    switch (schema.name) {
      case LogicalTypeNames.DECIMAL:
        return decimalReader(schema);
      case LogicalTypeNames.DATE:
        return (node) => {
          if (!isInt(node))
            throw new DataError(
              `Invalid type for Date, underlying representation should be integer but was ${nodeType(node)}`,
            );
          return dateFromMillis(intValue(node) * MILLIS_PER_DAY);
        };
      case LogicalTypeNames.TIME:
        return (node) => {
          if (!isInt(node))
            throw new DataError(
              `Invalid type for Time, underlying representation should be integer but was ${nodeType(node)}`,
            );
          const millis = intValue(node);
          if (millis < 0 || millis > MILLIS_PER_DAY)
            throw new DataError(
              'Time values must use number of milliseconds greater than 0 and less than 86400000',
            );
          return new Date(millis);
        };
      case LogicalTypeNames.TIMESTAMP:
        return (node) => {
          if (!isIntegral(node))
            throw new DataError(
              `Invalid type for Timestamp, underlying representation should be integral but was ${nodeType(node)}`,
            );
          return dateFromMillis(longValue(node));
        };
    }
    switch (schema.type) {
      case 'BOOLEAN':
        return (node) => node === true;
      case 'INT8':
        return (node) => (intValue(node) << 24) >> 24;
      case 'INT16':
        return (node) => (intValue(node) << 16) >> 16;
      case 'INT32':
        return (node) => (typeof node === 'number' && node === (node | 0) ? node : intValue(node));
      case 'INT64':
        return (node) => (typeof node === 'number' && Number.isSafeInteger(node) ? node : longValue(node));
      // Kafka's Jackson reads floats as BigDecimals (USE_BIG_DECIMAL_FOR_FLOATS), which have no
      // negative zero: -0.0 reads as 0.0 (adding 0 turns -0 into 0). A FLOAT32 is then read with
      // floatValue(): rounded to float precision.
      case 'FLOAT32':
        // floatValue() rounds the exact number once; only where the parsed double lies halfway
        // between two floats can that differ from rounding the double, and the text decides.
        return (node) =>
          (typeof node === 'number' && Number.isFinite(node) && !isFloatTie(node)
            ? Math.fround(node)
            : floatValue(node)) + 0;
      case 'FLOAT64':
        return (node) => (typeof node === 'number' && Number.isFinite(node) ? node : doubleValue(node)) + 0;
      case 'STRING':
        return (node) => (typeof node === 'string' ? node : null);
      case 'BYTES':
        return (node) => {
          if (typeof node !== 'string') return null;
          try {
            return decodeBase64Strict(node);
          } catch (error) {
            throw new DataError('Invalid bytes field', { cause: error });
          }
        };
      case 'ARRAY': {
        const element = this.#compile(schema.valueSchema!);
        return (node) => {
          if (Array.isArray(node)) {
            const result = new Array(node.length);
            for (let i = 0; i < node.length; i++) result[i] = element(node[i]);
            return result;
          }
          // Jackson iterates an object's values and a scalar's nothing.
          return isObjectNode(node) ? Object.values(node).map(element) : [];
        };
      }
      case 'MAP':
        return this.#mapReader(schema);
      case 'STRUCT':
        return this.#structReader(schema);
    }
  }

  #mapReader(schema: Schema): Reader {
    const readValue = this.#compile(schema.valueSchema!);
    if (schema.keySchema!.type === 'STRING') {
      return (node) => {
        if (!isObjectNode(node))
          throw new DataError(
            `Maps with string fields should be encoded as JSON objects, but found ${nodeType(node)}`,
          );
        const result = new Map<unknown, unknown>();
        for (const key in node) result.set(key, readValue(node[key]));
        return result;
      };
    }
    const readKey = this.#compile(schema.keySchema!);
    return (node) => {
      if (!Array.isArray(node))
        throw new DataError(
          `Maps with non-string fields should be encoded as JSON array of tuples, but found ${nodeType(node)}`,
        );
      const result = new Map<unknown, unknown>();
      for (const entry of node) {
        if (!Array.isArray(entry))
          throw new DataError(`Found invalid map entry instead of array tuple: ${nodeType(entry)}`);
        if (entry.length !== 2)
          throw new DataError(`Found invalid map entry, expected length 2 but found :${entry.length}`);
        result.set(readKey(entry[0]), readValue(entry[1]));
      }
      return result;
    };
  }

  #structReader(schema: Schema): Reader {
    const fields = schema.fields.map((field) => ({
      name: field.name,
      read: this.#compile(field.schema),
      // A field called e.g. "constructor" must not find Object.prototype's property when absent.
      inherited: field.name in Object.prototype,
      required: !field.schema.optional,
      checkNested: mayHoldNullWhereRequired(field.schema),
    }));
    const count = fields.length;
    return (node) => {
      if (!isObjectNode(node))
        throw new DataError(`Structs should be encoded as JSON objects, but found ${nodeType(node)}`);
      // Each reader returns a valid value for its field's schema, except null for a required
      // BYTES/STRING field given another JSON type: that one goes through put for Kafka's error.
      const values = new Array(count);
      for (let i = 0; i < count; i++) {
        const field = fields[i]!;
        const value = field.read(
          field.inherited && !Object.hasOwn(node, field.name) ? undefined : node[field.name],
        );
        if ((value === null && field.required) || field.checkNested)
          new Struct(schema).put(field.name, value);
        values[i] = value;
      }
      return Struct.fromTrustedValues(schema, values);
    };
  }
}

/**
 * Whether an ARRAY or MAP schema has, at some depth, a required STRING or BYTES element, key or
 * value: readers give null for those when the JSON has another type, and Kafka rejects that when
 * the struct is built.
 */
function mayHoldNullWhereRequired(schema: Schema): boolean {
  if (schema.type !== 'ARRAY' && schema.type !== 'MAP') return false;
  const inner = (s: Schema | null): boolean =>
    s !== null &&
    (((s.type === 'STRING' || s.type === 'BYTES') && !s.optional && s.name === null) ||
      mayHoldNullWhereRequired(s));
  return inner(schema.valueSchema) || inner(schema.keySchema);
}

function decimalReader(schema: Schema): Reader {
  return (node) => {
    if (isNumber(node)) return decimalValue(node);
    if (typeof node === 'string') {
      try {
        return new BigDecimal(bigIntFromTwosComplement(decodeBase64Strict(node)), decimalScale(schema));
      } catch (error) {
        throw new DataError('Invalid bytes for Decimal field', { cause: error });
      }
    }
    throw new DataError(
      `Invalid type for Decimal, underlying representation should be numeric or bytes but was ${nodeType(node)}`,
    );
  };
}

/** Kafka's Decimal.scale(schema), with its messages. */
export function decimalScale(schema: Schema): number {
  const text = schema.parameters?.scale;
  if (text === undefined) throw new DataError('Invalid Decimal schema: scale parameter not found.');
  const scale = /^[-+]?\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(scale) || scale < -2147483648 || scale > 2147483647)
    throw new DataError('Invalid scale parameter found in Decimal schema: ');
  return scale;
}

function containsDecimal(schema: Schema | null): boolean {
  if (schema === null) return false;
  if (schema.name === LogicalTypeNames.DECIMAL) return true;
  return (
    schema.fields.some((f) => containsDecimal(f.schema)) ||
    containsDecimal(schema.keySchema) ||
    containsDecimal(schema.valueSchema)
  );
}

/**
 * Whether schemaless JSON text may hold a float literal with a whole value: then only the text
 * tells a Double from a Long, so it is parsed precisely. Such a literal has an exponent (`1e3`), a
 * fraction of zeros (`5.0`), or so many digits that its fraction rounds away
 * (`100000000000000.001` reads as the double 1.0E14): with at most 15 significant digits a
 * non-zero fraction cannot, so 15 digits around the point are the mark. Long integer literals
 * need no look: JSON.parse gives them as unsafe integers, which the readers send back to the
 * precise parse. A false alarm (such text inside a string) only costs speed.
 *
 * It runs on every schemaless record, so it is cheap scans rather than one regular expression
 * (/\d\.0*(?!\d)|\d[eE]/ tried at every position was a tenth of a file sink's CPU): each `.`
 * found by indexOf, then an exponent: a digit, e or E, then a sign or a digit, as every exponent in
 * JSON has. That third character lets V8 skip ahead over prose, where a sign or digit after
 * an `e` is rare: 40 % less time than /\d[eE]/ on the data-plane bench's records. A scan between
 * strings only (skipping each string by indexOf) was tried too: faster on kilobyte-long strings,
 * slower on records of many short fields.
 */
const DIGIT_EXPONENT = /\d[eE][-+\d]/;
const FRACTION_ROUNDING_DIGITS = 15;

const isDigit = (code: number) => code >= 0x30 && code <= 0x39;

export function mayHoldWholeDouble(text: string): boolean {
  return hasWholeFraction(text) || DIGIT_EXPONENT.test(text);
}

/** A digit, `.`, then only zeros (`5.0`, `5.`), or 15+ digits around the point. */
function hasWholeFraction(text: string): boolean {
  let dot = text.indexOf('.');
  while (dot !== -1) {
    if (dot === 0 || !isDigit(text.charCodeAt(dot - 1))) {
      dot = text.indexOf('.', dot + 1);
      continue;
    }
    let end = dot + 1;
    let nonZero = false;
    for (let code = text.charCodeAt(end); isDigit(code); code = text.charCodeAt(++end)) {
      if (code !== 0x30) nonZero = true;
    }
    if (!nonZero) return true;
    let start = dot - 1;
    while (start > 0 && isDigit(text.charCodeAt(start - 1))) start--;
    if (end - start - 1 >= FRACTION_ROUNDING_DIGITS) return true;
    dot = text.indexOf('.', end);
  }
  return false;
}

/**
 * Schemaless JSON → Connect: integers become INT64, other numbers FLOAT64 (a whole double boxed as
 * a JavaDouble, so it needs the precise parse: see mayHoldWholeDouble), objects maps.
 */
export function readSchemaless(node: JsonNode): unknown {
  if (node === null || node === undefined) return null;
  switch (typeof node) {
    case 'number':
      // A huge integer may be a long digit run (exact in Kafka) or written with an exponent
      // (a double in Kafka): only the text tells.
      if (mayBeRounded(node)) throw PRECISION_NEEDED;
      return node + 0; // no negative zero: Jackson reads -0 as 0 and -0.0 as the BigDecimal 0.0
    case 'boolean':
    case 'string':
      return node;
  }
  if (node instanceof RawNumber)
    return isIntegral(node) ? longValue(node) : schemalessDouble(doubleValue(node) + 0);
  if (Array.isArray(node)) {
    const result = new Array(node.length);
    for (let i = 0; i < node.length; i++) result[i] = readSchemaless(node[i]);
    return result;
  }
  const result = new Map<unknown, unknown>();
  const object = node as Record<string, JsonNode>;
  if (prototypeIsClean()) {
    // for...in lists a parsed object's own keys in Object.keys order without building a key array,
    // as long as nothing enumerable was added to Object.prototype (checked above).
    for (const key in object) result.set(key, readSchemaless(object[key]));
    return result;
  }
  const keys = Object.keys(object);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    result.set(key, readSchemaless(object[key]));
  }
  return result;
}

/** True while Object.prototype has no enumerable properties, which JSON.parse's objects inherit. */
function prototypeIsClean(): boolean {
  for (const _ in Object.prototype) return false;
  return true;
}
