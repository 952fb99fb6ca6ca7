// Connect schemas ↔ Avro schemas as Confluent's AvroData maps them: INT8/INT16 as int with
// connect.type, optional schemas as unions with null (null first, or last when there is a
// default), maps with string keys as Avro maps and others as arrays of MapEntry records, unnamed
// structs as io.confluent.connect.avro.ConnectDefault[N], the logical types as Avro's (decimal with
// connect.decimal.precision or 64, date, time-millis, timestamp-millis), and, with connect.meta.data,
// the Connect name, version, doc, parameters and default in connect.* attributes so a round trip
// gives the same Connect schema back. Avro-only facts (record and field docs, enum symbols, field
// defaults) come back as io.confluent.connect.avro.* parameters.
import { ConnectError, DataError } from '../../../api/errors.ts';
import {
  BigDecimal,
  LogicalTypeNames,
  type Schema,
  SchemaBuilder,
  type SchemaType,
  Struct,
  schemasEqual,
} from '../../../api/schema.ts';
import { bigIntFromTwosComplement, twosComplementOf } from '../../json/base64.ts';
import { nonOptional } from '../connect-schemas.ts';
import { type AvroField, type AvroSchema, avroNode, fullName, validateName } from './avro-schema.ts';

export const NAMESPACE = 'io.confluent.connect.avro';
export const DEFAULT_SCHEMA_NAME = 'ConnectDefault';
export const DEFAULT_SCHEMA_FULL_NAME = `${NAMESPACE}.${DEFAULT_SCHEMA_NAME}`;
const MAP_ENTRY_TYPE_NAME = 'MapEntry';
const CONNECT_NAME_PROP = 'connect.name';
const CONNECT_DOC_PROP = 'connect.doc';
const CONNECT_VERSION_PROP = 'connect.version';
const CONNECT_DEFAULT_VALUE_PROP = 'connect.default';
const CONNECT_PARAMETERS_PROP = 'connect.parameters';
const CONNECT_INTERNAL_TYPE_NAME = 'connect.internal.type';
const CONNECT_TYPE_PROP = 'connect.type';
const AVRO_RECORD_DOC_PROP = `${NAMESPACE}.record.doc`;
const AVRO_ENUM_DOC_PREFIX_PROP = `${NAMESPACE}.enum.doc.`;
const AVRO_FIELD_DOC_PREFIX_PROP = `${NAMESPACE}.field.doc.`;
const AVRO_FIELD_DEFAULT_FLAG_PROP = `${NAMESPACE}.field.default`;
const AVRO_ENUM_DEFAULT_PREFIX_PROP = `${NAMESPACE}.enum.default.`;
export const AVRO_TYPE_UNION = `${NAMESPACE}.Union`;
export const AVRO_TYPE_ENUM = `${NAMESPACE}.Enum`;
const AVRO_PROP = 'avro';
const CONNECT_AVRO_FIXED_SIZE_PROP = 'connect.fixed.size';
const CONNECT_AVRO_DECIMAL_PRECISION_PROP = 'connect.decimal.precision';
const DECIMAL_PRECISION_DEFAULT = 64;

export interface AvroDataSettings {
  readonly connectMetaData: boolean;
  readonly enhancedSchemaSupport: boolean;
  readonly scrubInvalidNames: boolean;
  readonly ignoreDefaultForNullables: boolean;
  readonly allowOptionalMapKeys: boolean;
}

// ---- small helpers shared with the value conversions ------------------------------------------

export const isUnionSchema = (schema: Schema): boolean => schema.name === AVRO_TYPE_UNION;

export const isEnumSchema = (schema: Schema): boolean =>
  schema.type === 'STRING' && schema.parameters !== null && AVRO_TYPE_ENUM in schema.parameters;

export const isFixedSchema = (schema: Schema): boolean =>
  schema.type === 'BYTES' &&
  schema.name !== null &&
  schema.parameters !== null &&
  CONNECT_AVRO_FIXED_SIZE_PROP in schema.parameters;

/** A map whose keys are required strings is an Avro map; any other is an array of MapEntry records. */
export const isStringKeyedMap = (schema: Schema, settings: AvroDataSettings): boolean =>
  schema.keySchema!.type === 'STRING' && (!schema.keySchema!.optional || settings.allowOptionalMapKeys);

