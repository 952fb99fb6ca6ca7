// Java's Object.toString for Connect values, which is what StringConverter writes for a
// non-string value: 1.0 for a double, [a, b] for a list, {k=v} for a map, Struct{a=1} for a struct,
// Wed Jan 01 00:00:00 UTC 2020 for a date. JavaScript has one number type, so the schema (when
// known) says whether 2 is an integer ("2") or a double ("2.0").
import { BigDecimal, type Schema, Struct } from '../api/schema.ts';
import { javaBigDecimalString, javaDoubleToString } from '../api/values/java-number-text.ts';
import { javaDateToString } from '../api/values/simple-date-format.ts';

export function javaToString(value: unknown, schema: Schema | null = null): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return value;
    case 'number': {
      const floating = schema?.type === 'FLOAT32' || schema?.type === 'FLOAT64' || !Number.isInteger(value);
      if (!Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
      return floating ? javaDoubleToString(value) : String(value);
    }
    case 'bigint':
    case 'boolean':
      return String(value);
  }
  if (value instanceof BigDecimal) return javaBigDecimalString(value);
  if (Array.isArray(value)) {
    const element = schema?.type === 'ARRAY' ? schema.valueSchema : null;
    return `[${value.map((v) => javaToString(v, element)).join(', ')}]`;
  }
  if (value instanceof Map) {
    const keySchema = schema?.type === 'MAP' ? schema.keySchema : null;
    const valueSchema = schema?.type === 'MAP' ? schema.valueSchema : null;
    const entries = [...value].map(
      ([k, v]) => `${javaToString(k, keySchema)}=${javaToString(v, valueSchema)}`,
    );
    return `{${entries.join(', ')}}`;
  }
  if (value instanceof Struct) {
    const parts: string[] = [];
    for (const field of value.schema.fields) {
      const fieldValue = value.getWithoutDefault(field.name);
      if (fieldValue !== null && fieldValue !== undefined)
        parts.push(`${field.name}=${javaToString(fieldValue, field.schema)}`);
    }
    return `Struct{${parts.join(',')}}`;
  }
  if (value instanceof Date) return javaDateToString(value);
  return String(value);
}
