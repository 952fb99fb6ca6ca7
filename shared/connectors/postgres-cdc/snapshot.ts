// The initial snapshot: every captured table read in one repeatable-read transaction — the one the
// slot exported when it was created, so the snapshot and the stream meet exactly at the slot's
// start — through a cursor per table, a bounded number of rows at a time. Rows carry Debezium's
// snapshot markers (first, first_in_data_collection, last_in_data_collection, last, true), which
// need one row of look-ahead per table.
import type pg from 'pg';
import { quoteIdent, quoteLiteral } from './connection.ts';
import { parseLsn } from './lsn.ts';
import type { SnapshotMarker } from './source-info.ts';
import type { CapturedTable } from './table-schema.ts';

export interface SnapshotRow {
  readonly table: CapturedTable;
  readonly values: (string | null)[];
  readonly marker: SnapshotMarker;
}

function markerFor(
  firstTable: boolean,
  lastTable: boolean,
  firstInTable: boolean,
  lastInTable: boolean,
): SnapshotMarker {
  if (lastInTable && lastTable) return 'last';
  if (firstInTable && firstTable) return 'first';
  if (lastInTable) return 'last_in_data_collection';
  if (firstInTable) return 'first_in_data_collection';
  return 'true';
}

export class SnapshotReader {
  readonly #client: pg.Client;
  readonly #tables: readonly CapturedTable[];
  readonly #columnNames: ReadonlyMap<CapturedTable, readonly string[]>;
  readonly #fetchSize: number;
  #tableIndex = -1;
  #rowsInTable = 0;
  #pending: (string | null)[] | null = null;
  #cursorOpen = false;
  #exhausted = false;
  /** Where the snapshot sits in the WAL, its transaction and its start time (for the source block). */
  readonly lsn: number;
  readonly txId: number;
  readonly startedUs: number;

  private constructor(
    client: pg.Client,
    tables: readonly CapturedTable[],
    columnNames: ReadonlyMap<CapturedTable, readonly string[]>,
    fetchSize: number,
    lsn: number,
    txId: number,
  ) {
    this.#client = client;
    this.#tables = tables;
    this.#columnNames = columnNames;
    this.#fetchSize = fetchSize;
    this.lsn = lsn;
    this.txId = txId;
    this.startedUs = Date.now() * 1000;
  }

  /**
   * Opens the snapshot transaction on `client` (a plain session the reader then owns), on the
   * exported `snapshotName` when there is one.
   */
  static async open(
    client: pg.Client,
    tables: readonly CapturedTable[],
    columnNames: ReadonlyMap<CapturedTable, readonly string[]>,
    fetchSize: number,
    snapshotName: string | null,
  ): Promise<SnapshotReader> {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    if (snapshotName) await client.query(`SET TRANSACTION SNAPSHOT ${quoteLiteral(snapshotName)}`);
    const position = await client.query<{ lsn: string; txid: string }>(
      'SELECT pg_catalog.pg_current_wal_lsn() AS lsn, pg_catalog.txid_current() AS txid',
    );
    const row = position.rows[0]!;
    return new SnapshotReader(client, tables, columnNames, fetchSize, parseLsn(row.lsn), Number(row.txid));
  }

  get done(): boolean {
    return this.#exhausted;
  }

  /** Up to about `max` rows; an empty array once every table was read. */
  async next(max: number): Promise<SnapshotRow[]> {
    const out: SnapshotRow[] = [];
    while (out.length < max && !this.#exhausted) {
      if (!this.#cursorOpen) {
        this.#tableIndex++;
        if (this.#tableIndex >= this.#tables.length) {
          this.#exhausted = true;
          break;
        }
        const table = this.#tables[this.#tableIndex]!;
        const columns = this.#columnNames.get(table)!.map(quoteIdent).join(', ');
        await this.#client.query(
          `DECLARE sc_snapshot NO SCROLL CURSOR FOR SELECT ${columns || 'NULL'} FROM ${quoteIdent(table.schema)}.${quoteIdent(table.name)}`,
        );
        this.#cursorOpen = true;
        this.#rowsInTable = 0;
        this.#pending = null;
      }
      const table = this.#tables[this.#tableIndex]!;
      const result = await this.#client.query({
        text: `FETCH FORWARD ${this.#fetchSize} FROM sc_snapshot`,
        rowMode: 'array',
      });
      const rows = result.rows as (string | null)[][];
      const firstTable = this.#tableIndex === 0;
      const lastTable = this.#tableIndex === this.#tables.length - 1;
      for (const row of rows) {
        if (this.#pending) {
          this.#rowsInTable++;
          out.push({
            table,
            values: this.#pending,
            marker: markerFor(firstTable, lastTable, this.#rowsInTable === 1, false),
          });
        }
        this.#pending = row;
      }
      if (rows.length < this.#fetchSize) {
        if (this.#pending) {
          this.#rowsInTable++;
          out.push({
            table,
            values: this.#pending,
            marker: markerFor(firstTable, lastTable, this.#rowsInTable === 1, true),
          });
          this.#pending = null;
        }
        await this.#client.query('CLOSE sc_snapshot');
        this.#cursorOpen = false;
      }
    }
    return out;
  }

  /** Ends the snapshot transaction (read only, so nothing to keep) and the session. */
  async close(): Promise<void> {
    await this.#client.query('ROLLBACK').catch(() => {});
    await this.#client.end().catch(() => {});
  }
}
