// Section 1: the same topic drained through the same converter + SMT chain into a file, once by
// serverless-connect standalone and once by Apache Kafka Connect standalone, one after the other.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Dataset } from './dataset.ts';
import { choosePipeline, type PipelineChoice, pipelineSettings } from './pipeline-config.ts';
import { type DrainResult, drain } from './sinks/drain.ts';
import { startKafkaConnect } from './sinks/kafka-connect.ts';
import { startServerlessConnect } from './sinks/serverless-connect.ts';

export interface SinkFigures extends DrainResult {
  readonly recordsPerSecond: number;
  /** Value megabytes (10^6 bytes) read from Kafka per second. */
  readonly megabytesPerSecond: number;
  readonly cpuSecondsPerMillion: number;
  /** Average cores busy while draining (CPU seconds / wall seconds). */
  readonly coresUsed: number;
  readonly secondHalfRecordsPerSecond: number;
  readonly secondHalfCpuSecondsPerMillion: number;
}

export interface ThroughputResult {
  readonly pipeline: {
    readonly valueConverter: string;
    readonly transforms: readonly string[];
    readonly missing: readonly string[];
  };
  readonly serverlessConnect: SinkFigures;
  readonly kafkaConnect: SinkFigures;
  /** serverless-connect ÷ Kafka Connect for each figure (>1 means ours is larger). */
  readonly ratio: {
    readonly recordsPerSecond: number;
    readonly cpuSecondsPerMillion: number;
    readonly secondHalfRecordsPerSecond: number;
    readonly secondHalfCpuSecondsPerMillion: number;
    readonly peakRss: number;
  };
}

function figures(result: DrainResult, dataset: Dataset): SinkFigures {
  return {
    ...result,
    recordsPerSecond: result.records / result.wallSeconds,
    megabytesPerSecond: dataset.valueBytes / 1e6 / result.wallSeconds,
    cpuSecondsPerMillion: result.cpuSeconds / (result.records / 1e6),
    coresUsed: result.cpuSeconds / result.wallSeconds,
    secondHalfRecordsPerSecond: result.secondHalf.records / result.secondHalf.seconds,
    secondHalfCpuSecondsPerMillion: result.secondHalf.cpuSeconds / (result.secondHalf.records / 1e6),
  };
}

export async function runThroughput(
  dataset: Dataset,
  bootstrap: string,
  dir: string,
  settings: { timeoutSeconds: number; heapMb: number; commitIntervalMs: number },
  log: (line: string) => void,
): Promise<ThroughputResult> {
  const pipeline: PipelineChoice = choosePipeline();
  if (pipeline.missing.length > 0) {
    log(
      `  not available in serverless-connect yet, so left out on both sides: ${pipeline.missing.join('; ')}`,
    );
  }
  const connectorSettings = pipelineSettings(pipeline);
  const id = randomUUID().slice(0, 8);

  log(`draining ${dataset.topic} with serverless-connect standalone`);
  const oursOutput = path.join(dir, `sc-${id}.out`);
  const ours = await drain(
    {
      process: await startServerlessConnect({
        dir,
        name: `bench-sc-${id}`,
        bootstrap,
        topic: dataset.topic,
        outputFile: oursOutput,
        connectorSettings,
        workerSettings: { 'offset.flush.interval.ms': String(settings.commitIntervalMs) },
        heapMb: settings.heapMb,
      }),
      outputFile: oursOutput,
      expectedRecords: dataset.records,
      timeoutSeconds: settings.timeoutSeconds,
      stopSignal: 'SIGINT',
    },
    log,
  );

  log(`draining ${dataset.topic} with Apache Kafka Connect standalone`);
  const theirsOutput = path.join(dir, `kc-${id}.out`);
  const theirs = await drain(
    {
      process: await startKafkaConnect({
        dir,
        // A new name each run: a new consumer group, so it starts from the earliest offset.
        name: `bench-kc-${id}`,
        bootstrap,
        topic: dataset.topic,
        outputFile: theirsOutput,
        connectorSettings,
        heapMb: settings.heapMb,
        commitIntervalMs: settings.commitIntervalMs,
      }),
      outputFile: theirsOutput,
      expectedRecords: dataset.records,
      timeoutSeconds: settings.timeoutSeconds,
      stopSignal: 'SIGTERM',
    },
    log,
  );

  const serverlessConnect = figures(ours, dataset);
  const kafkaConnect = figures(theirs, dataset);
  return {
    pipeline: {
      valueConverter: pipeline.valueConverter,
      transforms: pipeline.chain.map((s) => s.className),
      missing: pipeline.missing,
    },
    serverlessConnect,
    kafkaConnect,
    ratio: {
      recordsPerSecond: serverlessConnect.recordsPerSecond / kafkaConnect.recordsPerSecond,
      cpuSecondsPerMillion: serverlessConnect.cpuSecondsPerMillion / kafkaConnect.cpuSecondsPerMillion,
      secondHalfRecordsPerSecond:
        serverlessConnect.secondHalfRecordsPerSecond / kafkaConnect.secondHalfRecordsPerSecond,
      secondHalfCpuSecondsPerMillion:
        serverlessConnect.secondHalfCpuSecondsPerMillion / kafkaConnect.secondHalfCpuSecondsPerMillion,
      peakRss: serverlessConnect.peakRssBytes / kafkaConnect.peakRssBytes,
    },
  };
}
