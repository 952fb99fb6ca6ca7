// Values between protobufjs messages and Connect, as Confluent's ProtobufData converts them:
// unset scalars read as their proto3 defaults (0, "", false) unless the field tracks presence
// (proto3 `optional`), unset messages as null, enums by symbol, maps with their typed keys, the
// logical types from Google's and Confluent's messages. Compiled once per message type.
import protobuf from 'protobufjs';
import { DataError } from '../../../api/errors.ts';
import { BigDecimal, LogicalTypeNames, type Schema, Struct } from '../../../api/schema.ts';
import { bigIntFromTwosComplement, twosComplementOf } from '../../json/base64.ts';
import {
  oneofFieldName,
  PROTOBUF_TYPE_ENUM,
  PROTOBUF_TYPE_UNION_PREFIX,
  realOneofs,
} from './protobuf-data.ts';

type Convert = (value: unknown) => unknown;
type Message = Record<string, unknown>;

const MS_PER_DAY = 86_400_000;

/** A protobufjs Long (or number) as Connect's INT64: a number when exact, else a bigint. */
function longValue(value: unknown): number | bigint {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return BigInt.asIntN(64, value);
  const long = value as { low: number; high: number; unsigned: boolean; toString(): string };
  const big = BigInt.asIntN(64, BigInt(long.toString()));
  return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
}

const presence = (field: protobuf.Field) => field.options?.proto3_optional === true;

export function compileToConnect(schema: Schema, type: protobuf.Type): (message: Message) => Struct {
  const oneofs = realOneofs(type).map((oneof) => {
    const field = schema.field(oneofFieldName(type, oneof))!;
    const members = new Map(
      oneof.fieldsArray.map((f) => {
        const member = field.schema.field(f.name)!;
        return [f.name, { index: member.index, convert: fieldToConnect(member.schema, f) }] as const;
      }),
    );
    return { name: oneof.name, index: field.index, schema: field.schema, members };
  });
  const fields = type.fieldsArray
    .filter((f) => f.partOf === null || !realOneofs(type).includes(f.partOf))
    .map((f) => {
      const connect = schema.field(f.name)!;
      return {
        name: f.name,
        index: connect.index,
        isMessage: !f.repeated && !f.map && f.resolvedType instanceof protobuf.Type,
        tracksPresence: presence(f),
        convert: fieldToConnect(connect.schema, f),
      };
    });
  return (message) => {
    const values = new Array<unknown>(schema.fields.length).fill(null);
    for (const oneof of oneofs) {
      const set = message[oneof.name];
      if (typeof set !== 'string') continue;
      const member = oneof.members.get(set);
      if (!member) continue;
      const union = new Array<unknown>(oneof.schema.fields.length).fill(null);
      union[member.index] = member.convert(message[set]);
      values[oneof.index] = Struct.fromTrustedValues(oneof.schema, union);
    }
    for (const field of fields) {
      if ((field.isMessage || field.tracksPresence) && !Object.hasOwn(message, field.name)) continue;
      const value = message[field.name];
      values[field.index] = value === null || value === undefined ? null : field.convert(value);
    }
    return Struct.fromTrustedValues(schema, values);
  };
}

function fieldToConnect(schema: Schema, field: protobuf.Field): Convert {
  if (field.map) {
    const keyType = (field as unknown as protobuf.MapField).keyType;
    const convertKey = mapKeyToConnect(keyType);
    const convertValue = valueToConnect(schema.valueSchema!, field);
    return (value) => {
      const map = new Map<unknown, unknown>();
      for (const [k, v] of Object.entries(value as Message)) map.set(convertKey(k), convertValue(v));
      return map;
    };
  }
  if (field.repeated) {
    const element = valueToConnect(schema.valueSchema!, field);
    return (value) => (value as unknown[]).map(element);
  }
  return valueToConnect(schema, field);
}

function mapKeyToConnect(keyType: string): (key: string) => unknown {
  switch (keyType) {
    case 'int64':
    case 'uint64':
    case 'sint64':
    case 'fixed64':
    case 'sfixed64':
      return (key) => longValue(protobuf.util.LongBits.fromHash(key).toLong(false) as unknown as bigint);
    case 'bool':
      return (key) => key === 'true';
    case 'string':
      return (key) => key;
    default:
      return (key) => Number(key);
  }
}

function valueToConnect(schema: Schema, field: protobuf.Field): Convert {
  switch (schema.name) {
    case LogicalTypeNames.DECIMAL: {
      return (value) => {
        const decimal = value as { value: Uint8Array; scale: number };
        return new BigDecimal(
          decimal.value.length === 0 ? 0n : bigIntFromTwosComplement(decimal.value),
          decimal.scale,
        );
      };
    }
    case LogicalTypeNames.DATE:
      return (value) => {
        const date = value as { year: number; month: number; day: number };
        return new Date(Date.UTC(date.year, date.month - 1, date.day));
      };
    case LogicalTypeNames.TIME:
      return (value) => {
        const time = value as { hours: number; minutes: number; seconds: number; nanos: number };
        return new Date(
          ((time.hours * 60 + time.minutes) * 60 + time.seconds) * 1000 + Math.floor(time.nanos / 1e6),
        );
      };
    case LogicalTypeNames.TIMESTAMP:
      return (value) => {
        const ts = value as { seconds: unknown; nanos: number };
        return new Date(Number(longValue(ts.seconds)) * 1000 + Math.floor(ts.nanos / 1e6));
      };
  }
  switch (schema.type) {
    case 'INT8':
      return (value) => ((value as number) << 24) >> 24;
    case 'INT16':
      return (value) => ((value as number) << 16) >> 16;
    case 'INT64':
      return longValue;
    case 'BYTES':
      return (value) => Buffer.from(value as Uint8Array);
    case 'STRING': {
      const enumType = field.resolvedType;
      if (schema.parameters?.[PROTOBUF_TYPE_ENUM] !== undefined && enumType && 'valuesById' in enumType) {
        const byId = (enumType as protobuf.Enum).valuesById;
        return (value) => byId[value as number] ?? String(value);
      }
      return (value) => value;
    }
    case 'STRUCT': {
      const type = field.resolvedType as protobuf.Type;
      const convert = compileToConnect(schema, type);
      return (value) => convert(value as Message);
    }
  }
  return (value) => value;
}

