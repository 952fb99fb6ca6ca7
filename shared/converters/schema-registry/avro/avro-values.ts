// Values between avsc's representation (records as objects, unions wrapped as {branch: value},
// longs as numbers or bigints, bytes as Buffers) and Connect's, as Confluent's AvroData converts
// them. Each direction is compiled once per (Connect schema, Avro schema) into nested closures, so a
// record is converted without looking at a schema again.
import { DataError } from '../../../api/errors.ts';
import { LogicalTypeNames, type Schema, Struct, schemasEqual } from '../../../api/schema.ts';
import {
  type AvroDataSettings,
  connectUnionMemberName,
  DEFAULT_SCHEMA_FULL_NAME,
  dateFromAvro,
  dateToAvro,
  decimalFromBytes,
  decimalToBytes,
  isStringKeyedMap,
  isUnionSchema,
  scrubName,
  unionMemberName,
} from './avro-data.ts';
import { type AvroSchema, fullName } from './avro-schema.ts';

type Convert = (value: unknown) => unknown;

/** The key avsc gives a union branch when it wraps a value of that branch. */
export const branchName = (schema: AvroSchema): string =>
  schema.type === 'record' || schema.type === 'enum' || schema.type === 'fixed'
    ? fullName(schema)
    : schema.type;

const identity: Convert = (value) => value;

// ---- Avro → Connect -------------------------------------------------------------------------

/** Converts decoded avsc values of `avro` to Connect values of `schema` (made from `avro`). */
export function compileToConnect(schema: Schema, avro: AvroSchema, settings: AvroDataSettings): Convert {
  if (avro.type === 'union' && !isUnionSchema(schema)) {
    // An optional schema: null, or the one other branch.
    const member = avro.types.find((t) => t.type !== 'null')!;
    const key = branchName(member);
    const inner = compileToConnect(schema, member, settings);
    return (value) => (value === null ? null : inner((value as Record<string, unknown>)[key]));
  }
  switch (schema.name) {
    case LogicalTypeNames.DECIMAL:
      return (value) => decimalFromBytes(schema, value as Uint8Array);
    case LogicalTypeNames.DATE:
    case LogicalTypeNames.TIME:
    case LogicalTypeNames.TIMESTAMP:
      return (value) => dateFromAvro(schema, value as number);
  }
  switch (schema.type) {
    case 'INT8':
      return (value) => ((value as number) << 24) >> 24;
    case 'INT16':
      return (value) => ((value as number) << 16) >> 16;
    case 'BYTES':
      // A copy: the decoded Buffer is a view of the whole record's bytes.
      return (value) => Buffer.from(value as Uint8Array);
    case 'ARRAY': {
      if (avro.type === 'array' && schema.type === 'ARRAY') {
        const element = compileToConnect(schema.valueSchema!, avro.items!, settings);
        return element === identity
          ? (value) => (value as unknown[]).slice()
          : (value) => (value as unknown[]).map(element);
      }
      break;
    }
    case 'MAP': {
      const convertValue = compileToConnect(
        schema.valueSchema!,
        avro.type === 'map' ? avro.values! : entryField(avro, 'value'),
        settings,
      );
      if (avro.type === 'map') {
        return (value) => {
          const map = new Map<unknown, unknown>();
          for (const key in value as Record<string, unknown>)
            map.set(key, convertValue((value as Record<string, unknown>)[key]));
          return map;
        };
      }
      const convertKey = compileToConnect(schema.keySchema!, entryField(avro, 'key'), settings);
      return (value) => {
        const map = new Map<unknown, unknown>();
        for (const entry of value as { key: unknown; value: unknown }[])
          map.set(convertKey(entry.key), convertValue(entry.value));
        return map;
      };
    }
    case 'STRUCT': {
      if (isUnionSchema(schema)) return compileUnionToConnect(schema, avro, settings);
      const fields = schema.fields.map((field) => {
        const avroField = avro.fields.find((f) => f.name === field.name);
        if (!avroField) throw new DataError(`No Avro field ${field.name} in ${fullName(avro)}`);
        return { name: field.name, convert: compileToConnect(field.schema, avroField.type, settings) };
      });
      return (value) => {
        const record = value as Record<string, unknown>;
        const values = new Array<unknown>(fields.length);
        for (let i = 0; i < fields.length; i++) {
          const field = fields[i]!;
          const v = record[field.name];
          values[i] = v === null || v === undefined ? null : field.convert(v);
        }
        return Struct.fromTrustedValues(schema, values);
      };
    }
  }
  return identity;
}