/** Confluent's scrubbing of names Avro would reject: URL-encode, then replace what is left. */
export function scrubName(name: string, scrub: boolean): string {
  if (!scrub) return name;
  let encoded = encodeURIComponent(name)
    .replace(/%20/g, '+')
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  if (!/^[A-Za-z_]/.test(encoded)) encoded = `x${encoded}`;
  return encoded.replace(/[^A-Za-z0-9_]/g, '_');
}

function splitName(full: string, scrub: boolean): [string | null, string] {
  const dot = full.lastIndexOf('.');
  return dot >= 0
    ? [full.slice(0, dot), scrubName(full.slice(dot + 1), scrub)]
    : [null, scrubName(full, scrub)];
}

export function decimalScaleOf(schema: Schema): number {
  const text = schema.parameters?.scale;
  if (text === undefined) throw new DataError('Invalid Decimal schema: scale parameter not found.');
  return Number.parseInt(text, 10);
}

/** Kafka's Decimal.fromLogical. */
export function decimalToBytes(schema: Schema, value: unknown): Buffer {
  if (!(value instanceof BigDecimal))
    throw new DataError(`Invalid type for Decimal, expected BigDecimal but was ${typeof value}`);
  if (value.scale !== decimalScaleOf(schema))
    throw new DataError('BigDecimal has mismatching scale value for given Decimal schema');
  return twosComplementOf(value.unscaled);
}

export function decimalFromBytes(schema: Schema, bytes: Uint8Array): BigDecimal {
  return new BigDecimal(bigIntFromTwosComplement(bytes), decimalScaleOf(schema));
}

const MS_PER_DAY = 86_400_000;

/** Kafka's Date/Time/Timestamp.fromLogical: the Avro int or long of a Connect Date. */
export function dateToAvro(schema: Schema, value: unknown): number | bigint {
  if (!(value instanceof Date))
    throw new DataError(`Invalid type for ${schema.name}, expected Date but was ${typeof value}`);
  const ms = value.getTime();
  switch (schema.name) {
    case LogicalTypeNames.DATE:
      if (ms % MS_PER_DAY !== 0)
        throw new DataError(
          'Kafka Connect Date type should not have any time fields set to non-zero values.',
        );
      return ms / MS_PER_DAY;
    case LogicalTypeNames.TIME:
      if (ms < 0 || ms >= MS_PER_DAY)
        throw new DataError(
          'Kafka Connect Time type should not have any date fields set to non-zero values.',
        );
      return ms;
    default:
      return ms;
  }
}

export function dateFromAvro(schema: Schema, value: number | bigint): Date {
  const n = Number(value);
  return new Date(schema.name === LogicalTypeNames.DATE ? n * MS_PER_DAY : n);
}

// ---- Connect → Avro -------------------------------------------------------------------------

interface FromConnectContext {
  /** Required schemas already converted in this schema, by structure: reused, never redefined. */
  readonly done: { schema: Schema; avro: AvroSchema }[];
  /** Records being converted, by Connect name, for schemas that refer back to an enclosing one. */
  readonly cycles: Map<string, AvroSchema>;
  nameIndex: number;
}

/** The Avro schema Confluent's AvroData makes for `schema`. */
export function fromConnectSchema(schema: Schema, settings: AvroDataSettings): AvroSchema {
  return fromConnect(schema, { done: [], cycles: new Map(), nameIndex: 0 }, false, settings);
}

function nameOrDefault(
  ctx: FromConnectContext,
  name: string | null,
  settings: AvroDataSettings,
): [string | null, string] {
  if (name !== null) return splitName(name, settings.scrubInvalidNames);
  ctx.nameIndex++;
  return [NAMESPACE, DEFAULT_SCHEMA_NAME + (ctx.nameIndex > 1 ? ctx.nameIndex : '')];
}

function withCycle(
  schema: Schema,
  ctx: FromConnectContext,
  ignoreOptional: boolean,
  settings: AvroDataSettings,
): AvroSchema {
  const cyclic = schema.name === null ? undefined : ctx.cycles.get(schema.name);
  if (cyclic) return ignoreOptional ? cyclic : maybeOptional(schema, cyclic);
  return fromConnect(schema, ctx, ignoreOptional, settings);
}

