// npm run bench -- [--records N] [--only throughput,latency,read-path] ...
// Every option also has a BENCH_* environment variable, so CI can make a quick run without flags.
import { parseArgs } from 'node:util';

export const sectionNames = [
  'throughput',
  'multi-connector',
  'profile',
  'latency',
  'read-path',
  'dataplane',
  'avro',
  'handover',
  's3',
  'cdc',
  'opensearch',
  'pickup',
  'coldstart',
] as const;
export type SectionName = (typeof sectionNames)[number];

export interface BenchOptions {
  /** Records in the pre-filled topic, and so drained by each throughput run. */
  readonly records: number;
  readonly partitions: number;
  /** Approximate size of each record's JSON value. */
  readonly recordBytes: number;
  readonly sections: ReadonlySet<SectionName>;
  readonly latencyRate: number;
  readonly latencySeconds: number;
  /** Lambda memory setting used by the cost model. */
  readonly lambdaMemoryMb: number;
  /** The steady load (records/s) MSK Connect is sized for in the cost comparison. */
  readonly referenceRate: number;
  /**
   * Records per lease write (one conditional DynamoDB write per partition per committed batch);
   * absent: one write per partition per commit interval, as the runtime commits.
   */
  readonly recordsPerLeaseWrite?: number;
  /** Give up on a sink that has not delivered every record after this long. */
  readonly timeoutSeconds: number;
  /** Heap ceiling in MB for both runtimes under test: Java's -Xmx and Node's --max-old-space-size. */
  readonly heapMb: number;
  /** offset.flush.interval.ms of both sinks in the throughput run. */
  readonly commitIntervalMs: number;
  /** Row changes in the PostgreSQL WAL each CDC connector drains. */
  readonly cdcChanges: number;
  /** How many times each CDC connector drains a slot of its own (figures vary run to run). */
  readonly cdcRounds: number;
  /** Documents written by each run of the opensearch section. */
  readonly opensearchDocuments: number;
  /** Records in each of the two topics of the multi-connector section. */
  readonly multiRecords: number;
}

export const usage = `Usage: npm run bench -- [options]

  --records <n>              records in the throughput topic (default 1000000; env BENCH_RECORDS)
  --partitions <n>           partitions of that topic (default 8)
  --record-bytes <n>         approximate JSON value size (default 500)
  --only <list>              sections to run: ${sectionNames.join(',')} (default all; env BENCH_ONLY)
  --latency-rate <n>         records/s produced in the latency run (default 2000)
  --latency-seconds <n>      length of the latency run (default 20)
  --lambda-memory-mb <n>     Lambda memory for the cost model (default 1024)
  --reference-rate <n>       records/s the MSK Connect comparison is sized for (default 5000)
  --records-per-lease-write <n>  records per committed batch and partition (default: one write per partition per commit interval, as the task function commits)
  --timeout-seconds <n>      per sink run (default 1800)
  --heap-mb <n>              heap ceiling of both runtimes: Java -Xmx, Node --max-old-space-size (default 512)
  --commit-interval-ms <n>   offset.flush.interval.ms of both sinks in the throughput run (default 1000)
  --cdc-changes <n>          row changes each CDC connector streams from the WAL (default 200000)
  --cdc-rounds <n>           runs of each CDC connector, each on a slot of its own (default 2)
  --multi-records <n>        records in each of the two topics of the multi-connector section (default 500000; env BENCH_MULTI_RECORDS)
  --opensearch-documents <n> documents per run of the opensearch section (default 100000; env BENCH_OPENSEARCH_DOCUMENTS)
  coldstart section: env BENCH_COLDSTART_TRIALS (default 7), BENCH_COLDSTART_PROFILE=<dir> (a CPU profile per trial)
  pickup section: env BENCH_PICKUP_TRIALS (default 10), BENCH_PICKUP_SILENCE_SECONDS (default 120)
  -h, --help`;

function positiveInteger(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`--${name} must be a positive integer, got "${raw}"`);
  return value;
}

export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      records: { type: 'string' },
      partitions: { type: 'string' },
      'record-bytes': { type: 'string' },
      only: { type: 'string' },
      'latency-rate': { type: 'string' },
      'latency-seconds': { type: 'string' },
      'lambda-memory-mb': { type: 'string' },
      'reference-rate': { type: 'string' },
      'records-per-lease-write': { type: 'string' },
      'timeout-seconds': { type: 'string' },
      'heap-mb': { type: 'string' },
      'commit-interval-ms': { type: 'string' },
      'cdc-changes': { type: 'string' },
      'cdc-rounds': { type: 'string' },
      'opensearch-documents': { type: 'string' },
      'multi-records': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const only = (values.only ?? env.BENCH_ONLY ?? '').trim();
  const sections = new Set<SectionName>();
  for (const name of only ? only.split(',').map((s) => s.trim()) : sectionNames) {
    if (!sectionNames.includes(name as SectionName)) {
      throw new Error(`--only: unknown section "${name}"; expected some of ${sectionNames.join(', ')}`);
    }
    sections.add(name as SectionName);
  }
  return {
    records: positiveInteger('records', values.records ?? env.BENCH_RECORDS, 1_000_000),
    partitions: positiveInteger('partitions', values.partitions, 8),
    recordBytes: positiveInteger('record-bytes', values['record-bytes'], 500),
    sections,
    latencyRate: positiveInteger('latency-rate', values['latency-rate'], 2000),
    latencySeconds: positiveInteger('latency-seconds', values['latency-seconds'], 20),
    lambdaMemoryMb: positiveInteger('lambda-memory-mb', values['lambda-memory-mb'], 1024),
    referenceRate: positiveInteger('reference-rate', values['reference-rate'], 5000),
    ...(values['records-per-lease-write'] === undefined
      ? {}
      : {
          recordsPerLeaseWrite: positiveInteger(
            'records-per-lease-write',
            values['records-per-lease-write'],
            1,
          ),
        }),
    timeoutSeconds: positiveInteger('timeout-seconds', values['timeout-seconds'], 1800),
    heapMb: positiveInteger('heap-mb', values['heap-mb'] ?? env.BENCH_HEAP_MB, 512),
    commitIntervalMs: positiveInteger('commit-interval-ms', values['commit-interval-ms'], 1000),
    cdcChanges: positiveInteger('cdc-changes', values['cdc-changes'] ?? env.BENCH_CDC_CHANGES, 200_000),
    cdcRounds: positiveInteger('cdc-rounds', values['cdc-rounds'], 2),
    opensearchDocuments: positiveInteger(
      'opensearch-documents',
      values['opensearch-documents'] ?? env.BENCH_OPENSEARCH_DOCUMENTS,
      100_000,
    ),
    multiRecords: positiveInteger(
      'multi-records',
      values['multi-records'] ?? env.BENCH_MULTI_RECORDS,
      500_000,
    ),
  };
}
