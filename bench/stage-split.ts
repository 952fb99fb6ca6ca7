// Does splitting one sink task into two threads pay? One task drains a topic through the bench's
// pipeline into the file sink, in process, two ways:
//   one thread   fetch + decode → convert + SMTs → file sink, as the task runner does;
//   two threads  a reader thread fetches and decodes, and packs each fetch's keys and values into
//                one transferred buffer (a copy per record, no cloning of record objects); the main
//                thread converts, transforms and writes, in the order the fetches came, so offsets
//                would still be committed in order.
// Both read the same records; CPU is the whole process's (all threads), wall time from the first
// fetch to the last write (the reader thread's own start-up left out).
// Run: node bench/stage-split.ts [topic] [rounds]
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { endpoints } from '../scripts/infra/settings.ts';
import type { SinkRecord } from '../shared/api/record.ts';
import {
  createAdmin,
  createPartitionReader,
  type FetchPosition,
  type KafkaRecord,
  type PartitionReader,
} from '../shared/kafka/index.ts';
import { builtinPlugins } from '../shared/runtime/plugins/builtin-plugins.ts';
import { createSinkPipeline } from '../shared/runtime/tasks/sink-pipeline-factory.ts';
import { createTransformer } from '../shared/runtime/tasks/transformer-factory.ts';
import { choosePipeline, pipelineSettings } from './pipeline-config.ts';

const FETCH = { maxWaitMs: 100, maxBytes: 52_428_800, partitionMaxBytes: 1_048_576 };
const PUT_SLICE = 500;

interface Packed {
  readonly topic: string;
  readonly partition: number;
  readonly offsets: Float64Array;
  readonly timestamps: Float64Array;
  /** Start of each key and value in `bytes`; -1 for a null key or value. [keyStart, keyEnd, valueStart, valueEnd] per record. */
  readonly bounds: Int32Array;
  readonly bytes: ArrayBuffer;
}

/** One fetch's records in three typed arrays and one byte buffer, all transferable. */
function pack(topic: string, partition: number, records: readonly KafkaRecord[]): Packed {
  let total = 0;
  for (const r of records) total += (r.key?.length ?? 0) + (r.value?.length ?? 0);
  const bytes = Buffer.allocUnsafeSlow(total);
  const offsets = new Float64Array(records.length);
  const timestamps = new Float64Array(records.length);
  const bounds = new Int32Array(records.length * 4);
  let at = 0;
  records.forEach((r, i) => {
    offsets[i] = r.offset;
    timestamps[i] = r.timestamp;
    for (const [slot, part] of [
      [0, r.key],
      [2, r.value],
    ] as const) {
      if (part === null) {
        bounds[i * 4 + slot] = -1;
        bounds[i * 4 + slot + 1] = -1;
      } else {
        part.copy(bytes, at);
        bounds[i * 4 + slot] = at;
        at += part.length;
        bounds[i * 4 + slot + 1] = at;
      }
    }
  });
  return { topic, partition, offsets, timestamps, bounds, bytes: bytes.buffer as ArrayBuffer };
}

function unpack(packed: Packed): KafkaRecord[] {
  const bytes = Buffer.from(packed.bytes);
  const part = (start: number, end: number) => (start < 0 ? null : bytes.subarray(start, end));
  const records: KafkaRecord[] = [];
  for (let i = 0; i < packed.offsets.length; i++) {
    const b = i * 4;
    records.push({
      topic: packed.topic,
      partition: packed.partition,
      offset: packed.offsets[i]!,
      timestamp: packed.timestamps[i]!,
      timestampType: 'CreateTime',
      key: part(packed.bounds[b]!, packed.bounds[b + 1]!),
      value: part(packed.bounds[b + 2]!, packed.bounds[b + 3]!),
      headers: [],
    });
  }
  return records;
}

async function partitionsOf(topic: string): Promise<FetchPosition[]> {
  const admin = createAdmin({ brokers: [endpoints.kafkaBootstrap], clientId: 'stage-split' });
  try {
    const earliest = await admin.listOffsets([topic], 'earliest');
    return earliest.map((o) => ({ topic, partition: o.partition, offset: o.offset }));
  } finally {
    await admin.close();
  }
}

/** Fetches until `records` were read, handing each partition's records over in offset order. */
async function readAll(
  reader: PartitionReader,
  start: readonly FetchPosition[],
  records: number,
  take: (topic: string, partition: number, records: readonly KafkaRecord[]) => Promise<void> | void,
): Promise<void> {
  const positions = start.map((p) => ({ ...p }));
  let read = 0;
  while (read < records) {
    const fetches = await reader.fetch(positions, FETCH);
    for (const fetch of fetches) {
      const position = positions.find((p) => p.partition === fetch.partition)!;
      position.offset = fetch.nextOffset;
      if (fetch.records.length === 0) continue;
      read += fetch.records.length;
      await take(fetch.topic, fetch.partition, fetch.records);
    }
  }
}

