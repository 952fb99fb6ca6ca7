// Connect schemas ↔ Protobuf as Confluent's ProtobufData maps them. A Connect struct becomes a
// proto3 message (package from the name's namespace, unnamed: ConnectDefault1) whose fields are
// numbered in order or by their io.confluent.connect.protobuf.Tag parameter; nested structs are
// nested messages, arrays repeated fields, maps map<K, V>, INT8/INT16 int32 with connect.type in
// Confluent's field metadata, and Decimal/Date/Time/Timestamp confluent.type.Decimal,
// google.type.Date, google.type.TimeOfDay and google.protobuf.Timestamp. Read back, every field is
// optional and carries its tag; oneofs become io.confluent.connect.protobuf.Union.<name> structs.
import type protobuf from 'protobufjs';
import { DataError } from '../../../api/errors.ts';
import { LogicalTypeNames, type Schema, SchemaBuilder } from '../../../api/schema.ts';

export const NAMESPACE = 'io.confluent.connect.protobuf';
export const PROTOBUF_TYPE_ENUM = `${NAMESPACE}.Enum`;
export const PROTOBUF_TYPE_UNION_PREFIX = `${NAMESPACE}.Union.`;
export const PROTOBUF_TYPE_TAG = `${NAMESPACE}.Tag`;
const DEFAULT_SCHEMA_NAME = 'ConnectDefault';
const CONNECT_PRECISION = 'connect.decimal.precision';

export const DECIMAL_TYPE = 'confluent.type.Decimal';
export const DATE_TYPE = 'google.type.Date';
export const TIME_TYPE = 'google.type.TimeOfDay';
export const TIMESTAMP_TYPE = 'google.protobuf.Timestamp';
const IMPORTS: Record<string, string> = {
  [DECIMAL_TYPE]: 'confluent/type/decimal.proto',
  [DATE_TYPE]: 'google/type/date.proto',
  [TIME_TYPE]: 'google/type/timeofday.proto',
  [TIMESTAMP_TYPE]: 'google/protobuf/timestamp.proto',
};
const MAP_KEY_TYPES = new Set(['int32', 'int64', 'uint32', 'uint64', 'sint32', 'sint64', 'bool', 'string']);

export interface ProtobufDataSettings {
  readonly enhancedSchemaSupport: boolean;
  readonly scrubInvalidNames: boolean;
  readonly optionalForNullables: boolean;
}

/** Confluent's scrubbing for Protobuf names (no leading underscore allowed). */
export function scrubName(name: string, scrub: boolean): string {
  if (!scrub) return name;
  let encoded = encodeURIComponent(name).replace(/%20/g, '+');
  if (!/^[A-Za-z]/.test(encoded)) encoded = `x${encoded}`;
  return encoded.replace(/[^A-Za-z0-9_]/g, '_');
}

// ---- Connect → .proto -----------------------------------------------------------------------

interface FileContext {
  readonly imports: Set<string>;
  readonly defined: Set<string>;
  defaultIndex: number;
  readonly settings: ProtobufDataSettings;
}

/** The .proto text for a Connect struct, and the full name of its message. */
export function protoFromConnectSchema(
  schema: Schema,
  settings: ProtobufDataSettings,
): { text: string; message: string } {
  if (schema.type !== 'STRUCT') throw new DataError(`Unsupported root schema of type ${schema.type}`);
  const ctx: FileContext = { imports: new Set(), defined: new Set(), defaultIndex: 0, settings };
  const full = nameOrDefault(schema.name, ctx);
  const dot = full.lastIndexOf('.');
  const namespace = dot >= 0 ? full.slice(0, dot) : null;
  const name = scrubName(dot >= 0 ? full.slice(dot + 1) : full, settings.scrubInvalidNames);
  ctx.defined.add(full);
  const body = messageText(name, schema, ctx, '');
  const lines = ['syntax = "proto3";'];
  if (namespace !== null) lines.push(`package ${namespace};`);
  lines.push('');
  for (const file of [...ctx.imports].sort()) lines.push(`import "${file}";`);
  if (ctx.imports.size > 0) lines.push('');
  lines.push(body);
  return { text: `${lines.join('\n')}\n`, message: namespace === null ? name : `${namespace}.${name}` };
}

