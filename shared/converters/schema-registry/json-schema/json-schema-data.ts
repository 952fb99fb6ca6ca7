// Connect schemas ↔ JSON Schema as Confluent's JsonSchemaData maps them: integers and numbers
// carry their Connect width in connect.type, BYTES is a base64 string (connect.type bytes), Decimal
// a number (connect.type bytes, written base64 or numeric per decimal.format), maps with required
// string keys are objects with additionalProperties and other maps arrays of {key, value}, structs
// are objects whose properties carry connect.index, optional schemas are oneOf null, names are
// titles, docs descriptions, and connect.version / connect.parameters carry the rest.
import { DataError } from '../../../api/errors.ts';
import { BigDecimal, LogicalTypeNames, type Schema, SchemaBuilder, Struct } from '../../../api/schema.ts';
import { rawJson } from '../../../api/values/raw-json.ts';
import { bigIntFromTwosComplement, decodeBase64Strict, twosComplementOf } from '../../json/base64.ts';
import { nonOptional } from '../connect-schemas.ts';

export const NAMESPACE = 'io.confluent.connect.json';
export const JSON_TYPE_ENUM = `${NAMESPACE}.Enum`;
export const JSON_TYPE_ONE_OF = `${NAMESPACE}.OneOf`;
const CONNECT_TYPE = 'connect.type';
const CONNECT_VERSION = 'connect.version';
const CONNECT_PARAMETERS = 'connect.parameters';
const CONNECT_INDEX = 'connect.index';

export type JsonSchemaNode = Record<string, unknown>;

// ---- Connect → JSON Schema ------------------------------------------------------------------

export function fromConnectSchema(schema: Schema, index?: number, ignoreOptional = false): JsonSchemaNode {
  let node: JsonSchemaNode;
  const props: JsonSchemaNode = {};
  const params = schema.parameters;
  switch (schema.type) {
    case 'INT8':
    case 'INT16':
    case 'INT32':
    case 'INT64':
      node = { type: 'integer' };
      props[CONNECT_TYPE] = schema.type.toLowerCase();
      break;
    case 'FLOAT32':
    case 'FLOAT64':
      node = { type: 'number' };
      props[CONNECT_TYPE] = schema.type.toLowerCase();
      break;
    case 'BOOLEAN':
      node = { type: 'boolean' };
      break;
    case 'STRING':
      node =
        params !== null && JSON_TYPE_ENUM in params
          ? {
              enum: Object.entries(params)
                .filter(([k]) => k.startsWith(`${JSON_TYPE_ENUM}.`))
                .map(([, v]) => v),
            }
          : { type: 'string' };
      break;
    case 'BYTES':
      node = { type: schema.name === LogicalTypeNames.DECIMAL ? 'number' : 'string' };
      props[CONNECT_TYPE] = 'bytes';
      break;
    case 'ARRAY':
      node = { type: 'array', items: fromConnectSchema(schema.valueSchema!) };
      break;
    case 'MAP':
      if (schema.keySchema!.type === 'STRING' && !schema.keySchema!.optional) {
        node = { type: 'object', additionalProperties: fromConnectSchema(schema.valueSchema!) };
      } else {
        node = {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              key: fromConnectSchema(schema.keySchema!, 0),
              value: fromConnectSchema(schema.valueSchema!, 1),
            },
          },
        };
      }
      props[CONNECT_TYPE] = 'map';
      break;
    case 'STRUCT':
      if (schema.name === JSON_TYPE_ONE_OF) {
        const oneOf: JsonSchemaNode[] = schema.optional ? [{ type: 'null' }] : [];
        for (const field of schema.fields) oneOf.push(fromConnectSchema(field.schema, field.index, true));
        node = { oneOf };
      } else if (schema.optional && !ignoreOptional) {
        node = { oneOf: [{ type: 'null' }, fromConnectSchema(nonOptional(schema))] };
      } else {
        const properties: JsonSchemaNode = {};
        for (const field of schema.fields)
          properties[field.name] = fromConnectSchema(field.schema, field.index);
        node = { type: 'object', properties };
      }
      break;
  }
  const combined = 'oneOf' in node;
  if (!combined) {
    if (schema.name !== null) node.title = schema.name;
    if (schema.version !== null) props[CONNECT_VERSION] = schema.version;
    if (schema.doc !== null) node.description = schema.doc;
    if (params !== null) {
      const kept = Object.fromEntries(Object.entries(params).filter(([k]) => !k.startsWith(NAMESPACE)));
      if (Object.keys(kept).length > 0) props[CONNECT_PARAMETERS] = kept;
    }
    if (schema.defaultValue !== undefined && schema.defaultValue !== null)
      node.default = defaultJson(schema, schema.defaultValue);
    Object.assign(node, props);
    if (!ignoreOptional && schema.optional) {
      const wrapped: JsonSchemaNode = { oneOf: [{ type: 'null' }, node] };
      if (index !== undefined) wrapped[CONNECT_INDEX] = index;
      return wrapped;
    }
  }
  if (index !== undefined) node[CONNECT_INDEX] = index;
  return node;
}

