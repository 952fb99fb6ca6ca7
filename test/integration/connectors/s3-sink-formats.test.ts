// The S3 sink's partitioners and formats end to end (real broker, LocalStack S3), checked by
// readers that share no code with the writers: time zones through Intl, gzip through zlib,
// Parquet through hyparquet, Avro through avsc's own container decoder. And bad input: each
// mistake named by its key, nothing committed.
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import avro from 'avsc';
import { parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpoints } from '../../../scripts/infra/settings.ts';
import {
  validateSinkConnectorConfig,
  withConnectorChecks,
} from '../../../shared/config/validate-connector.ts';
import { MemoryLeaseStore } from '../../../shared/leases/memory-lease-store.ts';
import { builtinPlugins } from '../../../shared/runtime/plugins/builtin-plugins.ts';
import type { ConnectorRecord } from '../../../shared/runtime/stores/config-store.ts';
import { MemoryConfigStore } from '../../../shared/runtime/stores/memory-config-store.ts';
import { runTaskInvocation } from '../../../shared/runtime/tasks/task-invocation.ts';
import { createTopic, produce } from '../../support/kafka.ts';
import { uniqueName } from '../../support/local.ts';
import { invocationDeps, reconcileOnce, testRuntime } from '../../support/runtime.ts';
import { createBucket, localStackS3Sink, readObjects, s3TestClient } from '../../support/s3.ts';
import { useServices } from '../../support/services.ts';
import { testStores } from '../../support/stores.ts';
import { waitFor } from '../../support/wait.ts';

const PARTITIONS = 2;
const RECORDS = 300;
const REGIONS = ['eu', 'us', 'ap'];
const topic = uniqueName('s3-orders');
// 03:00 UTC on 2024-03-10; New York moves its clocks from 02:00 to 03:00 local (07:00 UTC) that day.
const T0 = Date.UTC(2024, 2, 10, 3, 0);
const s3 = s3TestClient();

interface Order {
  id: number;
  region: string;
  amount: number;
  at: number;
}
const orders: Order[] = Array.from({ length: RECORDS }, (_, id) => ({
  id,
  region: REGIONS[id % 3]!,
  amount: id * 1.25,
  at: T0 + id * 7 * 60_000,
}));

const envelope = (o: Order) =>
  JSON.stringify({
    schema: {
      type: 'struct',
      name: 'shop.Order',
      optional: false,
      fields: [
        { field: 'id', type: 'int64', optional: false },
        { field: 'region', type: 'string', optional: false },
        { field: 'amount', type: 'double', optional: false },
      ],
    },
    payload: { id: o.id, region: o.region, amount: o.amount },
  });

const base = (bucket: string): Record<string, string> => ({
  ...localStackS3Sink(bucket),
  topics: topic,
  'tasks.max': '1',
  'tasks.autoscale.enable': 'false',
  'flush.size': '50',
  'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
  'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
});

beforeAll(async () => {
  await useServices('localstack');
  await createTopic(topic, PARTITIONS);
  await produce(
    orders.map((o) => ({
      topic,
      partition: o.id % PARTITIONS,
      key: null,
      value: envelope(o),
      timestamp: o.at,
    })),
  );
}, 120_000);

afterAll(() => s3.destroy());

/** Runs connectors on the runtime until each committed every record, then reads their buckets. */
async function runAll(configsByName: Record<string, Record<string, string>>) {
  const { configs, leases, cleanup } = await testStores('memory');
  for (const [name, config] of Object.entries(configsByName))
    await configs.create({ name, config, taskConfigs: [config], targetState: 'RUNNING' }, Date.now());
  const runtime = testRuntime({ configs, leases });
  const running = runtime.run();
  try {
    for (const name of Object.keys(configsByName)) {
      await waitFor(
        `${name} to commit every record`,
        async () => {
          const current = await leases.list(name);
          const total = current.reduce((sum, l) => sum + (l.offset ?? 0), 0);
          return current.length === PARTITIONS && total === RECORDS ? true : undefined;
        },
        120_000,
      );
    }
  } finally {
    await runtime.stop();
    await running;
    await cleanup();
  }
}

