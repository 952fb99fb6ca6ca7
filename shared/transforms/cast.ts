// org.apache.kafka.connect.transforms.Cast$Key / Cast$Value: casts fields of a struct or map, or the
// whole key or value, to another primitive type.
import { ConfigDef } from '../api/config-def.ts';
import { ConfigError, DataError } from '../api/errors.ts';
import type { ConnectRecord } from '../api/record.ts';
import {
  BigDecimal,
  LogicalTypeNames,
  PRIMITIVE_TYPES,
  type Schema,
  SchemaBuilder,
  type SchemaType,
  Struct,
} from '../api/schema.ts';
import type { Transformation } from '../api/transformation.ts';
import { rule } from '../api/validators.ts';
import { bigDecimalToDouble } from '../api/values/convert-number.ts';
import { isoDateText } from '../api/values/convert-to-string.ts';
import { javaClassOf } from '../api/values/java-class.ts';
import { JavaDouble, JavaFloat, schemalessDouble, unboxNumber } from '../api/values/java-double.ts';
import {
  javaBigDecimalString,
  javaDoubleToString,
  javaFloatToString,
} from '../api/values/java-number-text.ts';
import {
  bigDecimalToFloat,
  bigintToFloat,
  decimalIntegralPart,
  JavaNumberFormatError,
  javaParseFloating,
  javaParseInteger,
} from '../api/values/java-parse-number.ts';
import { epochMillis } from '../api/values/wide-date.ts';
import { defineReplaceNullWithDefault, formatList, REPLACE_NULL_WITH_DEFAULT } from './util/config.ts';
import { adopt, writableMap } from './util/owned-values.ts';
import { requireMap, requireStruct } from './util/requirements.ts';
import { SchemaUpdateCache } from './util/schema-cache.ts';
import { copySchemaBasics, structFields } from './util/schema-util.ts';
import { operatingSchema, operatingValue, type Side, withSide } from './util/side.ts';

const PURPOSE = 'cast types';
// Cast reads every primitive type, in Kafka's order (the order shows in its error messages).
const INPUT_TYPES: readonly SchemaType[] = [...PRIMITIVE_TYPES];
const OUTPUT_TYPES: readonly SchemaType[] = INPUT_TYPES.filter((t) => t !== 'BYTES');
const ALL_TYPES = new Set<string>([...INPUT_TYPES, 'ARRAY', 'MAP', 'STRUCT']);
const DAY_MS = 86_400_000;

/** `spec` parsed: field → type, with the whole-value cast under the key null. */
type CastSpec = Map<string | null, SchemaType>;

function parseSpec(mappings: readonly string[]): CastSpec {
  const casts: CastSpec = new Map();
  let wholeValue = false;
  for (const mapping of mappings) {
    const parts = javaSplit(mapping, ':');
    if (parts.length > 2) {
      throw new ConfigError('renames', formatList(mappings), `Invalid rename mapping: ${mapping}`);
    }
    const typeName = (parts.length === 1 ? parts[0]! : parts[1]!).trim();
    const type = typeName.toUpperCase();
    if (!ALL_TYPES.has(type)) {
      // Kafka builds this ConfigException with its (name, value) constructor, hence the odd wording.
      throw new ConfigError(
        `Invalid type found in casting spec: ${typeName}`,
        `java.lang.IllegalArgumentException: No enum constant org.apache.kafka.connect.data.Schema.Type.${type}`,
      );
    }
    if (!OUTPUT_TYPES.includes(type as SchemaType)) {
      throw new ConfigError(
        `Cast transformation does not support casting to ${type}; supported types are [${OUTPUT_TYPES.join(', ')}]`,
      );
    }
    if (parts.length === 1) {
      casts.set(null, type as SchemaType);
      wholeValue = true;
    } else {
      casts.set(parts[0]!.trim(), type as SchemaType);
    }
  }
  if (wholeValue && mappings.length > 1) {
    throw new ConfigError(
      'Cast transformations that specify a type to cast the entire value to may only specify a single cast in their spec',
    );
  }
  return casts;
}