// ---- Connect → protobufjs objects -----------------------------------------------------------

/** Converts a Connect struct to a plain object that protobufjs's Type.fromObject takes. */
export function compileFromConnect(schema: Schema, type: protobuf.Type): (struct: Struct) => Message {
  const fields = schema.fields.map((field) => {
    const union = realOneofs(type).find(
      (o) => oneofFieldName(type, o) === field.name || o.name === unionName(field.schema),
    );
    if (union && field.schema.type === 'STRUCT') {
      const members = field.schema.fields.map((m) => {
        const protoField = union.fieldsArray.find((f) => f.name === m.name);
        if (!protoField) throw new DataError(`No field ${m.name} in oneof ${union.name}`);
        return { connect: m, name: protoField.name, convert: fieldFromConnect(m.schema, protoField) };
      });
      return { field, union: members, name: '', convert: undefined };
    }
    const protoField = type.fields[field.name];
    if (!protoField) throw new DataError(`Cannot find field with name ${field.name}`);
    return {
      field,
      union: undefined,
      name: protoField.name,
      convert: fieldFromConnect(field.schema, protoField),
    };
  });
  return (struct) => {
    const object: Message = {};
    for (const { field, union, name, convert } of fields) {
      const value = struct.get(field.name);
      if (value === null || value === undefined) continue;
      if (union) {
        const members = value as Struct;
        for (const member of union) {
          const v = members.get(member.connect.name);
          if (v === null || v === undefined) continue;
          object[member.name] = member.convert(v);
          break;
        }
        continue;
      }
      object[name] = convert!(value);
    }
    return object;
  };
}

function unionName(schema: Schema): string | undefined {
  return schema.name?.startsWith(PROTOBUF_TYPE_UNION_PREFIX)
    ? schema.name.slice(PROTOBUF_TYPE_UNION_PREFIX.length)
    : undefined;
}

function fieldFromConnect(schema: Schema, field: protobuf.Field): Convert {
  if (field.map) {
    const convertValue = valueFromConnect(schema.valueSchema!, field);
    return (value) => {
      const object: Message = {};
      for (const [k, v] of value as Map<unknown, unknown>) object[String(k)] = convertValue(v);
      return object;
    };
  }
  if (schema.type === 'ARRAY') {
    const element = valueFromConnect(schema.valueSchema!, field);
    return (value) => (value as unknown[]).map(element);
  }
  return valueFromConnect(schema, field);
}

function valueFromConnect(schema: Schema, field: protobuf.Field): Convert {
  switch (schema.name) {
    case LogicalTypeNames.DECIMAL:
      return (value) => {
        if (!(value instanceof BigDecimal))
          throw new DataError('Invalid type for Decimal, expected BigDecimal');
        const digits = (value.unscaled < 0n ? -value.unscaled : value.unscaled).toString();
        return { value: twosComplementOf(value.unscaled), precision: digits.length, scale: value.scale };
      };
    case LogicalTypeNames.DATE:
      return (value) => {
        const ms = (value as Date).getTime();
        if (ms % MS_PER_DAY !== 0)
          throw new DataError(
            'Kafka Connect Date type should not have any time fields set to non-zero values.',
          );
        const date = new Date(ms);
        return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
      };
    case LogicalTypeNames.TIME:
      return (value) => {
        const ms = (value as Date).getTime();
        if (ms < 0 || ms > MS_PER_DAY)
          throw new DataError('Time values must use number of millis greater than 0 and less than 86400000');
        return {
          hours: Math.floor(ms / 3_600_000),
          minutes: Math.floor(ms / 60_000) % 60,
          seconds: Math.floor(ms / 1000) % 60,
          nanos: (ms % 1000) * 1_000_000,
        };
      };
    case LogicalTypeNames.TIMESTAMP:
      return (value) => {
        const ms = (value as Date).getTime();
        const seconds = Math.floor(ms / 1000);
        return { seconds, nanos: (ms - seconds * 1000) * 1_000_000 };
      };
  }
  switch (schema.type) {
    case 'INT64':
      return (value) => (typeof value === 'bigint' ? value.toString() : value);
    case 'STRUCT': {
      const type = field.resolvedType as protobuf.Type;
      return compileFromConnect(schema, type) as Convert;
    }
    case 'STRING': {
      const enumType = field.resolvedType;
      if (enumType && 'values' in enumType) {
        const values = (enumType as protobuf.Enum).values;
        return (value) => {
          if (!(String(value) in values))
            throw new DataError(`Unknown enum symbol ${String(value)} for ${enumType.name}`);
          return value;
        };
      }
      return (value) => value;
    }
  }
  return (value) => value;
}
