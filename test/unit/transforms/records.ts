// Records and schemas the SMT tests share.
import { Headers } from '../../../shared/api/headers.ts';
import type { SinkRecord } from '../../../shared/api/record.ts';
import { type Schema, SchemaBuilder, Schemas, Struct } from '../../../shared/api/schema.ts';
import type { Predicate, Transformation } from '../../../shared/api/transformation.ts';

export function sinkRecord(changes: Partial<SinkRecord> = {}): SinkRecord {
  return {
    topic: 'orders',
    kafkaPartition: 3,
    kafkaOffset: 42,
    keySchema: null,
    key: null,
    valueSchema: null,
    value: null,
    timestamp: 1_700_000_000_000,
    timestampType: 'CreateTime',
    headers: new Headers(),
    originalTopic: 'orders',
    originalKafkaPartition: 3,
    originalKafkaOffset: 42,
    ...changes,
  };
}

export function configured<T extends Transformation | Predicate>(
  plugin: T,
  configs: Record<string, unknown>,
): T {
  plugin.configure(configs);
  return plugin;
}

/** A struct schema with `id` (int32), `name` (optional string) and `email` (string, default). */
export const PERSON: Schema = SchemaBuilder.struct()
  .name('person')
  .version(2)
  .field('id', Schemas.INT32)
  .field('name', Schemas.OPTIONAL_STRING)
  .field('email', SchemaBuilder.string().optional().defaultValue('none@example.com').build())
  .build();

export function person(id: number, name: string | null, email: string | null = null): Struct {
  return new Struct(PERSON).put('id', id).put('name', name).put('email', email);
}

export const map = (entries: Record<string, unknown>) => new Map<unknown, unknown>(Object.entries(entries));
