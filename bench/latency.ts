// Section 2: end-to-end latency. Records are produced at a steady rate, each carrying the moment
// it was handed to the producer; a file sink (serverless-connect standalone, then Apache Kafka
// Connect standalone) writes them to a file; this process tails that file and notes when each line
// became readable.
//
// Why this measure: "produce call → line readable by another process" is what a downstream
// reader of the sink sees, and both ends use this process's clock, so no clock skew enters. It
// includes the producer's acknowledgement wait, the fetch wait, the pipeline and the sink's
// write (+ fsync for ours).
import { randomUUID } from 'node:crypto';
import { watch } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  createAdmin,
  createProducer,
  type KafkaConnection,
  type ProducerRecord,
} from '../shared/kafka/index.ts';
import { STRING_CONVERTER } from './pipeline-config.ts';
import { startKafkaConnect } from './sinks/kafka-connect.ts';
import { startServerlessConnect } from './sinks/serverless-connect.ts';
import type { BenchProcess } from './support/child.ts';
import { LineTailer } from './support/line-files.ts';
import { percentile, preciseNow } from './support/stats.ts';

export interface LatencyResult {
  readonly sink: LatencySink;
  readonly targetRate: number;
  readonly seconds: number;
  readonly produced: number;
  readonly received: number;
  readonly achievedRate: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly commitIntervalMs: number;
}

const PARTITIONS = 8;
const TICK_MS = 10;

interface Stamp {
  readonly seq: number;
  readonly producedAt: number;
}

function latencyRecord(topic: string, seq: number, producedAt: number, padBytes: number): ProducerRecord {
  return {
    topic,
    partition: ((seq % PARTITIONS) + PARTITIONS) % PARTITIONS,
    key: null,
    value: JSON.stringify({ seq, producedAt, pad: 'x'.repeat(padBytes) }),
  };
}

export type LatencySink = 'serverless-connect' | 'kafka-connect';

// Strings pass through unchanged, so each line is the produced JSON with its stamp.
const passThrough = {
  'key.converter': STRING_CONVERTER,
  'value.converter': STRING_CONVERTER,
  'header.converter': STRING_CONVERTER,
};

/**
 * Ours writes at each commit, so it commits after every fetched batch (interval 0). Kafka's
 * FileStreamSinkTask prints each record as it is put, unbuffered, so its commit interval does not
 * delay the line and stays at the throughput run's 1,000 ms.
 */
function commitIntervalOf(sink: LatencySink): number {
  return sink === 'serverless-connect' ? 0 : 1000;
}

function startSink(
  sink: LatencySink,
  run: { dir: string; name: string; bootstrap: string; topic: string; outputFile: string; heapMb: number },
): Promise<BenchProcess> {
  const commitIntervalMs = commitIntervalOf(sink);
  return sink === 'serverless-connect'
    ? startServerlessConnect({
        ...run,
        connectorSettings: passThrough,
        workerSettings: { 'offset.flush.interval.ms': String(commitIntervalMs) },
      })
    : startKafkaConnect({ ...run, connectorSettings: passThrough, commitIntervalMs });
}

export async function runLatency(
  connection: KafkaConnection,
  dir: string,
  settings: { rate: number; seconds: number; recordBytes: number; heapMb: number },
  sinkName: LatencySink,
  log: (line: string) => void,
): Promise<LatencyResult> {
  const id = randomUUID().slice(0, 8);
  const topic = `bench-latency-${id}`;
  const admin = createAdmin(connection);
  await admin.createTopics([{ topic, partitions: PARTITIONS, replicationFactor: 1 }]);
  await admin.close();

  const outputFile = path.join(dir, `latency-${id}.out`);
  const commitIntervalMs = commitIntervalOf(sinkName);
  const sink = await startSink(sinkName, {
    dir,
    name: `bench-latency-${id}`,
    bootstrap: connection.brokers[0]!,
    topic,
    outputFile,
    heapMb: settings.heapMb,
  });

  const latencies: number[] = [];
  let warmupSeen = 0;
  const tailer = new LineTailer(outputFile, (line) => {
    const seenAt = preciseNow();
    const stamp = JSON.parse(line) as Stamp;
    if (stamp.seq < 0) warmupSeen++;
    else latencies.push(seenAt - stamp.producedAt);
  });
  // inotify wakes the tailer on each write; the timer covers the file's creation and any missed event.
  let watcher: ReturnType<typeof watch> | undefined;
  const poller = setInterval(() => {
    tailer.poll();
    if (!watcher) {
      try {
        watcher = watch(outputFile, () => tailer.poll());
      } catch {
        // not created yet
      }
    }
  }, 5);

  const producer = createProducer(connection);
  const padBytes = Math.max(0, settings.recordBytes - 60);
  try {
    // Warm-up: the worker is connected and writing before the measured window starts.
    const warmup = Array.from({ length: PARTITIONS }, (_, p) =>
      latencyRecord(topic, -1 - p, preciseNow(), 0),
    );
    await producer.send(warmup);
    const warmDeadline = Date.now() + 60_000;
    while (warmupSeen < PARTITIONS) {
      sink.assertAlive();
      if (Date.now() > warmDeadline) throw new Error(`${sinkName} did not start; ${sink.logTail()}`);
      await sleep(20);
    }

    log(`producing ${settings.rate} records/s for ${settings.seconds} s into ${topic} for ${sinkName}`);
    const total = settings.rate * settings.seconds;
    const started = preciseNow();
    let sent = 0;
    while (sent < total) {
      const due = Math.min(total, Math.floor(((preciseNow() - started) / 1000) * settings.rate));
      if (due > sent) {
        const producedAt = preciseNow();
        const batch: ProducerRecord[] = [];
        for (let seq = sent; seq < due; seq++) batch.push(latencyRecord(topic, seq, producedAt, padBytes));
        await producer.send(batch);
        sent = due;
      }
      await sleep(TICK_MS);
    }
    const sendSeconds = (preciseNow() - started) / 1000;

    const deadline = Date.now() + 30_000;
    while (latencies.length < total && Date.now() < deadline) {
      sink.assertAlive();
      await sleep(20);
    }
    if (latencies.length < total) log(`  only ${latencies.length} of ${total} records arrived within 30 s`);
    return {
      sink: sinkName,
      targetRate: settings.rate,
      seconds: settings.seconds,
      produced: total,
      received: latencies.length,
      achievedRate: total / sendSeconds,
      p50Ms: percentile(latencies, 50),
      p90Ms: percentile(latencies, 90),
      p99Ms: percentile(latencies, 99),
      maxMs: latencies.length > 0 ? latencies.reduce((max, v) => Math.max(max, v)) : Number.NaN,
      commitIntervalMs,
    };
  } finally {
    clearInterval(poller);
    watcher?.close();
    tailer.close();
    await producer.close();
    await sink.stop(sinkName === 'serverless-connect' ? 'SIGINT' : 'SIGTERM');
  }
}
