// The Java class Kafka Connect would hold for a value, for error messages that name it.
import { BigDecimal, Struct } from '../schema.ts';
import { JavaDouble, JavaFloat } from './java-double.ts';

/**
 * Class.getName() of the object Kafka Connect would hold for `value`. Whole numbers without a
 * schema are Longs and other numbers (and a boxed JavaDouble) Doubles, as JsonConverter produces them.
 */
export function javaClassName(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return 'java.lang.String';
    case 'boolean':
      return 'java.lang.Boolean';
    case 'bigint':
      return 'java.lang.Long';
    case 'number':
      return Number.isInteger(value) ? 'java.lang.Long' : 'java.lang.Double';
  }
  if (value instanceof JavaDouble) return 'java.lang.Double';
  if (value instanceof JavaFloat) return 'java.lang.Float';
  if (value instanceof Uint8Array) return '[B';
  if (value instanceof Map) return 'java.util.HashMap';
  if (Array.isArray(value)) return 'java.util.ArrayList';
  if (value instanceof Struct) return 'org.apache.kafka.connect.data.Struct';
  if (value instanceof Date) return 'java.util.Date';
  if (value instanceof BigDecimal) return 'java.math.BigDecimal';
  return 'java.lang.Object';
}

/** `String.valueOf(value.getClass())` in Java: "class java.lang.String". */
export function javaClassOf(value: unknown): string {
  const name = javaClassName(value);
  return name === '[B' ? 'class [B' : `class ${name}`;
}
