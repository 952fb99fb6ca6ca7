// Cold start of the task function, from the bundle the CDK app synthesizes (esbuild, minified, as
// deployed): in a fresh Node process per trial, from loading the bundle until the first record is
// in the sink file. That covers Lambda's init (module load, the handler built) and the first
// invocation up to its first write: config read, lease claim on DynamoDB Local, the reader's
// connection and first fetch on the local broker, conversion and the file sink's flush. Each trial
// is a connector of its own on the same topic, so each claims and reads from the beginning.
//
// Runnable alone: node bench/coldstart.ts [trials]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ensureInfra } from '../scripts/infra/index.ts';
import { endpoints } from '../scripts/infra/settings.ts';
import { createDynamoDBClient } from '../shared/aws/dynamodb-client.ts';
import { DynamoDbConfigStore } from '../shared/aws/dynamodb-config-store.ts';
import { DynamoDBLeaseStore } from '../shared/aws/dynamodb-lease-store.ts';
import { ensureTable } from '../shared/aws/table.ts';
import { createAdmin, createProducer, type KafkaConnection } from '../shared/kafka/index.ts';
import { Coordinator } from '../shared/runtime/coordination/coordinator.ts';
import { MemoryCoordinatorState } from '../shared/runtime/coordination/coordinator-state.ts';
import { silentLogger } from '../shared/runtime/logger.ts';
import type { BundledFunction } from '../test/support/cloud-assembly.ts';
import { localFunctionEnvironment } from '../test/support/lambda-environment.ts';
import { percentile, round } from './support/stats.ts';

export interface ColdStartTrial {
  /** From the process start until the bundle began loading (Node's own start). */
  readonly bootMs: number;
  /** Loading the bundle: Lambda's init. */
  readonly importMs: number;
  /** From loading the bundle until the first record is in the sink file. */
  readonly firstRecordMs: number;
  /** CPU time of the process over the same span. */
  readonly cpuMs: number;
}

export interface ColdStartResult {
  readonly trials: number;
  /** index.mjs as deployed, and its source map (shipped beside it, read on errors). */
  readonly bundleBytes: number;
  readonly sourceMapBytes: number;
  readonly bootP50Ms: number;
  readonly importP50Ms: number;
  readonly firstRecordP50Ms: number;
  readonly firstRecordMaxMs: number;
  readonly cpuP50Ms: number;
  readonly targetMs: number;
  readonly records: number;
}

const RECORDS = 100;
const TARGET_MS = 500;
const CHILD = path.join(import.meta.dirname, 'support', 'coldstart-child.ts');

export async function runColdStartBench(
  trials = 7,
  log: (line: string) => void = () => {},
): Promise<ColdStartResult> {
  await ensureInfra(['kafka', 'dynamodb'], log);
  log('coldstart: synthesizing the CDK app (esbuild bundles)');
  // aws-cdk-lib is loaded only by this section, not by every bench run that imports the report.
  const { resolveEnvironment, synthesizeApp } = await import('../test/support/cloud-assembly.ts');
  const synthesized = synthesizeApp({ kafkaBootstrapServers: endpoints.kafkaBootstrap });
  const task = synthesized.functions.task;
  const bundleBytes = fs.statSync(task.handlerFile).size;
  const mapFile = `${task.handlerFile}.map`;
  const sourceMapBytes = fs.existsSync(mapFile) ? fs.statSync(mapFile).size : 0;
  // The profiles' positions are in the minified bundle: keep it and its map beside them.
  const profileDir = process.env.BENCH_COLDSTART_PROFILE;
  if (profileDir) fs.cpSync(task.assetDir, path.join(profileDir, 'bundle'), { recursive: true });

  const connection: KafkaConnection = { brokers: [endpoints.kafkaBootstrap], clientId: 'sc-bench-coldstart' };
  const stamp = Date.now();
  const topic = `sc-bench-coldstart-${stamp}`;
  const admin = createAdmin(connection);
  const producer = createProducer(connection);
  const dynamodb = createDynamoDBClient({
    config: {
      endpoint: endpoints.dynamodb,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    },
  });
  const tableName = `sc-bench-coldstart-${stamp}`;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sc-bench-coldstart-'));
  const samples: ColdStartTrial[] = [];
  try {
    await admin.createTopics([{ topic, partitions: 1, replicationFactor: 1 }]);
    await producer.send(
      Array.from({ length: RECORDS }, (_, i) => ({
        topic,
        partition: 0,
        key: `key-${i}`,
        value: JSON.stringify({ id: i, name: `record ${i}`, amount: i * 1.5, tags: ['a', 'b'] }),
      })),
    );
    await ensureTable(dynamodb, tableName);
    const configs = new DynamoDbConfigStore(dynamodb, tableName);
    const leases = new DynamoDBLeaseStore({ client: dynamodb, tableName });
    // The environment the template gives the function; the Lambda endpoint is never reached (the
    // process ends at the first record, before any continuation would be invoked).
    const environment = resolveEnvironment(task, localFunctionEnvironment(tableName, 'http://127.0.0.1:9'));
    for (let trial = 0; trial < trials; trial++) {
      const name = `coldstart-${stamp}-${trial}`;
      const file = path.join(dir, `${name}`, 'sink.txt');
      fs.mkdirSync(path.dirname(file));
      const config = {
        name,
        'connector.class': 'FileStreamSink',
        topics: topic,
        file,
        'tasks.max': '1',
        'tasks.autoscale.enable': 'false',
        'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
        'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
        'value.converter.schemas.enable': 'false',
        // The first poll takes every record; the next, empty one ends the batch and the sink
        // flushes. A short wait keeps the broker's long poll out of the figure.
        'consumer.override.fetch.max.wait.ms': '20',
      };
      await configs.create(
        { name, config, taskConfigs: [{ ...config }], targetState: 'RUNNING' },
        Date.now(),
      );
      await new Coordinator({
        configs,
        leases,
        state: new MemoryCoordinatorState(),
        invoker: { invoke: async () => {} },
        admin: () => admin,
        logger: silentLogger,
        workerId: 'bench',
        skewMs: 0,
        invokeGraceMs: 0,
      }).reconcile(name);
      const event = {
        source: 'serverless-connect.coordinator',
        connector: name,
        task: 0,
        reason: 'assigned',
      };
      const sample = await coldStart(task, environment, event, file, path.join(dir, `${name}.json`));
      log(
        `coldstart ${trial + 1}/${trials}: import ${round(sample.importMs, 0)} ms, first record ${round(sample.firstRecordMs, 0)} ms, CPU ${round(sample.cpuMs, 0)} ms`,
      );
      samples.push(sample);
    }
  } finally {
    await Promise.allSettled([admin.close(), producer.close()]);
    dynamodb.destroy();
    fs.rmSync(synthesized.outdir, { recursive: true, force: true });
    await rm(dir, { recursive: true, force: true });
  }
  const p50 = (pick: (s: ColdStartTrial) => number) => round(percentile(samples.map(pick), 50), 0);
  return {
    trials,
    bundleBytes,
    sourceMapBytes,
    bootP50Ms: p50((s) => s.bootMs),
    importP50Ms: p50((s) => s.importMs),
    firstRecordP50Ms: p50((s) => s.firstRecordMs),
    firstRecordMaxMs: round(Math.max(...samples.map((s) => s.firstRecordMs)), 0),
    cpuP50Ms: p50((s) => s.cpuMs),
    targetMs: TARGET_MS,
    records: RECORDS,
  };
}

