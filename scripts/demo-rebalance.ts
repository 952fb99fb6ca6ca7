// npm run demo:rebalance: the classic Kafka Connect talk's demo — change the number of workers and
// watch the tasks rebalance — with leases in place of workers. A 12-partition topic is filled while
// a sink connector runs; its concurrency goes 1 → 4 → 2 → 6 → 3 on a timer, and the console's lease
// map (printed URL) shows the partitions moving between tasks; at the end the demo checks that
// every record arrived exactly once. This version runs the standalone worker (the same coordinator,
// leases and task loop as the functions, in one process).
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createAdmin, createProducer } from '../shared/kafka/index.ts';
import { consoleLogger } from '../shared/runtime/logger.ts';
import { builtinPlugins } from '../shared/runtime/plugins/builtin-plugins.ts';
import { PluginRegistry } from '../shared/runtime/plugins/plugins.ts';
import { workerDefaults } from '../shared/runtime/worker-config.ts';
import { StandaloneWorker } from '../shared/standalone/worker.ts';
import { countingSinkPlugin, flushedRecords } from './demo/counting-sink.ts';
import { ensureInfra } from './infra/index.ts';
import { endpoints, projectRoot } from './infra/settings.ts';

const PARTITIONS = 12;
const STEPS = [1, 4, 2, 6, 3];
const STEP_SECONDS = Number(process.env.SC_DEMO_STEP_SECONDS ?? 12);
const RECORDS_PER_SECOND = 240;
const port = Number(process.env.SC_DEMO_PORT ?? 8083);
const topic = `demo-rebalance-${Date.now().toString(36)}`;
const name = `demo-rebalance-${Date.now().toString(36)}`;
const say = (line: string) => console.log(`\x1b[1mdemo:\x1b[0m ${line}`);

await ensureInfra(['kafka'], say);
const connection = { brokers: [endpoints.kafkaBootstrap], clientId: 'demo-rebalance' };
const admin = createAdmin(connection);
await admin.createTopics([{ topic, partitions: PARTITIONS, replicationFactor: 1 }]);
say(`created topic ${topic} with ${PARTITIONS} partitions`);

const worker = await StandaloneWorker.prepare(
  {
    ...workerDefaults(),
    'bootstrap.servers': endpoints.kafkaBootstrap,
    'offset.storage.file.filename': path.join(
      projectRoot,
      '.serverless-connect',
      'demo-rebalance',
      `${topic}.json`,
    ),
    listeners: `http://127.0.0.1:${port}`,
  },
  [],
  consoleLogger('error'),
  new PluginRegistry([...builtinPlugins().all(), countingSinkPlugin]),
);
const running = worker.run();
while (worker.restUrl === undefined) await sleep(50);
const api = async (method: string, urlPath: string, body?: unknown) => {
  const response = await fetch(`${worker.restUrl}${urlPath}`, {
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
});

// Fill the topic while everything else happens.
let produced = 0;
let producing = true;
const producer = createProducer(connection);
const filling = (async () => {
  while (producing) {
    const batch = Array.from({ length: RECORDS_PER_SECOND / 4 }, (_, i) => ({
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
say(`watch the lease map: ${worker.restUrl}/ui/#/connector/${name}`);
for (const [index, tasks] of STEPS.entries()) {
  if (index > 0) await api('PUT', `/connectors/${name}/config`, config(tasks));
  say(`concurrency ${tasks} (${produced} records produced so far)`);
  await sleep(STEP_SECONDS * 1000);
  const view = (await api('GET', `/connectors/${name}/leases`)) as {
    partitions: { partition: number; owner_task: number | null }[];
  };
  const owners = new Map<number, number[]>();
  for (const p of view.partitions)
    if (p.owner_task !== null) owners.set(p.owner_task, [...(owners.get(p.owner_task) ?? []), p.partition]);
  say(
    `  leases: ${[...owners.entries()]
      .sort(([a], [b]) => a - b)
      .map(([task, partitions]) => `task ${task} → p${partitions.join(',')}`)
      .join('; ')}`,
  );
}
producing = false;
await filling;
await producer.close();

say(`stopped producing at ${produced} records; waiting for the connector to catch up`);
const deadline = Date.now() + 60_000;
while (flushedRecords.size < produced && Date.now() < deadline) await sleep(250);
const twice = [...flushedRecords.values()].filter((count) => count > 1).length;
const missing = produced - flushedRecords.size;
if (missing === 0 && twice === 0) say(`every record arrived exactly once: ${produced} of ${produced}`);
else say(`NOT exactly once: ${missing} missing, ${twice} delivered more than once (of ${produced})`);
say(`the console stays up at ${worker.restUrl}/ui/ — Ctrl-C to end`);
if (process.env.SC_DEMO_EXIT === '1' || !process.stdout.isTTY) {
  await api('DELETE', `/connectors/${name}`);
  worker.stop();
  await running;
  await admin.close();
  process.exitCode = missing === 0 && twice === 0 ? 0 : 1;
} else {
  process.once('SIGINT', () => {
    worker.stop();
    void running.then(() => admin.close());
  });
}
