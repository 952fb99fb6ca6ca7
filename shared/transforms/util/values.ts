// The parts of Kafka's org.apache.kafka.connect.data.Values that SMTs use: parsing a literal into
// a typed value (InsertHeader's value.literal, as SimpleHeaderConverter parses header strings),
// converting a string to a number (MaskField's replacement) and the ISO text of a date (Cast).
import { DataError } from '../../api/errors.ts';
import {
  BigDecimal,
  LogicalTypeNames,
  type Schema,
  type SchemaAndValue,
  SchemaBuilder,
  Schemas,
} from '../../api/schema.ts';
import { javaClassOf } from './requirements.ts';
import { SimpleDateFormat } from './simple-date-format.ts';

const DAY_MS = 86_400_000;
const TIME_PATTERN = "HH:mm:ss.SSS'Z'";
const DATE_PATTERN = 'yyyy-MM-dd';
const TIMESTAMP_PATTERN = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'";
const TIME_FORMAT = new SimpleDateFormat(TIME_PATTERN);
const DATE_FORMAT = new SimpleDateFormat(DATE_PATTERN);
const TIMESTAMP_FORMAT = new SimpleDateFormat(TIMESTAMP_PATTERN);

export const DATE_SCHEMA = SchemaBuilder.int32().name(LogicalTypeNames.DATE).version(1).build();
export const TIME_SCHEMA = SchemaBuilder.int32().name(LogicalTypeNames.TIME).version(1).build();
export const TIMESTAMP_SCHEMA = SchemaBuilder.int64().name(LogicalTypeNames.TIMESTAMP).version(1).build();
export const OPTIONAL_DATE_SCHEMA = SchemaBuilder.int32()
  .name(LogicalTypeNames.DATE)
  .version(1)
  .optional()
  .build();
export const OPTIONAL_TIME_SCHEMA = SchemaBuilder.int32()
  .name(LogicalTypeNames.TIME)
  .version(1)
  .optional()
  .build();
export const OPTIONAL_TIMESTAMP_SCHEMA = SchemaBuilder.int64()
  .name(LogicalTypeNames.TIMESTAMP)
  .version(1)
  .optional()
  .build();

export function decimalSchema(scale: number): Schema {
  return SchemaBuilder.bytes()
    .name(LogicalTypeNames.DECIMAL)
    .version(1)
    .parameter('scale', String(scale))
    .build();
}

/** Values.dateFormatFor(date).format(date): time of day, date or timestamp in ISO 8601 form. */
export function isoDateText(date: Date): string {
  const ms = date.getTime();
  if (ms < DAY_MS) return TIME_FORMAT.format(date);
  if (ms % DAY_MS === 0) return DATE_FORMAT.format(date);
  return TIMESTAMP_FORMAT.format(date);
}

const BIG_DECIMAL_SYNTAX = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/** Java's `new BigDecimal(text)`, or null where it throws NumberFormatException. */
export function parseBigDecimal(text: string): BigDecimal | null {
  const match = BIG_DECIMAL_SYNTAX.exec(text);
  if (!match) return null;
  const [mantissa, exponent] = text.split(/[eE]/) as [string, string | undefined];
  const [whole, fraction = ''] = mantissa.replace(/^[+-]/, '').split('.') as [string, string | undefined];
  const digits = `${whole}${fraction}` || '0';
  const negative = mantissa.startsWith('-');
  const unscaled = BigInt(digits) * (negative ? -1n : 1n);
  return new BigDecimal(unscaled, fraction.length - Number(exponent ?? 0));
}

/** BigDecimal.longValue(): the integer part, wrapped to 64 bits as Java narrows. */
function truncateToLong(decimal: BigDecimal): bigint {
  let integral: bigint;
  if (decimal.scale <= 0) integral = decimal.unscaled * 10n ** BigInt(-decimal.scale);
  else integral = decimal.unscaled / 10n ** BigInt(decimal.scale);
  return BigInt.asIntN(64, integral);
}

export type IntegerType = 'INT8' | 'INT16' | 'INT32' | 'INT64';

