// Multi-connector section: two file-sink connectors, each on a topic of its own, in one standalone
// worker. serverless-connect runs each task in a thread of its own (task.threads, the default) and,
// for comparison, all in the main thread (task.threads=false); Apache Kafka Connect standalone runs
// the same two connectors, a thread per task. Same records, same pipeline, one after the other.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { KafkaConnection } from '../shared/kafka/index.ts';
import { type Dataset, datasetSpec, ensureDataset } from './dataset.ts';
import { choosePipeline, pipelineSettings } from './pipeline-config.ts';
import { type DrainResult, drain, stolenText } from './sinks/drain.ts';
import { startKafkaConnect } from './sinks/kafka-connect.ts';
import { startServerlessConnect } from './sinks/serverless-connect.ts';

export interface MultiConnectorFigures {
  readonly records: number;
  readonly wallSeconds: number;
  readonly recordsPerSecond: number;
  readonly cpuSecondsPerMillion: number;
  /** CPU seconds ÷ wall seconds: how many cores the worker kept busy on average. */
  readonly coresUsed: number;
  readonly peakRssBytes: number;
  readonly firstRecordSeconds: number;
  /** The second half of the records alone: start-up (threads', the JVM's) and most warm-up behind. */
  readonly secondHalfRecordsPerSecond: number;
  readonly secondHalfCpuSecondsPerMillion: number;
  /** CPU seconds the host stole from the machine (all cores), whole run and second half; null off Linux. */
  readonly stolenSeconds: number | null;
  readonly secondHalf: { readonly stolenSeconds: number | null };
}

export interface MultiConnectorResult {
  readonly topics: readonly string[];
  readonly recordsPerTopic: number;
  readonly partitionsPerTopic: number;
  readonly recordBytes: number;
  readonly valueConverter: string;
  readonly transforms: readonly string[];
  /** serverless-connect, each task in a worker thread (the default). */
  readonly threads: MultiConnectorFigures;
  /** serverless-connect with task.threads=false: both tasks in the main thread. */
  readonly mainThread: MultiConnectorFigures;
  readonly kafkaConnect: MultiConnectorFigures;
  /** threads ÷ Kafka Connect. */
  readonly ratio: { readonly recordsPerSecond: number; readonly cpuSecondsPerMillion: number };
}

export interface MultiConnectorSettings {
  readonly recordsPerTopic: number;
  readonly partitionsPerTopic: number;
  readonly recordBytes: number;
  readonly timeoutSeconds: number;
  readonly heapMb: number;
  readonly commitIntervalMs: number;
}

function figures(result: DrainResult): MultiConnectorFigures {
  return {
    records: result.records,
    wallSeconds: result.wallSeconds,
    recordsPerSecond: result.records / result.wallSeconds,
    cpuSecondsPerMillion: result.cpuSeconds / (result.records / 1e6),
    coresUsed: result.cpuSeconds / result.wallSeconds,
    peakRssBytes: result.peakRssBytes,
    firstRecordSeconds: result.firstRecordSeconds,
    secondHalfRecordsPerSecond: result.secondHalf.records / result.secondHalf.seconds,
    secondHalfCpuSecondsPerMillion: result.secondHalf.cpuSeconds / (result.secondHalf.records / 1e6),
    stolenSeconds: result.stolenSeconds,
    secondHalf: { stolenSeconds: result.secondHalf.stolenSeconds },
  };
}