/** A Connect default as JSON (everit writes it with the value's own JSON form). */
function defaultJson(schema: Schema, value: unknown): unknown {
  if (value instanceof Date) return value.getTime();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (value instanceof Map) return Object.fromEntries(value);
  if (typeof value === 'bigint') return Number(value);
  if (value !== null && typeof value === 'object' && 'unscaled' in value) return String(value);
  void schema;
  return value;
}

// ---- JSON Schema → Connect ------------------------------------------------------------------

/** Resolves a $ref: local (#/definitions/X, #/$defs/X) or to a referenced schema by name. */
export type RefResolver = (ref: string, from: JsonSchemaNode) => JsonSchemaNode;

export function toConnectSchema(
  node: JsonSchemaNode | boolean,
  version: number | null,
  forceOptional: boolean,
  resolve: RefResolver,
  depth = 0,
): Schema {
  if (depth > 64) throw new DataError('Recursive JSON schemas are not supported');
  if (typeof node === 'boolean') throw new DataError('Unsupported schema type: a boolean schema');
  if (typeof node.$ref === 'string')
    return toConnectSchema(resolve(node.$ref, node), version, forceOptional, resolve, depth + 1);
  const connectType = node[CONNECT_TYPE];
  let builder: SchemaBuilder;
  const types = Array.isArray(node.type) ? (node.type as string[]) : null;
  if (types !== null) {
    // {"type": ["string", "null"]} is an anyOf of one schema per type.
    const { type: _types, ...rest } = node;
    return toConnectSchema(
      { ...rest, anyOf: types.map((t) => ({ type: t })) },
      version,
      forceOptional,
      resolve,
      depth + 1,
    );
  }
  const combined = (node.oneOf ?? node.anyOf) as JsonSchemaNode[] | undefined;
  if (Array.isArray(node.enum)) {
    builder = SchemaBuilder.string().parameter(JSON_TYPE_ENUM, '');
    for (const symbol of node.enum as unknown[])
      builder.parameter(`${JSON_TYPE_ENUM}.${String(symbol)}`, String(symbol));
  } else if (Array.isArray(combined)) {
    if (combined.length === 2) {
      const nonNull = combined.filter((s) => !(typeof s === 'object' && s.type === 'null'));
      if (nonNull.length === 1) return toConnectSchema(nonNull[0]!, version, true, resolve, depth + 1);
    }
    builder = SchemaBuilder.struct().name(JSON_TYPE_ONE_OF);
    let index = 0;
    for (const sub of combined) {
      if (typeof sub === 'object' && sub.type === 'null') builder.optional();
      else
        builder.field(
          `${JSON_TYPE_ONE_OF}.field.${index++}`,
          toConnectSchema(sub, null, true, resolve, depth + 1),
        );
    }
  } else if (Array.isArray(node.allOf)) {
    // Confluent reads allOf only as a typed const, enum or formatted number: its typed member.
    const typed = (node.allOf as JsonSchemaNode[]).find(
      (s) => typeof s.type === 'string' || Array.isArray(s.enum),
    );
    if (!typed) throw new DataError(`Unsupported criterion allOf for ${JSON.stringify(node)}`);
    return toConnectSchema(typed, version, forceOptional, resolve, depth + 1);
  } else {
    const type =
      node.type ??
      (node.properties || node.additionalProperties ? 'object' : node.items ? 'array' : undefined);
    switch (type) {
      case 'boolean':
        builder = SchemaBuilder.bool();
        break;
      case 'integer':
      case 'number':
        switch (connectType) {
          case undefined:
            builder = type === 'integer' ? SchemaBuilder.int64() : SchemaBuilder.float64();
            break;
          case 'int8':
          case 'int16':
          case 'int32':
          case 'int64':
          case 'float32':
          case 'float64':
            builder = SchemaBuilder.type((connectType as string).toUpperCase() as 'INT8');
            break;
          case 'bytes':
            builder = SchemaBuilder.bytes();
            break;
          default:
            throw new DataError(`Unsupported type ${String(connectType)}`);
        }
        break;
      case 'string':
        builder = connectType === 'bytes' ? SchemaBuilder.bytes() : SchemaBuilder.string();
        break;
      case 'array': {
        const items = node.items as JsonSchemaNode | undefined;
        if (items === undefined || Array.isArray(items))
          throw new DataError('Array schema did not specify the items type');
        const resolvedItems = typeof items.$ref === 'string' ? resolve(items.$ref, items) : items;
        const entry = resolvedItems.properties as Record<string, JsonSchemaNode> | undefined;
        if (connectType === 'map' && entry !== undefined) {
          builder = SchemaBuilder.map(
            toConnectSchema(entry.key!, null, false, resolve, depth + 1),
            toConnectSchema(entry.value!, null, false, resolve, depth + 1),
          );
        } else builder = SchemaBuilder.array(toConnectSchema(items, null, false, resolve, depth + 1));
        break;
      }
      case 'object': {
        if (connectType === 'map') {
          const values = node.additionalProperties;
          if (typeof values !== 'object' || values === null)
            throw new DataError('Map schema without additionalProperties');
          builder = SchemaBuilder.map(
            SchemaBuilder.string().build(),
            toConnectSchema(values as JsonSchemaNode, null, false, resolve, depth + 1),
          );
          break;
        }
        builder = SchemaBuilder.struct();
        const properties = Object.entries((node.properties as Record<string, JsonSchemaNode>) ?? {});
        const indexed = properties.map(([name, sub], i) => {
          const index = typeof sub === 'object' ? sub[CONNECT_INDEX] : undefined;
          return { name, sub, index: typeof index === 'number' ? index : i };
        });
        indexed.sort((a, b) => a.index - b.index);
        for (const { name, sub } of indexed)
          builder.field(name, toConnectSchema(sub, null, false, resolve, depth + 1));
        break;
      }
      default:
        throw new DataError(`Unsupported schema type ${JSON.stringify(node.type ?? node)}`);
    }
  }
  if (typeof node.title === 'string') builder.name(node.title);
  const connectVersion = node[CONNECT_VERSION];
  if (typeof connectVersion === 'number') builder.version(connectVersion);
  else if (version !== null) builder.version(version);
  if (typeof node.description === 'string') builder.doc(node.description);
  const parameters = node[CONNECT_PARAMETERS];
  if (parameters !== null && typeof parameters === 'object')
    builder.parameters(Object.fromEntries(Object.entries(parameters).map(([k, v]) => [k, String(v)])));
  if (forceOptional) builder.optional();
  if ('default' in node && node.default !== null) {
    const withoutDefault = builder.build();
    builder.defaultValue(jsonToConnect(withoutDefault, node.default));
  }
  return builder.build();
}

