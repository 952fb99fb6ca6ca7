// The PostgreSQL source under the runtime's faults, with its real leases (DynamoDB Local) and the
// real broker: a task invocation killed (SIGKILL, in its own process) in the middle of a stream of
// changes, and a frozen invocation that wakes up after its lease was taken over. Every change
// reaches Kafka; the slot's confirmed position never passes what was committed; the zombie can
// neither commit offsets nor keep the replication slot. Both again with exactly-once delivery
// (worker exactly.once.source.support=enabled, connector exactly.once.support=required): a
// read_committed consumer then sees each change exactly once, and nothing from the zombie.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceTask } from '../../../shared/api/connector.ts';
import type { SourceConnectorPlugin } from '../../../shared/api/plugin.ts';
import { DynamoDBLeaseStore } from '../../../shared/aws/dynamodb-lease-store.ts';
import {
  PostgresConnector,
  postgresConnectorPlugin,
} from '../../../shared/connectors/postgres-cdc/connector.ts';
import { parseLsn } from '../../../shared/connectors/postgres-cdc/lsn.ts';
import { PluginRegistry } from '../../../shared/runtime/plugins/plugins.ts';
import { MemoryConfigStore } from '../../../shared/runtime/stores/memory-config-store.ts';
import { runTaskInvocation } from '../../../shared/runtime/tasks/task-invocation.ts';
import { uniqueName } from '../../support/local.ts';
import { type CdcDatabase, createCdcDatabase } from '../../support/postgres.ts';
import { invocationDeps, reconcileOnce, testRegistry } from '../../support/runtime.ts';
import { useServices } from '../../support/services.ts';
import { createSourceConnector, readTopic } from '../../support/source.ts';
import { localTable } from '../../support/stores.ts';
import { waitFor } from '../../support/wait.ts';

const projectRoot = path.resolve(import.meta.dirname, '../../..');

/** The test worker with a mode's keys on top. */
const workerOf = (keys: Readonly<Record<string, string>>) => ({
  ...invocationDeps(undefined as never, undefined as never).worker,
  ...keys,
});

interface Change {
  readonly op: string;
  readonly id: number;
  readonly v: number | null;
}

/**
 * The change events of a CDC topic, as (op, id, value after) — the JSON converter's output; with
 * readCommitted as a read_committed consumer sees them.
 */
async function changesIn(topic: string, readCommitted = false): Promise<Change[]> {
  return (await readTopic(topic, { readCommitted }).catch(() => []))
    .filter((r) => r.value !== null)
    .map((r) => {
      const payload = JSON.parse(r.value!.toString()).payload as {
        op: string;
        before: { id: number } | null;
        after: { id: number; v: number } | null;
      };
      return { op: payload.op, id: (payload.after ?? payload.before)!.id, v: payload.after?.v ?? null };
    });
}

/** A row version: inserts made before the slot existed come out of the snapshot (op r) instead. */
const keyOf = (c: Change) => `${c.op === 'r' ? 'c' : c.op}:${c.id}:${c.v}`;

/** Worker and connector keys of each delivery guarantee. */
const modes = {
  'at least once': { worker: {}, connector: {}, exactlyOnce: false },
  'exactly once': {
    worker: { 'exactly.once.source.support': 'enabled' },
    connector: { 'exactly.once.support': 'required' },
    exactlyOnce: true,
  },
} as const;