function fromConnect(
  schema: Schema,
  ctx: FromConnectContext,
  ignoreOptional: boolean,
  settings: AvroDataSettings,
): AvroSchema {
  if (!isUnionSchema(schema) && !schema.optional) {
    const done = ctx.done.find((d) => d.schema === schema || schemasEqual(d.schema, schema));
    if (done) return done.avro;
  }
  let connectType: string | null = null;
  let base: AvroSchema;
  const params = schema.parameters;
  switch (schema.type) {
    case 'INT8':
      connectType = 'int8';
      base = avroNode('int');
      break;
    case 'INT16':
      connectType = 'int16';
      base = avroNode('int');
      break;
    case 'INT32':
      base = avroNode('int');
      break;
    case 'INT64':
      base = avroNode('long');
      break;
    case 'FLOAT32':
      base = avroNode('float');
      break;
    case 'FLOAT64':
      base = avroNode('double');
      break;
    case 'BOOLEAN':
      base = avroNode('boolean');
      break;
    case 'STRING':
      if (settings.enhancedSchemaSupport && params !== null && AVRO_TYPE_ENUM in params) {
        const symbols = Object.keys(params)
          .filter((k) => k.startsWith(`${AVRO_TYPE_ENUM}.`))
          .map((k) => k.slice(AVRO_TYPE_ENUM.length + 1));
        const [, name] = nameOrDefault(ctx, schema.name, settings);
        const [enumSpace, enumName] = splitName(params[AVRO_TYPE_ENUM]!, false);
        base = avroNode('enum', {
          name: validateName(enumName),
          namespace: enumSpace,
          doc: params[AVRO_ENUM_DOC_PREFIX_PROP + name] ?? null,
          symbols,
          enumDefault: params[AVRO_ENUM_DEFAULT_PREFIX_PROP + name] ?? null,
        });
      } else base = avroNode('string');
      break;
    case 'BYTES':
      if (isFixedSchema(schema)) {
        const [namespace, name] = nameOrDefault(ctx, schema.name, settings);
        base = avroNode('fixed', {
          name: validateName(name),
          namespace,
          size: Number.parseInt(params![CONNECT_AVRO_FIXED_SIZE_PROP]!, 10),
        });
      } else base = avroNode('bytes');
      if (schema.name === LogicalTypeNames.DECIMAL) {
        base.props.set('scale', Number.parseInt(params!.scale!, 10));
        const precision = params![CONNECT_AVRO_DECIMAL_PRECISION_PROP];
        base.props.set(
          'precision',
          precision !== undefined ? Number.parseInt(precision, 10) : DECIMAL_PRECISION_DEFAULT,
        );
      }
      break;
    case 'ARRAY':
      base = avroNode('array', { items: withCycle(schema.valueSchema!, ctx, false, settings) });
      break;
    case 'MAP':
      if (isStringKeyedMap(schema, settings)) {
        base = avroNode('map', { values: withCycle(schema.valueSchema!, ctx, false, settings) });
      } else {
        let entry: AvroSchema;
        if (schema.name === null) {
          entry = avroNode('record', { name: MAP_ENTRY_TYPE_NAME, namespace: NAMESPACE });
        } else {
          const [namespace, name] = nameOrDefault(ctx, schema.name, settings);
          entry = avroNode('record', { name: validateName(name), namespace });
          entry.props.set(CONNECT_INTERNAL_TYPE_NAME, MAP_ENTRY_TYPE_NAME);
        }
        entry.fields.push(recordField('key', schema.keySchema!, null, ctx, settings));
        entry.fields.push(recordField('value', schema.valueSchema!, null, ctx, settings));
        base = avroNode('array', { items: entry });
      }
      break;
    case 'STRUCT':
      if (isUnionSchema(schema)) {
        const types: AvroSchema[] = schema.optional ? [avroNode('null')] : [];
        for (const field of schema.fields)
          types.push(withCycle(nonOptional(field.schema), ctx, true, settings));
        base = avroNode('union', { types });
      } else if (schema.optional) {
        base = avroNode('union', {
          types: [avroNode('null'), withCycle(nonOptional(schema), ctx, false, settings)],
        });
      } else {
        const [namespace, name] = nameOrDefault(ctx, schema.name, settings);
        base = avroNode('record', {
          name: validateName(name),
          namespace,
          doc: params?.[AVRO_RECORD_DOC_PROP] ?? null,
        });
        if (schema.name !== null) ctx.cycles.set(schema.name, base);
        for (const field of schema.fields) {
          const fieldName = validateName(scrubName(field.name, settings.scrubInvalidNames));
          const doc = params?.[AVRO_FIELD_DOC_PREFIX_PROP + field.name] ?? null;
          base.fields.push(recordField(fieldName, field.schema, doc, ctx, settings));
        }
      }
      break;
    default:
      throw new DataError(`Unknown schema type: ${schema.type}`);
  }

  let result = base;
  if (base.type !== 'union') {
    if (settings.connectMetaData) {
      if (schema.doc !== null) base.props.set(CONNECT_DOC_PROP, schema.doc);
      if (schema.version !== null) base.props.set(CONNECT_VERSION_PROP, schema.version);
      if (params !== null) {
        const connectParams = Object.fromEntries(
          Object.entries(params).filter(([k]) => k !== AVRO_FIELD_DEFAULT_FLAG_PROP),
        );
        if (Object.keys(connectParams).length > 0) base.props.set(CONNECT_PARAMETERS_PROP, connectParams);
      }
      if (
        schema.defaultValue !== undefined &&
        schema.defaultValue !== null &&
        (params === null || !(AVRO_FIELD_DEFAULT_FLAG_PROP in params))
      )
        base.props.set(CONNECT_DEFAULT_VALUE_PROP, defaultToAvroJson(schema, schema.defaultValue, settings));
      if (schema.name !== null) base.props.set(CONNECT_NAME_PROP, schema.name);
      if (connectType !== null) base.props.set(CONNECT_TYPE_PROP, connectType);
    }
    switch (schema.name) {
      case LogicalTypeNames.DECIMAL: {
        const precisionText = params?.[CONNECT_AVRO_DECIMAL_PRECISION_PROP];
        const precision =
          precisionText === undefined ? DECIMAL_PRECISION_DEFAULT : Number.parseInt(precisionText, 10);
        const scaleText = params?.scale;
        const scale = scaleText === undefined ? 0 : Number.parseInt(scaleText, 10);
        // A scale Avro's decimal cannot carry keeps the legacy attributes without the logical type
        // check; Java's Avro writes the same attribute either way.
        if (scale >= 0 && scale <= precision) {
          base.props.set('logicalType', 'decimal');
          base.props.set('precision', precision);
          base.props.set('scale', scale);
        } else base.props.set('logicalType', 'decimal');
        break;
      }
      case LogicalTypeNames.TIME:
        base.props.set('logicalType', 'time-millis');
        break;
      case LogicalTypeNames.TIMESTAMP:
        base.props.set('logicalType', 'timestamp-millis');
        break;
      case LogicalTypeNames.DATE:
        base.props.set('logicalType', 'date');
        break;
    }
    if (params !== null)
      for (const [key, value] of Object.entries(params))
        if (key.startsWith(AVRO_PROP)) base.props.set(key, value);
    if (!ignoreOptional) result = maybeOptional(schema, base);
  }
  if (!schema.optional) ctx.done.push({ schema, avro: result });
  return result;
}

