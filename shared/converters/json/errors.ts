// Kafka's SchemaBuilderException: a DataException raised while building a schema (for example an
// invalid default in a JSON schema), reported under its own class name as Kafka does.
import { DataError } from '../../api/errors.ts';

export class SchemaBuilderError extends DataError {
  override javaClassName = 'org.apache.kafka.connect.errors.SchemaBuilderException';
}

/** The Java class Kafka would name for a value in messages like "expected BigDecimal but was ...". */
export function javaClassOf(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return 'class java.lang.String';
    case 'boolean':
      return 'class java.lang.Boolean';
    case 'bigint':
      return 'class java.lang.Long';
    case 'number':
      return Number.isInteger(value) ? 'class java.lang.Long' : 'class java.lang.Double';
  }
  if (value instanceof Uint8Array) return 'class [B';
  if (Array.isArray(value)) return 'class java.util.ArrayList';
  if (value instanceof Map) return 'class java.util.HashMap';
  if (value instanceof Date) return 'class java.util.Date';
  const name = (value as { constructor?: { name?: string } }).constructor?.name;
  if (name === 'Struct') return 'class org.apache.kafka.connect.data.Struct';
  if (name === 'BigDecimal') return 'class java.math.BigDecimal';
  return `class ${name ?? 'java.lang.Object'}`;
}
