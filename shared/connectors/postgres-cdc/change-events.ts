// Change events in Debezium's envelope: key = primary key struct, value = before / after / source /
// transaction / op / ts_*, a tombstone after each delete, a primary key change as delete + tombstone
// + create with the __debezium.newkey / oldkey headers, and Debezium's context headers.
import { randomUUID } from 'node:crypto';
import type { SourceOffset, SourcePartition } from '../../api/connector.ts';
import { Headers } from '../../api/headers.ts';
import type { SourceRecord } from '../../api/record.ts';
import { Schemas, Struct } from '../../api/schema.ts';
import type { PostgresCdcConfig } from './config.ts';
import { type SourceInfoBuilder, type SourcePosition, TRANSACTION_BLOCK_SCHEMA } from './source-info.ts';
import type { CapturedTable } from './table-schema.ts';

export type Op = 'c' | 'u' | 'd' | 'r' | 't';

/** A row's values in field order (Connect values), or null where the event has no such row. */
export type Row = unknown[] | null;

export interface TransactionBlock {
  readonly id: string;
  readonly totalOrder: number;
  readonly dataCollectionOrder: number;
}

const nowUs = (): number => Date.now() * 1000 + (Math.floor(performance.now() * 1000) % 1000);

export class ChangeEventFactory {
  readonly #partition: SourcePartition;
  readonly #source: SourceInfoBuilder;
  readonly #tombstones: boolean;
  readonly #contextHeaders: readonly [string, string][];

  constructor(
    config: PostgresCdcConfig,
    partition: SourcePartition,
    source: SourceInfoBuilder,
    taskId: string,
  ) {
    this.#partition = partition;
    this.#source = source;
    this.#tombstones = config.tombstonesOnDelete;
    this.#contextHeaders = config.extendedHeaders
      ? [
          ['__debezium.context.connectorLogicalName', config.topicPrefix],
          ['__debezium.context.taskId', taskId],
          ['__debezium.context.connectorName', 'postgresql'],
          ['__debezium.context.runId', randomUUID()],
        ]
      : [];
  }

  #headers(extra?: [string, unknown, CapturedTable['keySchema']]): Headers {
    const headers = new Headers();
    if (extra) headers.add(extra[0], extra[1], extra[2]);
    for (const [k, v] of this.#contextHeaders) headers.add(k, v, Schemas.STRING);
    return headers;
  }

  key(table: CapturedTable, row: unknown[]): Struct | null {
    if (table.keySchema === null) return null;
    const values = table.keyPositions.map((p) => row[p] ?? null);
    return Struct.fromTrustedValues(table.keySchema, values);
  }

  row(table: CapturedTable, values: unknown[] | null): Struct | null {
    return values === null ? null : Struct.fromTrustedValues(table.valueSchema, values);
  }

  #envelope(
    table: CapturedTable,
    op: Op,
    before: Row,
    after: Row,
    position: SourcePosition,
    transaction: TransactionBlock | null,
  ): Struct {
    const ts = nowUs();
    return Struct.fromTrustedValues(table.envelopeSchema, [
      this.row(table, before),
      this.row(table, after),
      this.#source.build(position),
      transaction === null
        ? null
        : Struct.fromTrustedValues(TRANSACTION_BLOCK_SCHEMA, [
            transaction.id,
            transaction.totalOrder,
            transaction.dataCollectionOrder,
          ]),
      op,
      Math.floor(ts / 1000),
      ts,
      ts * 1000 > Number.MAX_SAFE_INTEGER ? BigInt(ts) * 1000n : ts * 1000,
    ]);
  }

  #record(
    table: CapturedTable,
    key: Struct | null,
    value: Struct | null,
    offset: SourceOffset,
    headers: Headers,
  ): SourceRecord {
    return {
      topic: table.topic,
      kafkaPartition: null,
      keySchema: table.keySchema,
      key,
      valueSchema: value === null ? null : table.envelopeSchema,
      value,
      timestamp: null,
      headers,
      sourcePartition: this.#partition,
      sourceOffset: offset,
    };
  }

  /** The records of one change: the event, and a tombstone after a delete. */
  change(
    table: CapturedTable,
    op: Op,
    before: Row,
    after: Row,
    position: SourcePosition,
    offset: SourceOffset,
    transaction: TransactionBlock | null,
    out: SourceRecord[],
  ): void {
    const keyRow = after ?? before;
    const key = keyRow === null ? null : this.key(table, keyRow);
    out.push(
      this.#record(
        table,
        key,
        this.#envelope(table, op, before, after, position, transaction),
        offset,
        this.#headers(),
      ),
    );
    if (op === 'd' && this.#tombstones) out.push(this.#record(table, key, null, offset, this.#headers()));
  }

  /**
   * An update that changed the primary key, as Debezium emits it: a delete of the old key (with a
   * tombstone) carrying the new key in `__debezium.newkey`, then a create carrying `__debezium.oldkey`.
   */
  keyChange(
    table: CapturedTable,
    before: unknown[],
    after: unknown[],
    position: SourcePosition,
    offset: SourceOffset,
    transaction: TransactionBlock | null,
    out: SourceRecord[],
  ): void {
    const oldKey = this.key(table, before);
    const newKey = this.key(table, after);
    const deleteHeaders = () => this.#headers(['__debezium.newkey', newKey, table.keySchema]);
    out.push(
      this.#record(
        table,
        oldKey,
        this.#envelope(table, 'd', before, null, position, transaction),
        offset,
        deleteHeaders(),
      ),
    );
    if (this.#tombstones) out.push(this.#record(table, oldKey, null, offset, deleteHeaders()));
    out.push(
      this.#record(
        table,
        newKey,
        this.#envelope(table, 'c', null, after, position, transaction),
        offset,
        this.#headers(['__debezium.oldkey', oldKey, table.keySchema]),
      ),
    );
  }

  /** A truncate event: no key, no rows (emitted only when `t` is not in skipped.operations). */
  truncate(table: CapturedTable, position: SourcePosition, offset: SourceOffset, out: SourceRecord[]): void {
    out.push(
      this.#record(
        table,
        null,
        this.#envelope(table, 't', null, null, position, null),
        offset,
        this.#headers(),
      ),
    );
  }
}
