import { gunzipSync, inflateRaw } from 'node:zlib';
import avro from 'avsc';
import { parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { Headers } from '../../../../shared/api/headers.ts';
import type { SinkRecord } from '../../../../shared/api/record.ts';
import { type Schema, SchemaBuilder, Struct } from '../../../../shared/api/schema.ts';
import { TIMESTAMP_SCHEMA } from '../../../../shared/api/values/logical-schemas.ts';
import type { S3SinkSettings } from '../../../../shared/connectors/s3/config.ts';
import { S3SinkTask } from '../../../../shared/connectors/s3/sink-task.ts';
import type { ObjectStore, ObjectWrite } from '../../../../shared/connectors/s3/storage/s3-store.ts';

class MemoryStore implements ObjectStore {
  readonly objects = new Map<string, ObjectWrite>();
  readonly settings: S3SinkSettings;
  constructor(settings: S3SinkSettings) {
    this.settings = settings;
  }
  async checkBucket(): Promise<void> {}
  async put(write: ObjectWrite): Promise<'written' | 'exists'> {
    if (this.settings.conditionalWrites && this.objects.has(write.key)) return 'exists';
    this.objects.set(write.key, write);
    return 'written';
  }
  async endOffset(key: string): Promise<number | null> {
    const value = this.objects.get(key)?.metadata?.['end-offset'];
    return value === undefined ? null : Number(value);
  }
  close(): void {}
}

const ORDER = SchemaBuilder.struct()
  .name('shop.Order')
  .field('id', SchemaBuilder.int64().build())
  .field('region', SchemaBuilder.string().build())
  .field('amount', SchemaBuilder.float64().build())
  .field('note', SchemaBuilder.string().optional().build())
  .field('at', TIMESTAMP_SCHEMA)
  .build();

function order(id: number, region: string): Struct {
  return new Struct(ORDER)
    .put('id', BigInt(id))
    .put('region', region)
    .put('amount', id * 1.5)
    .put('note', id % 2 === 0 ? null : `n${id}`)
    .put('at', new Date(1_700_000_000_000 + id));
}

function record(
  offset: number,
  value: unknown,
  schema: Schema | null,
  partition = 0,
  timestamp: number | null = null,
): SinkRecord {
  return {
    topic: 'orders',
    kafkaPartition: partition,
    kafkaOffset: offset,
    keySchema: null,
    key: null,
    valueSchema: schema,
    value,
    timestamp,
    timestampType: 'CreateTime',
    headers: new Headers(),
    originalTopic: 'orders',
    originalKafkaPartition: partition,
    originalKafkaOffset: offset,
  };
}

const BASE = {
  'connector.class': 'io.confluent.connect.s3.S3SinkConnector',
  's3.bucket.name': 'archive',
  'format.class': 'io.confluent.connect.s3.format.json.JsonFormat',
  'flush.size': '3',
};

async function run(
  config: Record<string, string>,
  records: SinkRecord[],
  now = () => 1_700_000_000_000,
  existing: [string, ObjectWrite][] = [],
) {
  let store: MemoryStore | undefined;
  const task = new S3SinkTask((s) => {
    store = new MemoryStore(s);
    for (const [key, write] of existing) store.objects.set(key, write);
    return store;
  }, now);
  await task.start({ ...BASE, ...config });
  task.open([
    { topic: 'orders', partition: 0 },
    { topic: 'orders', partition: 1 },
  ]);
  await task.put(records);
  const positions = new Map([
    ['orders:0', 1_000_000],
    ['orders:1', 1_000_000],
  ]);
  // As the runtime ends an invocation: flush (wait for uploads), then preCommit.
  await task.flush();
  const committable = await task.preCommit(positions);
  await task.stop();
  return { objects: store!.objects, committable };
}

const text = (w: ObjectWrite | undefined) => w?.body.toString('utf8');

/** orders 0, 1, 2 as an independent reader returns them (INT64 as bigint, Timestamp as millis). */
const FIRST_THREE_ORDERS = [0, 1, 2].map((i) => ({
  id: BigInt(i),
  region: 'eu',
  amount: i * 1.5,
  note: i % 2 === 0 ? null : `n${i}`,
  at: 1_700_000_000_000 + i,
}));

describe('S3SinkTask', () => {
  it('cuts flush.size records per object under Confluent keys and commits after the last uploaded one', async () => {
    const records = Array.from({ length: 8 }, (_, i) => record(100 + i, order(i, 'eu'), ORDER));
    const { objects, committable } = await run({}, records);
    expect([...objects.keys()]).toEqual([
      'topics/orders/partition=0/orders+0+0000000100.json',
      'topics/orders/partition=0/orders+0+0000000103.json',
    ]);
    // The last two records wait in an open object: offset 106 is the next to read after a restart.
    expect(committable.get('orders:0')).toBe(106);
    expect(text(objects.get('topics/orders/partition=0/orders+0+0000000100.json'))).toBe(
      '{"id":0,"region":"eu","amount":0.0,"note":null,"at":1700000000000}\n' +
        '{"id":1,"region":"eu","amount":1.5,"note":"n1","at":1700000000001}\n' +
        '{"id":2,"region":"eu","amount":3.0,"note":null,"at":1700000000002}\n',
    );
  });

  it('honours topics.dir, the delimiters and the zero-pad width', async () => {
    const records = [record(7, order(1, 'eu'), ORDER)];
    const { objects } = await run(
      {
        'topics.dir': 'archive/raw',
        'directory.delim': '#',
        'file.delim': '_',
        'filename.offset.zero.pad.width': '4',
        'flush.size': '1',
      },
      records,
    );
    expect([...objects.keys()]).toEqual(['archive/raw#orders#partition=0#orders_0_0007.json']);
  });

  it('FieldPartitioner: one object per field value, flush.size counts the whole Kafka partition', async () => {
    const regions = ['eu', 'us', 'eu', 'eu', 'us', 'ap'];
    const records = regions.map((r, i) => record(i, order(i, r), ORDER));
    const { objects } = await run(
      {
        'partitioner.class': 'io.confluent.connect.storage.partitioner.FieldPartitioner',
        'partition.field.name': 'region',
      },
      records,
    );
    expect([...objects.keys()].sort()).toEqual(
      [
        'topics/orders/region=eu/orders+0+0000000000.json',
        'topics/orders/region=eu/orders+0+0000000003.json',
        'topics/orders/region=us/orders+0+0000000001.json',
        'topics/orders/region=us/orders+0+0000000004.json',
        'topics/orders/region=ap/orders+0+0000000005.json',
      ].sort(),
    );
  });

  it('TimeBasedPartitioner with the Record extractor: the record time in the configured zone', async () => {
    // 01:30 CET, then an hour later 03:30 CEST: the clocks jumped from 02:00 to 03:00 that night.
    const at = Date.UTC(2024, 2, 31, 0, 30);
    const records = [
      record(0, order(0, 'eu'), ORDER, 0, at),
      record(1, order(1, 'eu'), ORDER, 0, at + 3_600_000),
    ];
    const { objects } = await run(
      {
        'partitioner.class': 'io.confluent.connect.storage.partitioner.TimeBasedPartitioner',
        'partition.duration.ms': '3600000',
        'path.format': "'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH/",
        locale: 'en-US',
        timezone: 'Europe/Paris',
        'timestamp.extractor': 'Record',
        'flush.size': '2',
      },
      records,
    );
    expect([...objects.keys()]).toEqual([
      'topics/orders/year=2024/month=03/day=31/hour=01/orders+0+0000000000.json',
      'topics/orders/year=2024/month=03/day=31/hour=03/orders+0+0000000001.json',
    ]);
  });

  it('rotate.interval.ms rotates on the record clock before the record that crosses it', async () => {
    const t0 = Date.UTC(2024, 0, 1);
    const records = [0, 1000, 59_000, 60_000, 61_000].map((d, i) =>
      record(i, order(i, 'eu'), ORDER, 0, t0 + d),
    );
    const { objects, committable } = await run(
      {
        'partitioner.class': 'io.confluent.connect.storage.partitioner.DailyPartitioner',
        locale: 'en',
        timezone: 'UTC',
        'timestamp.extractor': 'Record',
        'rotate.interval.ms': '60000',
        'flush.size': '100',
      },
      records,
    );
    expect([...objects.keys()]).toEqual(['topics/orders/year=2024/month=01/day=01/orders+0+0000000000.json']);
    expect(text(objects.values().next().value)?.split('\n').length).toBe(4);
    expect(committable.get('orders:0')).toBe(3);
  });

  it('gzip objects decompress to the JSON lines', async () => {
    const records = [0, 1, 2].map((i) => record(i, order(i, 'eu'), ORDER));
    const { objects } = await run({ 's3.compression.type': 'gzip' }, records);
    const [key, write] = [...objects][0]!;
    expect(key.endsWith('.json.gz')).toBe(true);
    expect(gunzipSync(write.body).toString().split('\n')).toHaveLength(4);
  });

  it('ByteArrayFormat joins raw values with the separator', async () => {
    const records = ['a', 'bb', 'ccc'].map((v, i) =>
      record(i, Buffer.from(v), SchemaBuilder.bytes().build()),
    );
    const { objects } = await run(
      {
        'format.class': 'io.confluent.connect.s3.format.bytearray.ByteArrayFormat',
        'format.bytearray.separator': '|',
      },
      records,
    );
    expect([...objects.keys()]).toEqual(['topics/orders/partition=0/orders+0+0000000000.bin']);
    expect(text(objects.values().next().value)).toBe('a|bb|ccc|');
  });

  it('AvroFormat writes a container file avsc reads back to the same records', async () => {
    const records = [0, 1, 2].map((i) => record(i, order(i, 'eu'), ORDER));
    for (const codec of ['null', 'deflate', 'snappy']) {
      const { objects } = await run(
        { 'format.class': 'io.confluent.connect.s3.format.avro.AvroFormat', 'avro.codec': codec },
        records,
      );
      const write = objects.get('topics/orders/partition=0/orders+0+0000000000.avro')!;
      const decoded = await decodeAvro(write.body);
      expect(decoded).toEqual(FIRST_THREE_ORDERS);
    }
  });

  it('ParquetFormat writes a file hyparquet reads back to the same records, with each codec', async () => {
    const records = [0, 1, 2].map((i) => record(i, order(i, 'eu'), ORDER));
    for (const [codec, extension] of [
      ['snappy', '.snappy.parquet'],
      ['gzip', '.gz.parquet'],
      ['none', '.parquet'],
    ]) {
      const { objects } = await run(
        { 'format.class': 'io.confluent.connect.s3.format.parquet.ParquetFormat', 'parquet.codec': codec! },
        records,
      );
      const [key, write] = [...objects][0]!;
      expect(key).toBe(`topics/orders/partition=0/orders+0+0000000000${extension}`);
      const rows = await parquetReadObjects({
        file: write.body.buffer.slice(
          write.body.byteOffset,
          write.body.byteOffset + write.body.length,
        ) as ArrayBuffer,
        compressors: { GZIP: (input: Uint8Array) => gunzipSync(input) },
      });
      expect(rows.map((r) => ({ ...r, at: (r.at as Date).getTime() }))).toEqual(FIRST_THREE_ORDERS);
    }
  });

  it('writes byte-identical objects when the same records are written again', async () => {
    for (const format of ['json.JsonFormat', 'avro.AvroFormat', 'parquet.ParquetFormat']) {
      const records = Array.from({ length: 7 }, (_, i) => record(i, order(i, i % 2 ? 'eu' : 'us'), ORDER));
      const config = { 'format.class': `io.confluent.connect.s3.format.${format}` };
      const first = await run(config, records);
      const second = await run(config, records);
      expect([...second.objects].map(([k, w]) => [k, w.body.toString('base64')])).toEqual(
        [...first.objects].map(([k, w]) => [k, w.body.toString('base64')]),
      );
    }
  });

  it('tombstones fail the task by default and are skipped with behavior.on.null.values=ignore', async () => {
    await expect(run({}, [record(0, null, null)])).rejects.toThrow(/Null valued records are not writeable/);
    const { objects } = await run({ 'behavior.on.null.values': 'ignore', 'flush.size': '1' }, [
      record(0, null, null),
      record(1, order(1, 'eu'), ORDER),
    ]);
    expect([...objects.keys()]).toEqual(['topics/orders/partition=0/orders+0+0000000001.json']);
  });

  it('conditional writes (scheduled rotation): a taken key is kept, and what it lacks goes into the next object', async () => {
    const taken = 'topics/orders/partition=0/orders+0+0000000000.json';
    const earlier: ObjectWrite = {
      key: taken,
      body: Buffer.from('earlier run\n'),
      metadata: { 'end-offset': '2' },
    };
    const records = [0, 1, 2, 3, 4].map((i) => record(i, order(i, 'eu'), ORDER));
    const { objects, committable } = await run(
      { 'flush.size': '5', 'rotate.schedule.interval.ms': '3600000', timezone: 'UTC' },
      records,
      undefined,
      [[taken, earlier]],
    );
    expect(objects.get(taken)).toBe(earlier);
    expect(text(objects.get('topics/orders/partition=0/orders+0+0000000003.json'))?.split('\n').length).toBe(
      3,
    );
    expect(objects.get('topics/orders/partition=0/orders+0+0000000003.json')?.metadata).toEqual({
      'end-offset': '4',
    });
    expect(committable.get('orders:0')).toBe(5);
  });

  it('a schema change starts a new object (schema.compatibility=NONE)', async () => {
    const v2 = SchemaBuilder.struct()
      .name('shop.Order')
      .version(2)
      .field('id', SchemaBuilder.int64().build())
      .build();
    const records = [
      record(0, order(0, 'eu'), ORDER),
      record(1, new Struct(v2).put('id', 1n), v2),
      record(2, new Struct(v2).put('id', 2n), v2),
    ];
    const { objects, committable } = await run({ 'flush.size': '10' }, records);
    expect([...objects.keys()]).toEqual(['topics/orders/partition=0/orders+0+0000000000.json']);
    expect(committable.get('orders:0')).toBe(1);
  });
});

/** Reads Avro longs as bigints, so the expected records can say BigInt(i). */
const bigintLongType = avro.types.LongType.__with({
  fromBuffer: (buffer: Buffer) => buffer.readBigInt64LE(),
  toBuffer: (value: bigint | number) => {
    const buffer = Buffer.alloc(8);
    buffer.writeBigInt64LE(BigInt(value));
    return buffer;
  },
  fromJSON: (value: number | string) => BigInt(value),
  toJSON: (value: bigint) => Number(value),
  isValid: (value: unknown) => typeof value === 'bigint' || Number.isSafeInteger(value),
  compare: (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0),
});

async function decodeAvro(body: Buffer): Promise<unknown[]> {
  const { Readable } = await import('node:stream');
  const values: unknown[] = [];
  const decoder = new avro.streams.BlockDecoder({
    parseHook: (schema: avro.Schema) => avro.Type.forSchema(schema, { registry: { long: bigintLongType } }),
    codecs: {
      null: (b: Buffer, cb: (e: Error | null, d?: Buffer) => void) => cb(null, b),
      deflate: inflateRaw,
      snappy: snappyDecode,
    },
  });
  await new Promise<void>((resolve, reject) => {
    Readable.from([body])
      .pipe(decoder)
      .on('data', (v: unknown) => values.push(v))
      .on('end', resolve)
      .on('error', reject);
  });
  return values.map((v) => ({ ...(v as object) }));
}

async function snappyDecode(buffer: Buffer, cb: (err: Error | null, data?: Buffer) => void) {
  const { snappyUncompress } = await import('hyparquet');
  const data = buffer.subarray(0, buffer.length - 4);
  let length = 0;
  let shift = 0;
  for (let i = 0; ; i++) {
    const byte = data[i]!;
    length |= (byte & 0x7f) << shift;
    shift += 7;
    if (byte < 0x80) break;
  }
  const out = new Uint8Array(length);
  snappyUncompress(data, out);
  cb(null, Buffer.from(out));
}