/** A JSON value as a Connect value of `schema` (JsonSchemaData.toConnectData), for defaults. */
function jsonToConnect(schema: Schema, json: unknown): unknown {
  return compileToConnect(schema)(json);
}

// ---- values ---------------------------------------------------------------------------------

type Convert = (json: unknown) => unknown;

/** A JSON number kept as its text: a non-integer with more digits than a double holds. */
export class PreciseNumber {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

const numberOf = (json: unknown): number =>
  typeof json === 'number'
    ? json
    : typeof json === 'bigint'
      ? Number(json)
      : json instanceof PreciseNumber
        ? Number(json.text)
        : Number.NaN;

function longOf(json: unknown): number | bigint {
  if (typeof json === 'bigint') {
    const wrapped = BigInt.asIntN(64, json);
    return Number.isSafeInteger(Number(wrapped)) ? Number(wrapped) : wrapped;
  }
  const n = Math.trunc(numberOf(json));
  return Number.isSafeInteger(n) ? n : BigInt.asIntN(64, BigInt(n));
}

function decimalText(text: string, scale: number): BigDecimal {
  const match = /^(-?)(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/.exec(text);
  if (!match) throw new DataError(`Invalid decimal ${text}`);
  const [, sign, whole = '', fraction = '', exponent = '0'] = match;
  let digits = BigInt(`${whole}${fraction}` || '0');
  let currentScale = fraction.length - Number(exponent);
  while (currentScale < scale) {
    digits *= 10n;
    currentScale++;
  }
  return new BigDecimal(sign === '-' ? -digits : digits, currentScale);
}

/** Converts parsed JSON (bigints for long integers) to Connect values of `schema`. */
export function compileToConnect(schema: Schema): Convert {
  const convert = compileNonNull(schema);
  const fallback = schema.defaultValue;
  return (json) => {
    if (json === null || json === undefined) {
      if (fallback !== undefined && fallback !== null) return fallback;
      if (schema.optional) return null;
      throw new DataError(`Invalid null value for required ${schema.type} field`);
    }
    return convert(json);
  };
}

function compileNonNull(schema: Schema): Convert {
  switch (schema.name) {
    case LogicalTypeNames.DECIMAL: {
      const scale = Number.parseInt(schema.parameters?.scale ?? '0', 10);
      return (json) => {
        if (typeof json === 'number' || typeof json === 'bigint') return decimalText(String(json), scale);
        if (json instanceof PreciseNumber) return decimalText(json.text, scale);
        if (typeof json === 'string') {
          try {
            return new BigDecimal(bigIntFromTwosComplement(decodeBase64Strict(json)), scale);
          } catch (error) {
            throw new DataError('Invalid bytes for Decimal field', { cause: error });
          }
        }
        throw new DataError('Invalid type for Decimal, underlying representation should be numeric or bytes');
      };
    }
    case LogicalTypeNames.DATE:
      return (json) => new Date(numberOf(json) * 86_400_000);
    case LogicalTypeNames.TIME:
    case LogicalTypeNames.TIMESTAMP:
      return (json) => new Date(numberOf(json));
  }
  switch (schema.type) {
    case 'BOOLEAN':
      return (json) => json === true;
    case 'INT8':
      return (json) => (Math.trunc(numberOf(json)) << 24) >> 24;
    case 'INT16':
      return (json) => (Math.trunc(numberOf(json)) << 16) >> 16;
    case 'INT32':
      return (json) => Math.trunc(numberOf(json)) | 0;
    case 'INT64':
      return longOf;
    case 'FLOAT32':
    case 'FLOAT64':
      return numberOf;
    case 'STRING':
      return (json) => (typeof json === 'string' ? json : null);
    case 'BYTES':
      return (json) => {
        if (typeof json !== 'string') throw new DataError('Invalid bytes field');
        try {
          return decodeBase64Strict(json);
        } catch (error) {
          throw new DataError('Invalid bytes field', { cause: error });
        }
      };
    case 'ARRAY': {
      const element = compileToConnect(schema.valueSchema!);
      return (json) => {
        if (!Array.isArray(json)) throw new DataError('Expected a JSON array');
        return json.map(element);
      };
    }
    case 'MAP': {
      const key = compileToConnect(schema.keySchema!);
      const value = compileToConnect(schema.valueSchema!);
      if (schema.keySchema!.type === 'STRING' && !schema.keySchema!.optional) {
        return (json) => {
          if (json === null || typeof json !== 'object' || Array.isArray(json))
            throw new DataError('Maps with string fields should be encoded as JSON objects');
          const map = new Map<unknown, unknown>();
          for (const [k, v] of Object.entries(json)) map.set(k, value(v));
          return map;
        };
      }
      return (json) => {
        if (!Array.isArray(json))
          throw new DataError('Maps with non-string fields should be encoded as JSON array of objects');
        const map = new Map<unknown, unknown>();
        for (const entry of json as Record<string, unknown>[]) {
          if (entry === null || typeof entry !== 'object' || Array.isArray(entry))
            throw new DataError('Found invalid map entry instead of object');
          map.set(key(entry.key), value(entry.value));
        }
        return map;
      };
    }
    case 'STRUCT': {
      if (schema.name === JSON_TYPE_ONE_OF) {
        const branches = schema.fields.map((f) => ({ field: f, convert: compileToConnect(f.schema) }));
        return (json) => {
          for (const { field, convert } of branches) {
            if (!matches(field.schema, json)) continue;
            const values = new Array<unknown>(schema.fields.length).fill(null);
            values[field.index] = convert(json);
            return Struct.fromTrustedValues(schema, values);
          }
          throw new DataError(`Did not find matching oneof field for data: ${JSON.stringify(json)}`);
        };
      }
      const fields = schema.fields.map((f) => ({ name: f.name, convert: compileToConnect(f.schema) }));
      return (json) => {
        if (json === null || typeof json !== 'object' || Array.isArray(json))
          throw new DataError('Structs should be encoded as JSON objects');
        const object = json as Record<string, unknown>;
        return Struct.fromTrustedValues(
          schema,
          fields.map((f) => f.convert(object[f.name])),
        );
      };
    }
  }
}

/** JsonSchemaData.isInstanceOfSchemaTypeForSimpleSchema: which oneOf branch a JSON value is. */
function matches(schema: Schema, json: unknown): boolean {
  switch (schema.type) {
    case 'INT8':
    case 'INT16':
    case 'INT32':
    case 'INT64':
      return typeof json === 'bigint' || (typeof json === 'number' && Number.isInteger(json));
    case 'FLOAT32':
    case 'FLOAT64':
      return typeof json === 'number' || typeof json === 'bigint' || json instanceof PreciseNumber;
    case 'BOOLEAN':
      return typeof json === 'boolean';
    case 'STRING':
    case 'BYTES':
      return typeof json === 'string';
    case 'ARRAY':
      return Array.isArray(json);
    case 'MAP':
      return typeof json === 'object' && json !== null;
    case 'STRUCT':
      return (
        typeof json === 'object' &&
        json !== null &&
        !Array.isArray(json) &&
        Object.keys(json).every((k) => schema.field(k) !== undefined)
      );
  }
}

/** Converts Connect values of `schema` to JSON values ready for JSON.stringify. */
export function compileFromConnect(schema: Schema, decimalNumeric: boolean): Convert {
  const convert = compileFromConnectNonNull(schema, decimalNumeric);
  return (value) => {
    if (value === null || value === undefined) {
      if (schema.defaultValue !== undefined && schema.defaultValue !== null)
        return convert(schema.defaultValue);
      if (schema.optional) return null;
      throw new DataError('Conversion error: null value for field that is required and has no default value');
    }
    return convert(value);
  };
}

function compileFromConnectNonNull(schema: Schema, decimalNumeric: boolean): Convert {
  switch (schema.name) {
    case LogicalTypeNames.DECIMAL:
      return (value) => {
        if (!(value instanceof BigDecimal))
          throw new DataError('Invalid type for Decimal, expected BigDecimal');
        return decimalNumeric
          ? rawJson(value.toString())
          : twosComplementOf(value.unscaled).toString('base64');
      };
    case LogicalTypeNames.DATE:
      return (value) => Math.floor((value as Date).getTime() / 86_400_000);
    case LogicalTypeNames.TIME:
    case LogicalTypeNames.TIMESTAMP:
      return (value) => (value as Date).getTime();
  }
  switch (schema.type) {
    case 'INT64':
      return (value) => (typeof value === 'bigint' ? rawJson(String(value)) : value);
    case 'BYTES':
      return (value) => Buffer.from(value as Uint8Array).toString('base64');
    case 'ARRAY': {
      const element = compileFromConnect(schema.valueSchema!, decimalNumeric);
      return (value) => (value as unknown[]).map(element);
    }
    case 'MAP': {
      const key = compileFromConnect(schema.keySchema!, decimalNumeric);
      const value = compileFromConnect(schema.valueSchema!, decimalNumeric);
      if (schema.keySchema!.type === 'STRING' && !schema.keySchema!.optional) {
        return (map) => {
          const object: Record<string, unknown> = {};
          for (const [k, v] of map as Map<string, unknown>) object[k] = value(v);
          return object;
        };
      }
      return (map) => [...(map as Map<unknown, unknown>)].map(([k, v]) => ({ key: key(k), value: value(v) }));
    }
    case 'STRUCT': {
      const fields = schema.fields.map((f) => ({
        field: f,
        convert: compileFromConnect(f.schema, decimalNumeric),
      }));
      if (schema.name === JSON_TYPE_ONE_OF) {
        return (value) => {
          for (const { field, convert } of fields) {
            const v = (value as Struct).get(field.name);
            if (v !== null && v !== undefined) return convert(v);
          }
          return null;
        };
      }
      return (value) => {
        const struct = value as Struct;
        const object: Record<string, unknown> = {};
        for (const { field, convert } of fields) object[field.name] = convert(struct.get(field.name));
        return object;
      };
    }
  }
  return (value) => value;
}
