// org.apache.kafka.connect.transforms.TimestampConverter$Key / $Value: converts a timestamp (the
// whole key or value, or one field) between formatted strings, Unix epoch numbers and Connect's
// Date, Time and Timestamp logical types. All in UTC, as Kafka does.
import { ConfigDef } from '../api/config-def.ts';
import { ConfigError, ConnectError, DataError, NullPointerError } from '../api/errors.ts';
import type { ConnectRecord } from '../api/record.ts';
import { LogicalTypeNames, type Schema, SchemaBuilder, Schemas, Struct } from '../api/schema.ts';
import type { Transformation } from '../api/transformation.ts';
import { validString } from '../api/validators.ts';
import { toLongValue } from '../api/values/convert-number.ts';
import { javaClassOf } from '../api/values/java-class.ts';
import {
  DATE_SCHEMA,
  dateFromMillis,
  OPTIONAL_DATE_SCHEMA,
  OPTIONAL_TIME_SCHEMA,
  OPTIONAL_TIMESTAMP_SCHEMA,
  TIME_SCHEMA,
  TIMESTAMP_SCHEMA,
} from '../api/values/logical-schemas.ts';
import { SimpleDateFormat } from '../api/values/simple-date-format.ts';
import { epochMillis } from '../api/values/wide-date.ts';
import { defineReplaceNullWithDefault, REPLACE_NULL_WITH_DEFAULT } from './util/config.ts';
import { requireMap, requireStructOrNull } from './util/requirements.ts';
import { SchemaUpdateCache } from './util/schema-cache.ts';
import { copySchemaBasics } from './util/schema-util.ts';
import { operatingSchema, operatingValue, type Side, withSide } from './util/side.ts';

const PURPOSE = 'converting timestamp formats';
const DAY_MS = 86_400_000;
const LONG_MAX = 2n ** 63n - 1n;
const LONG_MIN = -(2n ** 63n);

type TimestampType = 'string' | 'unix' | 'Date' | 'Time' | 'Timestamp';
type UnixPrecision = 'seconds' | 'milliseconds' | 'microseconds' | 'nanoseconds';

export const timestampConverterConfigDef = (): ConfigDef =>
  defineReplaceNullWithDefault(
    new ConfigDef()
      .define({
        name: 'field',
        type: 'STRING',
        defaultValue: '',
        importance: 'HIGH',
        documentation: 'The field containing the timestamp, or empty if the entire value is a timestamp',
      })
      .define({
        name: 'target.type',
        type: 'STRING',
        validator: validString('string', 'unix', 'Date', 'Time', 'Timestamp'),
        importance: 'HIGH',
        documentation: 'The desired timestamp representation: string, unix, Date, Time, or Timestamp',
      })
      .define({
        name: 'format',
        type: 'STRING',
        defaultValue: '',
        importance: 'MEDIUM',
        documentation:
          'A SimpleDateFormat-compatible format for the timestamp. Used to generate the output when type=string or used to parse the input if the input is a string.',
      })
      .define({
        name: 'unix.precision',
        type: 'STRING',
        defaultValue: 'milliseconds',
        validator: validString('nanoseconds', 'microseconds', 'milliseconds', 'seconds'),
        importance: 'LOW',
        documentation:
          'The desired Unix precision for the timestamp: seconds, milliseconds, microseconds, or nanoseconds. Used to generate the output when type=unix or used to parse the input if the input is a Long.Note: This SMT will cause precision loss during conversions from, and to, values with sub-millisecond components.',
      }),
  );

const clampLong = (value: bigint) => (value > LONG_MAX ? LONG_MAX : value < LONG_MIN ? LONG_MIN : value);

/** Milliseconds per unit as TimeUnit converts: truncating toward zero, saturating at Long's range. */
function unixToMillis(value: bigint, precision: UnixPrecision): bigint {
  switch (precision) {
    case 'seconds':
      return clampLong(value * 1000n);
    case 'microseconds':
      return value / 1000n;
    case 'nanoseconds':
      return value / 1_000_000n;
    default:
      return value;
  }
}