describe('S3 sink partitioners and formats', () => {
  it('TimeBased/Record puts each record under its hour in the zone, gzip JSON; Field by region in Parquet; Avro by day', async () => {
    const [hourly, byRegion, daily] = await Promise.all(
      ['sc-hourly', 'sc-region', 'sc-daily'].map((b) => createBucket(s3, uniqueName(b))),
    );
    await runAll({
      [uniqueName('hourly')]: {
        ...base(hourly!),
        'format.class': 'io.confluent.connect.s3.format.json.JsonFormat',
        's3.compression.type': 'gzip',
        'partitioner.class': 'io.confluent.connect.storage.partitioner.TimeBasedPartitioner',
        'partition.duration.ms': '3600000',
        'path.format': "'dt'=YYYY-MM-dd/'hr'=HH",
        locale: 'en-US',
        timezone: 'America/New_York',
        'timestamp.extractor': 'Record',
      },
      [uniqueName('regions')]: {
        ...base(byRegion!),
        'format.class': 'io.confluent.connect.s3.format.parquet.ParquetFormat',
        'partitioner.class': 'io.confluent.connect.storage.partitioner.FieldPartitioner',
        'partition.field.name': 'region',
      },
      [uniqueName('daily')]: {
        ...base(daily!),
        'format.class': 'io.confluent.connect.s3.format.avro.AvroFormat',
        'avro.codec': 'deflate',
        'partitioner.class': 'io.confluent.connect.storage.partitioner.DailyPartitioner',
        locale: 'en',
        timezone: 'UTC',
        'timestamp.extractor': 'Record',
      },
    });

    // Hourly, New York time, computed independently with Intl.
    const nyHour = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'America/New_York',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
    });
    const expectedPrefix = (at: number) => {
      const p = Object.fromEntries(nyHour.formatToParts(at).map((x) => [x.type, x.value]));
      return `topics/${topic}/dt=${p.year}-${p.month}-${p.day}/hr=${p.hour}/`;
    };
    const seen = new Set<number>();
    const hourlyObjects = await readObjects(s3, hourly!);
    for (const [key, body] of hourlyObjects) {
      expect(key.endsWith('.json.gz'), key).toBe(true);
      const lines = gunzipSync(body).toString('utf8').trimEnd().split('\n');
      for (const line of lines) {
        const { id } = JSON.parse(line) as { id: number };
        expect(key.startsWith(expectedPrefix(orders[id]!.at)), `${id} in ${key}`).toBe(true);
        seen.add(id);
      }
    }
    expect(seen.size).toBe(RECORDS);
    // The day the clocks moved has 23 hours, and no 02 hour.
    expect([...hourlyObjects.keys()].some((k) => k.includes('/dt=2024-03-10/hr=02/'))).toBe(false);
    expect([...hourlyObjects.keys()].some((k) => k.includes('/dt=2024-03-10/hr=03/'))).toBe(true);

    // By region, Parquet read back with hyparquet.
    const regionRows: Order[] = [];
    for (const [key, body] of await readObjects(s3, byRegion!)) {
      const region = /\/region=(\w+)\//.exec(key)?.[1];
      expect(key.endsWith('.snappy.parquet'), key).toBe(true);
      const rows = await parquetReadObjects({
        file: body.buffer.slice(body.byteOffset, body.byteOffset + body.length) as ArrayBuffer,
      });
      for (const row of rows) {
        expect(row.region).toBe(region);
        regionRows.push({
          id: Number(row.id),
          region: row.region as string,
          amount: row.amount as number,
          at: 0,
        });
      }
    }
    expect(regionRows.sort((a, b) => a.id - b.id)).toEqual(orders.map((o) => ({ ...o, at: 0 })));

    // Daily, Avro read back with avsc's container decoder.
    const avroRows: Record<string, unknown>[] = [];
    for (const [key, body] of await readObjects(s3, daily!)) {
      expect(key).toMatch(
        new RegExp(`^topics/${topic}/year=2024/month=03/day=1[01]/${topic}\\+[01]\\+\\d{10}\\.avro$`),
      );
      avroRows.push(...(await decodeAvro(body)));
    }
    expect(avroRows.map((r) => Number(r.id)).sort((a, b) => a - b)).toEqual(orders.map((o) => o.id));
    expect(avroRows.find((r) => Number(r.id) === 7)).toMatchObject({ region: 'us', amount: 8.75 });
  }, 240_000);
});

