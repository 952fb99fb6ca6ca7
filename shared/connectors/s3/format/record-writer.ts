// One object's content while it is being filled: records go in, the finished body comes out.
// Bodies are deterministic (no timestamps, random markers or map-order surprises), so a replay
// after a crash writes the same bytes under the same key.
import type { SinkRecord } from '../../../api/record.ts';

export interface RecordWriter {
  write(record: SinkRecord): void;
  /** Bytes written so far before compression (a hint for memory, not the object's size). */
  readonly size: number;
  /** The complete object body. */
  finish(): Promise<Buffer>;
}

export interface StorageFormat {
  /** The key suffix, e.g. `.json.gz` or `.snappy.parquet`. */
  readonly extension: string;
  /** `objectKey` seeds whatever must differ per object yet be stable per key (Avro's sync marker). */
  createWriter(objectKey: string): RecordWriter;
}
