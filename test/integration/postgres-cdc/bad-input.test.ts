// Bad input for the PostgreSQL source: a wrong password, a role without REPLICATION, a role that
// may not create the publication it needs, a server without logical decoding, tables that do not
// exist or cannot be read, another decoding plugin. Each gives a clear error on the right key in
// validate(), the same error when a task starts, and leaves no slot or publication behind.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ConfigKeyErrors, TaskConfig } from '../../../shared/api/connector.ts';
import { PostgresConnector } from '../../../shared/connectors/postgres-cdc/connector.ts';
import { PostgresSourceTask } from '../../../shared/connectors/postgres-cdc/source-task.ts';
import { MemoryLeaseStore } from '../../../shared/leases/memory-lease-store.ts';
import { ConnectorService } from '../../../shared/runtime/management/connector-service.ts';
import { MemoryConfigStore } from '../../../shared/runtime/stores/memory-config-store.ts';
import { MemoryStatusStore } from '../../../shared/runtime/stores/memory-status-store.ts';
import { type CdcDatabase, createCdcDatabase, startReplicaLevelCluster } from '../../support/postgres.ts';
import { testRegistry, testRuntime } from '../../support/runtime.ts';
import { useServices } from '../../support/services.ts';
import { collectingSink, SourceTaskDriver } from '../../support/source-driver.ts';
import { waitFor } from '../../support/wait.ts';

function errorsOn(errors: readonly ConfigKeyErrors[], key: string): string {
  return errors.find((e) => e.name === key)?.errors.join('\n') ?? '';
}

