// Our side of the neutral outcome form (the Java side is ConformanceHarness.java): schemas and
// values as plain JSON, bytes/decimals/dates/maps/structs tagged, map entries sorted so that Java's
// HashMap order does not matter. Numbers are written as Java holds them: a Byte..Long as an integer
// literal, a Double as a float literal (Double.toString), a Float tagged `float32`, NaN and the
// infinities tagged `float64`/`float32`. JavaScript has one number type, so the schema (when there
// is one) tells which Java class a number is; without one a whole number is a Long and a boxed
// JavaDouble or any other number a Double.
import type { ConnectRecord } from '../../shared/api/record.ts';
import { BigDecimal, type Schema, Struct } from '../../shared/api/schema.ts';
import { JavaDouble, JavaFloat } from '../../shared/api/values/java-double.ts';
import { javaDoubleToString } from '../../shared/api/values/java-number-text.ts';

/** JSON.rawJSON (Node 21+): writes a bigint's digits exactly; not yet in TypeScript's lib. */
const rawJson = (JSON as unknown as { rawJSON(text: string): unknown }).rawJSON;

export function normalizeSchema(schema: Schema | null): unknown {
  if (schema === null || schema === undefined) return null;
  const result: Record<string, unknown> = { type: schema.type, optional: schema.optional };
  if (schema.name !== null) result.name = schema.name;
  if (schema.version !== null) result.version = schema.version;
  if (schema.doc !== null) result.doc = schema.doc;
  if (schema.parameters !== null && Object.keys(schema.parameters).length > 0)
    result.parameters = { ...schema.parameters };
  if (schema.defaultValue !== undefined && schema.defaultValue !== null)
    result.default = normalizeValue(schema.defaultValue, schema);
  if (schema.type === 'STRUCT')
    result.fields = schema.fields.map((f) => ({ name: f.name, schema: normalizeSchema(f.schema) }));
  if (schema.type === 'MAP') result.keySchema = normalizeSchema(schema.keySchema);
  if (schema.type === 'MAP' || schema.type === 'ARRAY')
    result.valueSchema = normalizeSchema(schema.valueSchema);
  return result;
}

/** A Double as the Java side prints it: its exact value as a float literal, or a tag. */
function double(value: number): unknown {
  return Number.isFinite(value) ? rawJson(javaDoubleToString(value)) : { float64: String(value) };
}

/** A Float: tagged, compared at float precision (our digits are the exact value we hold). */
function float(value: number): unknown {
  return { float32: Number.isFinite(value) ? rawJson(javaDoubleToString(value)) : String(value) };
}

function number(value: number, schema: Schema | null): unknown {
  switch (schema?.type) {
    case 'FLOAT32':
      return float(value);
    case 'FLOAT64':
      return double(value);
    case undefined:
      return Number.isInteger(value) ? rawJson(String(value)) : double(value);
    default:
      // An integer type: a value with a fraction would be a bug, and shows as a float literal.
      return Number.isInteger(value) ? rawJson(String(value)) : double(value);
  }
}

/** `value` as Java holds it, `schema` telling the Java class of numbers (null: inferred). */
export function normalizeValue(value: unknown, schema: Schema | null = null): unknown {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'boolean':
    case 'string':
      return value;
    case 'number':
      return number(value, schema);
    case 'bigint':
      return rawJson(String(value));
  }
  if (value instanceof JavaDouble) return double(value.value);
  if (value instanceof JavaFloat) return float(value.value);
  if (value instanceof Uint8Array)
    return { bytes: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  if (value instanceof BigDecimal) return { decimal: value.unscaled.toString(), scale: value.scale };
  if (value instanceof Date) return { date: value.getTime() };
  if (Array.isArray(value)) {
    const element = schema?.type === 'ARRAY' ? schema.valueSchema : null;
    return value.map((v) => normalizeValue(v, element));
  }
  if (value instanceof Map) {
    const keySchema = schema?.type === 'MAP' ? schema.keySchema : null;
    const valueSchema = schema?.type === 'MAP' ? schema.valueSchema : null;
    const entries = [...value].map(([k, v]) => [
      normalizeValue(k, keySchema),
      normalizeValue(v, valueSchema),
    ]);
    entries.sort((a, b) => compareText(JSON.stringify(a[0]), JSON.stringify(b[0])));
    return { map: entries };
  }
  if (value instanceof Struct) {
    const fields: Record<string, unknown> = {};
    for (const field of value.schema.fields)
      fields[field.name] = normalizeValue(value.getWithoutDefault(field.name), field.schema);
    return { struct: fields };
  }
  return { unknown: `${(value as object).constructor?.name}: ${String(value)}` };
}

/** Java's String.compareTo (UTF-16 code units), so both sides sort map entries alike. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function normalizeData(schema: Schema | null, value: unknown): unknown {
  return { schema: normalizeSchema(schema), value: normalizeValue(value, schema) };
}

export function normalizeBytes(bytes: Uint8Array | null): unknown {
  if (bytes === null || bytes === undefined) return { bytes: null };
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { bytes: buffer.toString('base64'), text: buffer.toString('utf8') };
}

export function normalizeRecord(record: ConnectRecord | null): unknown {
  if (record === null) return { dropped: true };
  return {
    topic: record.topic,
    partition: record.kafkaPartition,
    timestamp: record.timestamp,
    keySchema: normalizeSchema(record.keySchema),
    key: normalizeValue(record.key, record.keySchema),
    valueSchema: normalizeSchema(record.valueSchema),
    value: normalizeValue(record.value, record.valueSchema),
    headers: [...record.headers].map((h) => ({
      key: h.key,
      schema: normalizeSchema(h.schema),
      value: normalizeValue(h.value, h.schema),
    })),
  };
}