function millisToUnix(millis: bigint, precision: UnixPrecision): bigint {
  switch (precision) {
    case 'seconds':
      return millis / 1000n;
    case 'microseconds':
      return clampLong(millis * 1000n);
    case 'nanoseconds':
      return clampLong(millis * 1_000_000n);
    default:
      return millis;
  }
}

function typeSchema(type: TimestampType, optional: boolean): Schema {
  switch (type) {
    case 'string':
      return optional ? Schemas.OPTIONAL_STRING : Schemas.STRING;
    case 'unix':
      return optional ? Schemas.OPTIONAL_INT64 : Schemas.INT64;
    case 'Date':
      return optional ? OPTIONAL_DATE_SCHEMA : DATE_SCHEMA;
    case 'Time':
      return optional ? OPTIONAL_TIME_SCHEMA : TIME_SCHEMA;
    default:
      return optional ? OPTIONAL_TIMESTAMP_SCHEMA : TIMESTAMP_SCHEMA;
  }
}

function typeFromSchema(schema: Schema): TimestampType {
  if (schema.name === LogicalTypeNames.TIMESTAMP) return 'Timestamp';
  if (schema.name === LogicalTypeNames.DATE) return 'Date';
  if (schema.name === LogicalTypeNames.TIME) return 'Time';
  if (schema.type === 'STRING') return 'string';
  if (schema.type === 'INT64') return 'unix';
  throw new ConnectError(`Schema ${String(schema)} does not correspond to a known timestamp type format`);
}

function inferType(value: unknown): TimestampType {
  if (value instanceof Date) return 'Timestamp';
  if (typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value))) return 'unix';
  if (typeof value === 'string') return 'string';
  throw new DataError(`TimestampConverter does not support ${javaClassOf(value)} objects as timestamps`);
}

abstract class TimestampConverter implements Transformation {
  readonly #side: Side;
  #field = '';
  #type: TimestampType = 'Timestamp';
  #format: SimpleDateFormat | null = null;
  #precision: UnixPrecision = 'milliseconds';
  #replaceNullWithDefault = true;
  readonly #schemaCache = new SchemaUpdateCache();

  constructor(side: Side) {
    this.#side = side;
  }

  config(): ConfigDef {
    return timestampConverterConfigDef();
  }

  configure(configs: Readonly<Record<string, unknown>>): void {
    const parsed = this.config().parse(configs);
    this.#field = parsed.field as string;
    this.#type = parsed['target.type'] as TimestampType;
    this.#precision = parsed['unix.precision'] as UnixPrecision;
    this.#replaceNullWithDefault = parsed[REPLACE_NULL_WITH_DEFAULT] as boolean;
    const pattern = parsed.format as string;
    if (this.#type === 'string' && pattern.trim() === '') {
      throw new ConfigError(
        'TimestampConverter requires format option to be specified when using string timestamps',
      );
    }
    this.#format = null;
    if (pattern.trim() !== '') {
      try {
        this.#format = new SimpleDateFormat(pattern);
      } catch (error) {
        // Kafka builds this ConfigException with its (name, value) constructor, hence the odd wording.
        throw new ConfigError(
          `TimestampConverter requires a SimpleDateFormat-compatible pattern for string timestamps: ${pattern}`,
          `java.lang.IllegalArgumentException: ${(error as Error).message}`,
        );
      }
    }
    this.#schemaCache.clear();
  }

