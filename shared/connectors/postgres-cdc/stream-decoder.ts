// Streamed pgoutput messages → change events, with Debezium's bookkeeping: the transaction being
// read (xid, commit LSN and time), the last commit LSN (source.sequence and the offsets), skipping
// what a restarted task already emitted, transaction metadata, and heartbeats.
import type { SourceOffset } from '../../api/connector.ts';
import { Headers } from '../../api/headers.ts';
import type { SourceRecord } from '../../api/record.ts';
import { type Schema, SchemaBuilder, Schemas, Struct } from '../../api/schema.ts';
import type { ChangeEventFactory, TransactionBlock } from './change-events.ts';
import type { PostgresCdcConfig } from './config.ts';
import {
  alreadyEmitted,
  type MessageType,
  type ResumePoint,
  sourcePartition,
  streamingOffset,
} from './offsets.ts';
import { type PgoutputMessage, type TupleValue, UNCHANGED_TOAST } from './pgoutput.ts';
import type { SourcePosition } from './source-info.ts';
import type { TableCatalog } from './table-catalog.ts';
import type { CapturedTable } from './table-schema.ts';

/** Debezium's unavailable.value.placeholder, for TOASTed values an update did not send again. */
const UNAVAILABLE = '__debezium_unavailable_value';

interface RelationView {
  readonly table: CapturedTable | null;
  /** Relation column position → field position (-1: not emitted). */
  readonly fieldOf: Int32Array;
}

interface Transaction {
  readonly xid: number;
  readonly commitLsn: number;
  readonly commitTimeUs: number;
  totalOrder: number;
  readonly perTable: Map<string, number>;
}

const HEARTBEAT_KEY = SchemaBuilder.struct()
  .name('io.debezium.connector.common.ServerNameKey')
  .version(1)
  .field('serverName', Schemas.STRING)
  .build();
const HEARTBEAT_VALUE = SchemaBuilder.struct()
  .name('io.debezium.connector.common.Heartbeat')
  .version(1)
  .field('ts_ms', Schemas.INT64)
  .build();
const TX_KEY = SchemaBuilder.struct()
  .name('io.debezium.connector.common.TransactionMetadataKey')
  .version(1)
  .field('id', Schemas.STRING)
  .build();
const TX_COLLECTION = SchemaBuilder.struct()
  .name('event.collection')
  .version(1)
  .field('data_collection', Schemas.STRING)
  .field('event_count', Schemas.INT64)
  .build();
const TX_VALUE = SchemaBuilder.struct()
  .name('io.debezium.connector.common.TransactionMetadataValue')
  .version(1)
  .field('status', Schemas.STRING)
  .field('id', Schemas.STRING)
  .field('event_count', Schemas.OPTIONAL_INT64)
  .field('data_collections', SchemaBuilder.array(TX_COLLECTION).optional().build())
  .field('ts_ms', Schemas.INT64)
  .build();

export class StreamDecoder {
  readonly #config: PostgresCdcConfig;
  readonly #catalog: TableCatalog;
  readonly #events: ChangeEventFactory;
  #resume: ResumePoint | null;
  readonly #relations = new Map<number, RelationView>();
  #tx: Transaction | null = null;
  #lastCommitLsn: number | null;
  #lastLsn: number | null;
  #lastTxId: number | null = null;
  #lastCommitTimeUs = 0;
  #origin: { name: string; lsn: number } | null = null;

  constructor(
    config: PostgresCdcConfig,
    catalog: TableCatalog,
    events: ChangeEventFactory,
    resume: ResumePoint | null,
  ) {
    this.#config = config;
    this.#catalog = catalog;
    this.#events = events;
    this.#resume = resume;
    this.#lastCommitLsn = resume?.lastCommitLsn ?? null;
    this.#lastLsn = resume?.lsn ?? null;
  }

  resetResume(): void {
    this.#resume = null;
    this.#lastCommitLsn = null;
    this.#lastLsn = null;
  }

