// In-process loop over the throughput pipeline: records already in memory → converter + SMT chain
// → file sink (put in slices of 500, flush every 20,000 records), no Kafka. For comparing CPU per
// record of the convert/transform/format path before and after a change, and for profiling it with
// node --cpu-prof without a broker.
// Run: node bench/sink-loop.ts [records per round] [rounds]
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { SinkRecord } from '../shared/api/record.ts';
import type { KafkaRecord } from '../shared/kafka/index.ts';
import { builtinPlugins } from '../shared/runtime/plugins/builtin-plugins.ts';
import { createSinkPipeline } from '../shared/runtime/tasks/sink-pipeline-factory.ts';
import { createTransformer } from '../shared/runtime/tasks/transformer-factory.ts';
import { orderJson } from './dataset.ts';
import { choosePipeline, pipelineSettings } from './pipeline-config.ts';

const PUT_SLICE = 500;
const FLUSH_EVERY = 20_000;
const DISTINCT = 10_000;

const perRound = Number(process.argv[2] ?? 200_000);
const rounds = Number(process.argv[3] ?? 5);
const dir = await mkdtemp(path.join(os.tmpdir(), 'sink-loop-'));
const file = path.join(dir, 'out.txt');
const registry = builtinPlugins();
const config = {
  name: 'sink-loop',
  'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector',
  file,
  ...pipelineSettings(choosePipeline()),
};
const pipeline = createSinkPipeline(config, {}, registry, createTransformer(config, registry));
const task = registry.find(config['connector.class'], 'sink')!.create().createTask();
await task.start({ file }, {
  offset() {},
  requestCommit() {},
  errantRecordReporter: () => null,
  logger: () => ({ debug() {}, info() {}, warn() {}, error() {} }),
} as never);

// The values as slices of one buffer, as a fetch response hands them out.
const texts = Array.from({ length: DISTINCT }, (_, i) => orderJson(i, 500));
const whole = Buffer.from(texts.join(''));
const values: Buffer[] = [];
let at = 0;
for (const text of texts) {
  const length = Buffer.byteLength(text);
  values.push(whole.subarray(at, at + length));
  at += length;
}
const keys = texts.map((_, i) => Buffer.from(`order-${i}`));

let offset = 0;
async function round(): Promise<void> {
  let slice: SinkRecord[] = [];
  for (let i = 0; i < perRound; i++) {
    const raw: KafkaRecord = {
      topic: 'bench-orders',
      partition: 0,
      offset: offset++,
      timestamp: 1_750_000_000_000 + i,
      timestampType: 'CreateTime',
      key: keys[i % DISTINCT]!,
      value: values[i % DISTINCT]!,
      headers: [],
    };
    const record = pipeline.process(raw);
    if (record) slice.push(record);
    if (slice.length === PUT_SLICE) {
      await task.put(slice);
      slice = [];
    }
    if ((i + 1) % FLUSH_EVERY === 0) await task.flush(new Map());
  }
  if (slice.length > 0) await task.put(slice);
  await task.flush(new Map());
}

const results: number[] = [];
for (let r = 0; r < rounds; r++) {
  const before = process.cpuUsage();
  await round();
  const used = process.cpuUsage(before);
  results.push(((used.user + used.system) / 1e6 / perRound) * 1e6);
}
await task.stop();
await rm(dir, { recursive: true, force: true });
const sorted = [...results].sort((a, b) => a - b);
console.log(
  JSON.stringify({
    cpuSecondsPerMillion: results.map((x) => Number(x.toFixed(2))),
    median: Number(sorted[Math.floor(sorted.length / 2)]!.toFixed(2)),
    min: Number(sorted[0]!.toFixed(2)),
  }),
);