function nameOrDefault(name: string | null, ctx: FileContext): string {
  return name !== null && name !== '' ? name : `${DEFAULT_SCHEMA_NAME}${++ctx.defaultIndex}`;
}

function unqualified(name: string | null, ctx: FileContext): string {
  const full = nameOrDefault(name, ctx);
  return scrubName(full.slice(full.lastIndexOf('.') + 1), ctx.settings.scrubInvalidNames);
}

function messageText(name: string, schema: Schema, ctx: FileContext, indent: string): string {
  const inner = `${indent}  `;
  const nested: string[] = [];
  const fields: string[] = [];
  let next = 1;
  for (const field of schema.fields) {
    const tagParam = field.schema.parameters?.[PROTOBUF_TYPE_TAG];
    const tag = tagParam !== undefined ? Number.parseInt(tagParam, 10) : next++;
    const fieldName = scrubName(field.name, ctx.settings.scrubInvalidNames);
    const fieldSchema = field.schema;
    if (fieldSchema.type === 'STRUCT' && fieldSchema.name?.startsWith(PROTOBUF_TYPE_UNION_PREFIX)) {
      const oneofName = unqualified(fieldSchema.name.slice(PROTOBUF_TYPE_UNION_PREFIX.length), ctx);
      const members: string[] = [];
      let memberTag = tag;
      for (const member of fieldSchema.fields) {
        const memberTagParam = member.schema.parameters?.[PROTOBUF_TYPE_TAG];
        const t = memberTagParam !== undefined ? Number.parseInt(memberTagParam, 10) : memberTag++;
        next = Math.max(next, t + 1);
        const type = fieldType(member.schema, member.name, ctx, nested, inner);
        members.push(
          `${inner}  ${type.type} ${scrubName(member.name, ctx.settings.scrubInvalidNames)} = ${t}${type.options};`,
        );
      }
      fields.push(`${inner}oneof ${oneofName} {\n${members.join('\n')}\n${inner}}`);
      continue;
    }
    let label = '';
    let element = fieldSchema;
    if (fieldSchema.type === 'ARRAY') {
      label = 'repeated ';
      element = fieldSchema.valueSchema!;
      if (element.type === 'ARRAY') throw new DataError('Array cannot be nested');
    } else if (
      ctx.settings.optionalForNullables &&
      fieldSchema.optional &&
      fieldSchema.type !== 'STRUCT' &&
      fieldSchema.type !== 'MAP' &&
      !isLogical(fieldSchema)
    )
      label = 'optional ';
    const type = fieldType(element, fieldName, ctx, nested, inner);
    fields.push(`${inner}${label}${type.type} ${fieldName} = ${tag}${type.options};`);
  }
  return `${indent}message ${name} {\n${[...fields, ...nested].join('\n')}\n${indent}}`;
}

const isLogical = (schema: Schema) =>
  schema.name === LogicalTypeNames.DECIMAL ||
  schema.name === LogicalTypeNames.DATE ||
  schema.name === LogicalTypeNames.TIME ||
  schema.name === LogicalTypeNames.TIMESTAMP;

function meta(params: Record<string, string>, ctx: FileContext): string {
  const entries = Object.entries(params);
  if (entries.length === 0) return '';
  ctx.imports.add('confluent/meta.proto');
  const list = entries.map(
    ([key, value]) => `{ key: ${JSON.stringify(key)}, value: ${JSON.stringify(value)} }`,
  );
  return ` [(confluent.field_meta) = { params: [${list.join(', ')}] }]`;
}