/** Values.convertToByte/Short/Integer/Long for a string: parsed as a decimal, truncated, narrowed. */
export function convertStringToInteger(text: string, type: IntegerType): number | bigint {
  const decimal = parseBigDecimal(text.trim());
  if (decimal === null) throw new DataError(`Unable to convert ${text} (${javaClassOf(text)}) to a number`);
  return narrowInteger(truncateToLong(decimal), type);
}

export function narrowInteger(value: bigint, type: IntegerType): number | bigint {
  switch (type) {
    case 'INT8':
      return Number(BigInt.asIntN(8, value));
    case 'INT16':
      return Number(BigInt.asIntN(16, value));
    case 'INT32':
      return Number(BigInt.asIntN(32, value));
    default:
      return toLongValue(value);
  }
}

/** How an INT64 is held: a number while it is safe, a bigint beyond. */
export function toLongValue(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(value)
    : value;
}

/** Values.convertToFloat/Double for a string. */
export function convertStringToFloat(text: string, type: 'FLOAT32' | 'FLOAT64'): number {
  if (parseBigDecimal(text.trim()) === null) {
    throw new DataError(`Unable to convert ${text} (${javaClassOf(text)}) to a number`);
  }
  const value = Number(text.trim());
  return type === 'FLOAT32' ? Math.fround(value) : value;
}

// ---- Values.parseString ----------------------------------------------------------------------

const DELIMITERS = new Set(['"', ',', ':', '[', ']', '{', '}']);

/** Kafka's Values.Parser: the text split at delimiters, with backslash escapes. */
class Tokens {
  readonly original: string;
  #pos = 0;
  #next: string | null = null;
  #previous: string | null = null;

  constructor(original: string) {
    this.original = original;
  }

  mark(): number {
    return this.#pos - (this.#next !== null ? this.#next.length : 0);
  }

  rewindTo(position: number): void {
    this.#pos = position;
    this.#next = null;
    this.#previous = null;
  }

  hasNext(): boolean {
    return this.#next !== null || this.#pos < this.original.length;
  }

  next(): string {
    if (this.#next !== null) {
      this.#previous = this.#next;
      this.#next = null;
    } else {
      this.#previous = this.#consume();
    }
    return this.#previous;
  }