  async handle(lsn: number, message: PgoutputMessage, out: SourceRecord[]): Promise<void> {
    switch (message.tag) {
      case 'begin':
        this.#tx = {
          xid: message.xid,
          commitLsn: message.finalLsn,
          commitTimeUs: message.commitTimeUs,
          totalOrder: 0,
          perTable: new Map(),
        };
        this.#origin = null;
        if (this.#config.provideTransactionMetadata && !this.#skip(lsn)) {
          out.push(this.#transactionRecord('BEGIN', lsn, 'BEGIN'));
        }
        return;
      case 'commit': {
        const tx = this.#tx;
        if (tx && this.#config.provideTransactionMetadata && !this.#skip(lsn)) {
          this.#lastLsn = lsn;
          out.push(this.#transactionRecord('END', lsn, 'COMMIT'));
        }
        this.#lastCommitLsn = lsn;
        this.#lastLsn = lsn;
        this.#lastTxId = tx?.xid ?? null;
        this.#lastCommitTimeUs = message.commitTimeUs;
        this.#tx = null;
        return;
      }
      case 'origin':
        this.#origin = { name: message.name, lsn: message.lsn };
        return;
      case 'relation': {
        const table = await this.#catalog.refresh(
          message.relationId,
          message.namespace,
          message.name,
          message.columns.map((c) => c.name),
        );
        const fieldOf = new Int32Array(message.columns.length).fill(-1);
        if (table) {
          message.columns.forEach((c, i) => {
            fieldOf[i] = table.columns.findIndex((f) => f.name === c.name);
          });
        }
        this.#relations.set(message.relationId, { table, fieldOf });
        return;
      }
      case 'insert':
      case 'update':
      case 'delete':
        this.#change(lsn, message, out);
        return;
      case 'truncate':
        if (this.#config.skippedOperations.has('t') || this.#skip(lsn)) return;
        for (const id of message.relationIds) {
          const view = this.#relations.get(id);
          if (!view?.table) continue;
          this.#events.truncate(
            view.table,
            this.#position(view.table, lsn),
            this.#offset(lsn, 'TRUNCATE'),
            out,
          );
        }
        return;
      default:
        return;
    }
  }

  #skip(lsn: number): boolean {
    const tx = this.#tx;
    if (this.#resume === null || tx === null) return false;
    if (alreadyEmitted(this.#resume, tx.xid, tx.commitLsn, lsn)) return true;
    // Past the resume point: the rest of the stream is new.
    if (tx.xid !== this.#resume.txId) this.#resume = null;
    return false;
  }

  #row(view: RelationView, tuple: readonly TupleValue[], fallback: readonly TupleValue[] | null): unknown[] {
    const table = view.table!;
    const row: unknown[] = new Array(table.columns.length).fill(null);
    for (let i = 0; i < tuple.length; i++) {
      const field = view.fieldOf[i]!;
      if (field < 0) continue;
      let text = tuple[i]!;
      if (text === UNCHANGED_TOAST) text = fallback?.[i] ?? UNCHANGED_TOAST;
      if (text === null) continue;
      row[field] =
        text === UNCHANGED_TOAST ? unavailable(table, field) : table.columns[field]!.fromText(text);
    }
    return row;
  }

  #change(
    lsn: number,
    message: Extract<PgoutputMessage, { tag: 'insert' | 'update' | 'delete' }>,
    out: SourceRecord[],
  ): void {
    const view = this.#relations.get(message.relationId);
    const table = view?.table;
    if (!view || !table) return;
    const op = message.tag === 'insert' ? 'c' : message.tag === 'update' ? 'u' : 'd';
    if (this.#config.skippedOperations.has(op) || this.#skip(lsn)) return;
    const tx = this.#tx;
    this.#lastLsn = lsn;
    this.#lastTxId = tx?.xid ?? null;
    const type: MessageType = op === 'c' ? 'INSERT' : op === 'u' ? 'UPDATE' : 'DELETE';
    const position = this.#position(table, lsn);
    const offset = this.#offset(lsn, type);
    const transaction = this.#transactionBlock(table);
    if (message.tag === 'insert') {
      this.#events.change(
        table,
        'c',
        null,
        this.#row(view, message.newTuple, null),
        position,
        offset,
        transaction,
        out,
      );
    } else if (message.tag === 'delete') {
      this.#events.change(
        table,
        'd',
        this.#row(view, message.oldTuple, null),
        null,
        position,
        offset,
        transaction,
        out,
      );
    } else {
      const before = message.oldTuple ? this.#row(view, message.oldTuple, null) : null;
      const after = this.#row(view, message.newTuple, message.oldTuple);
      if (before !== null && table.keySchema !== null && keyChanged(table, before, after)) {
        this.#events.keyChange(table, before, after, position, offset, transaction, out);
      } else {
        this.#events.change(table, 'u', before, after, position, offset, transaction, out);
      }
    }
  }

