// npm run demo:rebalance: the classic Kafka Connect talk's demo — change the number of workers and
// watch the tasks rebalance — with leases in place of workers, in the distributed mode: the state
// table in DynamoDB Local, the local broker, and the API, coordinator and task functions each in a
// process of its own behind a local Lambda endpoint (scripts/demo/distributed/). A 12-partition
// topic is filled while a sink connector runs; its concurrency goes 1 → 4 → 2 → 6 → 3 on a timer,
// and the console's lease map (printed URL) shows the partitions moving between tasks; at the end
// the demo checks that every record arrived exactly once.
//
// SC_DEMO_STEP_SECONDS (12), SC_DEMO_RECORDS_PER_SECOND (240), SC_DEMO_PORT (8083, 0: any free
// port); SC_DEMO_EXIT=1 (or no terminal) ends after the check instead of keeping the console up.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createAdmin, createProducer } from '../shared/kafka/index.ts';
import { countingSinkPlugin, LEDGER_DIR, readLedger } from './demo/counting-sink.ts';
import { startLocalDeployment } from './demo/distributed/deployment.ts';
import { describeOwners, type LeaseRow, settled } from './demo/lease-rows.ts';
import { ensureInfra } from './infra/index.ts';
import { endpoints, projectRoot } from './infra/settings.ts';

const PARTITIONS = 12;
const STEPS = [1, 4, 2, 6, 3];
const STEP_SECONDS = Number(process.env.SC_DEMO_STEP_SECONDS ?? 12);
const RECORDS_PER_SECOND = Number(process.env.SC_DEMO_RECORDS_PER_SECOND ?? 240);
/** How long a hand-over may take before the demo calls it stuck. */
const SETTLE_LIMIT_MS = 60_000;
const port = Number(process.env.SC_DEMO_PORT ?? 8083);
const stamp = Date.now().toString(36);
const topic = `demo-rebalance-${stamp}`;
const name = `demo-rebalance-${stamp}`;
// Bold on a terminal; plain where the output is read by a program (the demo's test).
const label = process.stdout.isTTY ? '\x1b[1mdemo:\x1b[0m' : 'demo:';
const say = (line: string) => console.log(`${label} ${line}`);

await ensureInfra(['kafka', 'dynamodb'], say);
const stateDir = path.join(projectRoot, '.serverless-connect', 'demo-rebalance', stamp);
const ledgerDir = path.join(stateDir, 'ledger');
mkdirSync(ledgerDir, { recursive: true });
const connection = { brokers: [endpoints.kafkaBootstrap], clientId: 'demo-rebalance' };
const admin = createAdmin(connection);
await admin.createTopics([{ topic, partitions: PARTITIONS, replicationFactor: 1 }]);
say(`created topic ${topic} with ${PARTITIONS} partitions`);

say('starting the API, coordinator and task functions (one process each) on DynamoDB Local');
const deployment = await startLocalDeployment({
  table: `demo-rebalance-${stamp}`,
  port,
  logDir: stateDir,
}).catch(async (error: NodeJS.ErrnoException) => {
  await admin.close();
  if (error.code !== 'EADDRINUSE') throw error;
  say(`port ${port} is in use (a standalone worker?): set SC_DEMO_PORT to another one, or 0 for any`);
  process.exit(1);
});
deployment.functions.onExit = (fn, code) => {
  say(`the ${fn} function's process ended (exit ${code}): see ${path.join(stateDir, `${fn}.log`)}`);
  process.exitCode = 1;
};
say(`functions' logs: ${stateDir}`);