function maybeOptional(schema: Schema, base: AvroSchema): AvroSchema {
  if (!schema.optional) return base;
  // With a default the default's type comes first, as Avro requires of a union's default.
  const types =
    schema.defaultValue !== undefined && schema.defaultValue !== null
      ? [base, avroNode('null')]
      : [avroNode('null'), base];
  return avroNode('union', { types });
}

function recordField(
  name: string,
  schema: Schema,
  doc: string | null,
  ctx: FromConnectContext,
  settings: AvroDataSettings,
): AvroField {
  let defaultValue: unknown;
  if (schema.defaultValue !== undefined && schema.defaultValue !== null)
    defaultValue = defaultToAvroJson(schema, schema.defaultValue, settings);
  else if (schema.optional) defaultValue = null;
  const type = fromConnect(schema, ctx, false, settings);
  // Java's Avro rejects a default that does not fit the field's type; AvroData then drops it.
  if (defaultValue !== undefined && !isValidDefault(type, defaultValue)) defaultValue = undefined;
  return { name, type, doc, defaultValue, props: new Map() };
}

/** Avro's Schema.isValidDefault. */
export function isValidDefault(schema: AvroSchema, json: unknown): boolean {
  switch (schema.type) {
    case 'string':
    case 'bytes':
    case 'enum':
    case 'fixed':
      return typeof json === 'string';
    case 'int':
      return isIntegral(json) && Number(json) >= -(2 ** 31) && Number(json) < 2 ** 31;
    case 'long':
      return isIntegral(json);
    case 'float':
    case 'double':
      return typeof json === 'number' || typeof json === 'bigint';
    case 'boolean':
      return typeof json === 'boolean';
    case 'null':
      return json === null;
    case 'array':
      return Array.isArray(json) && json.every((e) => isValidDefault(schema.items!, e));
    case 'map':
      return isObject(json) && Object.values(json).every((v) => isValidDefault(schema.values!, v));
    case 'record':
      return (
        isObject(json) &&
        schema.fields.every((f) =>
          Object.hasOwn(json, f.name) ? isValidDefault(f.type, json[f.name]) : f.defaultValue !== undefined,
        )
      );
    case 'union':
      return schema.types.some((t) => isValidDefault(t, json));
  }
}