  apply<R extends ConnectRecord>(record: R): R {
    const schema = operatingSchema(record, this.#side);
    const value = operatingValue(record, this.#side);
    if (schema === null) {
      if (value === null || value === undefined || this.#field === '') {
        return withSide(record, this.#side, null, this.#convert(value ?? null, null));
      }
      const updated = new Map(requireMap(value, PURPOSE));
      updated.set(this.#field, this.#convert(updated.get(this.#field) ?? null, null));
      return withSide(record, this.#side, null, updated);
    }
    if (this.#field === '') {
      return withSide(
        record,
        this.#side,
        typeSchema(this.#type, schema.optional),
        this.#convert(value ?? null, typeFromSchema(schema)),
      );
    }
    const struct = requireStructOrNull(value, PURPOSE);
    const updatedSchema = this.#schemaCache.getOrBuild(schema, (s) => this.#buildSchema(s));
    return withSide(record, this.#side, updatedSchema, this.#convertStruct(struct, updatedSchema));
  }

  #buildSchema(schema: Schema): Schema {
    const builder = copySchemaBasics(schema, SchemaBuilder.struct());
    for (const field of schema.fields) {
      builder.field(
        field.name,
        field.name === this.#field ? typeSchema(this.#type, field.schema.optional) : field.schema,
      );
    }
    if (schema.optional) builder.optional();
    // A struct default would need the schema being built; Kafka converts it, we leave it out.
    return builder.build();
  }

  #convertStruct(struct: Struct | null, updatedSchema: Schema): Struct | null {
    if (struct === null) return null;
    const updated = new Struct(updatedSchema);
    for (const field of struct.schema.fields) {
      const value = struct.fieldValue(field, this.#replaceNullWithDefault);
      if (field.name === this.#field)
        updated.put(field.name, this.#convert(value, typeFromSchema(field.schema)));
      else updated.putFrom(field, value);
    }
    return updated;
  }

  #convert(timestamp: unknown, sourceType: TimestampType | null): unknown {
    if (timestamp === null || timestamp === undefined) return null;
    return this.#toType(this.#toRaw(timestamp, sourceType ?? inferType(timestamp)));
  }

  #toRaw(value: unknown, type: TimestampType): Date {
    switch (type) {
      case 'string': {
        if (typeof value !== 'string') {
          throw new DataError(`Expected string timestamp to be a String, but found ${javaClassOf(value)}`);
        }
        const format = this.#format;
        // Kafka dereferences the missing format (a NullPointerException): same class, our
        // message says what is missing.
        if (format === null) {
          throw new NullPointerError(
            'TimestampConverter requires format option to be specified when using string timestamps',
          );
        }
        const parsed = format.parse(value);
        if (parsed === null) {
          throw new DataError(
            `Could not parse timestamp: value (${value}) does not match pattern (${format.toPattern()})`,
          );
        }
        return parsed;
      }
      case 'unix': {
        if (typeof value !== 'bigint' && !(typeof value === 'number' && Number.isInteger(value))) {
          throw new DataError(`Expected Unix timestamp to be a Long, but found ${javaClassOf(value)}`);
        }
        return dateFromMillis(unixToMillis(BigInt(value), this.#precision));
      }
      default:
        if (!(value instanceof Date)) {
          throw new DataError(`Expected ${type} to be a java.util.Date, but found ${javaClassOf(value)}`);
        }
        return value;
    }
  }

  #toType(date: Date): unknown {
    const ms = epochMillis(date);
    switch (this.#type) {
      case 'string':
        return this.#format!.format(date);
      case 'unix':
        return toLongValue(millisToUnix(BigInt(ms), this.#precision));
      case 'Date': {
        if (typeof ms === 'number') return new Date(Math.floor(ms / DAY_MS) * DAY_MS);
        // A WideDate: the same midnight in bigint arithmetic, wrapping as Calendar's long does
        // below the first midnight of a long.
        const day = BigInt(DAY_MS);
        return dateFromMillis(BigInt.asIntN(64, (ms / day - (ms % day < 0n ? 1n : 0n)) * day));
      }
      case 'Time': {
        const ofDay = typeof ms === 'number' ? ms % DAY_MS : Number(ms % BigInt(DAY_MS));
        return new Date((ofDay + DAY_MS) % DAY_MS);
      }
      default:
        return date;
    }
  }
}

export class TimestampConverterKey extends TimestampConverter {
  constructor() {
    super('key');
  }
}

export class TimestampConverterValue extends TimestampConverter {
  constructor() {
    super('value');
  }
}
