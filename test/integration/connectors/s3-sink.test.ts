// The S3 sink against the real broker and LocalStack's S3: the same 100,000 records end up in the
// same objects, byte for byte, whether the tasks ran straight through, were killed twice and
// restarted, or ran in the distributed runtime while their number changed.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../../shared/runtime/local-runtime.ts';
import { startCli } from '../../support/cli.ts';
import { createTopic, produce } from '../../support/kafka.ts';
import { uniqueName } from '../../support/local.ts';
import { setTasksMax, testRuntime } from '../../support/runtime.ts';
import {
  type BucketObjects,
  createBucket,
  listObjects,
  localStackS3Sink,
  readObjects,
  s3TestClient,
} from '../../support/s3.ts';
import { useServices } from '../../support/services.ts';
import { testStores } from '../../support/stores.ts';
import { waitFor } from '../../support/wait.ts';

const PARTITIONS = 6;
const RECORDS = 100_000;
const FLUSH_SIZE = 1000;
const topic = uniqueName('s3-archive');
const s3 = s3TestClient();

/** Record n of the topic: partition n % 6, its JSON value as the producer wrote it. */
const recordValue = (partition: number, seq: number) =>
  `{"partition":${partition},"seq":${seq},"pad":"${'x'.repeat(seq % 37)}"}`;
const perPartition = (p: number) => Math.floor(RECORDS / PARTITIONS) + (p < RECORDS % PARTITIONS ? 1 : 0);

/** The objects Confluent's S3 sink writes for the topic: every full flush.size block of each partition. */
function expectedObjects(): Map<string, string> {
  const objects = new Map<string, string>();
  for (let p = 0; p < PARTITIONS; p++) {
    for (let start = 0; start + FLUSH_SIZE <= perPartition(p); start += FLUSH_SIZE) {
      const key = `topics/${topic}/partition=${p}/${topic}+${p}+${String(start).padStart(10, '0')}.json`;
      let body = '';
      for (let seq = start; seq < start + FLUSH_SIZE; seq++) body += `${recordValue(p, seq)}\n`;
      objects.set(key, body);
    }
  }
  return objects;
}

function connectorConfig(bucket: string, tasks = 3): Record<string, string> {
  return {
    ...localStackS3Sink(bucket),
    topics: topic,
    'tasks.max': String(tasks),
    'tasks.autoscale.enable': 'false',
    'format.class': 'io.confluent.connect.s3.format.json.JsonFormat',
    'flush.size': String(FLUSH_SIZE),
    // Smaller fetches: more batches, so the kills below land while uploads are in flight.
    'consumer.override.max.partition.fetch.bytes': '65536',
    'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter.schemas.enable': 'false',
  };
}

const expected = expectedObjects();

async function allObjects(bucket: string): Promise<BucketObjects> {
  await waitFor(
    `${expected.size} objects in ${bucket}`,
    async () => ((await listObjects(s3, bucket)).length >= expected.size ? true : undefined),
    240_000,
  );
  return readObjects(s3, bucket);
}

beforeAll(async () => {
  await useServices('localstack');
  await createTopic(topic, PARTITIONS);
  const records = [];
  for (let i = 0; i < RECORDS; i++) {
    const partition = i % PARTITIONS;
    const seq = Math.floor(i / PARTITIONS);
    records.push({ topic, partition, key: null, value: recordValue(partition, seq) });
  }
  await produce(records, 5000);
}, 120_000);

afterAll(() => s3.destroy());

describe('S3 sink, 100,000 records on 6 partitions, tasks.max=3, flush.size=1000', () => {
  let straight: BucketObjects;

  it('writes exactly the expected objects with exactly the expected records', async () => {
    const bucket = await createBucket(s3, uniqueName('sc-straight'));
    const run = await standalone(bucket);
    straight = await allObjects(bucket);
    await stopStandalone(run);
    expect([...straight.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [key, body] of expected) expect(straight.get(key)?.toString('utf8'), key).toBe(body);
  }, 300_000);

  it('writes the same bytes when killed (SIGKILL) twice mid-upload and restarted', async () => {
    const bucket = await createBucket(s3, uniqueName('sc-killed'));
    for (const killAt of [20, 55]) {
      const run = await standalone(bucket);
      await waitFor(
        `${killAt} objects`,
        async () => ((await listObjects(s3, bucket)).length >= killAt ? true : undefined),
        240_000,
      );
      run.child.kill('SIGKILL');
      expect((await run.done).signal).toBe('SIGKILL');
      expect((await listObjects(s3, bucket)).length).toBeLessThan(expected.size);
    }
    const last = await standalone(bucket);
    const killed = await allObjects(bucket);
    await stopStandalone(last);
    expect(sameBytes(killed, straight)).toEqual([]);
  }, 300_000);

  it('writes the same bytes in the distributed runtime while the number of tasks changes', async () => {
    const bucket = await createBucket(s3, uniqueName('sc-distributed'));
    const { configs, leases, cleanup } = await testStores('dynamodb');
    const name = uniqueName('s3-distributed');
    let runtime: LocalRuntime | undefined;
    try {
      const config = connectorConfig(bucket, 3);
      await configs.create(
        { name, config, taskConfigs: [config, config, config], targetState: 'RUNNING' },
        Date.now(),
      );
      runtime = testRuntime({ configs, leases });
      const running = runtime.run();
      for (const [tasks, objects] of [
        [1, 15],
        [2, 35],
        [3, 60],
      ] as const) {
        await waitFor(
          `${objects} objects`,
          async () => ((await listObjects(s3, bucket)).length >= objects ? true : undefined),
          240_000,
        );
        await setTasksMax(configs, name, tasks);
        runtime.reconcileSoon();
      }
      const distributed = await allObjects(bucket);
      await runtime.stop();
      await running;
      expect(sameBytes(distributed, straight)).toEqual([]);
      // Offsets stop after the last full object of each partition: the rest is read again later.
      const committed = new Map((await leases.list(name)).map((l) => [l.partition, l.offset]));
      for (let p = 0; p < PARTITIONS; p++)
        expect(committed.get(p)).toBe(Math.floor(perPartition(p) / FLUSH_SIZE) * FLUSH_SIZE);
    } finally {
      await runtime?.stop();
      await cleanup();
    }
  }, 300_000);
});

/** Keys that differ between two buckets (missing, extra, or other bytes). */
function sameBytes(actual: BucketObjects, reference: BucketObjects): string[] {
  const keys = new Set([...actual.keys(), ...reference.keys()]);
  return [...keys].filter((key) => !actual.get(key)?.equals(reference.get(key) ?? Buffer.alloc(0)));
}

/** The standalone CLI on the connector above; runs for one bucket share their offsets file. */
const workDirs = new Map<string, string>();
async function standalone(bucket: string) {
  const dir = workDirs.get(bucket) ?? (await mkdtemp(path.join(tmpdir(), 'sc-s3-')));
  workDirs.set(bucket, dir);
  const worker = path.join(dir, 'worker.properties');
  const connector = path.join(dir, 'connector.json');
  await writeFile(worker, `offset.storage.file.filename=${path.join(dir, 'offsets.json')}\n`);
  await writeFile(connector, JSON.stringify({ name: `archive-${bucket}`, config: connectorConfig(bucket) }));
  return startCli(['standalone', worker, connector]);
}

async function stopStandalone(run: Awaited<ReturnType<typeof standalone>>): Promise<void> {
  run.child.kill('SIGINT');
  const finished = await run.done;
  expect(finished.code, finished.stderr).toBe(0);
}
