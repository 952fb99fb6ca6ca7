// The replication slot and the publication: look them up, create them as Debezium does, take a slot
// over from a session that still holds it (a zombie invocation whose lease was taken), drop it.
import type pg from 'pg';
import { ConnectError } from '../../api/errors.ts';
import type { PostgresCdcConfig } from './config.ts';
import { identifier, quoteIdent } from './connection.ts';
import { parseLsn } from './lsn.ts';

type Queryable = Pick<pg.Client, 'query'>;

export interface SlotState {
  readonly plugin: string;
  readonly database: string;
  readonly activePid: number | null;
  readonly confirmedFlushLsn: number | null;
  /** 'lost' when the server removed WAL the slot needed (max_slot_wal_keep_size). */
  readonly walStatus: string | null;
}

export async function slotState(client: Queryable, slotName: string): Promise<SlotState | null> {
  const result = await client.query<{
    plugin: string;
    database: string;
    active_pid: string | null;
    confirmed_flush_lsn: string | null;
    wal_status: string | null;
  }>(
    `SELECT plugin, database, active_pid, confirmed_flush_lsn, wal_status
       FROM pg_catalog.pg_replication_slots WHERE slot_name = $1`,
    [slotName],
  );
  const row = result.rows[0];
  if (!row) return null;
  return {
    plugin: row.plugin,
    database: row.database,
    activePid: row.active_pid === null ? null : Number(row.active_pid),
    confirmedFlushLsn: row.confirmed_flush_lsn === null ? null : parseLsn(row.confirmed_flush_lsn),
    walStatus: row.wal_status,
  };
}

export interface CreatedSlot {
  readonly consistentPoint: number;
  /** The exported snapshot that sees the database exactly at the slot's start, when asked for. */
  readonly snapshotName: string | null;
}

/** CREATE_REPLICATION_SLOT on a walsender session; with `exportSnapshot`, keep that session idle
 * until the snapshot was imported elsewhere (SET TRANSACTION SNAPSHOT). */
export async function createSlot(
  replication: pg.Client,
  slotName: string,
  exportSnapshot: boolean,
): Promise<CreatedSlot> {
  const result = await replication.query<{ consistent_point: string; snapshot_name: string | null }>(
    `CREATE_REPLICATION_SLOT ${quoteIdent(slotName)} LOGICAL pgoutput ${exportSnapshot ? 'EXPORT_SNAPSHOT' : 'NOEXPORT_SNAPSHOT'}`,
  );
  const row = result.rows[0]!;
  return { consistentPoint: parseLsn(row.consistent_point), snapshotName: row.snapshot_name ?? null };
}

export async function dropSlot(client: Queryable, slotName: string): Promise<void> {
  await client.query(
    'SELECT pg_catalog.pg_drop_replication_slot(slot_name) FROM pg_catalog.pg_replication_slots WHERE slot_name = $1',
    [slotName],
  );
}

/**
 * Ends the session holding `slotName` when it is this connector's own (same user, same
 * application name): a task of an earlier invocation that lost its lease. The lease, not the slot,
 * says who owns the stream; anyone else's session is left alone. Returns whether one was ended.
 */
export async function takeOverSlot(
  client: Queryable,
  slotName: string,
  applicationName: string,
): Promise<boolean> {
  const result = await client.query<{ ended: string | null }>(
    `SELECT pg_catalog.pg_terminate_backend(s.active_pid) AS ended
       FROM pg_catalog.pg_replication_slots s
       JOIN pg_catalog.pg_stat_activity a ON a.pid = s.active_pid
      WHERE s.slot_name = $1 AND a.usename = current_user AND a.application_name = $2`,
    [slotName, applicationName],
  );
  return result.rows.some((r) => r.ended === 't' || (r.ended as unknown) === true);
}

export async function publicationExists(client: Queryable, name: string): Promise<boolean> {
  const result = await client.query('SELECT 1 FROM pg_catalog.pg_publication WHERE pubname = $1', [name]);
  return (result.rowCount ?? 0) > 0;
}

/**
 * Makes sure the publication exists as `publication.autocreate.mode` says (Debezium's
 * PostgresReplicationConnection.initPublication): created when missing; with `filtered`, its table
 * list is set to the captured tables on every start.
 */
export async function ensurePublication(
  client: Queryable,
  config: PostgresCdcConfig,
  capturedTables: readonly { schema: string; name: string }[],
): Promise<void> {
  const name = config.publicationName;
  const exists = await publicationExists(client, name);
  const tableList = () =>
    capturedTables.map((t) => `${quoteIdent(t.schema)}.${quoteIdent(t.name)}`).join(', ');
  switch (config.publicationAutocreateMode) {
    case 'disabled':
      if (!exists) {
        throw new ConnectError(
          `Publication '${name}' does not exist and publication.autocreate.mode is disabled; create it (CREATE PUBLICATION ${identifier(name)} FOR ...) or change the mode`,
        );
      }
      return;
    case 'all_tables':
      if (!exists) await client.query(`CREATE PUBLICATION ${identifier(name)} FOR ALL TABLES`);
      return;
    case 'no_tables':
      if (!exists) await client.query(`CREATE PUBLICATION ${identifier(name)}`);
      return;
    case 'filtered':
      if (capturedTables.length === 0) {
        throw new ConnectError(
          `No table matches the configured filters, so the filtered publication '${name}' would be empty`,
        );
      }
      await client.query(
        exists
          ? `ALTER PUBLICATION ${identifier(name)} SET TABLE ${tableList()}`
          : `CREATE PUBLICATION ${identifier(name)} FOR TABLE ${tableList()}`,
      );
      return;
  }
}
