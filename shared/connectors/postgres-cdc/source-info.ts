// Debezium's `source` block for PostgreSQL (io.debezium.connector.postgresql.Source) and the
// `transaction` block (event.block): the same fields, order, optionality and names, so consumers
// that read source.lsn, source.txId or source.snapshot get what Debezium gives them.
import { type Schema, SchemaBuilder, Struct } from '../../api/schema.ts';
import { VERSION } from '../../api/version.ts';

export type SnapshotMarker =
  | 'true'
  | 'first'
  | 'first_in_data_collection'
  | 'last_in_data_collection'
  | 'last'
  | 'false'
  | 'incremental';

const SNAPSHOT_SCHEMA = SchemaBuilder.string()
  .name('io.debezium.data.Enum')
  .version(1)
  .parameter('allowed', 'true,first,first_in_data_collection,last_in_data_collection,last,false,incremental')
  .defaultValue('false')
  .optional()
  .build();

const OPTIONAL_INT64 = SchemaBuilder.int64().optional().build();
const OPTIONAL_STRING = SchemaBuilder.string().optional().build();
const STRING = SchemaBuilder.string().build();
const INT64 = SchemaBuilder.int64().build();

const SOURCE_SCHEMA = SchemaBuilder.struct()
  .name('io.debezium.connector.postgresql.Source')
  .version(1)
  .field('version', STRING)
  .field('connector', STRING)
  .field('name', STRING)
  .field('ts_ms', INT64)
  .field('snapshot', SNAPSHOT_SCHEMA)
  .field('db', STRING)
  .field('sequence', OPTIONAL_STRING)
  .field('ts_us', OPTIONAL_INT64)
  .field('ts_ns', OPTIONAL_INT64)
  .field('schema', STRING)
  .field('table', STRING)
  .field('txId', OPTIONAL_INT64)
  .field('lsn', OPTIONAL_INT64)
  .field('xmin', OPTIONAL_INT64)
  .field('origin', OPTIONAL_STRING)
  .field('origin_lsn', OPTIONAL_INT64)
  .build();

export function sourceSchema(): Schema {
  return SOURCE_SCHEMA;
}

export const TRANSACTION_BLOCK_SCHEMA = SchemaBuilder.struct()
  .name('event.block')
  .version(1)
  .field('id', STRING)
  .field('total_order', INT64)
  .field('data_collection_order', INT64)
  .optional()
  .build();

export interface SourcePosition {
  /** Commit time (streaming) or snapshot time, microseconds since the epoch. */
  readonly tsUs: number;
  readonly snapshot: SnapshotMarker;
  readonly schema: string;
  readonly table: string;
  readonly txId: number | null;
  readonly lsn: number | null;
  /** The LSN of the last commit seen before this event (Debezium's lastCommitLsn). */
  readonly lastCommitLsn: number | null;
  readonly origin: string | null;
  readonly originLsn: number | null;
}

/** Debezium's sequence: a JSON array of the last commit LSN and this LSN, as strings or null. */
export function sequenceText(lastCommitLsn: number | null, lsn: number | null): string {
  const part = (v: number | null) => (v === null ? 'null' : `"${v}"`);
  return `[${part(lastCommitLsn)},${part(lsn)}]`;
}

export class SourceInfoBuilder {
  readonly #serverName: string;
  readonly #db: string;

  constructor(serverName: string, db: string) {
    this.#serverName = serverName;
    this.#db = db;
  }

  build(p: SourcePosition): Struct {
    const tsMs = Math.floor(p.tsUs / 1000);
    return Struct.fromTrustedValues(SOURCE_SCHEMA, [
      VERSION,
      'postgresql',
      this.#serverName,
      tsMs,
      p.snapshot,
      this.#db,
      sequenceText(p.lastCommitLsn, p.lsn),
      p.tsUs,
      p.tsUs * 1000 > Number.MAX_SAFE_INTEGER ? BigInt(p.tsUs) * 1000n : p.tsUs * 1000,
      p.schema,
      p.table,
      p.txId,
      p.lsn,
      null,
      p.origin,
      p.originLsn,
    ]);
  }
}
