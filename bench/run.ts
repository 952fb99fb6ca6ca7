// npm run bench: throughput and resource use side by side with Apache Kafka Connect, end-to-end
// latency, the Kafka read path against the broker's own consumer perf tool, and the cost model.
// Never part of npm test; results go to bench/results/latest.{md,json}.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ensureInfra } from '../scripts/infra/index.ts';
import { fetchJars } from '../scripts/infra/jars.ts';
import { javaBinary } from '../scripts/infra/java.ts';
import { endpoints, projectRoot } from '../scripts/infra/settings.ts';
import { runAvroBench } from './avro.ts';
import { runCdcBench } from './cdc.ts';
import { runColdStartBench } from './coldstart.ts';
import { computeCost, defaultCostInputs } from './cost-model.ts';
import { runDataplaneBench } from './dataplane.ts';
import { datasetSpec, ensureDataset } from './dataset.ts';
import { runHandoverBench } from './handover.ts';
import { runLatency } from './latency.ts';
import { runMultiConnector } from './multi-connector.ts';
import { runOpensearchBench } from './opensearch.ts';
import { type BenchOptions, parseOptions } from './options.ts';
import { runPickupBench } from './pickup.ts';
import { runProfile } from './profile.ts';
import { runReadPath } from './read-path.ts';
import { type BenchResults, type Machine, markdown, writeResults } from './report.ts';
import { runS3Bench } from './s3.ts';
import { runThroughput } from './throughput.ts';

const log = (line: string) => console.log(`${new Date().toISOString().slice(11, 19)} ${line}`);

function machine(): Machine {
  const java = spawnSync(javaBinary(), ['-version'], { encoding: 'utf8' });
  return {
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    cpus: os.cpus().length,
    loadAverage: os.loadavg(),
    node: process.version,
    java: `${java.stderr ?? ''}`.split('\n')[0]?.trim() || 'java unknown',
    os: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

async function run(options: BenchOptions): Promise<BenchResults> {
  const startedAt = new Date().toISOString();
  const host = machine();
  await ensureInfra(['kafka'], log);
  await fetchJars('connect', log);
  const bootstrap = endpoints.kafkaBootstrap;
  const connection = { brokers: [bootstrap], clientId: 'serverless-connect-bench' };
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sc-bench-'));
  const results: { -readonly [K in keyof BenchResults]: BenchResults[K] } = {
    startedAt,
    finishedAt: startedAt,
    machine: host,
    options: { ...options, sections: [...options.sections] },
  };
  try {
    const needsTopic =
      options.sections.has('throughput') ||
      options.sections.has('profile') ||
      options.sections.has('read-path');
    const dataset = needsTopic
      ? await ensureDataset(
          connection,
          datasetSpec(options.records, options.partitions, options.recordBytes),
          log,
        )
      : undefined;
    if (dataset) results.dataset = dataset;
    if (dataset && options.sections.has('throughput')) {
      results.throughput = await runThroughput(dataset, bootstrap, dir, options, log);
      // Second-half figures: a warm Lambda container and a long-running MSK Connect worker have
      // both left start-up and JIT warm-up behind; cold starts are the per-invocation overhead.
      const ours = results.throughput.serverlessConnect;
      const inputs = defaultCostInputs({
        oursCpuSecondsPerMillion: ours.secondHalfCpuSecondsPerMillion,
        oursWaitSecondsPerMillion: Math.max(
          0,
          (ours.secondHalf.seconds - ours.secondHalf.cpuSeconds) / (ours.secondHalf.records / 1e6),
        ),
        kafkaConnectCpuSecondsPerMillion: results.throughput.kafkaConnect.secondHalfCpuSecondsPerMillion,
        lambdaMemoryMb: options.lambdaMemoryMb,
        recordsPerLeaseWrite: options.recordsPerLeaseWrite,
        referenceRecordsPerSecond: options.referenceRate,
      });
      results.cost = { inputs: { ...inputs }, result: computeCost(inputs) };
    }
    if (options.sections.has('multi-connector')) {
      results.multiConnector = await runMultiConnector(
        connection,
        bootstrap,
        dir,
        {
          recordsPerTopic: options.multiRecords,
          partitionsPerTopic: 4,
          recordBytes: options.recordBytes,
          timeoutSeconds: options.timeoutSeconds,
          heapMb: options.heapMb,
          commitIntervalMs: options.commitIntervalMs,
        },
        log,
      );
    }
    if (dataset && options.sections.has('profile')) {
      results.profile = await runProfile(dataset, bootstrap, dir, options, log);
    }
    if (options.sections.has('latency')) {
      const settings = {
        rate: options.latencyRate,
        seconds: options.latencySeconds,
        recordBytes: options.recordBytes,
        heapMb: options.heapMb,
      };
      results.latency = [];
      for (const sink of ['serverless-connect', 'kafka-connect'] as const) {
        results.latency.push(await runLatency(connection, dir, settings, sink, log));
      }
    }
    if (dataset && options.sections.has('read-path')) {
      results.readPath = await runReadPath(connection, dataset, dir, options.heapMb, log);
    }
    if (options.sections.has('dataplane')) {
      log("data plane: converters and SMTs in process, ours and Kafka Connect's own classes");
      results.dataplane = await runDataplaneBench();
    }
    if (options.sections.has('cdc')) {
      await ensureInfra(['postgres'], log);
      log('cdc: PostgreSQL WAL → Kafka, ours and Debezium 3.6.1 in Kafka Connect standalone');
      results.cdc = await runCdcBench(
        {
          changes: options.cdcChanges,
          heapMb: options.heapMb,
          rounds: options.cdcRounds,
          timeoutSeconds: options.timeoutSeconds,
        },
        dir,
        log,
      );
    }
    if (options.sections.has('avro')) {
      log("avro: Avro through the schema registry converters, ours and Apicurio's AvroConverter on the JVM");
      results.avro = await runAvroBench({}, log);
    }
    if (options.sections.has('handover')) {
      log('handover: concurrency 1 → 4 → 2 → 6 → 3 (twice) on DynamoDB Local, with records flowing');
      results.handover = await runHandoverBench(2000, log);
    }
    if (options.sections.has('s3')) {
      log('s3: the S3 sink into LocalStack S3, and a plain uploader of the same bytes');
      results.s3 = await runS3Bench(300_000, log);
    }
    if (options.sections.has('pickup')) {
      log('pickup: records after silence and config changes, through the Lambda handlers with the schedule');
      results.pickup = await runPickupBench(
        Number(process.env.BENCH_PICKUP_TRIALS ?? 10),
        Number(process.env.BENCH_PICKUP_SILENCE_SECONDS ?? 120),
        log,
      );
    }
    if (options.sections.has('coldstart')) {
      log('coldstart: the task function bundle in fresh processes, to the first record written');
      results.coldstart = await runColdStartBench(Number(process.env.BENCH_COLDSTART_TRIALS ?? 7), log);
    }
    if (options.sections.has('opensearch')) {
      log('opensearch: the Elasticsearch sink into OpenSearch, next to a plain _bulk loader');
      results.opensearch = await runOpensearchBench(connection, dir, options.opensearchDocuments, log);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  results.finishedAt = new Date().toISOString();
  return results;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const results = await run(options);
  console.log(`\n${markdown(results)}`);
  const written = await writeResults(results, path.join(projectRoot, 'bench', 'results'));
  log(`results: ${path.relative(projectRoot, written.md)}, ${path.relative(projectRoot, written.json)}`);
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