describe.each(Object.entries(modes))('PostgreSQL source under faults, %s', (_mode, mode) => {
  let db: CdcDatabase;
  let tables: Awaited<ReturnType<typeof localTable>>;

  beforeAll(async () => {
    await useServices('postgres');
    db = await createCdcDatabase('faults');
    tables = await localTable();
  });

  afterAll(async () => {
    tables?.client.destroy();
    await db?.drop();
  });

  async function connector(table: string, registry = testRegistry, extra: Record<string, string> = {}) {
    const name = uniqueName('cdc-fault');
    const prefix = name.replace(/-/g, '_');
    await db.owner.query(`CREATE TABLE ${table} (id integer PRIMARY KEY, v integer)`);
    const configs = await MemoryConfigStore.open();
    const leases = new DynamoDBLeaseStore({ client: tables.client, tableName: tables.tableName });
    const record = await createSourceConnector(
      configs,
      name,
      {
        ...db.connectorConfig(),
        'topic.prefix': prefix,
        'slot.name': `${prefix}_slot`,
        'publication.name': `${prefix}_pub`,
        'publication.autocreate.mode': 'filtered',
        'table.include.list': `public.${table}`,
        'topic.creation.default.replication.factor': '1',
        'topic.creation.default.partitions': '1',
        'max.batch.size': '200',
        ...mode.connector,
        ...extra,
      },
      registry,
    );
    await reconcileOnce(configs, leases, name);
    return { name, prefix, topic: `${prefix}.public.${table}`, configs, leases, record };
  }

  /** Inserts then updates `rows` rows in small transactions; returns the changes made. */
  async function workload(table: string, from: number, rows: number): Promise<Change[]> {
    const made: Change[] = [];
    for (let id = from; id < from + rows; id += 10) {
      const ids = Array.from({ length: 10 }, (_, i) => id + i);
      await db.owner.query(`INSERT INTO ${table} SELECT g, g FROM unnest($1::int[]) g`, [ids]);
      made.push(...ids.map((i) => ({ op: 'c', id: i, v: i })));
      await db.owner.query(`UPDATE ${table} SET v = v + 1000000 WHERE id = ANY($1::int[])`, [ids]);
      made.push(...ids.map((i) => ({ op: 'u', id: i, v: i + 1_000_000 })));
    }
    return made;
  }

  it('a task killed mid-stream loses no change, and the slot never runs ahead of the committed offset', async () => {
    // Transactions (exactly once) span an interval, so the kill finds one open with records in it.
    const { name, prefix, topic, configs, leases, record } = await connector('killed', testRegistry, {
      'transaction.boundary': 'interval',
    });
    // Commits seconds apart, so the kill finds records produced but not committed yet.
    const ttlMs = 6000;
    const child = spawn(process.execPath, [path.join(projectRoot, 'test/support/task-process.ts')], {
      cwd: projectRoot,
      env: {
        ...process.env,
        SC_TEST_CONNECTOR: JSON.stringify(record),
        SC_TEST_TABLE: tables.tableName,
        SC_TEST_LEASE_TTL_MS: String(ttlMs),
        SC_TEST_WORKER: JSON.stringify({ ...mode.worker, 'offset.flush.interval.ms': '3000' }),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));

    // Changes start once the (empty) snapshot is done and the task streams, so each one is an event.
    await waitFor(
      'the task to stream',
      async () => {
        if (child.exitCode !== null) throw new Error(`the task process ended early: ${output}`);
        const slot = await db.admin.query('SELECT active FROM pg_replication_slots WHERE slot_name = $1', [
          `${prefix}_slot`,
        ]);
        return slot.rows[0]?.active === 't' ? true : undefined;
      },
      60_000,
      100,
    );
    const expected: Change[] = [];
    let writing = true;
    const writer = (async () => {
      for (let batch = 0; writing && batch < 200; batch++)
        expected.push(...(await workload('killed', batch * 100 + 1, 100)));
    })();
    await waitFor(
      'the child to stream and commit offsets',
      async () => {
        if (child.exitCode !== null) throw new Error(`the task process ended early: ${output}`);
        const [stored] = await leases.sourceOffsets(name);
        return stored && typeof stored.offset.lsn_commit === 'number' && (await changesIn(topic)).length > 500
          ? true
          : undefined;
      },
      90_000,
      100,
    );
    child.kill('SIGKILL');
    await exited;
    // The slot may only have been told what Kafka has: its confirmed position is at most the
    // committed offset's.
    const [atCrash] = await leases.sourceOffsets(name);
    const slot = await db.admin.query<{ confirmed_flush_lsn: string }>(
      'SELECT confirmed_flush_lsn FROM pg_replication_slots WHERE slot_name = $1',
      [`${prefix}_slot`],
    );
    const confirmed = parseLsn(slot.rows[0]!.confirmed_flush_lsn);
    expect(confirmed).toBeLessThanOrEqual(atCrash!.offset.lsn_commit as number);
    writing = false;
    await writer;

    // The next invocation takes the expired lease and the slot over, and catches up.
    let stop!: () => void;
    const next = runTaskInvocation(
      { connector: name, task: 0, reason: 'assigned' },
      invocationDeps(configs, leases, {
        leaseTtlMs: ttlMs,
        worker: workerOf(mode.worker),
        onStart: (runner) => (stop = () => runner.stop()),
      }),
    );
    let ended: unknown;
    void next.then((o) => (ended = o));
    const wanted = new Set(expected.map(keyOf));
    await waitFor(
      'every change in Kafka',
      async () => {
        if (ended)
          throw new Error(
            `the next invocation ended early: ${JSON.stringify(ended, (_k, v) => (v instanceof Error ? v.message : v))}`,
          );
        const seen = new Set((await changesIn(topic)).map(keyOf));
        return [...wanted].every((k) => seen.has(k)) ? true : undefined;
      },
      120_000,
      500,
    );
    stop();
    const outcome = await next;
    expect(outcome.status).toBe('finished');
    const delivered = await changesIn(topic);
    expect(new Set(delivered.map(keyOf))).toEqual(wanted);
    // At least once: what the killed task produced after its last commit comes again, nothing else.
    expect(delivered.length).toBeGreaterThanOrEqual(expected.length);
    if (mode.exactlyOnce) {
      // The killed task's open transaction was aborted: a read_committed consumer sees each change once.
      const committed = (await changesIn(topic, true)).map(keyOf);
      expect(committed.length).toBe(expected.length);
      expect(new Set(committed)).toEqual(wanted);
    }
  });

  it('a frozen invocation that wakes up after its lease was taken can neither commit nor keep the slot', async () => {
    // The zombie's task freezes inside poll() (a process stopped by the OS, a Lambda frozen between
    // calls) until the test thaws it.
    let thaw!: () => void;
    const frozen = new Promise<void>((resolve) => {
      thaw = resolve;
    });
    let freezeNext = false;
    class FreezableConnector extends PostgresConnector {
      override createTask(): SourceTask {
        const task = super.createTask();
        const poll = task.poll.bind(task);
        const mine = freezeNext;
        freezeNext = false;
        task.poll = async () => {
          const records = await poll();
          if (mine && records && records.length > 0) await frozen;
          return records;
        };
        return task;
      }
    }
    const freezable: SourceConnectorPlugin = {
      ...postgresConnectorPlugin,
      create: () => new FreezableConnector(),
    };
    const registry = new PluginRegistry([
      ...testRegistry.all().filter((p) => p !== postgresConnectorPlugin),
      freezable,
    ]);
    const { name, prefix, topic, configs, leases } = await connector('zombie', registry);
    const ttlMs = 1500;
    freezeNext = true;
    const zombie = runTaskInvocation(
      { connector: name, task: 0, reason: 'assigned' },
      invocationDeps(configs, leases, { leaseTtlMs: ttlMs, registry, worker: workerOf(mode.worker) }),
    );
    await waitFor('the zombie to hold the lease and the slot', async () => {
      const slot = await db.admin.query('SELECT active FROM pg_replication_slots WHERE slot_name = $1', [
        `${prefix}_slot`,
      ]);
      return slot.rows[0]?.active === 't' ? true : undefined;
    });
    // Changes for the zombie to take in hand and freeze with.
    const first = await workload('zombie', 1, 50);
    await waitFor('the zombie to freeze with records polled', async () =>
      (await leases.list(name))[0]?.owner ? true : undefined,
    );
    const zombieLease = (await leases.list(name))[0]!;

    // Past the lease's expiry a new invocation of the same task takes it — and the slot — over.
    await new Promise((resolve) => setTimeout(resolve, ttlMs + 300));
    let stopSuccessor!: () => void;
    const successor = runTaskInvocation(
      { connector: name, task: 0, reason: 'assigned' },
      invocationDeps(configs, leases, {
        leaseTtlMs: ttlMs,
        registry,
        worker: workerOf(mode.worker),
        onStart: (runner) => (stopSuccessor = () => runner.stop()),
      }),
    );
    const second = await workload('zombie', 1001, 50);
    const wanted = new Set([...first, ...second].map(keyOf));
    await waitFor(
      'the successor to deliver every change',
      async () => {
        const seen = new Set((await changesIn(topic)).map(keyOf));
        return [...wanted].every((k) => seen.has(k)) ? true : undefined;
      },
      120_000,
      500,
    );
    const successorLease = (await leases.list(name))[0]!;
    expect(successorLease.epoch).toBe(zombieLease.epoch + 1);
    // The successor commits its last offsets shortly after its last send: wait until they settle.
    const [committed] = await waitFor('the successor’s offsets to settle', async () => {
      const before = JSON.stringify(await leases.sourceOffsets(name));
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const after = await leases.sourceOffsets(name);
      return JSON.stringify(after) === before ? after : undefined;
    });

    // The zombie wakes up: its session was ended, its commit refused; the offset is the successor's.
    thaw();
    const zombieOutcome = await zombie;
    expect(zombieOutcome).toMatchObject({
      status: 'finished',
      summary: { reason: 'lease-lost', commits: 0 },
    });
    expect((await leases.sourceOffsets(name))[0]?.offset).toEqual(committed?.offset);
    expect((await leases.list(name))[0]!.owner).toBe(successorLease.owner);
    stopSuccessor();
    expect((await successor).status).toBe('finished');
    // Every change arrived; anything else is a repeat of a change or a snapshot row (the zombie
    // committed no offset before it froze, so its successor snapshotted again: at least once).
    const delivered = await changesIn(topic);
    const seen = new Set(delivered.map(keyOf));
    expect([...wanted].filter((k) => !seen.has(k))).toEqual([]);
    expect(delivered.filter((c) => c.op !== 'r' && !wanted.has(keyOf(c)))).toEqual([]);
    if (mode.exactlyOnce) {
      // The zombie was fenced: it produced nothing visible, so each change is seen once.
      const committed = (await changesIn(topic, true)).map(keyOf);
      expect(committed.length).toBe(new Set(committed).size);
      expect([...wanted].filter((k) => !committed.includes(k))).toEqual([]);
    }
  });
});