const isIntegral = (json: unknown) =>
  typeof json === 'bigint' || (typeof json === 'number' && Number.isInteger(json));
const isObject = (json: unknown): json is Record<string, unknown> =>
  typeof json === 'object' && json !== null && !Array.isArray(json);

/** A Connect default as Avro's JSON default (AvroData.defaultValueFromConnect). */
export function defaultToAvroJson(schema: Schema, value: unknown, settings: AvroDataSettings): unknown {
  if (value === null || value === undefined) return null;
  switch (schema.name) {
    case LogicalTypeNames.DECIMAL:
      return decimalToBytes(schema, value).toString('latin1');
    case LogicalTypeNames.DATE:
    case LogicalTypeNames.TIME:
    case LogicalTypeNames.TIMESTAMP:
      return dateToAvro(schema, value);
  }
  switch (schema.type) {
    case 'INT8':
    case 'INT16':
    case 'INT32':
    case 'INT64':
    case 'FLOAT32':
    case 'FLOAT64':
    case 'BOOLEAN':
    case 'STRING':
      return value;
    case 'BYTES':
      return Buffer.from(value as Uint8Array).toString('latin1');
    case 'ARRAY':
      return (value as unknown[]).map((e) => defaultToAvroJson(schema.valueSchema!, e, settings));
    case 'MAP': {
      const map = value as Map<unknown, unknown>;
      if (isStringKeyedMap(schema, settings)) {
        const node: Record<string, unknown> = {};
        for (const [k, v] of map) node[k as string] = defaultToAvroJson(schema.valueSchema!, v, settings);
        return node;
      }
      return [...map].map(([k, v]) => [
        defaultToAvroJson(schema.keySchema!, k, settings),
        defaultToAvroJson(schema.valueSchema!, v, settings),
      ]);
    }
    case 'STRUCT': {
      const struct = value as Struct;
      const node: Record<string, unknown> = {};
      for (const field of schema.fields) {
        const fieldDefault = defaultToAvroJson(field.schema, struct.get(field.name), settings);
        if (isUnionSchema(schema)) return fieldDefault;
        node[scrubName(field.name, settings.scrubInvalidNames)] = fieldDefault;
      }
      return node;
    }
  }
}

// ---- Avro → Connect -------------------------------------------------------------------------

/** The Connect schema Confluent's AvroData makes for an Avro schema; `version` when it has no connect.version. */
export function toConnectSchema(
  avro: AvroSchema,
  version: number | null,
  settings: AvroDataSettings,
): Schema {
  return toConnect(avro, false, undefined, version, settings, new Set());
}

