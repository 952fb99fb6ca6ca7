// npm run bench: throughput and resource use side by side with Apache Kafka Connect, end-to-end
// latency, the Kafka read path against the broker's own consumer perf tool, and the cost model.
// Never part of npm test; results go to bench/results/latest.{md,json}.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureInfra } from '../scripts/infra/index.ts';
import { fetchJars } from '../scripts/infra/jars.ts';
import { endpoints } from '../scripts/infra/settings.ts';
import { datasetSpec, ensureDataset } from './dataset.ts';
import { parseOptions } from './options.ts';
import { runThroughput } from './throughput.ts';

const log = (line: string) => console.log(`${new Date().toISOString().slice(11, 19)} ${line}`);

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  await ensureInfra(['kafka'], log);
  await fetchJars('connect', log);
  const bootstrap = endpoints.kafkaBootstrap;
  const connection = { brokers: [bootstrap], clientId: 'serverless-connect-bench' };
  const dir = await mkdtemp(path.join(tmpdir(), 'sc-bench-'));
  try {
    const dataset = await ensureDataset(
      connection,
      datasetSpec(options.records, options.partitions, options.recordBytes),
      log,
    );
    const throughput = await runThroughput(dataset, bootstrap, dir, options, log);
    console.log(JSON.stringify(throughput, null, 2));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
