// Responsiveness of the deployed runtime, through the real Lambda handlers (API, coordinator, task)
// on DynamoDB Local and the local broker, with the schedule played as EventBridge plays it (an
// asynchronous coordinator run every minute):
//   pickup         a record produced after `silenceSeconds` of silence, its connector's task long
//                  gone idle: from the produce call until the line is in the sink file. Several
//                  connectors are measured at once, their records spread over the schedule's minute
//                  so every phase of the coordinator's watch is sampled.
//   config change  a PUT of a new `file` while one record every 600 ms arrives: from the PUT's
//                  answer until the first line in the new file (includes waiting for that record).
// Next to them, what the chosen setting costs a month on AWS (bench/cost-model.ts's prices).
//
// Runnable alone: node bench/pickup.ts [trials] [silenceSeconds]
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureInfra } from '../scripts/infra/index.ts';
import { endpoints } from '../scripts/infra/settings.ts';
import { createDynamoDBClient } from '../shared/aws/dynamodb-client.ts';
import { ensureTable } from '../shared/aws/table.ts';
import { createAdmin, createProducer, type KafkaConnection } from '../shared/kafka/index.ts';
import { defaultPickupSettings, pollIntervalMs } from '../shared/runtime/coordination/pickup-watch.ts';
import { apiCaller } from '../test/support/api-flow.ts';
import { localFunctionEnvironment } from '../test/support/lambda-environment.ts';
import { LocalLambda } from '../test/support/local-lambda.ts';
import { fileLines, fileSinkConfig } from '../test/support/sink-files.ts';
import { prices } from './cost-model.ts';
import { percentile, round } from './support/stats.ts';

const SCHEDULE_MS = 60_000;
/** The CDK stack's coordinator function (cdk/lib/serverless-connect.ts). */
const COORDINATOR_MEMORY_MB = 512;
const COORDINATOR_SCHEDULED_SECONDS = 0.5;
const SECONDS_PER_MONTH = 30 * 24 * 3600;

export interface PickupResult {
  /** Task invocations over the whole run, and those that ended having moved nothing (duplicates). */
  readonly taskInvocations: number;
  readonly duplicateInvocations: number;
  readonly trials: number;
  readonly silenceSeconds: number;
  readonly pickupP50Ms: number;
  readonly pickupP99Ms: number;
  readonly pickupMaxMs: number;
  readonly configChanges: number;
  readonly configChangeP50Ms: number;
  readonly configChangeP99Ms: number;
  readonly targetMs: number;
  readonly watchMinutes: number;
  readonly pollMs: number;
  /** A deployment with no records for longer than the watch: the schedule alone. */
  readonly idleUsdPerMonth: number;
  /** The watch's own cost per hour it runs (the coordinator staying on). */
  readonly watchUsdPerHour: number;
  /** Records at least every watch window, all month: the coordinator watches all the time. */
  readonly alwaysWatchingUsdPerMonth: number;
}

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

