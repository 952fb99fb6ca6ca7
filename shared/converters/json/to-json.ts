// Connect data → JSON text with Kafka JsonConverter's rules, written straight to a string (no
// intermediate tree). Writers are compiled once per schema; the schema's own JSON text is cached.
import { DataError, NullPointerError } from '../../api/errors.ts';
import { BigDecimal, LogicalTypeNames, type Schema, Struct, schemasEqual } from '../../api/schema.ts';
import { javaClassOf } from '../../api/values/java-class.ts';
import { JavaDouble, JavaFloat } from '../../api/values/java-double.ts';
import {
  javaBigDecimalString,
  javaDoubleToString,
  javaFloatToString,
} from '../../api/values/java-number-text.ts';
import { epochMillis } from '../../api/values/wide-date.ts';
import { twosComplementOf } from './base64.ts';
import type { DecimalFormat } from './config.ts';
import { LruCache } from './lru-cache.ts';
import { PlainPayloads } from './plain-payload.ts';
import { NAME_BY_TYPE } from './schema-json.ts';
import { decimalScale } from './to-connect.ts';

export type Writer = (value: unknown) => string;

const MILLIS_PER_DAY = 86_400_000;

/** A double as Jackson writes it; NaN and infinities as strings (WRITE_NAN_AS_STRINGS). */
function writeDouble(value: number): string {
  if (Number.isFinite(value)) return javaDoubleToString(value);
  return Number.isNaN(value) ? '"NaN"' : value > 0 ? '"Infinity"' : '"-Infinity"';
}

/** A float as Jackson writes a FloatNode: Float.toString of the value at float precision. */
function writeFloat(value: number): string {
  const float = Math.fround(value);
  if (Number.isFinite(float)) return javaFloatToString(float);
  return writeDouble(float);
}

/** Characters JSON text must escape (and lone surrogates, which JSON.stringify escapes). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: JSON escapes exactly these characters
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * A JSON string literal. Short strings rarely need escaping, and checking is cheaper than
 * JSON.stringify's call and copy; for long strings V8's JSON.stringify is faster than any check.
 */
export function quote(text: string): string {
  if (text.length > 32 || NEEDS_ESCAPE.test(text)) return JSON.stringify(text);
  return `"${text}"`;
}

/** Map keys repeat from record to record: remember their JSON form (bounded, cleared when full). */
const quotedKeys = new Map<string, string>();

function quoteKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    if (quotedKeys.size >= 10_000) quotedKeys.clear();
    quoted = quote(key);
    quotedKeys.set(key, quoted);
  }
  return quoted;
}

function writeInteger(value: number | bigint): string {
  return typeof value === 'bigint' || Number.isInteger(value) ? String(value) : javaDoubleToString(value);
}

function castError(schema: Schema | null, value: unknown): DataError {
  return new DataError(`Invalid type for ${schema ? schema.type : 'unknown schema'}: ${javaClassOf(value)}`);
}

export class WriterCompiler {
  readonly #decimalFormat: DecimalFormat;
  readonly #replaceNullWithDefault: boolean;
  readonly #writers = new WeakMap<Schema, Writer>();
  readonly #schemaTexts: LruCache<Schema, string>;
  readonly #prefixes = new WeakMap<Schema, Buffer>();
  readonly #plainPayloads: PlainPayloads;

  constructor(decimalFormat: DecimalFormat, replaceNullWithDefault: boolean, cacheSize: number) {
    this.#decimalFormat = decimalFormat;
    this.#replaceNullWithDefault = replaceNullWithDefault;
    this.#schemaTexts = new LruCache(cacheSize);
    this.#plainPayloads = new PlainPayloads((schema) => this.writer(schema), replaceNullWithDefault);
  }

  /** A value's JSON text: a struct by the native writer where it can (see plain-payload.ts). */
  payloadText(schema: Schema, value: unknown): string {
    if (schema.type === 'STRUCT') {
      const text = this.#plainPayloads.text(schema, value);
      if (text !== undefined) return text;
    }
    return this.writer(schema)(value);
  }

  writer(schema: Schema): Writer {
    let writer = this.#writers.get(schema);
    if (writer === undefined) {
      writer = this.#compile(schema);
      this.#writers.set(schema, writer);
    }
    return writer;
  }

  /** `{"schema":<schema>,"payload":` as UTF-8 bytes, built once per schema. */
  envelopePrefix(schema: Schema): Buffer {
    let prefix = this.#prefixes.get(schema);
    if (prefix === undefined) {
      prefix = Buffer.from(`{"schema":${this.schemaText(schema)},"payload":`, 'utf8');
      this.#prefixes.set(schema, prefix);
    }
    return prefix;
  }

