// npm run demo:opensearch: Kafka Connect's classic demo. A local OpenSearch node and Kafka broker
// start, sample orders (JSON, keyed by order id) go to the topic demo-orders, the standalone worker
// runs Confluent's Elasticsearch sink connector from scripts/demo/elasticsearch-sink.json, and the
// documents are shown the way you would look at them yourself: curl <node>/demo-orders/_search.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createAdmin, createProducer } from '../shared/kafka/index.ts';
import { ensureInfra } from './infra/index.ts';
import { endpoints, projectRoot } from './infra/settings.ts';

const TOPIC = 'demo-orders';
const ORDERS = 20;
const connectorFile = path.join('scripts', 'demo', 'elasticsearch-sink.json');
const workerFile = path.join('scripts', 'demo', 'worker.properties');
const offsetsFile = path.join(projectRoot, '.serverless-connect', 'demo', 'offsets.json');

const say = (line: string) => console.log(`\x1b[1mdemo:\x1b[0m ${line}`);

/** Orders 1..ORDERS, then an update of order 3 and a tombstone deleting order 7. */
async function produceOrders(): Promise<number> {
  const connection = { brokers: [endpoints.kafkaBootstrap], clientId: 'demo' };
  const admin = createAdmin(connection);
  const producer = createProducer(connection);
  try {
    if ((await admin.partitionCounts([TOPIC])).size === 0) {
      await admin.createTopics([{ topic: TOPIC, partitions: 3, replicationFactor: 1 }]);
      say(`created topic ${TOPIC} with 3 partitions`);
    }
    const products = ['espresso', 'flat white', 'cortado', 'chai latte', 'matcha'];
    const order = (id: number, status: string) =>
      JSON.stringify({
        orderId: id,
        product: products[id % products.length],
        quantity: 1 + (id % 3),
        status,
      });
    await producer.send([
      ...Array.from({ length: ORDERS }, (_, i) => ({
        topic: TOPIC,
        key: `order-${i + 1}`,
        value: order(i + 1, 'placed'),
      })),
      { topic: TOPIC, key: 'order-3', value: order(3, 'delivered') },
      { topic: TOPIC, key: 'order-7', value: null },
    ]);
    say(`produced ${ORDERS} orders, an update of order-3 and a tombstone for order-7`);
    const ends = await admin.listOffsets([TOPIC], 'latest');
    return ends.reduce((sum, o) => sum + o.offset, 0);
  } finally {
    await producer.close();
    await admin.close();
  }
}

function committed(): number {
  if (!existsSync(offsetsFile)) return 0;
  const offsets =
    JSON.parse(readFileSync(offsetsFile, 'utf8')).connectors?.['demo-elasticsearch-sink']?.offsets ?? {};
  return Object.values(offsets as Record<string, number>).reduce((sum, o) => sum + o, 0);
}

async function main(): Promise<void> {
  say('starting Kafka and OpenSearch (the first run downloads them from Maven Central)');
  await ensureInfra(['kafka', 'opensearch'], say);
  const total = await produceOrders();
  // Each run re-reads the whole topic; the offsets as external versions keep documents as they were.
  await rm(path.dirname(offsetsFile), { recursive: true, force: true });
  const args = ['standalone', workerFile, connectorFile, '--bootstrap-servers', endpoints.kafkaBootstrap];
  say(`running: serverless-connect ${args.join(' ')}`);
  const child = spawn(process.execPath, [path.join('shared', 'standalone', 'cli.ts'), ...args], {
    cwd: projectRoot,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 120_000;
  while (committed() < total && Date.now() < deadline && child.exitCode === null) await sleep(200);
  child.kill('SIGINT');
  const code = await exited;
  if (code !== 0) throw new Error(`the standalone worker exited with code ${code}`);
  if (committed() < total) throw new Error(`only ${committed()} of ${total} records were committed`);

  const url = `${endpoints.opensearch}/${TOPIC}/_search?size=3&sort=orderId:asc&filter_path=hits.total,hits.hits._id,hits.hits._source`;
  await fetch(`${endpoints.opensearch}/${TOPIC}/_refresh`, { method: 'POST' });
  const result = await (await fetch(url)).json();
  say(`every record is committed; the index holds what the topic says. Look yourself:\n\n  curl '${url}'\n`);
  console.log(JSON.stringify(result, null, 2));
  say(
    `order-3 is "delivered" (its later record won), order-7 is gone (tombstone): curl ${endpoints.opensearch}/${TOPIC}/_doc/order-3`,
  );
  say('stop the servers with: npm run infra:down');
}

main().catch((error: unknown) => {
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