describe('PostgreSQL source: bad input gives clear errors and leaves nothing behind', () => {
  let db: CdcDatabase;
  let base: TaskConfig;

  beforeAll(async () => {
    await useServices('postgres');
    db = await createCdcDatabase('bad');
    await db.owner.query('CREATE TABLE orders (id int PRIMARY KEY, note text)');
    await db.admin.query('CREATE TABLE secret (id int PRIMARY KEY)');
    base = {
      ...db.connectorConfig(),
      name: 'bad-input',
      'topic.prefix': 'bad',
      'slot.name': 'bad_slot',
      'publication.name': 'bad_pub',
      'publication.autocreate.mode': 'filtered',
      'table.include.list': 'public.orders',
    };
  });

  afterAll(async () => {
    await db?.drop();
  });

  /** validate() errors, and the task's start error, for `config`; asserts that nothing was left. */
  async function check(
    config: TaskConfig,
  ): Promise<{ errors: readonly ConfigKeyErrors[]; startError: string }> {
    const errors = await new PostgresConnector().validate(config);
    const driver = new SourceTaskDriver(new PostgresSourceTask(), config, collectingSink([]));
    const startError = await driver.start().then(
      () => 'started',
      (error: Error) => error.message,
    );
    await driver.stop();
    expect(await db.slots()).toEqual([]);
    const publications = await db.admin.query('SELECT pubname FROM pg_publication');
    expect(publications.rows).toEqual([]);
    return { errors, startError };
  }

  test('a valid config validates clean (the checks are not always failing)', async () => {
    expect(await new PostgresConnector().validate(base)).toEqual([]);
  });

  test('wrong password', async () => {
    const { errors, startError } = await check({ ...base, 'database.password': 'not-the-password' });
    expect(errorsOn(errors, 'database.hostname')).toMatch(
      /Error while validating connector config: password authentication failed for user/,
    );
    expect(startError).toMatch(/password authentication failed/);
  });

  test('a role without the REPLICATION attribute', async () => {
    await db.admin.query(`CREATE ROLE ${db.user}_norep LOGIN PASSWORD 'pw'`);
    await db.admin.query(`GRANT SELECT ON orders TO ${db.user}_norep`);
    const { errors, startError } = await check({
      ...base,
      'database.user': `${db.user}_norep`,
      'database.password': 'pw',
      'publication.autocreate.mode': 'disabled',
    });
    expect(errorsOn(errors, 'database.user')).toMatch(/roles LOGIN and REPLICATION are not assigned to user/);
    expect(startError).toMatch(/REPLICATION/);
  });

  test('a role that may not create the publication it needs', async () => {
    const allTables = await check({ ...base, 'publication.autocreate.mode': 'all_tables' });
    expect(errorsOn(allTables.errors, 'publication.autocreate.mode')).toMatch(
      /FOR ALL TABLES needs a superuser/,
    );
    expect(allTables.startError).toMatch(/FOR ALL TABLES needs a superuser/);
    const notOwned = await check({ ...base, 'table.include.list': 'public.orders,public.secret' });
    expect(errorsOn(notOwned.errors, 'publication.autocreate.mode')).toMatch(/does not own public\.secret/);
    const missing = await check({ ...base, 'publication.autocreate.mode': 'disabled' });
    expect(errorsOn(missing.errors, 'publication.name')).toMatch(
      /does not exist and publication.autocreate.mode is disabled/,
    );
  });

  test('an unknown table in the include list, and a table the role cannot read', async () => {
    const unknown = await check({ ...base, 'table.include.list': 'public.orders,public.no_such_table' });
    expect(errorsOn(unknown.errors, 'table.include.list')).toMatch(/No table matches 'public.no_such_table'/);
    expect(unknown.startError).toMatch(/No table matches 'public.no_such_table'/);
    const unreadable = await check({
      ...base,
      'table.include.list': 'public.secret',
      'publication.autocreate.mode': 'disabled',
    });
    expect(errorsOn(unreadable.errors, 'table.include.list')).toMatch(/cannot read table public\.secret/);
  });

  test('a decoding plugin other than pgoutput, including Debezium’s default', async () => {
    const { 'plugin.name': _, ...withoutPlugin } = base;
    const errors = await new PostgresConnector().validate(withoutPlugin);
    expect(errorsOn(errors, 'plugin.name')).toMatch(/Only the pgoutput logical decoding plugin is supported/);
    expect(await db.slots()).toEqual([]);
  });

  test('a server without logical decoding (wal_level=replica)', async () => {
    const server = await startReplicaLevelCluster();
    try {
      const config = {
        ...base,
        'database.port': String(server.port),
        'database.user': 'postgres',
        'database.password': 'postgres',
        'database.dbname': 'postgres',
        'table.include.list': '',
        'publication.autocreate.mode': 'all_tables',
      };
      const errors = await new PostgresConnector().validate(config);
      expect(errorsOn(errors, 'plugin.name')).toMatch(
        /needs wal_level=logical, but the server runs with wal_level=replica/,
      );
      const driver = new SourceTaskDriver(new PostgresSourceTask(), config, collectingSink([]));
      await expect(driver.start()).rejects.toThrow(/wal_level=logical/);
      await driver.stop();
    } finally {
      await server.stop();
    }
  });

  test('through the REST API: validate names the key, create is refused, and a task that fails later shows FAILED with the reason', async () => {
    const configs = await MemoryConfigStore.open();
    const statuses = new MemoryStatusStore();
    const leases = new MemoryLeaseStore();
    const service = new ConnectorService({
      configs,
      statuses,
      leases,
      trigger: { reconcile: async () => {} },
      plugins: testRegistry,
    });
    const infos = await service.validate('PostgresConnector', { ...base, 'database.password': 'nope' });
    expect(infos.error_count).toBeGreaterThan(0);
    const hostname = infos.configs.find((c) => c.value.name === 'database.hostname');
    expect(hostname?.value.errors.join()).toMatch(/password authentication failed/);
    await expect(
      service.createConnector({
        name: 'bad-password',
        config: { ...base, name: 'bad-password', 'database.password': 'nope' },
      }),
    ).rejects.toThrow(/password authentication failed/);

    // Valid when created; then the role loses REPLICATION: the task fails at start, and says why.
    await db.admin.query(`CREATE ROLE ${db.user}_later LOGIN REPLICATION PASSWORD 'pw'`);
    await db.owner.query(`GRANT SELECT ON orders TO ${db.user}_later`);
    await db.admin.query(`CREATE PUBLICATION later_pub FOR TABLE orders`);
    const config = {
      ...base,
      name: 'loses-rights',
      'database.user': `${db.user}_later`,
      'database.password': 'pw',
      'publication.name': 'later_pub',
      'publication.autocreate.mode': 'disabled',
      'slot.name': 'later_slot',
    };
    await service.createConnector({ name: 'loses-rights', config });
    await db.admin.query(`ALTER ROLE ${db.user}_later NOREPLICATION`);
    const runtime = testRuntime({ configs, leases, statuses });
    const running = runtime.run();
    try {
      const status = await waitFor(
        'the task to fail',
        async () => {
          const s = await service.connectorStatus('loses-rights');
          return s.tasks[0]?.state === 'FAILED' ? s : undefined;
        },
        60_000,
        200,
      );
      expect(status.tasks[0]?.trace).toMatch(/roles LOGIN and REPLICATION are not assigned to user/);
    } finally {
      await runtime.stop();
      await running;
    }
    expect(await db.slots()).toEqual([]);
    await db.admin.query('DROP PUBLICATION later_pub');
  });
});