function entryField(avro: AvroSchema, name: 'key' | 'value'): AvroSchema {
  const field = avro.items?.fields.find((f) => f.name === name);
  if (!field) throw new DataError(`Map entry record without a ${name} field`);
  return field.type;
}

/** An Avro union that is not [null, T]: a Connect struct with one field per branch, one of them set. */
function compileUnionToConnect(schema: Schema, avro: AvroSchema, settings: AvroDataSettings): Convert {
  const branches = new Map<string, { index: number; convert: Convert }>();
  for (const member of avro.types) {
    if (member.type === 'null') continue;
    const field = schema.field(unionMemberName(member, settings))!;
    branches.set(branchName(member), {
      index: field.index,
      convert: compileToConnect(field.schema, member, settings),
    });
  }
  return (value) => {
    if (value === null) return null;
    for (const key in value as Record<string, unknown>) {
      const branch = branches.get(key);
      if (!branch) break;
      const values = new Array<unknown>(schema.fields.length).fill(null);
      values[branch.index] = branch.convert((value as Record<string, unknown>)[key]);
      return Struct.fromTrustedValues(schema, values);
    }
    throw new DataError('Did not find matching union field for data');
  };
}

// ---- Connect → Avro -------------------------------------------------------------------------

/** Converts Connect values of `schema` to avsc values of `avro` (ours, or a registered one). */
export function compileFromConnect(schema: Schema, avro: AvroSchema, settings: AvroDataSettings): Convert {
  if (avro.type === 'union' && !isUnionSchema(schema)) {
    const hasNull = avro.types.some((t) => t.type === 'null');
    const member = pickBranch(avro, schema, settings);
    const key = branchName(member);
    const inner = compileFromConnect(schema, member, settings);
    return (value) => {
      if (value === null || value === undefined) {
        if (!hasNull) throw new DataError('Found null value for non-optional schema');
        return null;
      }
      return { [key]: inner(value) };
    };
  }
  const required =
    (convert: Convert): Convert =>
    (value) => {
      if (value === null || value === undefined)
        throw new DataError('Found null value for non-optional schema');
      return convert(value);
    };
  switch (schema.name) {
    case LogicalTypeNames.DECIMAL:
      return required((value) => decimalToBytes(schema, value));
    case LogicalTypeNames.DATE:
    case LogicalTypeNames.TIME:
    case LogicalTypeNames.TIMESTAMP:
      return required((value) => dateToAvro(schema, value));
  }
  switch (schema.type) {
    case 'INT8':
    case 'INT16':
    case 'INT32':
    case 'FLOAT32':
    case 'FLOAT64':
      return required(typed('number', schema));
    case 'INT64':
      return required((value) => {
        if (typeof value !== 'number' && typeof value !== 'bigint') throw invalidType(schema, value);
        return value;
      });
    case 'BOOLEAN':
      return required(typed('boolean', schema));
    case 'STRING':
      return required(typed('string', schema));
    case 'BYTES':
      return required((value) => {
        if (!(value instanceof Uint8Array)) throw invalidType(schema, value);
        return Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      });
    case 'ARRAY': {
      const element = compileFromConnect(schema.valueSchema!, avro.items!, settings);
      return required((value) => {
        if (!Array.isArray(value)) throw invalidType(schema, value);
        return value.map(element);
      });
    }
    case 'MAP': {
      if (avro.type === 'map' && isStringKeyedMap(schema, settings)) {
        const convertValue = compileFromConnect(schema.valueSchema!, avro.values!, settings);
        return required((value) => {
          if (!(value instanceof Map)) throw invalidType(schema, value);
          const object: Record<string, unknown> = {};
          for (const [k, v] of value) object[k as string] = convertValue(v);
          return object;
        });
      }
      const convertKey = compileFromConnect(schema.keySchema!, entryField(avro, 'key'), settings);
      const convertValue = compileFromConnect(schema.valueSchema!, entryField(avro, 'value'), settings);
      return required((value) => {
        if (!(value instanceof Map)) throw invalidType(schema, value);
        const entries: { key: unknown; value: unknown }[] = [];
        for (const [k, v] of value) entries.push({ key: convertKey(k), value: convertValue(v) });
        return entries;
      });
    }
    case 'STRUCT': {
      if (isUnionSchema(schema)) return compileUnionFromConnect(schema, avro, settings);
      const fields = avro.fields.map((avroField) => {
        const field = schema.fields.find(
          (f) => scrubName(f.name, settings.scrubInvalidNames) === avroField.name,
        );
        return {
          name: avroField.name,
          field,
          convert: field ? compileFromConnect(field.schema, avroField.type, settings) : undefined,
        };
      });
      return required((value) => {
        if (!(value instanceof Struct)) throw invalidType(schema, value);
        if (value.schema !== schema && !schemasEqual(value.schema, schema))
          throw new DataError('Mismatching struct schema');
        const record: Record<string, unknown> = {};
        for (const { name, field, convert } of fields) {
          if (field === undefined) continue; // a field only the registered schema has: its default
          const v = settings.ignoreDefaultForNullables ? value.valueAt(field.index) : value.get(field.name);
          record[name] = convert!(v);
        }
        return record;
      });
    }
  }
  return identity;
}