function toConnect(
  avro: AvroSchema,
  forceOptional: boolean,
  fieldDefault: unknown,
  version: number | null,
  settings: AvroDataSettings,
  stack: Set<AvroSchema>,
): Schema {
  if (stack.has(avro))
    throw new DataError(`Recursive Avro schemas are not supported: ${fullName(avro)} refers to itself`);
  const connectType = avro.props.get(CONNECT_TYPE_PROP);
  const logicalType = stringProp(avro, 'logicalType');
  let builder: SchemaBuilder;
  switch (avro.type) {
    case 'boolean':
      builder = SchemaBuilder.bool();
      break;
    case 'bytes':
    case 'fixed':
      if (logicalType?.toLowerCase() === 'decimal') {
        const scale = avro.props.get('scale');
        builder = SchemaBuilder.bytes()
          .name(LogicalTypeNames.DECIMAL)
          .version(1)
          .parameter('scale', String(typeof scale === 'number' ? Math.trunc(scale) : 0));
        const precision = avro.props.get('precision');
        if (precision !== undefined) {
          if (typeof precision !== 'number')
            throw new DataError(
              'precision property must be a JSON Integer. https://avro.apache.org/docs/1.9.1/spec.html#Decimal',
            );
          if (Math.trunc(precision) !== DECIMAL_PRECISION_DEFAULT)
            builder.parameter(CONNECT_AVRO_DECIMAL_PRECISION_PROP, String(Math.trunc(precision)));
        }
      } else builder = SchemaBuilder.bytes();
      if (avro.type === 'fixed') builder.parameter(CONNECT_AVRO_FIXED_SIZE_PROP, String(avro.size));
      break;
    case 'double':
      builder = SchemaBuilder.float64();
      break;
    case 'float':
      builder = SchemaBuilder.float32();
      break;
    case 'int':
      if (connectType === undefined && logicalType === undefined) builder = SchemaBuilder.int32();
      else if (logicalType !== undefined) {
        const lower = logicalType.toLowerCase();
        if (lower === 'date') builder = SchemaBuilder.int32().name(LogicalTypeNames.DATE).version(1);
        else if (lower === 'time-millis')
          builder = SchemaBuilder.int32().name(LogicalTypeNames.TIME).version(1);
        else builder = SchemaBuilder.int32();
      } else if (connectType === 'int8') builder = SchemaBuilder.int8();
      else if (connectType === 'int16') builder = SchemaBuilder.int16();
      else throw new DataError('Connect type annotation for Avro int field is null');
      break;
    case 'long':
      builder =
        logicalType?.toLowerCase() === 'timestamp-millis'
          ? SchemaBuilder.int64().name(LogicalTypeNames.TIMESTAMP).version(1)
          : SchemaBuilder.int64();
      break;
    case 'string':
      builder = SchemaBuilder.string();
      break;
    case 'array': {
      const items = avro.items!;
      if (isMapEntry(items)) {
        const key = items.fields.find((f) => f.name === 'key');
        const value = items.fields.find((f) => f.name === 'value');
        if (items.fields.length !== 2 || !key || !value)
          throw new DataError(
            'Found map encoded as array of key-value pairs, but array elements do not match the expected format.',
          );
        builder = SchemaBuilder.map(
          toConnect(key.type, false, undefined, null, settings, stack),
          toConnect(value.type, false, undefined, null, settings, stack),
        );
      } else builder = SchemaBuilder.array(toConnect(items, false, undefined, null, settings, stack));
      break;
    }
    case 'map':
      builder = SchemaBuilder.map(
        SchemaBuilder.string().build(),
        toConnect(avro.values!, false, undefined, null, settings, stack),
      );
      break;
    case 'record': {
      builder = SchemaBuilder.struct();
      stack.add(avro);
      if (settings.connectMetaData && avro.doc !== null) builder.parameter(AVRO_RECORD_DOC_PROP, avro.doc);
      for (const field of avro.fields) {
        if (settings.connectMetaData && field.doc !== null)
          builder.parameter(AVRO_FIELD_DOC_PREFIX_PROP + field.name, field.doc);
        builder.field(field.name, toConnect(field.type, false, field.defaultValue, null, settings, stack));
      }
      stack.delete(avro);
      break;
    }
    case 'enum':
      builder = SchemaBuilder.string();
      if (settings.connectMetaData) {
        if (avro.doc !== null) builder.parameter(AVRO_ENUM_DOC_PREFIX_PROP + avro.name, avro.doc);
        if (avro.enumDefault !== null)
          builder.parameter(AVRO_ENUM_DEFAULT_PREFIX_PROP + avro.name, avro.enumDefault);
      }
      builder.parameter(AVRO_TYPE_ENUM, fullName(avro));
      for (const symbol of avro.symbols) builder.parameter(`${AVRO_TYPE_ENUM}.${symbol}`, symbol);
      break;
    case 'union': {
      if (avro.types.length === 2 && avro.types.some((t) => t.type === 'null' && t.props.size === 0)) {
        const member = avro.types.find((t) => !(t.type === 'null' && t.props.size === 0))!;
        return toConnect(member, true, undefined, null, settings, stack);
      }
      builder = SchemaBuilder.struct().name(AVRO_TYPE_UNION);
      const names = new Set<string>();
      for (const member of avro.types) {
        if (member.type === 'null') {
          builder.optional();
          continue;
        }
        const fieldName = unionMemberName(member, settings);
        if (names.has(fieldName))
          throw new DataError('Multiple union schemas map to the Connect union field name');
        names.add(fieldName);
        builder.field(fieldName, toConnect(member, true, undefined, null, settings, stack));
      }
      break;
    }
    case 'null':
      throw new DataError('Standalone null schemas are not supported by this converter');
  }

  const doc = stringProp(avro, CONNECT_DOC_PROP);
  if (settings.connectMetaData && doc !== undefined) builder.doc(doc);

  const versionProp = avro.props.get(CONNECT_VERSION_PROP);
  let versionInt = -1;
  if (versionProp !== undefined) {
    if (typeof versionProp !== 'number')
      throw new DataError(`Invalid Connect version found: ${String(versionProp)}`);
    versionInt = Math.trunc(versionProp);
  } else if (version !== null) versionInt = version;
  if (versionInt >= 0) {
    const current = builder.build().version;
    if (current !== null && current !== versionInt)
      throw new DataError(
        `Mismatched versions: version already added to SchemaBuilder (${current}) differs from version in source schema (${versionInt})`,
      );
    builder.version(versionInt);
  }

  const parameters = avro.props.get(CONNECT_PARAMETERS_PROP);
  if (settings.connectMetaData && parameters !== undefined) {
    if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters))
      throw new DataError(
        `Expected JSON object for schema parameters but found: ${JSON.stringify(parameters)}`,
      );
    for (const [key, value] of Object.entries(parameters)) {
      if (typeof value !== 'string')
        throw new DataError(
          `Expected schema parameter values to be strings but found: ${JSON.stringify(value)}`,
        );
      builder.parameter(key, value);
    }
  }
  for (const [key, value] of avro.props)
    if (key.startsWith(AVRO_PROP))
      builder.parameter(key, typeof value === 'string' ? value : JSON.stringify(value));

  const connectDefault = avro.props.get(CONNECT_DEFAULT_VALUE_PROP);
  let defaultJson = fieldDefault;
  if (defaultJson === undefined) defaultJson = connectDefault;
  else if (settings.connectMetaData && connectDefault === undefined)
    builder.parameter(AVRO_FIELD_DEFAULT_FLAG_PROP, 'true');

  const connectName = avro.props.get(CONNECT_NAME_PROP);
  let name: string | null = null;
  if (connectName !== undefined) {
    if (typeof connectName !== 'string')
      throw new DataError(`Invalid schema name: ${JSON.stringify(connectName)}`);
    name = connectName;
  } else if (avro.type === 'record' || avro.type === 'enum' || avro.type === 'fixed') name = fullName(avro);
  if (name !== null && !name.startsWith(DEFAULT_SCHEMA_FULL_NAME)) {
    const current = builder.build().name;
    if (current !== null && current !== name)
      throw new DataError(
        `Mismatched names: name already added to SchemaBuilder (${current}) differs from name in source schema (${name})`,
      );
    builder.name(name);
  }
  if (forceOptional) builder.optional();

  if (defaultJson !== undefined && defaultJson !== null) {
    const withoutDefault = builder.build();
    try {
      builder.defaultValue(defaultFromAvroJson(withoutDefault, avro, defaultJson, settings));
      return builder.build();
    } catch (error) {
      // AvroData logs and ignores a default it cannot convert.
      if (!(error instanceof ConnectError)) throw error;
      return withoutDefault;
    }
  }
  return builder.build();
}

