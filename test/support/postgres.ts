// Throwaway databases on the local PostgreSQL (the `postgres` service) for CDC tests: a database and
// an unprivileged role (LOGIN REPLICATION, owner of its tables, may create publications) per test
// file, and a cleanup that drops the slots and publications the test left, then the database.
import pg from 'pg';
import { postgresAdmin } from '../../scripts/infra/settings.ts';
import { uniqueName } from './local.ts';

export interface CdcDatabase {
  readonly dbname: string;
  readonly user: string;
  readonly password: string;
  /** A superuser session on the test database. */
  readonly admin: pg.Client;
  /** A session of the unprivileged role on the test database. */
  readonly owner: pg.Client;
  /** Connector keys for this database and role. */
  connectorConfig(): Record<string, string>;
  /** Slots of this database that still exist. */
  slots(): Promise<string[]>;
  drop(): Promise<void>;
}

const textTypes = { getTypeParser: () => (v: string) => v } as unknown as pg.CustomTypesConfig;

export async function adminClient(database: string = postgresAdmin.database): Promise<pg.Client> {
  const client = new pg.Client({ ...postgresAdmin, database, types: textTypes });
  client.on('error', () => {});
  await client.connect();
  return client;
}

export async function createCdcDatabase(prefix = 'cdc'): Promise<CdcDatabase> {
  const name = uniqueName(prefix).replace(/-/g, '_');
  const user = `${name}_user`;
  const password = `pw_${name}`;
  const root = await adminClient();
  await root.query(`CREATE ROLE ${user} LOGIN REPLICATION PASSWORD '${password}'`);
  await root.query(`CREATE DATABASE ${name} OWNER ${user}`);
  const admin = await adminClient(name);
  const owner = new pg.Client({ ...postgresAdmin, user, password, database: name, types: textTypes });
  owner.on('error', () => {});
  await owner.connect();
  return {
    dbname: name,
    user,
    password,
    admin,
    owner,
    connectorConfig: () => ({
      'connector.class': 'io.debezium.connector.postgresql.PostgresConnector',
      'database.hostname': postgresAdmin.host,
      'database.port': String(postgresAdmin.port),
      'database.user': user,
      'database.password': password,
      'database.dbname': name,
      'plugin.name': 'pgoutput',
    }),
    async slots() {
      const result = await root.query<{ slot_name: string }>(
        'SELECT slot_name FROM pg_replication_slots WHERE database = $1',
        [name],
      );
      return result.rows.map((r) => r.slot_name);
    },
    async drop() {
      await owner.end().catch(() => {});
      await admin.end().catch(() => {});
      // A slot pins WAL forever; end whoever still streams one, then drop it.
      await root.query(
        `SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE database = $1 AND active_pid IS NOT NULL`,
        [name],
      );
      for (let i = 0; i < 50; i++) {
        const left = await root.query(
          'SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE database = $1 AND NOT active',
          [name],
        );
        const remaining = await root.query('SELECT 1 FROM pg_replication_slots WHERE database = $1', [name]);
        if ((remaining.rowCount ?? 0) === 0) break;
        void left;
        await new Promise((r) => setTimeout(r, 100));
      }
      await root.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await root.query(`DROP ROLE IF EXISTS ${user}`);
      await root.end();
    },
  };
}

/**
 * A second, short-lived PostgreSQL cluster with `wal_level=replica` (logical decoding off), on a
 * free port, for the tests that need a server the connector must refuse.
 */
export async function startReplicaLevelCluster(): Promise<{ port: number; stop(): Promise<void> }> {
  const { initCluster, postgresBinDir, serverArguments } = await import('../../scripts/infra/postgres.ts');
  const { freePort } = await import('./kafka-connect-worker.ts');
  const { mkdtemp, rm } = await import('node:fs/promises');
  const { chownSync, readFileSync } = await import('node:fs');
  const { spawn } = await import('node:child_process');
  const os = await import('node:os');
  const binDir = postgresBinDir();
  if (!binDir) throw new Error('PostgreSQL binaries not found');
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const account = root
    ? (() => {
        const line = readFileSync('/etc/passwd', 'utf8')
          .split('\n')
          .find((l) => l.startsWith('postgres:'))!;
        const [, , uid, gid] = line.split(':');
        return { uid: Number(uid), gid: Number(gid) };
      })()
    : undefined;
  const dir = await mkdtemp(`${os.tmpdir()}/pg-replica-`);
  if (account) chownSync(dir, account.uid, account.gid);
  const data = `${dir}/data`;
  await initCluster(binDir, data, postgresAdmin.password, account);
  const port = await freePort();
  const child = spawn(`${binDir}/postgres`, serverArguments(data, port, 'replica'), {
    stdio: 'ignore',
    ...account,
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    const probe = new pg.Client({ ...postgresAdmin, port });
    probe.on('error', () => {});
    try {
      await probe.connect();
      await probe.end();
      break;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    port,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGINT');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