  /** Kafka's asJsonSchema, as text: type, children, optional, name, version, doc, parameters, default. */
  schemaText(schema: Schema): string {
    const cached = this.#schemaTexts.get(schema);
    if (cached !== undefined) return cached;
    let text = `{"type":"${NAME_BY_TYPE[schema.type]}"`;
    switch (schema.type) {
      // Values.parseString gives a mixed or empty list (and a map of mixed values) no element
      // schema: Kafka writes it as null and the elements without a schema.
      case 'ARRAY':
        text += `,"items":${this.#schemaTextOrNull(schema.valueSchema)}`;
        break;
      case 'MAP':
        text += `,"keys":${this.#schemaTextOrNull(schema.keySchema)},"values":${this.#schemaTextOrNull(schema.valueSchema)}`;
        break;
      case 'STRUCT':
        text += `,"fields":[${schema.fields
          .map((f) => `${this.schemaText(f.schema).slice(0, -1)},"field":${JSON.stringify(f.name)}}`)
          .join(',')}]`;
        break;
    }
    text += `,"optional":${schema.optional}`;
    if (schema.name !== null) text += `,"name":${JSON.stringify(schema.name)}`;
    if (schema.version !== null) text += `,"version":${schema.version}`;
    if (schema.doc !== null) text += `,"doc":${JSON.stringify(schema.doc)}`;
    if (schema.parameters !== null) text += `,"parameters":${JSON.stringify(schema.parameters)}`;
    if (schema.defaultValue !== undefined && schema.defaultValue !== null)
      text += `,"default":${this.writer(schema)(schema.defaultValue)}`;
    text += '}';
    this.#schemaTexts.set(schema, text);
    return text;
  }

  #schemaTextOrNull(schema: Schema | null): string {
    return schema === null ? 'null' : this.schemaText(schema);
  }

  /** The writer of a nested schema; a missing one (see schemaText) writes values without a schema. */
  #writerOrSchemaless(schema: Schema | null): Writer {
    return schema === null ? writeSchemaless : this.writer(schema);
  }

  #compile(schema: Schema): Writer {
    const write = this.#compileNonNull(schema);
    const hasDefault =
      this.#replaceNullWithDefault && schema.defaultValue !== undefined && schema.defaultValue !== null;
    const optional = schema.optional;
    return (value) => {
      if (value === null || value === undefined) {
        if (hasDefault) return write(schema.defaultValue);
        if (optional) return 'null';
        throw new DataError(
          'Conversion error: null value for field that is required and has no default value',
        );
      }
      return write(value);
    };
  }

  #compileNonNull(schema: Schema): Writer {
    switch (schema.name) {
      case LogicalTypeNames.DECIMAL:
        return this.#decimalWriter(schema);
      case LogicalTypeNames.DATE:
        return (value) => {
          if (!(value instanceof Date))
            throw new DataError(`Invalid type for Date, expected Date but was ${javaClassOf(value)}`);
          const millis = epochMillis(value);
          if (typeof millis === 'bigint') {
            // Beyond JavaScript's range: Kafka's (int) cast of the day count keeps its low 32 bits.
            if (millis % BigInt(MILLIS_PER_DAY) !== 0n)
              throw new DataError(
                'Kafka Connect Date type should not have any time fields set to non-zero values.',
              );
            return String(BigInt.asIntN(32, millis / BigInt(MILLIS_PER_DAY)));
          }
          if (millis % MILLIS_PER_DAY !== 0)
            throw new DataError(
              'Kafka Connect Date type should not have any time fields set to non-zero values.',
            );
          return String(millis / MILLIS_PER_DAY);
        };
      case LogicalTypeNames.TIME:
        return (value) => {
          if (!(value instanceof Date))
            throw new DataError(`Invalid type for Time, expected Date but was ${javaClassOf(value)}`);
          const millis = epochMillis(value);
          if (millis < 0 || millis > MILLIS_PER_DAY)
            throw new DataError(
              'Kafka Connect Time type should not have any date fields set to non-zero values.',
            );
          return String(millis);
        };
      case LogicalTypeNames.TIMESTAMP:
        return (value) => {
          if (!(value instanceof Date))
            throw new DataError(`Invalid type for Timestamp, expected Date but was ${javaClassOf(value)}`);
          return String(epochMillis(value));
        };
    }
    switch (schema.type) {
      case 'INT8':
      case 'INT16':
      case 'INT32':
        return (value) => {
          if (typeof value !== 'number') throw castError(schema, value);
          return writeInteger(value);
        };
      case 'INT64':
        return (value) => {
          if (typeof value !== 'number' && typeof value !== 'bigint') throw castError(schema, value);
          return writeInteger(value);
        };
      case 'FLOAT32':
        return (value) => {
          if (typeof value === 'number') return writeFloat(value);
          if (value instanceof JavaFloat) return writeFloat(value.value);
          throw castError(schema, value);
        };
      case 'FLOAT64':
        return (value) => {
          if (typeof value === 'number') return writeDouble(value);
          if (value instanceof JavaDouble) return writeDouble(value.value);
          throw castError(schema, value);
        };
      case 'BOOLEAN':
        return (value) => {
          if (typeof value !== 'boolean') throw castError(schema, value);
          return value ? 'true' : 'false';
        };
      case 'STRING':
        return (value) => {
          if (typeof value !== 'string') throw castError(schema, value);
          return quote(value);
        };
      case 'BYTES':
        return (value) => {
          if (!(value instanceof Uint8Array))
            throw new DataError(`Invalid type for bytes type: ${javaClassOf(value)}`);
          return `"${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64')}"`;
        };
      case 'ARRAY': {
        const element = this.#writerOrSchemaless(schema.valueSchema);
        return (value) => {
          if (!Array.isArray(value)) throw castError(schema, value);
          let text = '[';
          for (let i = 0; i < value.length; i++) text += (i === 0 ? '' : ',') + element(value[i]);
          return text + ']';
        };
      }
      case 'MAP':
        return this.#mapWriter(schema);
      case 'STRUCT':
        return this.#structWriter(schema);
    }
  }

  #decimalWriter(schema: Schema): Writer {
    const numeric = this.#decimalFormat === 'NUMERIC';
    return (value) => {
      if (!(value instanceof BigDecimal))
        throw new DataError(`Invalid type for Decimal, expected BigDecimal but was ${javaClassOf(value)}`);
      if (numeric) return javaBigDecimalString(value);
      const scale = decimalScale(schema);
      if (value.scale !== scale)
        throw new DataError(
          `Decimal value has mismatching scale for given Decimal schema. Schema has scale ${scale}, value has scale ${value.scale}.`,
        );
      return `"${twosComplementOf(value.unscaled).toString('base64')}"`;
    };
  }

  #mapWriter(schema: Schema): Writer {
    if (schema.keySchema === null) {
      // Kafka fails here too, dereferencing the key schema: same class, a message that says why.
      return () => {
        throw new NullPointerError('Map schema has no key schema: cannot tell how to write its keys');
      };
    }
    const writeKey = this.writer(schema.keySchema);
    const writeValue = this.#writerOrSchemaless(schema.valueSchema);
    const objectMode = schema.keySchema.type === 'STRING';
    return (value) => {
      if (!(value instanceof Map)) throw castError(schema, value);
      let text = objectMode ? '{' : '[';
      let first = true;
      for (const [k, v] of value) {
        const key = writeKey(k);
        const entry = writeValue(v);
        if (!first) text += ',';
        first = false;
        text += objectMode ? `${key === 'null' ? '"null"' : key}:${entry}` : `[${key},${entry}]`;
      }
      return text + (objectMode ? '}' : ']');
    };
  }

  #structWriter(schema: Schema): Writer {
    const fields = schema.fields.map((f) => ({
      name: f.name,
      prefix: JSON.stringify(f.name) + ':',
      write: this.writer(f.schema),
    }));
    return (value) => {
      if (!(value instanceof Struct)) throw castError(schema, value);
      if (value.schema !== schema && !schemasEqual(value.schema, schema))
        throw new DataError('Mismatching schema.');
      let text = '{';
      for (let i = 0; i < fields.length; i++) {
        const field = fields[i]!;
        text += (i === 0 ? '' : ',') + field.prefix + field.write(value.valueAt(i));
      }
      return text + '}';
    };
  }
}