/** The bench's pipeline and the file sink, in this thread. */
async function sinkSide(outputFile: string) {
  const registry = builtinPlugins();
  const config = {
    name: 'stage-split',
    'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector',
    file: outputFile,
    ...pipelineSettings(choosePipeline()),
  };
  const pipeline = createSinkPipeline(config, {}, registry, createTransformer(config, registry));
  const plugin = registry.find(config['connector.class'], 'sink')!;
  const task = plugin.create().createTask();
  await task.start({ file: outputFile }, {
    offset() {},
    requestCommit() {},
    errantRecordReporter: () => null,
    logger: () => ({ debug() {}, info() {}, warn() {}, error() {} }),
  } as never);
  let written = 0;
  let slice: SinkRecord[] = [];
  let lastFlush = performance.now();
  return {
    async take(records: readonly KafkaRecord[]): Promise<void> {
      for (const raw of records) {
        const record = pipeline.process(raw);
        if (record) slice.push(record);
        if (slice.length === PUT_SLICE) {
          await task.put(slice);
          slice = [];
        }
      }
      written += records.length;
      // The runner's default commit cadence: a flush (write + fdatasync) every second.
      if (performance.now() - lastFlush > 1000) {
        if (slice.length > 0) await task.put(slice);
        slice = [];
        await task.flush(new Map());
        lastFlush = performance.now();
      }
    },
    async finish(): Promise<number> {
      if (slice.length > 0) await task.put(slice);
      await task.flush(new Map());
      await task.stop();
      return written;
    },
  };
}

interface Measure {
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly records: number;
}

async function oneThread(topic: string, records: number, dir: string): Promise<Measure> {
  const start = await partitionsOf(topic);
  const sink = await sinkSide(path.join(dir, 'one.out'));
  const reader = createPartitionReader({ brokers: [endpoints.kafkaBootstrap], clientId: 'stage-split' });
  const cpu = process.cpuUsage();
  const t = performance.now();
  await readAll(reader, start, records, (_, __, batch) => sink.take(batch));
  const written = await sink.finish();
  const seconds = (performance.now() - t) / 1000;
  const used = process.cpuUsage(cpu);
  await reader.close();
  return { seconds, cpuSeconds: (used.user + used.system) / 1e6, records: written };
}

async function twoThreads(topic: string, records: number, dir: string): Promise<Measure> {
  const start = await partitionsOf(topic);
  const sink = await sinkSide(path.join(dir, 'two.out'));
  const reader = new Worker(new URL(import.meta.url), { workerData: { records, start } });
  // The thread's start-up (loading the Kafka client) is left out, as the one-thread run has it done.
  await new Promise((resolve) => reader.once('message', resolve));
  const cpu = process.cpuUsage();
  const t = performance.now();
  reader.postMessage('go');
  // Fetches are handled one at a time, in the order they came: per partition, offset order.
  let chain = Promise.resolve();
  await new Promise<void>((resolve, reject) => {
    reader.on('message', (message: Packed | 'done') => {
      if (message === 'done') {
        chain.then(resolve, reject);
        return;
      }
      chain = chain.then(async () => {
        await sink.take(unpack(message));
        reader.postMessage('taken');
      });
    });
    reader.on('error', reject);
  });
  const written = await sink.finish();
  const seconds = (performance.now() - t) / 1000;
  const used = process.cpuUsage(cpu);
  await reader.terminate();
  return { seconds, cpuSeconds: (used.user + used.system) / 1e6, records: written };
}

/** The reader thread: fetch, decode, pack, send; at most two fetches waiting in the main thread. */
async function readerThread(): Promise<void> {
  const { records, start } = workerData as { records: number; start: FetchPosition[] };
  const port = parentPort!;
  const go = new Promise((resolve) => port.once('message', resolve));
  port.postMessage('ready');
  await go;
  let waiting = 0;
  let wake: (() => void) | undefined;
  port.on('message', () => {
    waiting--;
    wake?.();
  });
  const reader = createPartitionReader({ brokers: [endpoints.kafkaBootstrap], clientId: 'stage-split' });
  await readAll(reader, start, records, async (t, partition, batch) => {
    while (waiting >= 2) await new Promise<void>((resolve) => (wake = resolve));
    const packed = pack(t, partition, batch);
    waiting++;
    port.postMessage(packed, [
      packed.bytes,
      packed.offsets.buffer as ArrayBuffer,
      packed.timestamps.buffer as ArrayBuffer,
      packed.bounds.buffer as ArrayBuffer,
    ]);
  });
  await reader.close();
  port.postMessage('done');
  port.unref();
}

async function main(): Promise<void> {
  const topic = process.argv[2] ?? 'bench-orders-500000x500b-4p-a';
  const rounds = Number(process.argv[3] ?? 3);
  const admin = createAdmin({ brokers: [endpoints.kafkaBootstrap], clientId: 'stage-split' });
  const latest = await admin.listOffsets([topic], 'latest');
  const earliest = await admin.listOffsets([topic], 'earliest');
  await admin.close();
  const records = latest.reduce((s, o) => s + o.offset, 0) - earliest.reduce((s, o) => s + o.offset, 0);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sc-stage-split-'));
  const row = (label: string, m: Measure) =>
    console.log(
      `${label.padEnd(12)} ${(m.records / m.seconds).toFixed(0).padStart(8)} records/s  ${(m.cpuSeconds / (m.records / 1e6)).toFixed(1).padStart(5)} CPU s per million  ${(m.cpuSeconds / m.seconds).toFixed(2)} cores  (load ${os.loadavg()[0]!.toFixed(1)})`,
    );
  try {
    for (let round = 0; round < rounds; round++) {
      row('one thread', await oneThread(topic, records, dir));
      row('two threads', await twoThreads(topic, records, dir));
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (isMainThread) await main();
else await readerThread();
