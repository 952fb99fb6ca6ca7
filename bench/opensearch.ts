// npm run bench -- --only opensearch: documents/s and CPU per million documents of the
// Elasticsearch sink (standalone, Kafka → OpenSearch), next to a plain _bulk loader that sends the
// same actions from memory to the same cluster in the same run — the limit the cluster sets. The
// loader runs with undici (the connector's HTTP client) and with the official OpenSearch client.
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureInfra } from '../scripts/infra/index.ts';
import { opensearchPid } from '../scripts/infra/opensearch.ts';
import { endpoints, projectRoot } from '../scripts/infra/settings.ts';
import { createAdmin, createProducer, type KafkaConnection } from '../shared/kafka/index.ts';
import { benchDocument } from './opensearch-documents.ts';
import { cliPath } from './sinks/serverless-connect.ts';
import { BenchProcess } from './support/child.ts';
import { treeUsage, UsageSampler } from './support/proc-stats.ts';
import { round } from './support/stats.ts';

const BATCH = 2000;
const IN_FLIGHT = 5;
const PARTITIONS = 6;

export interface OpensearchRun {
  readonly name: string;
  readonly documents: number;
  readonly seconds: number;
  readonly documentsPerSecond: number;
  /** After start-up: from the first confirmed batch to the last (the loaders have no start-up). */
  readonly steadyDocumentsPerSecond: number;
  /** CPU seconds of the process under test per million documents. */
  readonly cpuSecondsPerMillion: number;
  /** CPU seconds OpenSearch itself spent per million documents (when we know its pid). */
  readonly serverCpuSecondsPerMillion: number | null;
  readonly peakRssMb: number;
}

export interface OpensearchBenchResult {
  readonly documents: number;
  readonly batchSize: number;
  readonly inFlight: number;
  readonly runs: readonly OpensearchRun[];
  /** The connector's documents/s over the undici loader's. */
  /** Best connector run ÷ the undici loader, whole run (the worker's start-up included). */
  readonly ratio: number;
  /** The same after start-up: from the connector's first confirmed batch to its last. */
  readonly steadyRatio: number;
}

type Log = (line: string) => void;

async function request(method: string, pathname: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${endpoints.opensearch}${pathname}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return response.json();
}

/**
 * The same index settings for every run: one shard, no replica, refreshed once at the end. The
 * price is mapped up front, as a production index would be: some prices are whole (3 in JSON), and
 * concurrent first requests would otherwise race to map it as long and as float, and one of them
 * would be refused.
 */
async function freshIndex(index: string): Promise<void> {
  await request('DELETE', `/${index}`);
  await request('PUT', `/${index}`, {
    settings: { number_of_shards: 1, number_of_replicas: 0, refresh_interval: '-1' },
    mappings: { properties: { unitPrice: { type: 'float' } } },
  });
}

async function countOf(index: string): Promise<number> {
  await request('POST', `/${index}/_refresh`);
  return ((await request('GET', `/${index}/_count`)) as { count: number }).count;
}

async function fillTopic(
  connection: KafkaConnection,
  topic: string,
  documents: number,
  log: Log,
): Promise<void> {
  const admin = createAdmin(connection);
  const producer = createProducer(connection);
  try {
    await admin.createTopics([{ topic, partitions: PARTITIONS, replicationFactor: 1 }]);
    for (let first = 0; first < documents; first += 5000) {
      const records = [];
      for (let i = first; i < Math.min(first + 5000, documents); i++) {
        const { key, value } = benchDocument(i);
        records.push({ topic, key, value });
      }
      await producer.send(records);
    }
    log(`opensearch: ${documents} records in ${topic} (${PARTITIONS} partitions)`);
  } finally {
    await producer.close();
    await admin.close();
  }
}