/** Values without a schema: the JSON type follows the value's own type, as Kafka infers it. */
export function writeSchemaless(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
      return Number.isInteger(value) ? String(value) : writeDouble(value);
    case 'bigint':
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
  }
  if (value instanceof JavaDouble) return writeDouble(value.value);
  if (value instanceof JavaFloat) return writeFloat(value.value);
  if (value instanceof Uint8Array)
    return `"${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64')}"`;
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i++) text += (i === 0 ? '' : ',') + writeSchemaless(value[i]);
    return text + ']';
  }
  if (value instanceof Map) {
    // String keys make a JSON object (the usual case, written in one pass); any other key turns
    // the whole map into an array of [key, value] pairs, as Kafka writes it.
    let text = '{';
    for (const [k, v] of value) {
      if (typeof k !== 'string') return writeSchemalessPairs(value);
      text += (text.length === 1 ? '' : ',') + quoteKey(k) + ':' + writeSchemaless(v);
    }
    return text + '}';
  }
  if (value instanceof Struct) throw new DataError('Mismatching schema.');
  throw new DataError(`Java class ${javaClassOf(value)} does not have corresponding schema type.`);
}

function writeSchemalessPairs(map: Map<unknown, unknown>): string {
  let text = '[';
  for (const [k, v] of map)
    text += (text.length === 1 ? '' : ',') + `[${writeSchemaless(k)},${writeSchemaless(v)}]`;
  return text + ']';
}
