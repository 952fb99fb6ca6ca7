// Connect schemas and values → Avro, after Confluent's AvroData (connect.meta.data on): structs
// become records named after the Connect schema (io.confluent.connect.avro.ConnectDefault when it
// has none), optional schemas become ["null", T] unions defaulting to null, INT8/INT16 are ints
// marked with connect.type, Decimal/Date/Time/Timestamp use Avro's logical types, maps with
// non-string keys become arrays of MapEntry records. Shared by the storage formats and the
// Schema Registry converters.
import { DataError } from '../../api/errors.ts';
import { BigDecimal, LogicalTypeNames, type Schema, Struct } from '../../api/schema.ts';
import { twosComplementOf } from '../json/base64.ts';

export type AvroSchema = string | AvroSchema[] | { readonly [key: string]: unknown };

const NAMESPACE = 'io.confluent.connect.avro';
const DEFAULT_RECORD = 'ConnectDefault';
const MILLIS_PER_DAY = 86_400_000;

const PRIMITIVE: Readonly<Record<string, string>> = {
  INT8: 'int',
  INT16: 'int',
  INT32: 'int',
  INT64: 'long',
  FLOAT32: 'float',
  FLOAT64: 'double',
  BOOLEAN: 'boolean',
  STRING: 'string',
  BYTES: 'bytes',
};

/** AvroData.fromConnectSchema. */
export function avroSchemaOf(schema: Schema): AvroSchema {
  const names = { next: 0, seen: new Map<Schema, string>() };
  return convertSchema(schema, names, true);
}

function metadata(schema: Schema, withName: boolean): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  if (schema.doc !== null) props['connect.doc'] = schema.doc;
  if (schema.version !== null) props['connect.version'] = schema.version;
  if (schema.parameters !== null && Object.keys(schema.parameters).length > 0)
    props['connect.parameters'] = schema.parameters;
  if (withName && schema.name !== null) props['connect.name'] = schema.name;
  return props;
}

function splitName(full: string): { name: string; namespace?: string } {
  const dot = full.lastIndexOf('.');
  if (dot < 0) return { name: full };
  return { name: full.slice(dot + 1), namespace: full.slice(0, dot) };
}

function convertSchema(
  schema: Schema,
  names: { next: number; seen: Map<Schema, string> },
  topLevel: boolean,
): AvroSchema {
  const base = baseSchema(schema, names, topLevel);
  if (!schema.optional) return base;
  return ['null', base];
}

function baseSchema(
  schema: Schema,
  names: { next: number; seen: Map<Schema, string> },
  topLevel: boolean,
): AvroSchema {
  switch (schema.name) {
    case LogicalTypeNames.DECIMAL: {
      const scale = Number(schema.parameters?.scale ?? '0');
      const precision = Number(schema.parameters?.['connect.decimal.precision'] ?? '64');
      return { type: 'bytes', logicalType: 'decimal', precision, scale, ...metadata(schema, true) };
    }
    case LogicalTypeNames.DATE:
      return { type: 'int', logicalType: 'date', ...metadata(schema, true) };
    case LogicalTypeNames.TIME:
      return { type: 'int', logicalType: 'time-millis', ...metadata(schema, true) };
    case LogicalTypeNames.TIMESTAMP:
      return { type: 'long', logicalType: 'timestamp-millis', ...metadata(schema, true) };
  }
  switch (schema.type) {
    case 'STRUCT': {
      const existing = names.seen.get(schema);
      if (existing) return existing;
      const full =
        schema.name ??
        (topLevel ? `${NAMESPACE}.${DEFAULT_RECORD}` : `${NAMESPACE}.${DEFAULT_RECORD}${++names.next}`);
      names.seen.set(schema, full);
      const { name, namespace } = splitName(full);
      return {
        type: 'record',
        name,
        ...(namespace ? { namespace } : {}),
        ...(schema.doc !== null ? { doc: schema.doc } : {}),
        fields: schema.fields.map((field) => ({
          name: field.name,
          type: convertSchema(field.schema, names, false),
          ...(field.schema.optional ? { default: null } : {}),
        })),
        ...metadata(schema, false),
      };
    }
    case 'ARRAY':
      return {
        type: 'array',
        items: convertSchema(schema.valueSchema!, names, false),
        ...metadata(schema, true),
      };
    case 'MAP': {
      const keySchema = schema.keySchema!;
      if (keySchema.type === 'STRING' && !keySchema.optional)
        return {
          type: 'map',
          values: convertSchema(schema.valueSchema!, names, false),
          ...metadata(schema, true),
        };
      return {
        type: 'array',
        items: {
          type: 'record',
          name: `MapEntry${names.next++ === 0 ? '' : names.next}`,
          namespace: NAMESPACE,
          fields: [
            { name: 'key', type: convertSchema(keySchema, names, false) },
            { name: 'value', type: convertSchema(schema.valueSchema!, names, false) },
          ],
        },
        ...metadata(schema, true),
      };
    }
    default: {
      const type = PRIMITIVE[schema.type];
      if (!type) throw new DataError(`Unknown schema type: ${schema.type}`);
      const props = metadata(schema, true);
      if (schema.type === 'INT8') props['connect.type'] = 'int8';
      if (schema.type === 'INT16') props['connect.type'] = 'int16';
      return Object.keys(props).length === 0 ? type : { type, ...props };
    }
  }
}

/** AvroData.fromConnectData: the value as the Avro encoder expects it for avroSchemaOf(schema). */
export function avroValueOf(schema: Schema, value: unknown): unknown {
  if (value === null || value === undefined) {
    if (schema.defaultValue !== undefined && schema.defaultValue !== null)
      return avroValueOf(schema, schema.defaultValue);
    if (!schema.optional) throw new DataError(`Found null value for non-optional schema ${schema.type}`);
    return null;
  }
  switch (schema.name) {
    case LogicalTypeNames.DECIMAL:
      if (!(value instanceof BigDecimal))
        throw new DataError('Invalid type for Decimal: expected BigDecimal');
      return twosComplementOf(value.unscaled);
    case LogicalTypeNames.DATE:
      return Math.floor((value as Date).getTime() / MILLIS_PER_DAY);
    case LogicalTypeNames.TIME:
      return (value as Date).getTime();
    case LogicalTypeNames.TIMESTAMP:
      return (value as Date).getTime();
  }
  switch (schema.type) {
    case 'STRUCT': {
      if (!(value instanceof Struct)) throw new DataError(`Invalid type for STRUCT: ${typeof value}`);
      const record: Record<string, unknown> = {};
      for (const field of schema.fields)
        record[field.name] = avroValueOf(field.schema, value.get(field.name));
      return record;
    }
    case 'ARRAY':
      return (value as unknown[]).map((item) => avroValueOf(schema.valueSchema!, item));
    case 'MAP': {
      const entries = value instanceof Map ? [...value] : Object.entries(value as object);
      const keySchema = schema.keySchema!;
      if (keySchema.type === 'STRING' && !keySchema.optional) {
        const map: Record<string, unknown> = {};
        for (const [k, v] of entries) map[k as string] = avroValueOf(schema.valueSchema!, v);
        return map;
      }
      return entries.map(([k, v]) => ({
        key: avroValueOf(keySchema, k),
        value: avroValueOf(schema.valueSchema!, v),
      }));
    }
    case 'INT64':
      return typeof value === 'bigint' ? value : BigInt(value as number);
    case 'BYTES':
      return Buffer.isBuffer(value) ? value : Buffer.from(value as Uint8Array);
    default:
      return value;
  }
}