async function coldStart(
  task: BundledFunction,
  environment: Record<string, string>,
  event: unknown,
  sinkFile: string,
  resultFile: string,
): Promise<ColdStartTrial> {
  const child = spawn(
    process.execPath,
    [
      CHILD,
      task.handlerFile,
      task.handlerExport,
      JSON.stringify(event),
      sinkFile,
      resultFile,
      String(task.timeoutSeconds),
      String(task.memorySize),
    ],
    // Only the function's environment (with its NODE_OPTIONS), plus PATH: a Lambda sandbox's.
    {
      env: { PATH: process.env.PATH ?? '', ...environment, ...profiling(environment) },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearTimeout(timer);
  const result = await readFile(resultFile, 'utf8').catch(() => '');
  const parsed = result ? (JSON.parse(result) as Partial<ColdStartTrial> & { error?: string }) : {};
  if (code !== 0 || parsed.error || parsed.firstRecordMs === undefined) {
    throw new Error(
      `coldstart: the task process ended ${code}: ${parsed.error ?? ''} ${stderr.slice(-2000)}`,
    );
  }
  return parsed as ColdStartTrial;
}

/** BENCH_COLDSTART_PROFILE=<dir>: each trial also writes a CPU profile there (node --cpu-prof). */
function profiling(environment: Record<string, string>): Record<string, string> {
  const dir = process.env.BENCH_COLDSTART_PROFILE;
  if (!dir) return {};
  return {
    NODE_OPTIONS: `${environment.NODE_OPTIONS ?? ''} --cpu-prof --cpu-prof-interval=250 --cpu-prof-dir=${path.resolve(dir)}`,
  };
}

export function coldStartMarkdown(result: ColdStartResult): string {
  const kb = (bytes: number) => `${(bytes / 1024).toLocaleString('en-US', { maximumFractionDigits: 0 })} KiB`;
  return [
    '| measure | p50 | max | target |',
    '| --- | --- | --- | --- |',
    `| load bundle → first record in the file (${result.trials} fresh processes) | ${result.firstRecordP50Ms} ms | ${result.firstRecordMaxMs} ms | < ${result.targetMs} ms |`,
    `| of which loading the bundle (init) | ${result.importP50Ms} ms | | |`,
    `| CPU time over the same span | ${result.cpuP50Ms} ms | | |`,
    `| Node's own start before it (not counted) | ${result.bootP50Ms} ms | | |`,
    '',
    `Bundle: index.mjs ${kb(result.bundleBytes)} (source map beside it ${kb(result.sourceMapBytes)}). ` +
      `${result.records} JSON records on one partition, FileStreamSink with JsonConverter (schemas.enable=false); ` +
      'each trial a new connector, so it claims its lease and reads from offset 0.',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runColdStartBench(Number(process.argv[2] ?? 7), (line) => console.log(line))
    .then((result) => console.log(coldStartMarkdown(result)))
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