async function measure(
  name: string,
  documents: number,
  start: () => BenchProcess,
  /** Seconds and documents of the steady part, or undefined to use the whole run. */
  done: (
    process: BenchProcess,
  ) => Promise<{ seconds: number; steady?: { seconds: number; documents: number } } | undefined>,
  index: string,
  log: Log,
): Promise<OpensearchRun> {
  const serverPid = await opensearchPid();
  const serverBefore = serverPid ? treeUsage(serverPid)?.cpuSeconds : undefined;
  const started = performance.now();
  const child = start();
  const sampler = new UsageSampler(child.pid);
  const reported = await done(child);
  const seconds = reported?.seconds ?? (performance.now() - started) / 1000;
  const steady = reported?.steady ?? { seconds, documents };
  const usage = sampler.stop();
  const serverAfter = serverPid ? treeUsage(serverPid)?.cpuSeconds : undefined;
  await child.stop('SIGTERM');
  const stored = await countOf(index);
  if (stored !== documents)
    throw new Error(`${name}: ${stored} documents in ${index}, expected ${documents}`);
  const perMillion = 1e6 / documents;
  const run: OpensearchRun = {
    name,
    documents,
    seconds: round(seconds),
    documentsPerSecond: Math.round(documents / seconds),
    steadyDocumentsPerSecond: Math.round(steady.documents / steady.seconds),
    cpuSecondsPerMillion: round(usage.cpuSeconds * perMillion),
    serverCpuSecondsPerMillion:
      serverBefore !== undefined && serverAfter !== undefined
        ? round((serverAfter - serverBefore) * perMillion)
        : null,
    peakRssMb: Math.round(usage.peakRssBytes / 2 ** 20),
  };
  log(
    `opensearch: ${name}: ${run.documentsPerSecond} documents/s, ${run.cpuSecondsPerMillion} CPU s per million`,
  );
  return run;
}

function loaderRun(client: 'undici' | 'official', documents: number, dir: string, index: string, log: Log) {
  return measure(
    `plain _bulk loader (${client})`,
    documents,
    () =>
      new BenchProcess(
        `loader-${client}`,
        process.execPath,
        [
          path.join(projectRoot, 'bench', 'support', 'opensearch-loader.ts'),
          endpoints.opensearch,
          index,
          String(documents),
          client,
          String(BATCH),
          String(IN_FLIGHT),
        ],
        path.join(dir, `loader-${client}.log`),
      ),
    async (child) => {
      await child.exited;
      const result = JSON.parse(readFileSync(child.logFile, 'utf8').trim().split('\n').pop()!) as {
        seconds: number;
        failures: number;
        resent?: number;
      };
      if (result.failures > 0)
        throw new Error(`loader (${client}): ${result.failures} documents were refused`);
      if (result.resent) log(`opensearch: loader (${client}) resent ${result.resent} pushed-back documents`);
      return { seconds: result.seconds };
    },
    index,
    log,
  );
}