export async function runPickupBench(
  trials = 10,
  silenceSeconds = 120,
  log: (line: string) => void = () => {},
): Promise<PickupResult> {
  await ensureInfra(['kafka', 'dynamodb'], log);
  const connection: KafkaConnection = { brokers: [endpoints.kafkaBootstrap], clientId: 'sc-bench-pickup' };
  const client = createDynamoDBClient({
    config: {
      endpoint: endpoints.dynamodb,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    },
  });
  const tableName = `sc-bench-pickup-${Date.now()}`;
  await ensureTable(client, tableName);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sc-bench-pickup-'));
  const lambda = new LocalLambda();
  const saved = { ...process.env };
  const endpoint = await lambda.start();
  Object.assign(process.env, localFunctionEnvironment(tableName, endpoint), {
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  });
  const api = (await import('../functions/api/index.ts')).handler as unknown as Handler;
  lambda.register(
    'coordinator',
    (await import('../functions/coordinator/index.ts')).handler as never,
    60_000,
  );
  lambda.register('task', (await import('../functions/task/index.ts')).handler as never, 300_000);
  const call = apiCaller(api as never);
  const admin = createAdmin(connection);
  const producer = createProducer(connection);
  let scheduling = true;
  // EventBridge's schedule: an asynchronous coordinator run every minute.
  const schedule = (async () => {
    while (scheduling) {
      await fetch(`${endpoint}/2015-03-31/functions/coordinator/invocations`, {
        method: 'POST',
        headers: { 'x-amz-invocation-type': 'Event' },
        body: JSON.stringify({ source: 'aws.events', 'detail-type': 'Scheduled Event' }),
      });
      for (let waited = 0; waited < SCHEDULE_MS && scheduling; waited += 500) await sleep(500);
    }
  })();
  const stamp = Date.now();
  const until = async (check: () => boolean, timeoutMs = 300_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error('pickup bench: timed out waiting for a record');
      await sleep(10);
    }
  };

  try {
    // Pickup: one connector per trial, each warmed up with a record, then left to go idle.
    const connectors = Array.from({ length: trials }, (_, i) => ({
      name: `pickup-${stamp}-${i}`,
      topic: `sc-bench-pickup-${stamp}-${i}`,
      file: path.join(dir, `pickup-${i}.txt`),
    }));
    await admin.createTopics(
      connectors.map((c) => ({ topic: c.topic, partitions: 1, replicationFactor: 1 })),
    );
    for (const c of connectors) {
      await call('POST', '/connectors', { name: c.name, config: fileSinkConfig(c.topic, c.file) });
      await producer.send([{ topic: c.topic, partition: 0, key: null, value: 'warm-up' }]);
    }
    await until(() => connectors.every((c) => fileLines(c.file).length === 1));
    log(`pickup: ${trials} connectors warmed up; ${silenceSeconds} s of silence, then one record each`);
    await sleep(silenceSeconds * 1000);
    const gap = SCHEDULE_MS / trials;
    const pickups = await Promise.all(
      connectors.map(async (c, i) => {
        await sleep(i * gap);
        const sentAt = Date.now();
        await producer.send([{ topic: c.topic, partition: 0, key: null, value: 'after-silence' }]);
        await until(() => fileLines(c.file).length === 2);
        return Date.now() - sentAt;
      }),
    );
    log(`pickup: ${pickups.map((ms) => `${ms} ms`).join(', ')}`);
    for (const c of connectors) await call('DELETE', `/connectors/${c.name}`);

    // Config change: a steady trickle, and a PUT of a new file every few seconds.
    const topic = `sc-bench-config-${stamp}`;
    const name = `config-${stamp}`;
    await admin.createTopics([{ topic, partitions: 1, replicationFactor: 1 }]);
    await call('POST', '/connectors', {
      name,
      config: fileSinkConfig(topic, path.join(dir, 'config-0.txt')),
    });
    let trickling = true;
    const trickle = (async () => {
      for (let i = 0; trickling; i++) {
        await producer.send([{ topic, partition: 0, key: null, value: `r${i}` }]);
        await sleep(600);
      }
    })();
    await until(() => fileLines(path.join(dir, 'config-0.txt')).length > 0);
    const changes: number[] = [];
    for (let i = 1; i <= Math.max(5, trials); i++) {
      await sleep(3000);
      const file = path.join(dir, `config-${i}.txt`);
      await call('PUT', `/connectors/${name}/config`, fileSinkConfig(topic, file));
      const putAt = Date.now();
      await until(() => fileLines(file).length > 0, 60_000);
      changes.push(Date.now() - putAt);
    }
    trickling = false;
    await trickle;
    log(`config change: ${changes.map((ms) => `${ms} ms`).join(', ')}`);
    await call('DELETE', `/connectors/${name}`);

    // Duplicates: task invocations that ended having moved nothing because another invocation of
    // the same task had the leases (or nothing was assigned by the time they started).
    const outcomes = await Promise.all(
      lambda.invocations
        .filter((i) => i.functionName === 'task')
        .map((i) => Promise.race([i.result, sleep(0).then(() => undefined)]).catch(() => undefined)),
    );
    const ended = outcomes.filter(
      (o): o is { status?: string; detail?: string; recordsPut?: number } => o !== undefined,
    );
    const idleStarts = ended.filter(
      (o) =>
        o.status === 'skipped' ||
        ((o.recordsPut ?? 0) === 0 && (o.detail === 'lease-lost' || o.detail === 'unassigned')),
    ).length;
    log(
      `task invocations: ${lambda.invocations.filter((i) => i.functionName === 'task').length}, ended without work: ${idleStarts}`,
    );

    const gbSecond = prices.lambdaArmGbSecond.usd;
    const coordinatorGb = COORDINATOR_MEMORY_MB / 1024;
    const scheduledRuns = SECONDS_PER_MONTH / (SCHEDULE_MS / 1000);
    const idle =
      scheduledRuns * (COORDINATOR_SCHEDULED_SECONDS * coordinatorGb * gbSecond + prices.lambdaRequest.usd);
    const watchPerHour = 3600 * coordinatorGb * gbSecond;
    return {
      taskInvocations: lambda.invocations.filter((i) => i.functionName === 'task').length,
      duplicateInvocations: idleStarts,
      trials,
      silenceSeconds,
      pickupP50Ms: percentile(pickups, 50),
      pickupP99Ms: percentile(pickups, 99),
      pickupMaxMs: Math.max(...pickups),
      configChanges: changes.length,
      configChangeP50Ms: percentile(changes, 50),
      configChangeP99Ms: percentile(changes, 99),
      targetMs: defaultPickupSettings.targetMs,
      watchMinutes: defaultPickupSettings.watchMs / 60_000,
      pollMs: pollIntervalMs(defaultPickupSettings),
      idleUsdPerMonth: round(idle, 2),
      watchUsdPerHour: round(watchPerHour, 4),
      alwaysWatchingUsdPerMonth: round(idle + (SECONDS_PER_MONTH / 3600) * watchPerHour, 2),
    };
  } finally {
    scheduling = false;
    await schedule;
    await producer.close();
    await admin.close();
    await lambda.stop();
    client.destroy();
    process.env = saved;
    await rm(dir, { recursive: true, force: true });
  }
}

