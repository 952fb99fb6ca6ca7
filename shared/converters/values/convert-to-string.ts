// Kafka's Values.convertToString: the text SimpleHeaderConverter writes for a header value, which
// parseString reads back. Numbers print as Java prints them; since JavaScript has one number type,
// the schema (when there is one) tells whether 1 is an integer ("1") or a double ("1.0").
import { DataError } from '../../api/errors.ts';
import { BigDecimal, type Schema, Struct } from '../../api/schema.ts';
import { javaBigDecimalString, javaDoubleString } from '../json/java-format.ts';

const MILLIS_PER_DAY = 86_400_000;

export function convertToString(schema: Schema | null, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return append(schema, value, false);
}

function append(schema: Schema | null, value: unknown, embedded: boolean): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'number': {
      const floating = schema?.type === 'FLOAT32' || schema?.type === 'FLOAT64';
      if (!Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
      return floating || !Number.isInteger(value) ? javaDoubleString(value) : String(value);
    }
    case 'bigint':
      return String(value);
    case 'boolean':
      return String(value);
    case 'string':
      return embedded ? `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"` : value;
  }
  if (value instanceof BigDecimal) return javaBigDecimalString(value);
  if (value instanceof Uint8Array) {
    const text = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
    return embedded ? `"${text}"` : text;
  }
  if (Array.isArray(value)) {
    const element = schema?.type === 'ARRAY' ? schema.valueSchema : null;
    return `[${value.map((v) => append(element, v, true)).join(',')}]`;
  }
  if (value instanceof Map) {
    const keySchema = schema?.type === 'MAP' ? schema.keySchema : null;
    const valueSchema = schema?.type === 'MAP' ? schema.valueSchema : null;
    const entries: string[] = [];
    for (const [k, v] of value) entries.push(`${append(keySchema, k, true)}:${append(valueSchema, v, true)}`);
    return `{${entries.join(',')}}`;
  }
  if (value instanceof Struct) {
    const fields = value.schema.fields.map(
      (f) => `${append(null, f.name, true)}:${append(f.schema, value.get(f.name), true)}`,
    );
    return `{${fields.join(',')}}`;
  }
  if (value instanceof Date) return formatDate(value);
  throw new DataError(`Failed to serialize unexpected value type ${typeof value}: ${String(value)}`);
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Kafka's dateFormatFor: a time before one day, a date at midnight, else a timestamp (in UTC). */
export function formatDate(date: Date): string {
  const millis = date.getTime();
  const time = `${pad(date.getUTCHours(), 2)}:${pad(date.getUTCMinutes(), 2)}:${pad(date.getUTCSeconds(), 2)}.${pad(date.getUTCMilliseconds(), 3)}Z`;
  if (millis < MILLIS_PER_DAY) return time;
  const day = `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
  return millis % MILLIS_PER_DAY === 0 ? day : `${day}T${time}`;
}
