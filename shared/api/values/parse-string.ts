// Kafka's Values.parseString: how SimpleHeaderConverter (and InsertHeader) read a header string.
// It infers the narrowest type: true/false → BOOLEAN; whole numbers → INT8/16/32/64; other numbers
// → FLOAT32, FLOAT64 or Decimal; ISO-8601 date/time/timestamp text → Date/Time/Timestamp;
// [a,b] → ARRAY and {k:v} → MAP (elements aligned to a common numeric type); anything else is the
// original STRING. The quirks are Kafka's and kept on purpose (e.g. "12:30" reads as INT8 12,
// "[1,null]" stays a string), because headers written for Kafka Connect must read the same here.
import { DataError } from '../errors.ts';
import {
  type BigDecimal,
  NULL_SCHEMA_AND_VALUE,
  type Schema,
  type SchemaAndValue,
  SchemaBuilder,
  Schemas,
} from '../schema.ts';
import { bigDecimalToDouble, parseBigDecimal, toLongValue } from './convert-number.ts';
import {
  ISO_8601_DATE_FORMAT,
  ISO_8601_DATE_PATTERN,
  ISO_8601_TIME_FORMAT,
  ISO_8601_TIME_PATTERN,
  ISO_8601_TIMESTAMP_FORMAT,
  ISO_8601_TIMESTAMP_PATTERN,
} from './convert-to-string.ts';
import { bigDecimalToFloat, bigintToFloat, javaDigit } from './java-parse-number.ts';
import { DATE_SCHEMA, decimalSchema, TIME_SCHEMA, TIMESTAMP_SCHEMA } from './logical-schemas.ts';
import type { SimpleDateFormat } from './simple-date-format.ts';
import { isBlank, javaTrim, ValuesTokenizer } from './tokenizer.ts';

const TRUE: SchemaAndValue = { schema: Schemas.BOOLEAN, value: true };
const FALSE: SchemaAndValue = { schema: Schemas.BOOLEAN, value: false };
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;
const BIGGER_THAN_LONG = 10n ** 19n;

/**
 * The schema and value a string stands for. Kafka returns null for the text "null"; we return the
 * null schema and value, which every caller (headers, InsertHeader) treats the same way.
 */
export function parseString(value: string | null): SchemaAndValue {
  if (value === null) return NULL_SCHEMA_AND_VALUE;
  if (value.length === 0) return { schema: Schemas.STRING, value };
  return new ValueParser(new ValuesTokenizer(value)).parse(false) ?? NULL_SCHEMA_AND_VALUE;
}

class ValueParser {
  readonly #p: ValuesTokenizer;

  constructor(tokenizer: ValuesTokenizer) {
    this.#p = tokenizer;
  }

  parse(embedded: boolean): SchemaAndValue | null {
    const p = this.#p;
    if (!p.hasNext()) return null;
    if (embedded && p.canConsume('"')) return this.#parseQuotedString();
    if (this.#canParseSingleTokenLiteral(embedded, 'null')) return null;
    if (this.#canParseSingleTokenLiteral(embedded, 'true')) return TRUE;
    if (this.#canParseSingleTokenLiteral(embedded, 'false')) return FALSE;

    const start = p.mark();
    try {
      if (p.canConsume('[')) return this.#parseArray();
      if (p.canConsume('{')) return this.#parseMap();
    } catch (error) {
      if (!(error instanceof DataError)) throw error;
      p.rewindTo(start);
    }
    const token = p.next();
    if (isBlank(token)) return { schema: Schemas.STRING, value: token };
    return this.#parseNextToken(embedded, javaTrim(token));
  }

  #canParseSingleTokenLiteral(embedded: boolean, literal: string): boolean {
    const p = this.#p;
    const start = p.mark();
    if (p.canConsume(literal) && (embedded || !p.hasNext())) return true;
    p.rewindTo(start);
    return false;
  }

  #parseNextToken(embedded: boolean, token: string): SchemaAndValue {
    const first = token[0]!;
    // Character.isDigit: any Unicode decimal digit (١٢ parses as the number 12).
    const firstIsDigit = javaDigit(token.charCodeAt(0)) >= 0;
    if (firstIsDigit) {
      const temporal = this.#parseMultipleTokensAsTemporal(token);
      if (temporal !== null) return temporal;
    }
    if (firstIsDigit || first === '+' || first === '-') {
      const number = parseAsNumber(token);
      if (number !== null) return number;
    }
    if (embedded) throw new DataError('Failed to parse embedded value');
    return { schema: Schemas.STRING, value: this.#p.original };
  }

  #parseQuotedString(): SchemaAndValue {
    const p = this.#p;
    let content = '';
    while (p.hasNext()) {
      if (p.canConsume('"')) break;
      content += p.next();
    }
    return parseAsTemporal(content) ?? { schema: Schemas.STRING, value: content };
  }

  #parseArray(): SchemaAndValue {
    const p = this.#p;
    let result: unknown[] = [];
    const elementSchema = new SchemaMerger();
    while (p.hasNext()) {
      if (p.canConsume(']')) {
        const common = elementSchema.schema;
        if (common !== null) {
          const listSchema = SchemaBuilder.array(common).build();
          result = result.map((v) => convertTo(common, v));
          return { schema: listSchema, value: result };
        }
        // Every element is null (or their types have nothing in common).
        return { schema: SchemaBuilder.array(null as unknown as Schema).build(), value: result };
      }
      if (p.canConsume(',')) throw new DataError(`Unable to parse an empty array element: ${p.original}`);
      const element = this.parse(true);
      elementSchema.merge(element);
      result.push(element !== null ? element.value : null);
      const current = p.mark();
      if (p.canConsume(']')) p.rewindTo(current);
      else if (!p.canConsume(',')) throw new DataError("Array elements missing ',' delimiter");
    }
    if (p.previous() === ',') throw new DataError(`Array is missing element after ',': ${p.original}`);
    throw new DataError(`Array is missing terminating ']': ${p.original}`);
  }