function stringProp(avro: AvroSchema, key: string): string | undefined {
  const value = avro.props.get(key);
  return typeof value === 'string' ? value : undefined;
}

function isMapEntry(schema: AvroSchema): boolean {
  if (schema.type !== 'record') return false;
  if (schema.namespace === NAMESPACE && schema.name === MAP_ENTRY_TYPE_NAME) return true;
  return schema.props.get(CONNECT_INTERNAL_TYPE_NAME) === MAP_ENTRY_TYPE_NAME;
}

/** The Connect field name of a union member (AvroData.unionMemberFieldName). */
export function unionMemberName(member: AvroSchema, settings: AvroDataSettings): string {
  if (member.type === 'record' || member.type === 'enum' || member.type === 'fixed')
    return settings.enhancedSchemaSupport ? fullName(member) : member.name!;
  return member.type;
}

const CONNECT_TO_AVRO_TYPE: Partial<Record<SchemaType, string>> = {
  INT32: 'int',
  INT64: 'long',
  FLOAT32: 'float',
  FLOAT64: 'double',
  BOOLEAN: 'boolean',
  STRING: 'string',
  BYTES: 'bytes',
  ARRAY: 'array',
  MAP: 'map',
};

/** The union field name a Connect member schema has (the other unionMemberFieldName). */
export function connectUnionMemberName(schema: Schema, settings: AvroDataSettings): string {
  if (schema.type === 'STRUCT' || isEnumSchema(schema) || isFixedSchema(schema)) {
    if (settings.enhancedSchemaSupport) return schema.name!;
    return splitName(schema.name!, false)[1];
  }
  return CONNECT_TO_AVRO_TYPE[schema.type] ?? schema.type.toLowerCase();
}

