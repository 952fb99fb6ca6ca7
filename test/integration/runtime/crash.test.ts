// Crash: a task invocation killed (SIGKILL, in its own process) in the middle of a batch loses
// nothing. Its leases expire, the next invocation takes them over and resumes exactly at the
// committed offsets; the only repeats are what the dead one wrote after its last commit.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DynamoDBLeaseStore } from '../../../shared/aws/dynamodb-lease-store.ts';
import { MemoryConfigStore } from '../../../shared/runtime/stores/memory-config-store.ts';
import { runTaskInvocation } from '../../../shared/runtime/tasks/task-invocation.ts';
import { createTopic, produce } from '../../support/kafka.ts';
import { auditLeaseHistory } from '../../support/lease-audit.ts';
import { uniqueName } from '../../support/local.ts';
import { ledger } from '../../support/recording-sink.ts';
import { createRecordingConnector, invocationDeps, reconcileOnce } from '../../support/runtime.ts';
import { localTable } from '../../support/stores.ts';
import { waitFor } from '../../support/wait.ts';

const PARTITIONS = 4;
const PER_PARTITION = 2500;
const projectRoot = path.resolve(import.meta.dirname, '../../..');

describe('a task killed mid-batch', () => {
  it('loses nothing: the next owner resumes from the committed offsets', async () => {
    const topic = uniqueName('crash');
    const name = uniqueName('crashing');
    await createTopic(topic, PARTITIONS);
    await produce(
      Array.from({ length: PARTITIONS * PER_PARTITION }, (_, i) => ({
        topic,
        partition: i % PARTITIONS,
        key: null,
        value: `v${i}`,
      })),
    );
    const { client, tableName } = await localTable();
    const leases = new DynamoDBLeaseStore({ client, tableName });
    const configs = await MemoryConfigStore.open();
    const outputFile = path.join(await mkdtemp(path.join(tmpdir(), 'sc-crash-')), 'sink.jsonl');
    const record = await createRecordingConnector(configs, name, topic, {
      'ledger.file': outputFile,
      // Small fetches make many small batches, so the kill lands between put and commit.
      'consumer.override.max.partition.fetch.bytes': '2048',
    });
    await reconcileOnce(configs, leases, name);

    // The doomed invocation, slowed down so that it is killed with work in flight.
    const ttlMs = 2000;
    const child = spawn(process.execPath, [path.join(projectRoot, 'test/support/task-process.ts')], {
      cwd: projectRoot,
      env: {
        ...process.env,
        SC_TEST_CONNECTOR: JSON.stringify(record),
        SC_TEST_TABLE: tableName,
        SC_TEST_PUT_DELAY_MS: '300',
        SC_TEST_LEASE_TTL_MS: String(ttlMs),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let childOutput = '';
    child.stdout.on('data', (chunk) => (childOutput += chunk));
    child.stderr.on('data', (chunk) => (childOutput += chunk));
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    const linesOf = () =>
      existsSync(outputFile)
        ? readFileSync(outputFile, 'utf8')
            .split('\n')
            .filter(Boolean)
            // The kill may tear the last line in half: only whole lines were written.
            .flatMap((l) => {
              try {
                return [JSON.parse(l) as [number, string, number, number]];
              } catch {
                return [];
              }
            })
        : [];
    await waitFor(
      'the child to commit and keep writing',
      async () => {
        if (child.exitCode !== null) throw new Error(`the task process ended early: ${childOutput}`);
        const committed = (await leases.list(name)).reduce((sum, l) => sum + (l.offset ?? 0), 0);
        return committed > 500 && linesOf().length > committed ? true : undefined;
      },
      60_000,
      20,
    );
    child.kill('SIGKILL');
    await exited;
    const atCrash = await leases.list(name);
    const written = linesOf();
    const committedAtCrash = new Map(atCrash.map((l) => [l.partition, l.offset ?? 0]));
    const uncommittedWrites = written.filter(([, , p, o]) => o >= committedAtCrash.get(p)!).length;
    expect(uncommittedWrites).toBeGreaterThan(0);
    expect(atCrash.every((l) => l.owner !== null)).toBe(true);

    // The next invocation of the task takes the expired leases over and finishes the topic.
    let stop!: () => void;
    const next = runTaskInvocation(
      { connector: name, task: 0, reason: 'assigned' },
      invocationDeps(configs, leases, {
        leaseTtlMs: ttlMs,
        onStart: (runner) => (stop = () => runner.stop()),
      }),
    );
    let ended: unknown;
    void next.then((outcome) => (ended = outcome));
    await waitFor(
      'every offset committed by the next owner',
      async () => {
        if (ended) throw new Error(`the next invocation ended early: ${JSON.stringify(ended)}`);
        return (await leases.list(name)).every((l) => l.offset === PER_PARTITION) ? true : undefined;
      },
      120_000,
    );
    stop();
    expect((await next).status).toBe('finished');

    const resumed = ledger(name).deliveries;
    for (let p = 0; p < PARTITIONS; p++) {
      const offsets = resumed.filter((d) => d.partition === p).map((d) => d.offset);
      // Resumed exactly at the committed offset, then every later offset once, in order.
      const from = committedAtCrash.get(p)!;
      expect(offsets).toEqual(Array.from({ length: PER_PARTITION - from }, (_, i) => from + i));
      // Before the crash the dead task had delivered everything below the committed offset.
      const before = new Set(written.filter(([, , wp]) => wp === p).map(([, , , o]) => o));
      for (let o = 0; o < from; o++) expect(before.has(o)).toBe(true);
    }
    const audit = auditLeaseHistory(await leases.events(name));
    expect(audit.violations).toEqual([]);
    expect(audit.takeovers).toBe(PARTITIONS);
    client.destroy();
  });
});