  #parseMap(): SchemaAndValue {
    const p = this.#p;
    let result = new Map<unknown, unknown>();
    const keySchema = new SchemaMerger();
    const valueSchema = new SchemaMerger();
    while (p.hasNext()) {
      if (p.canConsume('}')) {
        const keys = keySchema.schema;
        const values = valueSchema.schema;
        let mapSchema: Schema;
        if (keys !== null && values !== null) {
          mapSchema = SchemaBuilder.map(keys, values).build();
          result = new Map([...result].map(([k, v]) => [convertTo(keys, k), convertTo(values, v)]));
        } else if (keys !== null) {
          mapSchema = SchemaBuilder.map(keys, null as unknown as Schema).build();
          result = new Map([...result].map(([k, v]) => [convertTo(keys, k), v]));
        } else {
          mapSchema = SchemaBuilder.map(null as unknown as Schema, null as unknown as Schema).build();
        }
        return { schema: mapSchema, value: result };
      }
      if (p.canConsume(','))
        throw new DataError(`Unable to parse a map entry with no key or value: ${p.original}`);
      const key = this.parse(true);
      if (key === null || key.value === null)
        throw new DataError(`Map entry may not have a null key: ${p.original}`);
      if (!p.canConsume(':'))
        throw new DataError(`Map entry is missing ':' at ${p.position()} in ${p.original}`);
      const value = this.parse(true);
      result.set(key.value, value !== null ? value.value : null);
      p.canConsume(',');
      keySchema.merge(key);
      valueSchema.merge(value);
    }
    if (p.previous() === ',') throw new DataError(`Map is missing element after ',': ${p.original}`);
    throw new DataError(`Map is missing terminating '}': ${p.original}`);
  }

  #parseMultipleTokensAsTemporal(token: string): SchemaAndValue | null {
    // An unescaped colon is a delimiter, so a time or timestamp arrives as five tokens.
    const p = this.#p;
    const position = p.mark();
    const remainder = p.nextN(4);
    if (remainder !== null) {
      const temporal = parseAsTemporal(token + remainder);
      if (temporal !== null) return temporal;
    }
    p.rewindTo(position);
    return parseAsTemporal(token);
  }
}

/** Kafka's parseAsNumber; null where Java's BigDecimal constructor would reject the token. */
function parseAsNumber(token: string): SchemaAndValue | null {
  const decimal = parseBigDecimal(token);
  if (decimal === null) return null;
  const exact = parseAsExactDecimal(decimal);
  if (exact !== null) return exact;
  // From the decimal, not the token: the token may hold non-ASCII digits.
  const asDouble = bigDecimalToDouble(decimal);
  const asFloat = bigDecimalToFloat(decimal);
  if (Number.isFinite(asFloat) && decimal.scale !== 0) return { schema: Schemas.FLOAT32, value: asFloat };
  if (Number.isFinite(asDouble) && decimal.scale !== 0) return { schema: Schemas.FLOAT64, value: asDouble };
  return { schema: decimalSchema(decimal.scale), value: decimal };
}

