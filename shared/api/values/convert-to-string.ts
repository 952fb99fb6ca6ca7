// Kafka's Values.convertToString: the text SimpleHeaderConverter writes for a header value, which
// parseString reads back, and the text Cast writes for a date. Numbers print as Java prints them;
// since JavaScript has one number type, the schema (when there is one) tells whether 1 is an integer
// ("1"), a float or a double ("1.0").
import { DataError } from '../errors.ts';
import { BigDecimal, type Schema, Struct } from '../schema.ts';
import { JavaDouble, JavaFloat } from './java-double.ts';
import { javaBigDecimalString, javaDoubleToString, javaFloatToString } from './java-number-text.ts';
import { SimpleDateFormat } from './simple-date-format.ts';
import { epochMillis } from './wide-date.ts';

const MILLIS_PER_DAY = 86_400_000;
export const ISO_8601_TIME_PATTERN = "HH:mm:ss.SSS'Z'";
export const ISO_8601_DATE_PATTERN = 'yyyy-MM-dd';
export const ISO_8601_TIMESTAMP_PATTERN = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'";
export const ISO_8601_TIME_FORMAT = new SimpleDateFormat(ISO_8601_TIME_PATTERN);
export const ISO_8601_DATE_FORMAT = new SimpleDateFormat(ISO_8601_DATE_PATTERN);
export const ISO_8601_TIMESTAMP_FORMAT = new SimpleDateFormat(ISO_8601_TIMESTAMP_PATTERN);

export function convertToString(schema: Schema | null, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return append(schema, value, false);
}

/** Java's toString of a number Connect holds as `schema` (a whole number without one is a Long). */
export function numberToString(schema: Schema | null, value: number): string {
  if (schema?.type === 'FLOAT32') return javaFloatToString(value);
  if (schema?.type === 'FLOAT64' || !Number.isInteger(value)) return javaDoubleToString(value);
  return String(value);
}

function append(schema: Schema | null, value: unknown, embedded: boolean): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'number':
      return numberToString(schema, value);
    case 'bigint':
    case 'boolean':
      return String(value);
    case 'string':
      return embedded ? `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"` : value;
  }
  if (value instanceof BigDecimal) return javaBigDecimalString(value);
  if (value instanceof JavaDouble || value instanceof JavaFloat) return value.toString();
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
  if (value instanceof Date) return isoDateText(value);
  throw new DataError(`Failed to serialize unexpected value type ${typeof value}: ${String(value)}`);
}

/** Values.dateFormatFor(date).format(date): a time before one day, a date at midnight, else a timestamp. */
export function isoDateText(date: Date): string {
  const millis = epochMillis(date);
  if (millis < MILLIS_PER_DAY) return ISO_8601_TIME_FORMAT.format(date);
  const midnight =
    typeof millis === 'bigint' ? millis % BigInt(MILLIS_PER_DAY) === 0n : millis % MILLIS_PER_DAY === 0;
  if (midnight) return ISO_8601_DATE_FORMAT.format(date);
  return ISO_8601_TIMESTAMP_FORMAT.format(date);
}
