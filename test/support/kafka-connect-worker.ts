// Apache Kafka Connect's own distributed worker (ConnectDistributed from the `connect` jar set),
// against the local broker, for tests that compare our REST API with the real one. Each worker gets
// its own group id and internal topics (replication factor 1), a free port, a small heap and a log
// file; stop() ends exactly the process it started.
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { classpath, fetchJars } from '../../scripts/infra/jars.ts';
import { javaBinary } from '../../scripts/infra/java.ts';
import { kafkaBootstrap, uniqueName } from './local.ts';

export interface KafkaConnectWorker {
  readonly url: string;
  readonly logFile: string;
  /** The tail of the worker's log, for failure messages. */
  logTail(lines?: number): Promise<string>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export async function startKafkaConnectWorker(timeoutMs = 150_000): Promise<KafkaConnectWorker> {
  await fetchJars('connect');
  const dir = await mkdtemp(path.join(tmpdir(), 'kafka-connect-'));
  const port = await freePort();
  const id = uniqueName('conformance');
  const properties = [
    `bootstrap.servers=${kafkaBootstrap}`,
    `group.id=${id}`,
    `config.storage.topic=${id}-configs`,
    `offset.storage.topic=${id}-offsets`,
    `status.storage.topic=${id}-status`,
    'config.storage.replication.factor=1',
    'offset.storage.replication.factor=1',
    'status.storage.replication.factor=1',
    'offset.storage.partitions=1',
    'status.storage.partitions=1',
    'key.converter=org.apache.kafka.connect.json.JsonConverter',
    'value.converter=org.apache.kafka.connect.json.JsonConverter',
    `listeners=http://127.0.0.1:${port}`,
    `rest.advertised.host.name=127.0.0.1`,
    'offset.flush.interval.ms=1000',
  ].join('\n');
  const config = path.join(dir, 'worker.properties');
  await writeFile(config, properties);
  const logFile = path.join(dir, 'connect.log');
  const log = openSync(logFile, 'a');
  const child: ChildProcess = spawn(
    javaBinary(),
    [
      '-Xms64m',
      '-Xmx320m',
      '-XX:+UseSerialGC',
      '-XX:TieredStopAtLevel=1',
      '-Djava.awt.headless=true',
      '-cp',
      classpath('connect'),
      'org.apache.kafka.connect.cli.ConnectDistributed',
      config,
    ],
    { stdio: ['ignore', log, log] },
  );
  closeSync(log);
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const url = `http://127.0.0.1:${port}`;
  const worker: KafkaConnectWorker = {
    url,
    logFile,
    async logTail(lines = 40) {
      const text = await readFile(logFile, 'utf8').catch(() => '');
      return text.split('\n').slice(-lines).join('\n');
    },
    async stop() {
      if (!exited) {
        const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await done;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
  // Ready when the REST server answers and the worker has joined its group (GET /connectors works).
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`Kafka Connect exited during startup:\n${await worker.logTail()}`);
    try {
      const response = await fetch(`${url}/connectors`);
      if (response.status === 200) return worker;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await worker.stop();
  throw new Error(`Kafka Connect did not start within ${timeoutMs} ms:\n${await worker.logTail()}`);
}
