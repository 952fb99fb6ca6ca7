// Avro data-plane benchmark: records in Confluent's wire format through
// bytes → AvroConverter → the data-plane bench's 5-SMT chain → AvroConverter → bytes, against the
// real schema registry with warm caches (no registry call in the measured loop, on either side),
// for our engine and for Apicurio's AvroConverter on the JVM (a fork of Confluent's Avro mapping),
// in the same run. Measured in records per second of process CPU time, as bench/dataplane.ts.
//
//   node bench/avro.ts [--seconds 5] [--warmup 5]
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { ensureInfra } from '../scripts/infra/index.ts';
import { endpoints } from '../scripts/infra/settings.ts';
import type { Schema } from '../shared/api/schema.ts';
import { JsonConverter } from '../shared/converters/json/json-converter.ts';
import { AvroConverter } from '../shared/converters/schema-registry/avro/avro-converter.ts';
import type { KafkaRecord } from '../shared/kafka/types.ts';
import { builtinPlugins } from '../shared/runtime/plugins/builtin-plugins.ts';
import { createSinkPipeline } from '../shared/runtime/tasks/sink-pipeline-factory.ts';
import { createTransformer } from '../shared/runtime/tasks/transformer-factory.ts';
import { runApicurioBench } from '../test/conformance/apicurio-harness.ts';
import { benchRecords, CHAIN, connectorConfig } from './dataplane.ts';

export interface AvroBenchResult {
  /** Records per CPU-second through our pipeline (Avro in and out): throughput per core. */
  ours: number;
  /** Records per CPU-second through Apicurio's AvroConverter and Kafka's SMTs on the JVM. */
  java: number;
  ratio: number;
  wall: { ours: number; java: number };
  /** Average Avro record size in, and out after the chain. */
  recordBytes: number;
  outputBytes: number;
  /** Registry requests our converters made during the measured loop (0 with warm caches). */
  registryRequestsMeasured: number;
  seconds: number;
}

const BATCH = 500;

/** The data-plane bench's order events, written as Avro by our converter (registering the schema). */
async function avroRecords(topic: string, count: number): Promise<Buffer[]> {
  const json = new JsonConverter();
  json.configure({}, false);
  const writer = new AvroConverter();
  writer.configure({ 'schema.registry.url': endpoints.schemaRegistry }, false);
  const data = benchRecords(count, true).map((bytes) => json.toConnectData(topic, null, bytes));
  await writer.prepareFromConnect(topic, data);
  return data.map((d) => writer.fromConnectData(topic, null, d.schema, d.value)!);
}

async function benchOurs(topic: string, records: Buffer[], warmupSeconds: number, seconds: number) {
  const registry = builtinPlugins();
  const config = connectorConfig(
    { 'schema.registry.url': endpoints.schemaRegistry },
    'io.confluent.connect.avro.AvroConverter',
  );
  const pipeline = createSinkPipeline(config, {}, registry, createTransformer(config, registry));
  const out = new AvroConverter();
  out.configure({ 'schema.registry.url': endpoints.schemaRegistry }, false);
  const raws: KafkaRecord[] = records.map((value, i) => ({
    topic,
    partition: 0,
    offset: i,
    timestamp: 1_700_000_000_000 + i,
    timestampType: 'CreateTime',
    key: null,
    value,
    headers: [],
  }));
  // Warm every cache: schema ids read, and the chain's output schemas registered for their topics.
  await pipeline.prepare(topic, raws);
  const outputs = new Map<string, { schema: Schema | null; value: unknown }[]>();
  for (const raw of raws) {
    const record = pipeline.process(raw)!;
    outputs.set(record.topic, [
      ...(outputs.get(record.topic) ?? []),
      { schema: record.valueSchema, value: record.value },
    ]);
  }
  for (const [routed, data] of outputs) await out.prepareFromConnect(routed, data);

  let outputBytes = 0;
  // As the task runner does: one prepare per fetched batch, then synchronous conversion.
  const runFor = async (ms: number): Promise<{ count: number; elapsed: number }> => {
    const start = performance.now();
    let count = 0;
    let elapsed = 0;
    do {
      const from = count % raws.length;
      const batch = raws.slice(from, Math.min(from + BATCH, raws.length));
      await pipeline.prepare(topic, batch);
      for (const raw of batch) {
        const record = pipeline.process(raw);
        if (record !== null) {
          const bytes = out.fromConnectData(record.topic, record.headers, record.valueSchema, record.value);
          outputBytes = bytes === null ? 0 : bytes.length;
        }
        count++;
      }
      elapsed = performance.now() - start;
    } while (elapsed < ms);
    return { count, elapsed };
  };
  await runFor(warmupSeconds * 1000);
  const requestsBefore = out.registry.requests;
  const cpuStart = process.cpuUsage();
  const measured = await runFor(seconds * 1000);
  const cpu = process.cpuUsage(cpuStart);
  return {
    rate: measured.count / (measured.elapsed / 1000),
    cpuRate: measured.count / ((cpu.user + cpu.system) / 1e6),
    outputBytes,
    requests: out.registry.requests - requestsBefore,
  };
}

export async function runAvroBench(
  options: { seconds?: number; warmupSeconds?: number; distinctRecords?: number } = {},
  log: (line: string) => void = () => {},
): Promise<AvroBenchResult> {
  const seconds = options.seconds ?? 5;
  const warmupSeconds = options.warmupSeconds ?? 5;
  await ensureInfra(['schema-registry'], log);
  const topic = `bench-avro-${Date.now()}`;
  const records = await avroRecords(topic, options.distinctRecords ?? 1000);
  const java = await runApicurioBench(
    {
      topic,
      stages: CHAIN.map((s) => ({ class: s.class, config: { ...s.config } })),
      records: records.map((r) => r.toString('base64')),
      warmupSeconds,
      measureSeconds: seconds,
    },
    endpoints.schemaRegistryApicurioV2,
  );
  const ours = await benchOurs(topic, records, warmupSeconds, seconds);
  return {
    ours: ours.cpuRate,
    java: java.recordsPerCpuSecond,
    ratio: ours.cpuRate / java.recordsPerCpuSecond,
    wall: { ours: ours.rate, java: java.recordsPerSecond },
    recordBytes: Math.round(records.reduce((n, r) => n + r.length, 0) / records.length),
    outputBytes: ours.outputBytes,
    registryRequestsMeasured: ours.requests,
    seconds,
  };
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: { seconds: { type: 'string', default: '5' }, warmup: { type: 'string', default: '5' } },
  });
  const result = await runAvroBench(
    { seconds: Number(values.seconds), warmupSeconds: Number(values.warmup) },
    console.log,
  );
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  console.log(
    `avro: Avro → AvroConverter → ${CHAIN.map((s) => s.alias).join(' → ')} → AvroConverter, warm registry caches`,
  );
  console.log(
    `  records per CPU-second (${result.recordBytes} B/record in, ${result.outputBytes} B out): ours ${fmt(result.ours)}, ` +
      `Apicurio AvroConverter on the JVM ${fmt(result.java)}, ratio ${result.ratio.toFixed(2)}` +
      `  [wall-clock: ours ${fmt(result.wall.ours)}, java ${fmt(result.wall.java)}; registry calls while measuring: ${result.registryRequestsMeasured}]`,
  );
  process.exit(0);
}