export function pickupMarkdown(result: PickupResult): string {
  return [
    '| measure | p50 | p99 | max | target |',
    '| --- | --- | --- | --- | --- |',
    `| pickup after ${result.silenceSeconds} s of silence (${result.trials} trials) | ${result.pickupP50Ms} ms | ${result.pickupP99Ms} ms | ${result.pickupMaxMs} ms | ≤ 5,000 ms |`,
    `| config change → first record in the new file (${result.configChanges} changes) | ${result.configChangeP50Ms} ms | ${result.configChangeP99Ms} ms | | ≤ 2,000 ms |`,
    '',
    `Task invocations over the run: ${result.taskInvocations}, of which ${result.duplicateInvocations} ended having moved nothing (duplicates: fenced, they cost an invocation each).`,
    '',
    `Setting: \`tasks.pickup.target.ms=${result.targetMs}\` (end offsets read every ${result.pollMs} ms), ` +
      `\`tasks.pickup.watch.ms\` = ${result.watchMinutes} min. Cost a month (us-east-1, arm64, coordinator ${COORDINATOR_MEMORY_MB} MB): ` +
      `idle deployment $${result.idleUsdPerMonth} (the schedule alone: the watch stops ${result.watchMinutes} min after the last record); ` +
      `$${result.watchUsdPerHour} per hour the watch runs; records at least every ${result.watchMinutes} min all month: ` +
      `$${result.alwaysWatchingUsdPerMonth}.`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const trials = Number(process.argv[2] ?? 10);
  const silence = Number(process.argv[3] ?? 120);
  runPickupBench(trials, silence, (line) => console.log(line))
    .then((result) => console.log(pickupMarkdown(result)))
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