function parseAsExactDecimal(decimal: BigDecimal): SchemaAndValue | null {
  const absUnscaled = decimal.unscaled < 0n ? -decimal.unscaled : decimal.unscaled;
  if (absUnscaled === 0n) return { schema: Schemas.INT8, value: 0 };
  // |d| > 1e19 or |d| < 1: not an exact integer candidate (decided by digit counts first, so a
  // scale in the millions costs no power of ten).
  const digitCount = absUnscaled.toString().length;
  if (decimal.scale < 0 && digitCount - decimal.scale > 20) return null;
  if (decimal.scale > 0 && decimal.scale >= digitCount) return null;
  const pow = (n: number) => 10n ** BigInt(n);
  const tooBig =
    decimal.scale >= 0
      ? absUnscaled > BIGGER_THAN_LONG * pow(decimal.scale)
      : absUnscaled * pow(-decimal.scale) > BIGGER_THAN_LONG;
  const belowOne = decimal.scale > 0 && absUnscaled < pow(decimal.scale);
  if (tooBig || belowOne) return null;
  let integral: bigint;
  if (decimal.scale <= 0) integral = decimal.unscaled * pow(-decimal.scale);
  else {
    const divisor = pow(decimal.scale);
    if (decimal.unscaled % divisor !== 0n) return null;
    integral = decimal.unscaled / divisor;
  }
  if (integral < LONG_MIN || integral > LONG_MAX) return null;
  if (integral >= -128n && integral <= 127n) return { schema: Schemas.INT8, value: Number(integral) };
  if (integral >= -32768n && integral <= 32767n) return { schema: Schemas.INT16, value: Number(integral) };
  if (integral >= -2147483648n && integral <= 2147483647n)
    return { schema: Schemas.INT32, value: Number(integral) };
  return { schema: Schemas.INT64, value: toLongValue(integral) };
}

// The lengths of text each ISO-8601 pattern formats to (the quotes around Z and T are not text).
const TEMPORALS: readonly [number, Schema, SimpleDateFormat][] = [
  [ISO_8601_TIME_PATTERN.length - 2, TIME_SCHEMA, ISO_8601_TIME_FORMAT],
  [ISO_8601_TIMESTAMP_PATTERN.length - 4, TIMESTAMP_SCHEMA, ISO_8601_TIMESTAMP_FORMAT],
  [ISO_8601_DATE_PATTERN.length, DATE_SCHEMA, ISO_8601_DATE_FORMAT],
];

/**
 * Kafka's parseAsTemporal: ISO-8601 text of exactly the right length, read leniently by
 * SimpleDateFormat (out-of-range fields roll over). Kafka reads in the JVM's time zone; we read in
 * UTC, which is what Kafka does on a JVM running in UTC (the usual server setting).
 */
export function parseAsTemporal(text: string): SchemaAndValue | null {
  const token = text.replaceAll('\\:', ':');
  for (const [length, schema, format] of TEMPORALS) {
    if (token.length !== length) continue;
    const date = format.parse(token);
    return date === null ? null : { schema, value: date };
  }
  return null;
}

const NUMERIC_ORDER = ['INT8', 'INT16', 'INT32', 'INT64', 'FLOAT32', 'FLOAT64'];

/** Kafka's mergeSchemas: the wider of two numeric schemas, the same schema, or nothing in common. */
function mergeSchemas(previous: Schema, next: Schema): Schema | null {
  if (previous.type !== next.type) {
    const a = NUMERIC_ORDER.indexOf(previous.type);
    const b = NUMERIC_ORDER.indexOf(next.type);
    if (a < 0 || b < 0) return null;
    return b > a ? next : previous;
  }
  if (previous.optional === next.optional) return previous.optional ? previous : next;
  return null;
}

class SchemaMerger {
  schema: Schema | null = null;
  #compatible = true;

  merge(latest: SchemaAndValue | null): void {
    if (latest === null || latest.schema === null || !this.#compatible) return;
    if (this.schema === null) this.schema = latest.schema;
    else {
      this.schema = mergeSchemas(this.schema, latest.schema);
      this.#compatible = this.schema !== null;
    }
  }
}

/** Kafka's convertTo as used to align parsed elements with their common (wider) schema. */
function convertTo(schema: Schema, value: unknown): unknown {
  if (value === null || value === undefined) {
    // Parsed schemas are never optional, so a null element makes the whole array or map
    // unparseable and the text is kept as a string, as in Kafka.
    if (schema.optional) return null;
    throw new DataError('Unable to convert a null value to a schema that requires a value');
  }
  if (schema.type === 'FLOAT32' && typeof value === 'bigint') return bigintToFloat(value);
  if (schema.type === 'FLOAT32' && typeof value === 'number') return Math.fround(value);
  if (schema.type === 'FLOAT64' && typeof value === 'bigint') return Number(value);
  return value;
}
