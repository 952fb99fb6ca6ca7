// Crash: a task invocation killed (SIGKILL, in its own process) in the middle of a batch loses
// nothing. Its leases expire, the next invocation takes them over and resumes exactly at the
// committed offsets; on the recording sink the only repeats are what the dead one wrote after its
// last commit, and the shipped file sink's output file holds every record exactly once (the next
// owner cuts off what the dead one wrote after its last commit).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DynamoDBLeaseStore } from '../../../shared/aws/dynamodb-lease-store.ts';
import { createProducer } from '../../../shared/kafka/index.ts';
import { MemoryConfigStore } from '../../../shared/runtime/stores/memory-config-store.ts';
import { runTaskInvocation } from '../../../shared/runtime/tasks/task-invocation.ts';
import { createTopic, produce, testConnection } from '../../support/kafka.ts';
import { auditLeaseHistory } from '../../support/lease-audit.ts';
import { uniqueName } from '../../support/local.ts';
import { ledger } from '../../support/recording-sink.ts';
import { invocationDeps, reconcileOnce } from '../../support/runtime.ts';
import {
  expectExactlyOnce,
  PlacedRecords,
  type SinkKind,
  sinkUnderTest,
} from '../../support/sinks-under-test.ts';
import { localTable } from '../../support/stores.ts';
import { waitFor } from '../../support/wait.ts';

const PARTITIONS = 4;
const PER_PARTITION = 2500;
const projectRoot = path.resolve(import.meta.dirname, '../../..');

describe.each<SinkKind>(['recording', 'file'])(
  'a task killed mid-batch (%s sink, dynamodb leases)',
  (kind) => {
    it('loses nothing: the next owner resumes from the committed offsets', async () => {
      const topic = uniqueName('crash');
      const name = uniqueName('crashing');
      await createTopic(topic, PARTITIONS);
      const records = new PlacedRecords(topic, PARTITIONS);
      await produce(records.next(PARTITIONS * PER_PARTITION));
      const { client, tableName } = await localTable();
      const leases = new DynamoDBLeaseStore({ client, tableName });
      const configs = await MemoryConfigStore.open();
      const ledgerFile = path.join(await mkdtemp(path.join(tmpdir(), 'sc-crash-')), 'sink.jsonl');
      const sink = await sinkUnderTest(kind, name, topic, {
        ...(kind === 'recording' ? { 'ledger.file': ledgerFile } : {}),
        // Small fetches make many small batches, so the kill lands between put and commit.
        'consumer.override.max.partition.fetch.bytes': '2048',
      });
      const record = await configs.create(
        { name, config: sink.config, taskConfigs: [{ ...sink.config }], targetState: 'RUNNING' },
        Date.now(),
      );
      // The doomed child must hold every partition. A coordinator pass right after the topic was
      // created can still miss partitions (the child then ends 'unassigned' at once): reconcile
      // until each partition has its lease for task 0.
      await waitFor(
        'every partition leased to task 0',
        async () => {
          await reconcileOnce(configs, leases, name);
          const listed = await leases.list(name);
          return listed.length === PARTITIONS && listed.every((l) => l.assignee === 0) ? true : undefined;
        },
        30_000,
        200,
      );

      // The doomed invocation, slowed down (recording sink) or kept busy with new records (the
      // file sink outruns any backlog) so that it is killed with work in flight.
      // Slack for the child's renewals on a loaded machine (at 2 s it ended early once, 'finished',
      // before the test saw a commit); the next owner waits this long after the kill.
      const ttlMs = 4000;
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
      let producing = kind === 'file';
      const producer = createProducer(testConnection);
      const load = (async () => {
        while (producing) {
          await producer.send(records.next(PARTITIONS * 50));
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      })();
      const linesOf = () =>
        existsSync(ledgerFile)
          ? readFileSync(ledgerFile, 'utf8')
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
      const committedNow = async () => (await leases.list(name)).reduce((sum, l) => sum + (l.offset ?? 0), 0);
      if (kind === 'recording') {
        await waitFor(
          'the child to commit and keep writing',
          async () => {
            if (child.exitCode !== null) throw new Error(`the task process ended early: ${childOutput}`);
            const committed = await committedNow();
            return committed > 500 && linesOf().length > committed ? true : undefined;
          },
          60_000,
          20,
        );
      } else {
        // The file sink writes a batch's lines just before it commits their offsets: catch it in
        // between, freeze it there, and kill it only if the commit had really not happened yet.
        // The file's size is what is watched: a stat takes microseconds, so the child is frozen
        // within a poll of its write, while reading the whole growing file and the leases takes
        // long enough for the commit to land in between, every time on a quiet machine.
        const file = String(sink.config.file);
        const sizeNow = () => (existsSync(file) ? statSync(file).size : 0);
        let lastSize = sizeNow();
        await waitFor(
          'the child frozen with lines written but not committed',
          async () => {
            if (child.exitCode !== null) throw new Error(`the task process ended early: ${childOutput}`);
            const size = sizeNow();
            if (size === lastSize) return undefined;
            child.kill('SIGSTOP');
            // A commit already on its way to DynamoDB lands meanwhile.
            await new Promise((resolve) => setTimeout(resolve, 300));
            const committed = await committedNow();
            if (committed > 0 && sink.output().length > committed) return true;
            lastSize = sizeNow();
            child.kill('SIGCONT');
            return undefined;
          },
          60_000,
          1,
        );
      }
      child.kill('SIGKILL');
      await exited;
      producing = false;
      await load;
      await producer.close();
      const atCrash = await leases.list(name);
      const committedAtCrash = new Map(atCrash.map((l) => [l.partition, l.offset ?? 0]));
      // Killed holding its leases: a clean end would have released them.
      expect(atCrash.every((l) => l.owner !== null)).toBe(true);
      const written = linesOf();
      const committedSum = [...committedAtCrash.values()].reduce((a, b) => a + b, 0);
      if (kind === 'recording') {
        const uncommittedWrites = written.filter(([, , p, o]) => o >= committedAtCrash.get(p)!).length;
        expect(uncommittedWrites).toBeGreaterThan(0);
      } else {
        // Lines in the file whose offsets were not committed: the next owner must cut them off.
        expect(sink.output().length).toBeGreaterThan(committedSum);
      }
      const total = records.produced.length;
      expect(committedSum).toBeLessThan(total);

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
          return (await leases.list(name)).every((l) => l.offset === total / PARTITIONS) ? true : undefined;
        },
        120_000,
      );
      stop();
      expect((await next).status).toBe('finished');

      if (kind === 'file') {
        expectExactlyOnce(sink.output(), records.produced);
      } else {
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
      }
      const audit = auditLeaseHistory(await leases.events(name));
      expect(audit.violations).toEqual([]);
      expect(audit.takeovers).toBe(PARTITIONS);
      client.destroy();
    });
  },
);
