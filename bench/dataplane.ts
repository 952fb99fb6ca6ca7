// Data-plane benchmark: JSON records with a ~1 KB payload through
// bytes → JsonConverter → a 5-SMT chain → JsonConverter → bytes, in records/s, for our engine and
// for Apache Kafka Connect's own classes (the conformance harness's bench mode, JIT warmed up), in
// the same run on the same machine. Two modes: the schema envelope (schemas.enable=true, the
// default) and plain JSON (schemas.enable=false). Both sides run single-threaded and are measured
// in records per second of process CPU time (JIT and GC threads included), which is throughput per
// core and stays meaningful on a machine shared with other work; wall-clock rates are reported too.
//
//   node bench/dataplane.ts [--seconds 5] [--warmup 5]
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { JsonConverter } from '../shared/converters/json/json-converter.ts';
import type { KafkaRecord } from '../shared/kafka/types.ts';
import { builtinPlugins } from '../shared/runtime/plugins/builtin-plugins.ts';
import { createSinkPipeline } from '../shared/runtime/tasks/sink-pipeline-factory.ts';
import { createTransformer } from '../shared/runtime/tasks/transformer-factory.ts';
import { runKafkaBench } from '../test/conformance/java-harness.ts';

export interface DataplaneBenchOptions {
  /** Measured seconds per side. */
  seconds?: number;
  /** Warm-up seconds per side (JIT for both V8 and HotSpot). */
  warmupSeconds?: number;
  /** Distinct records cycled through (distinct values, one schema, as on a real topic). */
  distinctRecords?: number;
}

export interface DataplaneModeResult {
  /** Records per CPU-second (process CPU time) through our pipeline: throughput per core. */
  ours: number;
  /** Records per CPU-second through Kafka Connect's classes on the JVM. */
  java: number;
  /** ours / java: above 1 means we are faster per core. */
  ratio: number;
  wall: { ours: number; java: number };
  recordBytes: number;
  outputBytes: number;
}

/** The envelope mode's figures at the top level; the plain-JSON mode under `plain`. */
export interface DataplaneBenchResult {
  /** Records per CPU-second (process CPU time) through our pipeline: throughput per core. */
  ours: number;
  /** Records per CPU-second through Kafka Connect's classes on the JVM. */
  java: number;
  /** ours / java: above 1 means we are faster per core. */
  ratio: number;
  /** The same runs in records per wall-clock second (affected by other load on the machine). */
  wall: { ours: number; java: number };
  recordBytes: number;
  outputBytes: number;
  smts: string[];
  seconds: number;
  plain: DataplaneModeResult;
}

/** The chain, as connector config: the same five SMTs run on the Java side. */
export const CHAIN = [
  {
    alias: 'drop',
    class: 'org.apache.kafka.connect.transforms.ReplaceField$Value',
    config: { exclude: 'internal_note,debug' },
  },
  {
    alias: 'meta',
    class: 'org.apache.kafka.connect.transforms.InsertField$Value',
    config: {
      'topic.field': 'source_topic',
      'offset.field': 'source_offset',
      'timestamp.field': 'ingested_at',
    },
  },
  {
    alias: 'cast',
    class: 'org.apache.kafka.connect.transforms.Cast$Value',
    config: { spec: 'quantity:int64,score:float32' },
  },
  {
    alias: 'mask',
    class: 'org.apache.kafka.connect.transforms.MaskField$Value',
    config: { fields: 'email,phone' },
  },
  {
    alias: 'route',
    class: 'org.apache.kafka.connect.transforms.TimestampRouter',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: TimestampRouter's own placeholder syntax
    config: { 'topic.format': '${topic}-${timestamp}', 'timestamp.format': 'yyyyMMdd' },
  },
] as const;

const VALUE_SCHEMA = {
  type: 'struct',
  name: 'com.example.OrderEvent',
  optional: false,
  fields: [
    { type: 'int64', optional: false, field: 'order_id' },
    { type: 'string', optional: false, field: 'customer' },
    { type: 'string', optional: true, field: 'email' },
    { type: 'string', optional: true, field: 'phone' },
    { type: 'int32', optional: false, field: 'quantity' },
    { type: 'double', optional: false, field: 'score' },
    { type: 'boolean', optional: false, field: 'priority' },
    {
      type: 'int64',
      name: 'org.apache.kafka.connect.data.Timestamp',
      version: 1,
      optional: false,
      field: 'created_at',
    },
    {
      type: 'struct',
      optional: true,
      field: 'address',
      fields: [
        { type: 'string', optional: false, field: 'street' },
        { type: 'string', optional: false, field: 'city' },
        { type: 'string', optional: true, field: 'zip' },
      ],
    },
    { type: 'array', items: { type: 'string', optional: false }, optional: true, field: 'tags' },
    { type: 'string', optional: true, field: 'internal_note' },
    { type: 'string', optional: true, field: 'debug' },
    { type: 'string', optional: true, field: 'comment' },
  ],
};

const LOREM =
  'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat. Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur. Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt mollit anim id est laborum. Sed ut perspiciatis unde omnis iste natus error sit voluptatem accusantium doloremque laudantium, totam rem aperiam.';