function fieldType(
  schema: Schema,
  fieldName: string,
  ctx: FileContext,
  nested: string[],
  indent: string,
): { type: string; options: string } {
  switch (schema.name) {
    case LogicalTypeNames.DECIMAL: {
      ctx.imports.add(IMPORTS[DECIMAL_TYPE]!);
      const params: Record<string, string> = {};
      const precision = schema.parameters?.[CONNECT_PRECISION];
      if (precision !== undefined) params.precision = precision;
      if (schema.parameters?.scale !== undefined) params.scale = schema.parameters.scale;
      return { type: DECIMAL_TYPE, options: meta(params, ctx) };
    }
    case LogicalTypeNames.DATE:
    case LogicalTypeNames.TIME:
    case LogicalTypeNames.TIMESTAMP: {
      const type =
        schema.name === LogicalTypeNames.DATE
          ? DATE_TYPE
          : schema.name === LogicalTypeNames.TIME
            ? TIME_TYPE
            : TIMESTAMP_TYPE;
      ctx.imports.add(IMPORTS[type]!);
      return { type, options: '' };
    }
  }
  switch (schema.type) {
    case 'INT8':
    case 'INT16':
      return { type: 'int32', options: meta({ 'connect.type': schema.type.toLowerCase() }, ctx) };
    case 'INT32':
      return { type: 'int32', options: '' };
    case 'INT64':
      return { type: 'int64', options: '' };
    case 'FLOAT32':
      return { type: 'float', options: '' };
    case 'FLOAT64':
      return { type: 'double', options: '' };
    case 'BOOLEAN':
      return { type: 'bool', options: '' };
    case 'BYTES':
      return { type: 'bytes', options: '' };
    case 'STRING': {
      const enumName = schema.parameters?.[PROTOBUF_TYPE_ENUM];
      if (enumName === undefined) return { type: 'string', options: '' };
      const name = unqualified(enumName, ctx);
      if (!ctx.defined.has(`enum:${name}`)) {
        ctx.defined.add(`enum:${name}`);
        const values = Object.entries(schema.parameters!)
          .filter(([k]) => k.startsWith(`${PROTOBUF_TYPE_ENUM}.`))
          .map(([k, v]) => `${indent}  ${k.slice(PROTOBUF_TYPE_ENUM.length + 1)} = ${v};`);
        nested.push(`${indent}enum ${name} {\n${values.join('\n')}\n${indent}}`);
      }
      return { type: name, options: '' };
    }
    case 'MAP': {
      const key = fieldType(schema.keySchema!, 'key', ctx, nested, indent);
      if (!MAP_KEY_TYPES.has(key.type))
        throw new DataError(
          `Protobuf map keys must be integers, booleans or strings, not ${schema.keySchema!.type}`,
        );
      const value = fieldType(schema.valueSchema!, 'value', ctx, nested, indent);
      if (schema.valueSchema!.type === 'ARRAY' || schema.valueSchema!.type === 'MAP')
        throw new DataError('Protobuf map values cannot be arrays or maps');
      return { type: `map<${key.type}, ${value.type}>`, options: '' };
    }
    case 'STRUCT': {
      let name = unqualified(schema.name, ctx);
      if (name === fieldName) name += 'Message';
      const key = schema.name ?? name;
      if (!ctx.defined.has(key)) {
        ctx.defined.add(key);
        nested.push(messageText(name, schema, ctx, indent));
      }
      return { type: name, options: '' };
    }
    case 'ARRAY':
      throw new DataError('Array cannot be nested');
  }
}

// ---- protobufjs types → Connect -------------------------------------------------------------

/** The Connect schema of a message type (ProtobufData.toConnectSchema). */
export function connectSchemaOf(
  type: protobuf.Type,
  version: number | null,
  settings: ProtobufDataSettings,
): Schema {
  return messageSchema(type, version, settings, new Set()).build();
}

function messageSchema(
  type: protobuf.Type,
  version: number | null,
  settings: ProtobufDataSettings,
  stack: Set<string>,
): SchemaBuilder {
  if (stack.has(type.fullName))
    throw new DataError(`Recursive Protobuf messages are not supported: ${type.fullName}`);
  stack.add(type.fullName);
  const builder = SchemaBuilder.struct().name(
    settings.enhancedSchemaSupport ? type.fullName.replace(/^\./, '') : type.name,
  );
  for (const oneof of realOneofs(type)) {
    const union = SchemaBuilder.struct().name(PROTOBUF_TYPE_UNION_PREFIX + oneof.name);
    for (const field of oneof.fieldsArray) union.field(field.name, fieldSchema(field, settings, stack));
    builder.field(oneofFieldName(type, oneof), union.optional().build());
  }
  for (const field of type.fieldsArray) {
    if (field.partOf !== null && isRealOneof(field.partOf)) continue;
    builder.field(field.name, fieldSchema(field, settings, stack));
  }
  if (version !== null) builder.version(version);
  stack.delete(type.fullName);
  return builder;
}