/** Java's String.split: trailing empty strings are dropped. */
export function javaSplit(text: string, separator: string): string[] {
  const parts = text.split(separator);
  while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

export const castConfigDef = (): ConfigDef =>
  defineReplaceNullWithDefault(
    new ConfigDef().define({
      name: 'spec',
      type: 'LIST',
      validator: rule('list of colon-delimited pairs, e.g. <code>foo:bar,abc:xyz</code>', (value) => {
        const list = value as string[] | null;
        if (list === null || list.length === 0)
          throw new ConfigError('Must specify at least one field to cast.');
        parseSpec(list);
        return undefined;
      }),
      importance: 'HIGH',
      documentation:
        'List of fields and the type to cast them to of the form field1:type,field2:type to cast fields of Maps or Structs. A single type to cast the entire value. Valid types are int8, int16, int32, int64, float32, float64, boolean, and string. Note that binary fields can only be cast to string.',
    }),
  );

abstract class Cast implements Transformation {
  readonly #side: Side;
  #casts: CastSpec = new Map();
  /** The field casts as arrays, for the per-record loop over schemaless maps. */
  #castFields: string[] = [];
  #castTypes: SchemaType[] = [];
  #wholeValueType: SchemaType | undefined;
  #replaceNullWithDefault = true;
  readonly #schemaCache = new SchemaUpdateCache();

  constructor(side: Side) {
    this.#side = side;
  }

  config(): ConfigDef {
    return castConfigDef();
  }

  configure(configs: Readonly<Record<string, unknown>>): void {
    const parsed = this.config().parse(configs);
    this.#casts = parseSpec(parsed.spec as string[]);
    this.#wholeValueType = this.#casts.get(null);
    this.#castFields = [];
    this.#castTypes = [];
    for (const [field, type] of this.#casts) {
      if (field === null) continue;
      this.#castFields.push(field);
      this.#castTypes.push(type);
    }
    this.#replaceNullWithDefault = parsed[REPLACE_NULL_WITH_DEFAULT] as boolean;
    this.#schemaCache.clear();
  }

  apply<R extends ConnectRecord>(record: R): R {
    const value = operatingValue(record, this.#side);
    if (value === null || value === undefined) return record;
    const schema = operatingSchema(record, this.#side);
    return schema === null
      ? this.#applySchemaless(record, value)
      : this.#applyWithSchema(record, schema, value);
  }

  #applySchemaless<R extends ConnectRecord>(record: R, value: unknown): R {
    if (this.#wholeValueType !== undefined) {
      return withSide(record, this.#side, null, castValueToType(null, value, this.#wholeValueType));
    }
    const updated = writableMap(record, requireMap(value, PURPOSE));
    const fields = this.#castFields;
    const types = this.#castTypes;
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i]!;
      updated.set(field, castValueToType(null, updated.get(field), types[i]!));
    }
    return adopt(withSide(record, this.#side, null, updated), updated);
  }

  #applyWithSchema<R extends ConnectRecord>(record: R, schema: Schema, value: unknown): R {
    const updatedSchema = this.#schemaCache.getOrBuild(schema, (s) => this.#buildSchema(s));
    if (this.#wholeValueType !== undefined) {
      return withSide(
        record,
        this.#side,
        updatedSchema,
        castValueToType(schema, value, this.#wholeValueType),
      );
    }
    const struct = requireStruct(value, PURPOSE);
    const updated = new Struct(updatedSchema);
    for (const field of struct.schema.fields) {
      const original = struct.fieldValue(field, this.#replaceNullWithDefault);
      const target = this.#casts.get(field.name);
      if (target !== undefined) updated.put(field.name, castValueToType(field.schema, original, target));
      else updated.putFrom(field, original);
    }
    return withSide(record, this.#side, updatedSchema, updated);
  }

  #buildSchema(schema: Schema): Schema {
    let builder: SchemaBuilder;
    if (this.#wholeValueType !== undefined) {
      builder = copySchemaBasics(schema, SchemaBuilder.type(this.#wholeValueType));
    } else {
      builder = copySchemaBasics(schema, SchemaBuilder.struct());
      for (const field of structFields(schema)) {
        const target = this.#casts.get(field.name);
        if (target === undefined) {
          builder.field(field.name, field.schema);
          continue;
        }
        const fieldBuilder = SchemaBuilder.type(target);
        if (field.schema.optional) fieldBuilder.optional();
        if (field.schema.defaultValue !== undefined && field.schema.defaultValue !== null) {
          fieldBuilder.defaultValue(castValueToType(field.schema, field.schema.defaultValue, target));
        }
        builder.field(field.name, fieldBuilder.build());
      }
    }
    if (schema.optional) builder.optional();
    if (schema.defaultValue !== undefined && schema.defaultValue !== null) {
      builder.defaultValue(castValueToType(schema, schema.defaultValue, builder.type));
    }
    return builder.build();
  }
}

export class CastKey extends Cast {
  constructor() {
    super('key');
  }
}

export class CastValue extends Cast {
  constructor() {
    super('value');
  }
}

/** The type Java's ConnectSchema.schemaType infers from a value's class; null for Date, BigDecimal. */
function inferType(value: unknown): SchemaType | null {
  switch (typeof value) {
    case 'string':
      return 'STRING';
    case 'boolean':
      return 'BOOLEAN';
    case 'bigint':
      return 'INT64';
    case 'number':
      return Number.isInteger(value) ? 'INT64' : 'FLOAT64';
  }
  if (value instanceof JavaDouble) return 'FLOAT64';
  if (value instanceof JavaFloat) return 'FLOAT32';
  if (value instanceof Uint8Array) return 'BYTES';
  if (Array.isArray(value)) return 'ARRAY';
  if (value instanceof Map) return 'MAP';
  if (value instanceof Struct) return 'STRUCT';
  return null;
}

function castValueToType(schema: Schema | null, value: unknown, target: SchemaType): unknown {
  if (value === null || value === undefined) return null;
  const inferred = schema === null ? inferType(value) : schema.type;
  if (inferred === null) {
    throw new DataError(
      `Cast transformation was passed a value of type ${javaClassOf(value)} which is not supported by Connect's data API`,
    );
  }
  if (!INPUT_TYPES.includes(inferred)) {
    throw new DataError(
      `Cast transformation does not support casting from ${inferred}; supported types are [${INPUT_TYPES.join(', ')}]`,
    );
  }
  let input = unboxNumber(value);
  if (schema?.name && target !== 'STRING' && input instanceof Date) input = encodeLogical(schema, input);
  // Whether Java holds the number as a float or double (FLOAT32/FLOAT64 schemas, or a fraction).
  const floating = inferred === 'FLOAT32' || inferred === 'FLOAT64';
  try {
    switch (target) {
      case 'INT8':
      case 'INT16':
      case 'INT32':
      case 'INT64':
        return castToInteger(input, target, floating);
      case 'FLOAT32': {
        const float = castToFloating(input, target);
        return schema === null ? new JavaFloat(float) : float;
      }
      case 'FLOAT64': {
        const double = castToFloating(input, target);
        return schema === null ? schemalessDouble(double) : double;
      }
      case 'BOOLEAN':
        return castToBoolean(input, floating);
      case 'STRING':
        return castToString(input, inferred);
      default:
        throw new DataError(`${target} is not supported in the Cast transformation.`);
    }
  } catch (error) {
    if (error instanceof JavaNumberFormatError) {
      throw new DataError(`Value (${String(value)}) was out of range for requested data type`, {
        cause: error,
      });
    }
    throw error;
  }
}

function encodeLogical(schema: Schema, date: Date): number | bigint {
  const millis = epochMillis(date);
  switch (schema.name) {
    case LogicalTypeNames.DATE:
      // Kafka's (int) cast of the day count.
      return typeof millis === 'bigint'
        ? Number(BigInt.asIntN(32, millis / BigInt(DAY_MS) - (millis % BigInt(DAY_MS) < 0n ? 1n : 0n)))
        : Math.floor(millis / DAY_MS);
    default:
      return millis;
  }
}

const BITS: Record<'INT8' | 'INT16' | 'INT32' | 'INT64', number> = {
  INT8: 8,
  INT16: 16,
  INT32: 32,
  INT64: 64,
};
const INT_STRING_RANGE: Record<'INT8' | 'INT16' | 'INT32' | 'INT64', [bigint, bigint]> = {
  INT8: [-128n, 127n],
  INT16: [-32768n, 32767n],
  INT32: [-2147483648n, 2147483647n],
  INT64: [-(2n ** 63n), 2n ** 63n - 1n],
};

function longResult(value: bigint, type: 'INT8' | 'INT16' | 'INT32' | 'INT64'): number | bigint {
  const wrapped = BigInt.asIntN(BITS[type], value);
  return type === 'INT64' &&
    (wrapped > BigInt(Number.MAX_SAFE_INTEGER) || wrapped < BigInt(Number.MIN_SAFE_INTEGER))
    ? wrapped
    : Number(wrapped);
}

/** Java's (int) or (long) of a double: toward zero, saturating, NaN as 0. */
function saturate(value: number, bits: 32 | 64): bigint {
  if (Number.isNaN(value)) return 0n;
  const max = bits === 32 ? 2147483647n : 2n ** 63n - 1n;
  const min = -max - 1n;
  if (!Number.isFinite(value)) return value > 0 ? max : min;
  const truncated = BigInt(Math.trunc(value));
  return truncated > max ? max : truncated < min ? min : truncated;
}

function castToInteger(
  value: unknown,
  type: 'INT8' | 'INT16' | 'INT32' | 'INT64',
  floating: boolean,
): number | bigint {
  if (typeof value === 'bigint') return longResult(value, type);
  if (typeof value === 'number') {
    // The common case without BigInt: an integral value within 2^53 wraps as Java's casts do.
    if (!floating && Number.isSafeInteger(value)) return narrowSafeInteger(value, type);
    // Java narrows a double through int (or long for INT64); integral types simply wrap.
    if (floating || !Number.isSafeInteger(value))
      return longResult(saturate(value, type === 'INT64' ? 64 : 32), type);
    return longResult(BigInt(value), type);
  }
  if (value instanceof BigDecimal) return longResult(bigDecimalToBigInt(value), type);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') {
    // Byte.parseByte and friends: an optional sign and any Unicode decimal digits, within range.
    const [min, max] = INT_STRING_RANGE[type];
    return longResult(javaParseInteger(value, min, max), type);
  }
  throw new DataError(`Unexpected type in Cast transformation: ${javaClassOf(value)}`);
}

function narrowSafeInteger(value: number, type: 'INT8' | 'INT16' | 'INT32' | 'INT64'): number {
  switch (type) {
    case 'INT8':
      return (value << 24) >> 24;
    case 'INT16':
      return (value << 16) >> 16;
    case 'INT32':
      return value | 0;
    default:
      return value + 0; // -0 becomes 0, as a Java long has no negative zero
  }
}

function bigDecimalToBigInt(value: BigDecimal): bigint {
  return decimalIntegralPart(value.unscaled, value.scale);
}

function castToFloating(value: unknown, type: 'FLOAT32' | 'FLOAT64'): number {
  let result: number;
  if (typeof value === 'number') result = value;
  // (float) long rounds the exact integer once; through the nearest double it could round twice.
  else if (typeof value === 'bigint') result = type === 'FLOAT32' ? bigintToFloat(value) : Number(value);
  // BigDecimal.floatValue/doubleValue round the exact decimal once, as for a long.
  else if (value instanceof BigDecimal)
    result = type === 'FLOAT32' ? bigDecimalToFloat(value) : bigDecimalToDouble(value);
  else if (typeof value === 'boolean') result = value ? 1 : 0;
  else if (typeof value === 'string') {
    // Float.parseFloat rounds the text to a float once; Double.parseDouble to a double.
    result = javaParseFloating(value, type === 'FLOAT32');
  } else {
    throw new DataError(`Unexpected type in Cast transformation: ${javaClassOf(value)}`);
  }
  return type === 'FLOAT32' ? Math.fround(result) : result;
}

function castToBoolean(value: unknown, floating: boolean): boolean {
  if (typeof value === 'number') return (floating ? saturate(value, 64) : BigInt(Math.trunc(value))) !== 0n;
  if (typeof value === 'bigint') return value !== 0n;
  if (value instanceof BigDecimal) return bigDecimalToBigInt(value) !== 0n;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') return value.toLowerCase() === 'true';
  throw new DataError(`Unexpected type in Cast transformation: ${javaClassOf(value)}`);
}

function castToString(value: unknown, type: SchemaType): string {
  if (value instanceof Date) return isoDateText(value);
  if (value instanceof BigDecimal) return javaBigDecimalString(value);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (typeof value === 'number') {
    if (type === 'FLOAT32') return javaFloatToString(value);
    if (type === 'FLOAT64' || !Number.isInteger(value)) return javaDoubleToString(value);
    return String(value);
  }
  return String(value);
}