/** The branch of a registered union that a Connect value of `schema` is written as. */
function pickBranch(avro: AvroSchema, schema: Schema, settings: AvroDataSettings): AvroSchema {
  const members = avro.types.filter((t) => t.type !== 'null');
  if (schema.type === 'STRUCT' && schema.name === null) {
    // An unnamed struct is one of the records AvroData named ConnectDefault, ConnectDefault2, ...
    const unnamed = members.find(
      (m) => m.type === 'record' && fullName(m).startsWith(DEFAULT_SCHEMA_FULL_NAME),
    );
    if (unnamed) return unnamed;
  } else {
    const wanted = connectUnionMemberName(schema, settings);
    const named = members.find(
      (m) => unionMemberName(m, settings) === wanted || branchName(m) === schema.name,
    );
    if (named) return named;
  }
  if (members.length === 1) return members[0]!;
  throw new DataError(
    `No branch of the Avro union ${JSON.stringify(avro.types.map(branchName))} fits ${schema.type}`,
  );
}

/** Writes the first non-null field of a Connect union struct as its Avro branch. */
function compileUnionFromConnect(schema: Schema, avro: AvroSchema, settings: AvroDataSettings): Convert {
  const branches = schema.fields.map((field) => {
    const member = pickBranch(avro, field.schema, settings);
    return { field, key: branchName(member), convert: compileFromConnect(field.schema, member, settings) };
  });
  return (value) => {
    if (value === null || value === undefined) return null;
    const struct = value as Struct;
    for (const { field, key, convert } of branches) {
      const v = settings.ignoreDefaultForNullables ? struct.valueAt(field.index) : struct.get(field.name);
      if (v !== null && v !== undefined) return { [key]: convert(v) };
    }
    return null;
  };
}

function typed(kind: 'number' | 'boolean' | 'string', schema: Schema): Convert {
  return (value) => {
    if (typeof value !== kind) throw invalidType(schema, value);
    return value;
  };
}

function invalidType(schema: Schema, value: unknown): DataError {
  const kind = value instanceof Map ? 'Map' : Array.isArray(value) ? 'Array' : typeof value;
  return new DataError(`Invalid type for ${schema.type}: ${kind}`);
}
