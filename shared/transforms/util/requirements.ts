// Kafka's transforms.util.Requirements: the checks SMTs make on the shape of a key or value, with
// Kafka's messages (which name the Java class found, so logs read the same as Kafka Connect's).
import { DataError } from '../../api/errors.ts';
import type { ConnectRecord, SinkRecord } from '../../api/record.ts';
import { type Schema, Struct } from '../../api/schema.ts';
import { javaClassName } from '../../api/values/java-class.ts';

export function requireSchema(schema: Schema | null, purpose: string): Schema {
  if (schema === null) throw new DataError(`Schema required for [${purpose}]`);
  return schema;
}

export function requireMap(value: unknown, purpose: string): Map<unknown, unknown> {
  if (!(value instanceof Map)) {
    throw new DataError(
      `Only Map objects supported in absence of schema for [${purpose}], found: ${javaClassName(value)}`,
    );
  }
  return value;
}

export function requireMapOrNull(value: unknown, purpose: string): Map<unknown, unknown> | null {
  return value === null || value === undefined ? null : requireMap(value, purpose);
}

export function requireStruct(value: unknown, purpose: string): Struct {
  if (!(value instanceof Struct)) {
    throw new DataError(`Only Struct objects supported for [${purpose}], found: ${javaClassName(value)}`);
  }
  return value;
}

export function requireStructOrNull(value: unknown, purpose: string): Struct | null {
  return value === null || value === undefined ? null : requireStruct(value, purpose);
}

export function isSinkRecord(record: ConnectRecord): record is SinkRecord {
  return typeof (record as Partial<SinkRecord>).kafkaOffset === 'number';
}

export function requireSinkRecord(record: ConnectRecord, purpose: string): SinkRecord {
  if (!isSinkRecord(record)) {
    throw new DataError(
      `Only SinkRecord supported for [${purpose}], found: org.apache.kafka.connect.source.SourceRecord`,
    );
  }
  return record;
}