const api = async (method: string, urlPath: string, body?: unknown) => {
  const response = await fetch(`${deployment.url}${urlPath}`, {
    method,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${urlPath}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? undefined : response.json();
};
const config = (tasks: number) => ({
  'connector.class': countingSinkPlugin.className,
  topics: topic,
  'tasks.max': String(tasks),
  // Fixed concurrency, so the demo decides it (the autoscaler would pick from the lag).
  'tasks.autoscale.enable': 'false',
  'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
  [LEDGER_DIR]: ledgerDir,
});
const leases = async () =>
  ((await api('GET', `/connectors/${name}/leases`)) as { partitions: LeaseRow[] }).partitions;

let producing = true;
let ending: Promise<void> | undefined;
/** Deletes the connector and stops the functions' processes (the table goes with them). */
const end = () => {
  producing = false;
  ending ??= (async () => {
    await api('DELETE', `/connectors/${name}`).catch(() => {});
    await deployment.stop();
    await admin.close();
  })();
  return ending;
};

/** The demo proper; true when every step settled and every record arrived exactly once. */
async function run(): Promise<boolean> {
  // Fill the topic while everything else happens.
  let produced = 0;
  const producer = createProducer(connection);
  const batchSize = Math.max(1, Math.round(RECORDS_PER_SECOND / 4));
  const filling = (async () => {
    while (producing) {
      const batch = Array.from({ length: batchSize }, (_, i) => ({
        topic,
        partition: (produced + i) % PARTITIONS,
        key: null,
        value: `record ${produced + i}`,
      }));
      await producer.send(batch);
      produced += batch.length;
      await sleep(250);
    }
  })();

  await api('PUT', `/connectors/${name}/config`, config(STEPS[0]!));
  say(`watch the lease map: ${deployment.url}/ui/#/connector/${encodeURIComponent(name)}`);
  let allSettled = true;
  for (const [index, tasks] of STEPS.entries()) {
    if (index > 0) await api('PUT', `/connectors/${name}/config`, config(tasks));
    const changedAt = Date.now();
    say(`concurrency ${tasks} (${produced} records produced so far)`);
    // The hand-over: each partition's old owner commits and releases it, its new task claims it.
    let rows = await leases();
    while (!settled(rows, PARTITIONS, tasks) && Date.now() - changedAt < SETTLE_LIMIT_MS) {
      await sleep(250);
      rows = await leases();
    }
    const took = ((Date.now() - changedAt) / 1000).toFixed(1);
    if (settled(rows, PARTITIONS, tasks)) say(`  leases (settled in ${took} s): ${describeOwners(rows)}`);
    else {
      allSettled = false;
      say(`  leases NOT settled on ${tasks} tasks after ${took} s: ${describeOwners(rows)}`);
    }
    await sleep(Math.max(0, changedAt + STEP_SECONDS * 1000 - Date.now()));
  }
  producing = false;
  await filling;
  await producer.close();

  // The exact count: the topic's end offsets say which records there are; the sink's ledger says
  // which (partition, offset) it made durable, and how often.
  const ends = await admin.listOffsets([topic], 'latest');
  const total = ends.reduce((sum, end) => sum + end.offset, 0);
  say(
    `stopped producing at ${produced} records (${total} in the topic); waiting for the connector to catch up`,
  );
  const expected = new Set(
    ends.flatMap((end) => Array.from({ length: end.offset }, (_, o) => `${end.partition}:${o}`)),
  );
  const deadline = Date.now() + 120_000;
  let ledger = readLedger(ledgerDir);
  while ([...expected].some((key) => !ledger.has(key)) && Date.now() < deadline) {
    await sleep(500);
    ledger = readLedger(ledgerDir);
  }
  const missing = [...expected].filter((key) => !ledger.has(key)).length;
  const twice = [...ledger.values()].filter((count) => count > 1).length;
  const stray = [...ledger.keys()].filter((key) => !expected.has(key)).length;
  const exactlyOnce = total === produced && missing === 0 && twice === 0 && stray === 0;
  if (exactlyOnce) say(`every record arrived exactly once: ${total} of ${total}`);
  else
    say(
      `NOT exactly once: ${missing} missing, ${twice} delivered more than once, ${stray} unknown (of ${total}; ${produced} sent)`,
    );
  const counts = deployment.functions.invocations;
  say(`invocations: api ${counts.api}, coordinator ${counts.coordinator}, task ${counts.task}`);
  return exactlyOnce && allSettled && process.exitCode === undefined;
}

let verdict: boolean | undefined;
let interrupted = false;
// Ctrl-C at any point: the connector, the functions' processes and the table go with the demo.
process.once('SIGINT', () => {
  interrupted = true;
  say('ending: deleting the connector and stopping the functions');
  void end().then(() => process.exit(verdict === undefined ? 130 : verdict ? 0 : 1));
});
try {
  verdict = await run();
} catch (error) {
  // After Ctrl-C the run fails on what is being taken down; that is not news.
  if (!interrupted) {
    console.error(error);
    verdict = false;
  }
}
if (!interrupted) {
  if (process.env.SC_DEMO_EXIT === '1' || !process.stdout.isTTY || !verdict) {
    await end();
    process.exitCode = verdict ? 0 : 1;
  } else say(`the console stays up at ${deployment.url}/ui/ — Ctrl-C to end`);
}