  #position(table: CapturedTable, lsn: number): SourcePosition {
    const tx = this.#tx;
    return {
      tsUs: tx?.commitTimeUs ?? this.#lastCommitTimeUs,
      snapshot: 'false',
      schema: table.schema,
      table: table.name,
      txId: tx?.xid ?? null,
      lsn,
      lastCommitLsn: this.#lastCommitLsn,
      origin: this.#origin?.name ?? null,
      originLsn: this.#origin?.lsn ?? null,
    };
  }

  #offset(lsn: number, messageType: MessageType): SourceOffset {
    const tx = this.#tx;
    return streamingOffset({
      tsUs: tx?.commitTimeUs ?? this.#lastCommitTimeUs,
      txId: tx?.xid ?? this.#lastTxId,
      lsn,
      lastCommitLsn: this.#lastCommitLsn,
      messageType,
    });
  }

  #transactionBlock(table: CapturedTable): TransactionBlock | null {
    const tx = this.#tx;
    if (!this.#config.provideTransactionMetadata || tx === null) return null;
    const name = `${table.schema}.${table.name}`;
    const inTable = (tx.perTable.get(name) ?? 0) + 1;
    tx.perTable.set(name, inTable);
    tx.totalOrder++;
    return { id: String(tx.xid), totalOrder: tx.totalOrder, dataCollectionOrder: inTable };
  }

  #transactionRecord(status: 'BEGIN' | 'END', lsn: number, messageType: MessageType): SourceRecord {
    const tx = this.#tx!;
    const id = String(tx.xid);
    const end = status === 'END';
    const collections = end
      ? [...tx.perTable].map(([name, count]) => Struct.fromTrustedValues(TX_COLLECTION, [name, count]))
      : null;
    return {
      topic: this.#config.transactionTopic,
      kafkaPartition: null,
      keySchema: TX_KEY,
      key: Struct.fromTrustedValues(TX_KEY, [id]),
      valueSchema: TX_VALUE,
      value: Struct.fromTrustedValues(TX_VALUE, [
        status,
        id,
        end ? tx.totalOrder : null,
        collections,
        Math.floor(tx.commitTimeUs / 1000),
      ]),
      timestamp: null,
      headers: new Headers(),
      sourcePartition: sourcePartition(this.#config.topicPrefix),
      sourceOffset: streamingOffset({
        tsUs: tx.commitTimeUs,
        txId: tx.xid,
        lsn,
        lastCommitLsn: end ? lsn : this.#lastCommitLsn,
        messageType,
      }),
    };
  }

  /** A heartbeat carrying the position reached, or null before any position is known. */
  heartbeat(): SourceRecord | null {
    if (this.#tx !== null || this.#lastLsn === null) return null;
    return {
      topic: this.#config.heartbeatTopic,
      kafkaPartition: 0,
      keySchema: HEARTBEAT_KEY,
      key: Struct.fromTrustedValues(HEARTBEAT_KEY, [this.#config.topicPrefix]),
      valueSchema: HEARTBEAT_VALUE,
      value: Struct.fromTrustedValues(HEARTBEAT_VALUE, [Date.now()]),
      timestamp: null,
      headers: new Headers(),
      sourcePartition: sourcePartition(this.#config.topicPrefix),
      sourceOffset: streamingOffset({
        tsUs: this.#lastCommitTimeUs,
        txId: this.#lastTxId,
        lsn: this.#lastLsn,
        lastCommitLsn: this.#lastCommitLsn,
        messageType: 'COMMIT',
      }),
    };
  }
}

function unavailable(table: CapturedTable, field: number): unknown {
  const schema: Schema = table.valueSchema.fields[field]!.schema;
  if (schema.type === 'STRING') return UNAVAILABLE;
  if (schema.type === 'BYTES' && schema.name === null) return Buffer.from(UNAVAILABLE);
  return null;
}

function keyChanged(table: CapturedTable, before: unknown[], after: unknown[]): boolean {
  return table.keyPositions.some((p) => {
    const a = before[p];
    const b = after[p];
    if (a === b) return false;
    if (a === null || b === null || a === undefined || b === undefined) return true;
    return String(a) !== String(b) && !(Buffer.isBuffer(a) && Buffer.isBuffer(b) && a.equals(b));
  });
}