describe('S3 sink large objects', () => {
  it('uploads an object larger than s3.part.size in parts (multipart), whole and in order', async () => {
    const bigTopic = uniqueName('s3-big');
    await createTopic(bigTopic, 1);
    const chunk = (i: number) => Buffer.alloc(100_000, 97 + (i % 26));
    await produce(
      Array.from({ length: 60 }, (_, i) => ({ topic: bigTopic, partition: 0, key: null, value: chunk(i) })),
      10,
    );
    const bucket = await createBucket(s3, uniqueName('sc-big'));
    const name = uniqueName('big');
    const { configs, leases, cleanup } = await testStores('memory');
    const config = {
      ...localStackS3Sink(bucket),
      topics: bigTopic,
      'tasks.max': '1',
      'format.class': 'io.confluent.connect.s3.format.bytearray.ByteArrayFormat',
      'format.bytearray.separator': '',
      'flush.size': '60',
      's3.part.size': '5242880',
      'value.converter': 'org.apache.kafka.connect.converters.ByteArrayConverter',
    };
    await configs.create({ name, config, taskConfigs: [config], targetState: 'RUNNING' }, Date.now());
    const runtime = testRuntime({ configs, leases });
    const running = runtime.run();
    try {
      await waitFor(
        'the object committed',
        async () => ((await leases.list(name))[0]?.offset === 60 ? true : undefined),
        120_000,
      );
    } finally {
      await runtime.stop();
      await running;
      await cleanup();
    }
    const key = `topics/${bigTopic}/partition=0/${bigTopic}+0+0000000000.bin`;
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    // S3 names a multipart object's ETag after its part count.
    expect(head.ETag).toMatch(/-2"$/);
    const body = (await readObjects(s3, bucket)).get(key)!;
    expect(body.equals(Buffer.concat(Array.from({ length: 60 }, (_, i) => chunk(i))))).toBe(true);
  }, 180_000);
});

describe('S3 sink bad input', () => {
  async function oneInvocation(config: Record<string, string>) {
    const configs = await MemoryConfigStore.open();
    const leases = new MemoryLeaseStore();
    const name = uniqueName('s3-bad');
    const record: ConnectorRecord = await configs.create(
      { name, config, taskConfigs: [config], targetState: 'RUNNING' },
      Date.now(),
    );
    await reconcileOnce(configs, leases, record.name);
    const outcome = await runTaskInvocation(
      { connector: name, task: 0, reason: 'assigned' },
      invocationDeps(configs, leases, { idlePolls: 3 }),
    );
    return { outcome, offsets: (await leases.list(name)).map((l) => l.offset) };
  }

  const json = { 'format.class': 'io.confluent.connect.s3.format.json.JsonFormat' };

  it('validate (REST create and /validate) reports a missing bucket and a wrong region on their keys', async () => {
    const validate = async (given: Record<string, string>) => {
      const config = { name: 's3-validate', ...given };
      const checked = await withConnectorChecks(
        validateSinkConnectorConfig(config, builtinPlugins()),
        config,
      );
      return Object.fromEntries(
        [...checked.values].filter(([, v]) => v.errors.length > 0).map(([k, v]) => [k, v.errors]),
      );
    };
    const missing = uniqueName('sc-nowhere');
    expect(await validate({ ...base(missing), ...json })).toEqual({
      's3.bucket.name': [
        `Invalid value ${missing} for configuration s3.bucket.name: Non-existent S3 bucket: ${missing} (at ${endpoints.localstack})`,
      ],
    });
    const bucket = await createBucket(s3, uniqueName('sc-elsewhere'));
    expect(await validate({ ...base(bucket), ...json, 's3.region': 'ap-south-1' })).toEqual({
      's3.region': [
        `Invalid value ap-south-1 for configuration s3.region: bucket ${bucket} is in region us-east-1, not ap-south-1`,
      ],
    });
    expect(await validate({ ...base(bucket), ...json })).toEqual({});
  });

  it('a missing bucket fails the task naming s3.bucket.name; nothing is committed', async () => {
    const { outcome, offsets } = await oneInvocation({ ...base(uniqueName('sc-missing')), ...json });
    expect(outcome.status).toBe('failed');
    expect(outcome.status === 'failed' && outcome.error.message).toMatch(
      /configuration s3\.bucket\.name: Non-existent S3 bucket/,
    );
    expect(offsets).toEqual([null, null]);
  });

  it('an endpoint nothing answers on fails the task naming store.url; nothing is committed', async () => {
    const bucket = await createBucket(s3, uniqueName('sc-endpoint'));
    const { outcome, offsets } = await oneInvocation({
      ...base(bucket),
      ...json,
      'store.url': 'http://127.0.0.1:9',
      's3.part.retries': '0',
    });
    expect(outcome.status === 'failed' && outcome.error.message).toMatch(
      /configuration store\.url: S3 is not reachable/,
    );
    expect(offsets).toEqual([null, null]);
  });

  it('a bucket in another region fails the task naming s3.region; nothing is committed', async () => {
    const bucket = await createBucket(s3, uniqueName('sc-region'));
    const { outcome, offsets } = await oneInvocation({ ...base(bucket), ...json, 's3.region': 'eu-west-1' });
    expect(outcome.status === 'failed' && outcome.error.message).toBe(
      `Invalid value eu-west-1 for configuration s3.region: bucket ${bucket} is in region us-east-1, not eu-west-1`,
    );
    expect(offsets).toEqual([null, null]);
  });

  it('a path.format Joda-Time refuses fails the task naming path.format; nothing is committed', async () => {
    const bucket = await createBucket(s3, uniqueName('sc-pattern'));
    const { outcome, offsets } = await oneInvocation({
      ...base(bucket),
      ...json,
      'partitioner.class': 'io.confluent.connect.storage.partitioner.TimeBasedPartitioner',
      'partition.duration.ms': '3600000',
      'path.format': 'year=YYYY',
      locale: 'en',
      timezone: 'UTC',
    });
    expect(outcome.status === 'failed' && outcome.error.message).toBe(
      'Invalid value year=YYYY for configuration path.format: Illegal pattern component: r',
    );
    expect(offsets).toEqual([null, null]);
  });
});

async function decodeAvro(body: Buffer): Promise<Record<string, unknown>[]> {
  const values: Record<string, unknown>[] = [];
  await new Promise<void>((resolve, reject) => {
    Readable.from([body])
      .pipe(new avro.streams.BlockDecoder())
      .on('data', (v: Record<string, unknown>) => values.push({ ...v }))
      .on('end', resolve)
      .on('error', reject);
  });
  return values;
}