/** A JSON default (a field's, or connect.default) as a Connect value of `schema`. */
function defaultFromAvroJson(
  schema: Schema,
  avro: AvroSchema,
  json: unknown,
  settings: AvroDataSettings,
): unknown {
  if (json === null || json === undefined) return null;
  const raw = defaultWithoutLogical(schema, avro, json, settings);
  if (raw === null) return null;
  switch (schema.name) {
    case LogicalTypeNames.DECIMAL:
      return decimalFromBytes(schema, raw as Uint8Array);
    case LogicalTypeNames.DATE:
    case LogicalTypeNames.TIME:
    case LogicalTypeNames.TIMESTAMP:
      return dateFromAvro(schema, raw as number);
  }
  return raw;
}

function defaultWithoutLogical(
  schema: Schema,
  avro: AvroSchema,
  json: unknown,
  settings: AvroDataSettings,
): unknown {
  switch (avro.type) {
    case 'int':
    case 'long':
    case 'float':
    case 'double': {
      if (typeof json !== 'number' && typeof json !== 'bigint') throw new DataError('Invalid default');
      if (avro.type === 'float') return Math.fround(Number(json));
      if (avro.type === 'double') return Number(json);
      if (schema.type === 'INT8') return (Number(json) << 24) >> 24;
      if (schema.type === 'INT16') return (Number(json) << 16) >> 16;
      if (avro.type === 'int') return Number(json) | 0;
      return json;
    }
    case 'boolean':
      return json === true;
    case 'null':
      return null;
    case 'string':
    case 'enum':
      return typeof json === 'string' ? json : JSON.stringify(json);
    case 'bytes':
    case 'fixed':
      if (typeof json !== 'string') throw new DataError('Invalid binary data in default value');
      return Buffer.from(json, 'latin1');
    case 'array':
      if (!Array.isArray(json)) throw new DataError('Invalid JSON for array default value');
      // Java's AvroData cannot read back the default of a map with non-string keys and drops it.
      if (schema.type === 'MAP') throw new DataError('Invalid JSON for record default value');
      return json.map((e) => defaultFromAvroJson(schema.valueSchema!, avro.items!, e, settings));
    case 'map': {
      if (!isObject(json)) throw new DataError('Invalid JSON for map default value');
      return new Map(
        Object.entries(json).map(([k, v]) => [
          k,
          defaultFromAvroJson(schema.valueSchema!, avro.values!, v, settings),
        ]),
      );
    }
    case 'record': {
      if (!isObject(json)) throw new DataError('Invalid JSON for record default value');
      const struct = new Struct(schema);
      for (const field of avro.fields) {
        const connectField = schema.field(field.name);
        if (!connectField) continue;
        struct.put(
          field.name,
          defaultFromAvroJson(connectField.schema, field.type, json[field.name], settings),
        );
      }
      return struct;
    }
    case 'union': {
      const first = avro.types[0]!;
      if (first.type === 'null') return null;
      const member = schema.field(unionMemberName(first, settings));
      if (!member) return null;
      const struct = new Struct(schema);
      struct.put(member.name, defaultFromAvroJson(member.schema, first, json, settings));
      return struct;
    }
  }
}