export async function runMultiConnector(
  connection: KafkaConnection,
  bootstrap: string,
  dir: string,
  settings: MultiConnectorSettings,
  log: (line: string) => void,
): Promise<MultiConnectorResult> {
  const spec = datasetSpec(settings.recordsPerTopic, settings.partitionsPerTopic, settings.recordBytes);
  // Two topics with the same records: each connector drains its own.
  const datasets: Dataset[] = [];
  for (const suffix of ['a', 'b']) {
    datasets.push(await ensureDataset(connection, { ...spec, topic: `${spec.topic}-${suffix}` }, log));
  }
  const pipeline = choosePipeline();
  const connectorSettings = pipelineSettings(pipeline);
  const expectedRecords = datasets.reduce((sum, d) => sum + d.records, 0);

  const runOurs = async (label: string, workerSettings: Record<string, string>) => {
    const id = randomUUID().slice(0, 8);
    const outputs = datasets.map((_, i) => path.join(dir, `sc-multi-${id}-${i}.out`));
    log(`multi-connector: serverless-connect standalone, ${label}`);
    return drain(
      {
        process: await startServerlessConnect({
          dir,
          name: `bench-sc-multi-${id}-0`,
          bootstrap,
          topic: datasets[0]!.topic,
          outputFile: outputs[0]!,
          moreConnectors: [
            { name: `bench-sc-multi-${id}-1`, topic: datasets[1]!.topic, outputFile: outputs[1]! },
          ],
          connectorSettings,
          workerSettings: {
            'offset.flush.interval.ms': String(settings.commitIntervalMs),
            ...workerSettings,
          },
          heapMb: settings.heapMb,
        }),
        outputFile: outputs[0]!,
        moreOutputFiles: [outputs[1]!],
        expectedRecords,
        timeoutSeconds: settings.timeoutSeconds,
        stopSignal: 'SIGINT',
      },
      log,
    );
  };
  const threads = figures(await runOurs('a thread per task', {}));
  const mainThread = figures(await runOurs('both tasks in the main thread', { 'task.threads': 'false' }));

  log('multi-connector: Apache Kafka Connect standalone');
  const id = randomUUID().slice(0, 8);
  const outputs = datasets.map((_, i) => path.join(dir, `kc-multi-${id}-${i}.out`));
  const kafkaConnect = figures(
    await drain(
      {
        process: await startKafkaConnect({
          dir,
          // New names each run: new consumer groups, so both start from the earliest offsets.
          name: `bench-kc-multi-${id}-0`,
          bootstrap,
          topic: datasets[0]!.topic,
          outputFile: outputs[0]!,
          moreConnectors: [
            { name: `bench-kc-multi-${id}-1`, topic: datasets[1]!.topic, outputFile: outputs[1]! },
          ],
          connectorSettings,
          heapMb: settings.heapMb,
          commitIntervalMs: settings.commitIntervalMs,
        }),
        outputFile: outputs[0]!,
        moreOutputFiles: [outputs[1]!],
        expectedRecords,
        timeoutSeconds: settings.timeoutSeconds,
        stopSignal: 'SIGTERM',
      },
      log,
    ),
  );
  return {
    topics: datasets.map((d) => d.topic),
    recordsPerTopic: settings.recordsPerTopic,
    partitionsPerTopic: settings.partitionsPerTopic,
    recordBytes: settings.recordBytes,
    valueConverter: pipeline.valueConverter,
    transforms: pipeline.chain.map((s) => s.className),
    threads,
    mainThread,
    kafkaConnect,
    ratio: {
      recordsPerSecond: threads.recordsPerSecond / kafkaConnect.recordsPerSecond,
      cpuSecondsPerMillion: threads.cpuSecondsPerMillion / kafkaConnect.cpuSecondsPerMillion,
    },
  };
}

export function multiConnectorMarkdown(m: MultiConnectorResult): string[] {
  const n = (value: number, digits = 0) =>
    value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const chain = m.transforms.map((c) => c.split('.').pop()).join(' → ') || 'none';
  const row = (label: string, pick: (f: MultiConnectorFigures) => string) =>
    `| ${label} | ${pick(m.threads)} | ${pick(m.mainThread)} | ${pick(m.kafkaConnect)} |`;
  return [
    '## Multi-connector: two file sinks in one standalone worker',
    '',
    `Two connectors, each on a topic of its own: ${n(m.recordsPerTopic)} records of ~${m.recordBytes} bytes of JSON per topic, ` +
      `${m.partitionsPerTopic} partitions each; value converter ${m.valueConverter.split('.').pop()}, SMTs: ${chain}. ` +
      'Records/s count both topics, start of the process to the last record of both.',
    '',
    '| | serverless-connect, a thread per task (default) | serverless-connect, `task.threads=false` | Apache Kafka Connect standalone |',
    '|---|--:|--:|--:|',
    row('records/s (both connectors)', (f) => n(f.recordsPerSecond)),
    row('CPU seconds per million records', (f) => n(f.cpuSecondsPerMillion, 1)),
    row('cores used (CPU time ÷ wall time)', (f) => n(f.coresUsed, 2)),
    row('CPU s the host stole from the machine (all cores): whole · second half', stolenText),
    row('second half only: records/s', (f) => n(f.secondHalfRecordsPerSecond)),
    row('second half only: CPU seconds per million', (f) => n(f.secondHalfCpuSecondsPerMillion, 1)),
    row('peak RSS', (f) => `${n(f.peakRssBytes / 1e6)} MB`),
    row('start to first record written', (f) => `${n(f.firstRecordSeconds, 1)} s`),
    row('records in the output files', (f) => n(f.records)),
    '',
    `Threads ÷ Kafka Connect: ${n(m.ratio.recordsPerSecond, 2)}× the records/s, ${n(m.ratio.cpuSecondsPerMillion, 2)}× the CPU per record.`,
    '',
  ];
}