  /** The next `n` tokens joined, or null (and nothing consumed) when there are fewer. */
  nextN(n: number): string | null {
    const start = this.mark();
    for (let i = 0; i < n; i++) {
      if (!this.hasNext()) {
        this.rewindTo(start);
        return null;
      }
      this.next();
    }
    return this.original.slice(start, this.#pos);
  }

  previous(): string | null {
    return this.#previous;
  }

  canConsume(expected: string): boolean {
    if (this.#next === null) {
      if (!this.hasNext()) return false;
      this.#next = this.#consume();
    }
    while (this.#next.trim() === '' && this.#pos < this.original.length) this.#next = this.#consume();
    if (this.#next.trim() === expected) {
      this.#next = null;
      return true;
    }
    return false;
  }

  position(): number {
    return this.#pos;
  }

  #consume(): string {
    const start = this.#pos;
    let escaped = false;
    while (this.#pos < this.original.length) {
      const c = this.original[this.#pos]!;
      if (c === '\\') {
        escaped = !escaped;
      } else if (DELIMITERS.has(c)) {
        if (!escaped) {
          if (start < this.#pos) return this.original.slice(start, this.#pos);
          this.#pos++;
          return this.original.slice(start, start + 1);
        }
        escaped = false;
      } else {
        escaped = false;
      }
      this.#pos++;
    }
    return this.original.slice(start, this.#pos);
  }
}

/** Values.parseString: the narrowest Connect type that reads `text` (null, boolean, number, date, array, map), else the string. */
export function parseString(text: string | null): SchemaAndValue {
  if (text === null) return { schema: null, value: null };
  if (text === '') return { schema: Schemas.STRING, value: text };
  return parseValue(new Tokens(text), false) ?? { schema: null, value: null };
}

function canParseLiteral(tokens: Tokens, embedded: boolean, literal: string): boolean {
  const start = tokens.mark();
  if (tokens.canConsume(literal) && (embedded || !tokens.hasNext())) return true;
  tokens.rewindTo(start);
  return false;
}

function parseValue(tokens: Tokens, embedded: boolean): SchemaAndValue | null {
  if (!tokens.hasNext()) return null;
  if (embedded && tokens.canConsume('"')) return parseQuoted(tokens);
  if (canParseLiteral(tokens, embedded, 'null')) return null;
  if (canParseLiteral(tokens, embedded, 'true')) return { schema: Schemas.BOOLEAN, value: true };
  if (canParseLiteral(tokens, embedded, 'false')) return { schema: Schemas.BOOLEAN, value: false };
  const start = tokens.mark();
  try {
    if (tokens.canConsume('[')) return parseArray(tokens);
    if (tokens.canConsume('{')) return parseMap(tokens);
  } catch (error) {
    if (!(error instanceof DataError)) throw error;
    tokens.rewindTo(start);
  }
  const token = tokens.next();
  if (token.trim() === '') return { schema: Schemas.STRING, value: token };
  return parseToken(tokens, embedded, token.trim());
}

function parseToken(tokens: Tokens, embedded: boolean, token: string): SchemaAndValue {
  const first = token[0]!;
  const digit = first >= '0' && first <= '9';
  if (digit) {
    const position = tokens.mark();
    const remainder = tokens.nextN(4);
    const temporal = (remainder !== null && parseTemporal(token + remainder)) || null;
    if (temporal) return temporal;
    tokens.rewindTo(position);
    const single = parseTemporal(token);
    if (single) return single;
  }
  if (digit || first === '+' || first === '-') {
    const number = parseNumber(token);
    if (number) return number;
  }
  if (embedded) throw new DataError('Failed to parse embedded value');
  return { schema: Schemas.STRING, value: tokens.original };
}

function parseQuoted(tokens: Tokens): SchemaAndValue {
  let content = '';
  while (tokens.hasNext() && !tokens.canConsume('"')) content += tokens.next();
  return parseTemporal(content) ?? { schema: Schemas.STRING, value: content };
}

function parseTemporal(token: string): SchemaAndValue | null {
  const text = token.replaceAll('\\:', ':');
  const candidates: [number, Schema, SimpleDateFormat][] = [
    [TIME_PATTERN.length - 2, TIME_SCHEMA, TIME_FORMAT],
    [TIMESTAMP_PATTERN.length - 4, TIMESTAMP_SCHEMA, TIMESTAMP_FORMAT],
    [DATE_PATTERN.length, DATE_SCHEMA, DATE_FORMAT],
  ];
  for (const [length, schema, format] of candidates) {
    if (text.length !== length) continue;
    const date = format.parse(text);
    return date === null ? null : { schema, value: date };
  }
  return null;
}

function parseNumber(token: string): SchemaAndValue | null {
  const decimal = parseBigDecimal(token);
  if (decimal === null) return null;
  const exact = exactInteger(decimal);
  if (exact) return exact;
  const asDouble = Number(token);
  if (decimal.scale !== 0 && Number.isFinite(Math.fround(asDouble)))
    return { schema: Schemas.FLOAT32, value: Math.fround(asDouble) };
  if (decimal.scale !== 0 && Number.isFinite(asDouble)) return { schema: Schemas.FLOAT64, value: asDouble };
  return { schema: decimalSchema(decimal.scale), value: decimal };
}

function exactInteger(decimal: BigDecimal): SchemaAndValue | null {
  const abs = decimal.unscaled < 0n ? -decimal.unscaled : decimal.unscaled;
  // |d| compared with 10^19 and with 1, as Java does, on unscaled × 10^-scale.
  const compareWith = (power: number): number => {
    const left = decimal.scale <= 0 ? abs * 10n ** BigInt(-decimal.scale) : abs;
    const right = 10n ** BigInt(power + Math.max(decimal.scale, 0));
    return left === right ? 0 : left > right ? 1 : -1;
  };
  if (compareWith(19) > 0 || (abs !== 0n && compareWith(0) < 0)) return null;
  let integral: bigint;
  if (decimal.scale <= 0) integral = decimal.unscaled * 10n ** BigInt(-decimal.scale);
  else {
    const divisor = 10n ** BigInt(decimal.scale);
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

const NUMERIC_ORDER = ['INT8', 'INT16', 'INT32', 'INT64', 'FLOAT32', 'FLOAT64'];

/** Values.mergeSchemas: the schema both fit, widening numbers, or null. */
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
  #common: Schema | null = null;
  #compatible = true;

  merge(latest: SchemaAndValue | null): void {
    if (latest === null || latest.schema === null || !this.#compatible) return;
    if (this.#common === null) this.#common = latest.schema;
    else {
      this.#common = mergeSchemas(this.#common, latest.schema);
      this.#compatible = this.#common !== null;
    }
  }

  get common(): Schema | null {
    return this.#compatible ? this.#common : null;
  }
}

/** Values.convertTo for an element of a parsed array or map: widened to the common schema. */
function align(schema: Schema, value: unknown): unknown {
  // Parsed schemas are never optional, so a null element makes the whole array or map unparseable
  // and the text is kept as a string, as in Kafka.
  if (value === null && !schema.optional)
    throw new DataError('Unable to convert a null value to a schema that requires a value');
  if (typeof value !== 'number') return value;
  return schema.type === 'FLOAT32' ? Math.fround(value) : value;
}

/** Kafka's SchemaBuilder.mapWithNullValues: a map whose values have no schema. */
function mapWithNullValues(keySchema: Schema): Schema {
  return SchemaBuilder.map(keySchema, null as unknown as Schema).build();
}

function parseArray(tokens: Tokens): SchemaAndValue {
  const result: unknown[] = [];
  const merger = new SchemaMerger();
  while (tokens.hasNext()) {
    if (tokens.canConsume(']')) {
      const common = merger.common;
      if (common === null) return { schema: SchemaBuilder.type('ARRAY').build(), value: result };
      return { schema: SchemaBuilder.array(common).build(), value: result.map((v) => align(common, v)) };
    }
    if (tokens.canConsume(','))
      throw new DataError(`Unable to parse an empty array element: ${tokens.original}`);
    const element = parseValue(tokens, true);
    merger.merge(element);
    result.push(element?.value ?? null);
    const position = tokens.mark();
    if (tokens.canConsume(']')) {
      tokens.rewindTo(position);
      continue;
    }
    if (!tokens.canConsume(',')) throw new DataError("Array elements missing ',' delimiter");
  }
  if (tokens.previous() === ',')
    throw new DataError(`Array is missing element after ',': ${tokens.original}`);
  throw new DataError(`Array is missing terminating ']': ${tokens.original}`);
}

function parseMap(tokens: Tokens): SchemaAndValue {
  const result = new Map<unknown, unknown>();
  const keys = new SchemaMerger();
  const values = new SchemaMerger();
  while (tokens.hasNext()) {
    if (tokens.canConsume('}')) {
      const keySchema = keys.common;
      const valueSchema = values.common;
      if (keySchema === null) return { schema: SchemaBuilder.type('MAP').build(), value: result };
      if (valueSchema === null) {
        return {
          schema: mapWithNullValues(keySchema),
          value: new Map([...result].map(([k, v]) => [align(keySchema, k), v])),
        };
      }
      return {
        schema: SchemaBuilder.map(keySchema, valueSchema).build(),
        value: new Map([...result].map(([k, v]) => [align(keySchema, k), align(valueSchema, v)])),
      };
    }
    if (tokens.canConsume(','))
      throw new DataError(`Unable to parse a map entry with no key or value: ${tokens.original}`);
    const key = parseValue(tokens, true);
    if (key === null || key.value === null)
      throw new DataError(`Map entry may not have a null key: ${tokens.original}`);
    if (!tokens.canConsume(':'))
      throw new DataError(`Map entry is missing ':' at ${tokens.position()} in ${tokens.original}`);
    const value = parseValue(tokens, true);
    result.set(key.value, value?.value ?? null);
    tokens.canConsume(',');
    keys.merge(key);
    values.merge(value);
  }
  if (tokens.previous() === ',') throw new DataError(`Map is missing element after ',': ${tokens.original}`);
  throw new DataError(`Map is missing terminating '}': ${tokens.original}`);
}