async function connectorRun(
  topic: string,
  documents: number,
  dir: string,
  index: string,
  tasks: number,
  log: Log,
) {
  const name = `bench-${index}`;
  const worker = path.join(dir, `${name}.properties`);
  const connector = path.join(dir, `${name}.json`);
  const offsets = path.join(dir, `${name}.offsets.json`);
  await writeFile(worker, `bootstrap.servers=${endpoints.kafkaBootstrap}\noffset.flush.interval.ms=1000\n`);
  await writeFile(
    connector,
    JSON.stringify({
      name,
      config: {
        'connector.class': 'io.confluent.connect.elasticsearch.ElasticsearchSinkConnector',
        topics: topic,
        'tasks.max': String(tasks),
        'connection.url': endpoints.opensearch,
        'key.ignore': 'false',
        'schema.ignore': 'true',
        'batch.size': String(BATCH),
        'max.in.flight.requests': String(IN_FLIGHT),
        'read.timeout.ms': '120000',
        'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
        'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
        'value.converter.schemas.enable': 'false',
        // The topic's records carry the index name; route them to this run's index.
        transforms: 'index',
        'transforms.index.type': 'org.apache.kafka.connect.transforms.RegexRouter',
        'transforms.index.regex': '.*',
        'transforms.index.replacement': index,
      },
    }),
  );
  const committed = () => {
    try {
      const stored = JSON.parse(readFileSync(offsets, 'utf8')).connectors[name].offsets as Record<
        string,
        number
      >;
      return Object.values(stored).reduce((sum, o) => sum + o, 0);
    } catch {
      return 0;
    }
  };
  return measure(
    `serverless-connect, tasks.max=${tasks}`,
    documents,
    () =>
      new BenchProcess(
        'serverless-connect',
        process.execPath,
        [cliPath, 'standalone', worker, connector, '--offsets-file', offsets, '--log-level', 'warn'],
        path.join(dir, `${name}.log`),
      ),
    async (child) => {
      const started = performance.now();
      const deadline = Date.now() + 1_800_000;
      let first: { at: number; documents: number } | undefined;
      for (;;) {
        const done = committed();
        if (done > 0 && first === undefined) first = { at: performance.now(), documents: done };
        if (done >= documents) break;
        child.assertAlive();
        if (Date.now() > deadline) throw new Error(`${name}: not done after 30 minutes`);
        await sleep(20);
      }
      const end = performance.now();
      return {
        seconds: (end - started) / 1000,
        steady: { seconds: (end - first!.at) / 1000, documents: documents - first!.documents },
      };
    },
    index,
    log,
  );
}

export async function runOpensearchBench(
  connection: KafkaConnection,
  dir: string,
  documents: number,
  log: Log,
): Promise<OpensearchBenchResult> {
  await ensureInfra(['kafka', 'opensearch'], log);
  const suffix = Date.now().toString(36);
  const topic = `bench-opensearch-${suffix}`;
  await fillTopic(connection, topic, documents, log);
  const runs: OpensearchRun[] = [];
  for (const client of ['undici', 'official'] as const) {
    const index = `bench-loader-${client}-${suffix}`;
    await freshIndex(index);
    runs.push(await loaderRun(client, documents, dir, index, log));
    await request('DELETE', `/${index}`);
  }
  for (const tasks of [1, 3]) {
    const index = `bench-connector-${tasks}-${suffix}`;
    await freshIndex(index);
    runs.push(await connectorRun(topic, documents, dir, index, tasks, log));
    await request('DELETE', `/${index}`);
  }
  const limit = runs[0]!.documentsPerSecond;
  const connectorRuns = runs.filter((r) => r.name.startsWith('serverless-connect'));
  const best = Math.max(...connectorRuns.map((r) => r.documentsPerSecond));
  const bestSteady = Math.max(...connectorRuns.map((r) => r.steadyDocumentsPerSecond));
  return {
    documents,
    batchSize: BATCH,
    inFlight: IN_FLIGHT,
    runs,
    ratio: round(best / limit),
    steadyRatio: round(bestSteady / limit),
  };
}

export function opensearchMarkdown(result: OpensearchBenchResult): string[] {
  return [
    `${result.documents} documents of ~300 bytes, batch.size ${result.batchSize}, ${result.inFlight} requests in flight, one shard, no replica; ` +
      'the loaders send the same actions (ids, external versions, documents) from memory.',
    '',
    '| run | documents/s (whole run) | after start-up | seconds | CPU s per million (process) | CPU s per million (OpenSearch) | peak RSS MB |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...result.runs.map(
      (r) =>
        `| ${r.name} | ${r.documentsPerSecond} | ${r.steadyDocumentsPerSecond} | ${r.seconds} | ${r.cpuSecondsPerMillion} | ${r.serverCpuSecondsPerMillion ?? '—'} | ${r.peakRssMb} |`,
    ),
    '',
    `Connector (best run) ÷ plain undici loader: **${result.steadyRatio}×** of the limit after the ` +
      `worker's start-up, ${result.ratio}× over the whole run (start-up included). ` +
      'Client and cluster share the machine, so every CPU second the client spends is one the cluster does not get.',
  ];
}
