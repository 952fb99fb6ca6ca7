// npm run quickstart: a real Kafka broker on 127.0.0.1, a topic filled with sample orders, the
// standalone worker running the file sink connector, and the records it wrote.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createAdmin, createProducer } from '../shared/kafka/index.ts';
import { ensureInfra } from './infra/index.ts';
import { endpoints, projectRoot } from './infra/settings.ts';

const TOPIC = 'quickstart-orders';
const RECORDS = 25;
const workDir = path.join(projectRoot, '.serverless-connect', 'quickstart');
const connectorFile = path.join('scripts', 'quickstart', 'file-sink.json');
const workerFile = path.join('scripts', 'quickstart', 'worker.properties');
const outputFile = path.join(workDir, 'orders.txt');

const say = (line: string) => console.log(`\x1b[1mquickstart:\x1b[0m ${line}`);

async function fillTopic(): Promise<number> {
  const connection = { brokers: [endpoints.kafkaBootstrap], clientId: 'quickstart' };
  const admin = createAdmin(connection);
  const producer = createProducer(connection);
  try {
    if ((await admin.partitionCounts([TOPIC])).size === 0) {
      await admin.createTopics([{ topic: TOPIC, partitions: 3, replicationFactor: 1 }]);
      say(`created topic ${TOPIC} with 3 partitions`);
    }
    const products = ['espresso', 'flat white', 'cortado', 'chai latte', 'matcha'];
    await producer.send(
      Array.from({ length: RECORDS }, (_, i) => {
        const order = {
          orderId: 1000 + i,
          product: products[i % products.length],
          quantity: 1 + (i % 3),
          at: new Date().toISOString(),
        };
        return { topic: TOPIC, key: `customer-${i % 7}`, value: JSON.stringify(order) };
      }),
    );
    say(`produced ${RECORDS} sample orders`);
    const ends = await admin.listOffsets([TOPIC], 'latest');
    return ends.reduce((sum, o) => sum + o.offset, 0);
  } finally {
    await producer.close();
    await admin.close();
  }
}

async function main(): Promise<void> {
  say('starting a local Kafka broker (first run downloads it from Maven Central)');
  await ensureInfra(['kafka'], say);
  const total = await fillTopic();

  // A clean slate each run: the connector reads the whole topic into a fresh file.
  await rm(workDir, { recursive: true, force: true });
  await mkdir(workDir, { recursive: true });
  const args = ['standalone', workerFile, connectorFile, '--bootstrap-servers', endpoints.kafkaBootstrap];
  say(`running: serverless-connect ${args.join(' ')}`);
  const child = spawn(process.execPath, [path.join('shared', 'standalone', 'cli.ts'), ...args], {
    cwd: projectRoot,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  const lines = () =>
    existsSync(outputFile) ? readFileSync(outputFile, 'utf8').split('\n').filter(Boolean) : [];
  const deadline = Date.now() + 60_000;
  while (lines().length < total && Date.now() < deadline && child.exitCode === null) await sleep(100);
  child.kill('SIGINT');
  const code = await exited;
  if (code !== 0) throw new Error(`the standalone worker exited with code ${code}`);

  const written = lines();
  say(
    `${written.length} of ${total} records are in ${path.relative(projectRoot, outputFile)}; the last ones:`,
  );
  for (const line of written.slice(-5)) console.log(`  ${line}`);
  say(`committed offsets: ${path.relative(projectRoot, path.join(workDir, 'offsets.json'))}`);
  say('run it again: each run adds orders and the connector copies the whole topic again into a fresh file');
  say('stop the local broker with: npm run infra:down');
  if (written.length !== total)
    throw new Error(`expected ${total} records in the output, found ${written.length}`);
}

main().catch((error: unknown) => {
  console.error(`quickstart failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
