// The records that flow through converters, transformations and connectors. They are plain,
// immutable objects: a transformation returns a new record (see `withChanges`), which keeps every
// field it did not change, including a sink record's original topic, partition and offset.
import type { Headers } from './headers.ts';
import type { Schema } from './schema.ts';

export type TimestampType = 'NoTimestampType' | 'CreateTime' | 'LogAppendTime';

export interface ConnectRecord {
  readonly topic: string;
  readonly kafkaPartition: number | null;
  readonly keySchema: Schema | null;
  readonly key: unknown;
  readonly valueSchema: Schema | null;
  readonly value: unknown;
  /** Milliseconds since the epoch, or null when the record has none. */
  readonly timestamp: number | null;
  readonly headers: Headers;
}

/** A record read from Kafka on its way to a sink. */
export interface SinkRecord extends ConnectRecord {
  readonly kafkaPartition: number;
  readonly kafkaOffset: number;
  readonly timestampType: TimestampType;
  /** Where the record was read, before any transformation renamed its topic or partition. */
  readonly originalTopic: string;
  readonly originalKafkaPartition: number;
  readonly originalKafkaOffset: number;
}

/** A record produced by a source connector on its way to Kafka. */
export interface SourceRecord extends ConnectRecord {
  readonly sourcePartition: Readonly<Record<string, unknown>> | null;
  readonly sourceOffset: Readonly<Record<string, unknown>> | null;
}

/** The fields a transformation may change; the rest of the record is carried over. */
export type RecordChanges = Partial<
  Pick<
    ConnectRecord,
    'topic' | 'kafkaPartition' | 'keySchema' | 'key' | 'valueSchema' | 'value' | 'timestamp' | 'headers'
  >
>;

/** Kafka's `record.newRecord(...)`: a copy of `record` with `changes` applied. */
export function withChanges<R extends ConnectRecord>(record: R, changes: RecordChanges): R {
  return { ...record, ...changes };
}

/** Bytes as read from or written to Kafka; Node's Buffer is what every Kafka client hands out. */
export type Bytes = Buffer;