/** Deterministic records with a ~1 KB payload that differ in every value. */
export function benchRecords(count: number, withSchema = true): Buffer[] {
  const records: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const payload = {
      order_id: 1_000_000 + i,
      customer: `customer-${i % 977}`,
      email: `user${i}@example.com`,
      phone: `+47-${String(10_000_000 + i)}`,
      quantity: (i * 7) % 50,
      score: ((i * 13) % 1000) / 10 + 0.25,
      priority: i % 3 === 0,
      created_at: 1_700_000_000_000 + i * 1000,
      address: {
        street: `${i % 300} Main Street`,
        city: ['Oslo', 'Bergen', 'Tromsø'][i % 3],
        zip: i % 5 ? `0${i % 1000}` : null,
      },
      tags: ['new', `batch-${i % 10}`, i % 2 ? 'web' : 'store'],
      internal_note: 'x'.repeat(40 + (i % 20)),
      debug: null,
      comment: `Order ${i}: ${(LOREM + LOREM).slice(0, 640 + (i % 40))}`,
    };
    records.push(Buffer.from(JSON.stringify(withSchema ? { schema: VALUE_SCHEMA, payload } : payload)));
  }
  return records;
}

/** The bench connector: `valueConverter` with `converter` as its keys, then the chain. */
export function connectorConfig(
  converter: Record<string, string>,
  valueConverter = 'org.apache.kafka.connect.json.JsonConverter',
): Record<string, string> {
  const config: Record<string, string> = {
    'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'value.converter': valueConverter,
    ...Object.fromEntries(Object.entries(converter).map(([k, v]) => [`value.converter.${k}`, v])),
    transforms: CHAIN.map((s) => s.alias).join(','),
  };
  for (const stage of CHAIN) {
    config[`transforms.${stage.alias}.type`] = stage.class;
    for (const [key, value] of Object.entries(stage.config))
      config[`transforms.${stage.alias}.${key}`] = value;
  }
  return config;
}

/** Our side: the production pipeline (header/key/value converters + chain), then JsonConverter out. */
function benchOurs(
  records: Buffer[],
  converter: Record<string, string>,
  warmupSeconds: number,
  seconds: number,
): { rate: number; cpuRate: number; outputBytes: number } {
  const registry = builtinPlugins();
  const config = connectorConfig(converter);
  const pipeline = createSinkPipeline(config, {}, registry, createTransformer(config, registry));
  const out = new JsonConverter();
  out.configure(converter, false);
  const raws: KafkaRecord[] = records.map((value, i) => ({
    topic: 'orders',
    partition: 0,
    offset: i,
    timestamp: 1_700_000_000_000 + i,
    timestampType: 'CreateTime',
    key: null,
    value,
    headers: [],
  }));
  let outputBytes = 0;
  const runFor = (ms: number): { count: number; elapsed: number } => {
    const start = performance.now();
    let count = 0;
    let elapsed = 0;
    do {
      for (let i = 0; i < 1000; i++) {
        const record = pipeline.process(raws[count % raws.length]!);
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
  runFor(warmupSeconds * 1000);
  // Process CPU time as on the Java side: the work, not the time spent waiting for a core.
  const cpuStart = process.cpuUsage();
  const measured = runFor(seconds * 1000);
  const cpu = process.cpuUsage(cpuStart);
  return {
    rate: measured.count / (measured.elapsed / 1000),
    cpuRate: measured.count / ((cpu.user + cpu.system) / 1e6),
    outputBytes,
  };
}

async function runMode(
  converter: Record<string, string>,
  options: DataplaneBenchOptions,
): Promise<DataplaneModeResult> {
  const seconds = options.seconds ?? 5;
  const warmupSeconds = options.warmupSeconds ?? 5;
  const records = benchRecords(options.distinctRecords ?? 1000, converter['schemas.enable'] !== 'false');
  const java = await runKafkaBench({
    config: converter,
    stages: CHAIN.map((s) => ({ class: s.class, config: s.config })),
    records: records.map((r) => r.toString('base64')),
    warmupSeconds,
    measureSeconds: seconds,
  });
  const ours = benchOurs(records, converter, warmupSeconds, seconds);
  return {
    ours: ours.cpuRate,
    java: java.recordsPerCpuSecond,
    ratio: ours.cpuRate / java.recordsPerCpuSecond,
    wall: { ours: ours.rate, java: java.recordsPerSecond },
    recordBytes: Math.round(records.reduce((n, r) => n + r.length, 0) / records.length),
    outputBytes: ours.outputBytes,
  };
}

export async function runDataplaneBench(options: DataplaneBenchOptions = {}): Promise<DataplaneBenchResult> {
  const envelope = await runMode({}, options);
  const plain = await runMode({ 'schemas.enable': 'false' }, options);
  return {
    ...envelope,
    smts: CHAIN.map((s) => s.class.replace('org.apache.kafka.connect.transforms.', '')),
    seconds: options.seconds ?? 5,
    plain,
  };
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: { seconds: { type: 'string', default: '5' }, warmup: { type: 'string', default: '5' } },
  });
  const result = await runDataplaneBench({
    seconds: Number(values.seconds),
    warmupSeconds: Number(values.warmup),
  });
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  console.log(`data plane: JSON → JsonConverter → ${result.smts.join(' → ')} → JsonConverter`);
  console.log(
    `records per CPU-second (per core); ours = Node ${process.versions.node}, java = Kafka Connect 4.1.1 on 1 JVM processor`,
  );
  for (const [label, mode] of [
    ['schema envelope', result],
    ['plain JSON     ', result.plain],
  ] as const) {
    console.log(
      `  ${label} (${mode.recordBytes} B/record): ours ${fmt(mode.ours)}, java ${fmt(mode.java)}, ratio ${mode.ratio.toFixed(2)}` +
        `  [wall-clock: ours ${fmt(mode.wall.ours)}, java ${fmt(mode.wall.java)}]`,
    );
  }
}