/** proto3 `optional` makes a one-field "synthetic" oneof that is not a union. */
const isRealOneof = (oneof: protobuf.OneOf) =>
  !(oneof.fieldsArray.length === 1 && oneof.fieldsArray[0]!.options?.proto3_optional === true);

export function realOneofs(type: protobuf.Type): protobuf.OneOf[] {
  return type.oneofsArray.filter(isRealOneof);
}

export function oneofFieldName(type: protobuf.Type, oneof: protobuf.OneOf): string {
  return `${oneof.name}_${realOneofs(type).indexOf(oneof)}`;
}

/** Confluent's field metadata params (connect.type, precision, scale) as protobufjs parsed them. */
function fieldParams(field: protobuf.Field): Record<string, string> {
  const params: Record<string, string> = {};
  for (const option of field.parsedOptions ?? []) {
    const meta = (option as Record<string, unknown>)['(confluent.field_meta)'] as
      | { params?: unknown }
      | undefined;
    const list = meta?.params;
    for (const entry of Array.isArray(list) ? list : list ? [list] : [])
      params[String((entry as { key: unknown }).key)] = String((entry as { value: unknown }).value);
  }
  return params;
}

function fieldSchema(field: protobuf.Field, settings: ProtobufDataSettings, stack: Set<string>): Schema {
  field.resolve();
  let builder: SchemaBuilder;
  const params = fieldParams(field);
  if (field.map) {
    const mapField = field as unknown as protobuf.MapField;
    builder = SchemaBuilder.map(
      scalarSchema(mapField.keyType, params).optional().build(),
      valueSchema(field, settings, stack).optional().build(),
    ).name(`${field.name}`);
  } else {
    builder = valueSchema(field, settings, stack);
    if (field.repeated) builder = SchemaBuilder.array(builder.optional().build());
  }
  return builder.optional().parameter(PROTOBUF_TYPE_TAG, String(field.id)).build();
}

function valueSchema(
  field: protobuf.Field,
  settings: ProtobufDataSettings,
  stack: Set<string>,
): SchemaBuilder {
  const resolved = field.resolvedType;
  const params = fieldParams(field);
  if (resolved === null) return scalarSchema(field.type, params);
  if ('values' in resolved) {
    const builder = SchemaBuilder.string().name(resolved.name).parameter(PROTOBUF_TYPE_ENUM, resolved.name);
    for (const [symbol, tag] of Object.entries((resolved as protobuf.Enum).values))
      builder.parameter(`${PROTOBUF_TYPE_ENUM}.${symbol}`, String(tag));
    return builder;
  }
  const type = resolved as protobuf.Type;
  switch (type.fullName.replace(/^\./, '')) {
    case DECIMAL_TYPE: {
      const builder = SchemaBuilder.bytes()
        .name(LogicalTypeNames.DECIMAL)
        .version(1)
        .parameter('scale', String(Number.parseInt(params.scale ?? '0', 10) || 0));
      if (params.precision !== undefined) builder.parameter(CONNECT_PRECISION, params.precision);
      return builder;
    }
    case DATE_TYPE:
      return SchemaBuilder.int32().name(LogicalTypeNames.DATE).version(1);
    case TIME_TYPE:
      return SchemaBuilder.int32().name(LogicalTypeNames.TIME).version(1);
    case TIMESTAMP_TYPE:
      return SchemaBuilder.int64().name(LogicalTypeNames.TIMESTAMP).version(1);
  }
  return messageSchema(type, null, settings, stack);
}

function scalarSchema(type: string, params: Record<string, string>): SchemaBuilder {
  switch (type) {
    case 'int32':
    case 'sint32':
    case 'sfixed32':
      if (params['connect.type'] === 'int8') return SchemaBuilder.int8();
      if (params['connect.type'] === 'int16') return SchemaBuilder.int16();
      return SchemaBuilder.int32();
    case 'uint32':
    case 'fixed32':
    case 'int64':
    case 'uint64':
    case 'sint64':
    case 'fixed64':
    case 'sfixed64':
      return SchemaBuilder.int64();
    case 'float':
      return SchemaBuilder.float32();
    case 'double':
      return SchemaBuilder.float64();
    case 'bool':
      return SchemaBuilder.bool();
    case 'string':
      return SchemaBuilder.string();
    case 'bytes':
      return SchemaBuilder.bytes();
  }
  throw new DataError(`Unknown Protobuf type ${type}`);
}
