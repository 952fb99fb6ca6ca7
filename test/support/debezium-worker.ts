// Debezium itself: Apache Kafka Connect's standalone worker (ConnectStandalone) with Debezium's
// PostgreSQL connector and SMTs on its classpath (the `debezium` jar set), against the local broker.
// It is the reference the change-data-capture connector is compared with. One small JVM, offsets in
// a file of its own, converters as the caller sets them; stop() ends exactly the process it started.
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { classpath, fetchJars } from '../../scripts/infra/jars.ts';
import { javaBinary } from '../../scripts/infra/java.ts';
import { freePort } from './kafka-connect-worker.ts';
import { kafkaBootstrap } from './local.ts';

export interface DebeziumWorker {
  readonly url: string;
  readonly logFile: string;
  readonly pid: number;
  /** The connector's and its tasks' state, from the worker's REST API. */
  status(name: string): Promise<{ connector: string; tasks: { state: string; trace?: string }[] } | null>;
  logTail(lines?: number): Promise<string>;
  stop(): Promise<void>;
}

export interface DebeziumWorkerOptions {
  /** Connector configs (JSON maps with `name`), started with the worker. */
  readonly connectors: readonly Readonly<Record<string, string>>[];
  /** Worker settings on top of the defaults (converters, flush interval). */
  readonly worker?: Readonly<Record<string, string>>;
  readonly heapMb?: number;
  readonly timeoutMs?: number;
}

function properties(settings: Readonly<Record<string, string>>): string {
  return Object.entries(settings)
    .map(([k, v]) => `${k}=${v.replace(/\\/g, '\\\\')}`)
    .join('\n');
}

export async function startDebeziumWorker(options: DebeziumWorkerOptions): Promise<DebeziumWorker> {
  await fetchJars('debezium');
  const dir = await mkdtemp(path.join(tmpdir(), 'debezium-'));
  const port = await freePort();
  const config = path.join(dir, 'worker.properties');
  await writeFile(
    config,
    properties({
      'bootstrap.servers': kafkaBootstrap,
      'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'offset.storage.file.filename': path.join(dir, 'connect.offsets'),
      'offset.flush.interval.ms': '1000',
      listeners: `http://127.0.0.1:${port}`,
      'plugin.discovery': 'only_scan',
      ...options.worker,
    }),
  );
  const connectorFiles: string[] = [];
  for (const [i, connector] of options.connectors.entries()) {
    const file = path.join(dir, `connector-${i}.json`);
    await writeFile(file, JSON.stringify(connector));
    connectorFiles.push(file);
  }
  const log4j = path.join(dir, 'log4j2.properties');
  await writeFile(
    log4j,
    [
      'rootLogger.level=INFO',
      'rootLogger.appenderRef.c.ref=C',
      'appender.c.type=Console',
      'appender.c.name=C',
      'appender.c.layout.type=PatternLayout',
      'appender.c.layout.pattern=[%d] %p %m (%c)%n',
      'logger.kafka.name=org.apache.kafka',
      'logger.kafka.level=WARN',
      '',
    ].join('\n'),
  );
  const logFile = path.join(dir, 'connect.log');
  const log = openSync(logFile, 'a');
  const heap = options.heapMb ?? 320;
  const child: ChildProcess = spawn(
    javaBinary(),
    [
      '-Xms64m',
      `-Xmx${heap}m`,
      '-XX:+UseSerialGC',
      '-XX:TieredStopAtLevel=1',
      '-Djava.awt.headless=true',
      `-Dlog4j2.configurationFile=${log4j}`,
      '-cp',
      classpath('debezium'),
      'org.apache.kafka.connect.cli.ConnectStandalone',
      config,
      ...connectorFiles,
    ],
    { stdio: ['ignore', log, log] },
  );
  closeSync(log);
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const url = `http://127.0.0.1:${port}`;
  const worker: DebeziumWorker = {
    url,
    logFile,
    pid: child.pid ?? -1,
    async status(name) {
      const response = await fetch(`${url}/connectors/${encodeURIComponent(name)}/status`).catch(() => null);
      return response?.ok ? ((await response.json()) as never) : null;
    },
    async logTail(lines = 60) {
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
  const timeoutMs = options.timeoutMs ?? 150_000;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`Kafka Connect exited during startup:\n${await worker.logTail()}`);
    const running = await Promise.all(
      options.connectors.map(async (c) => (await worker.status(c.name!))?.tasks[0]?.state === 'RUNNING'),
    );
    if (running.every(Boolean)) return worker;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const tail = await worker.logTail();
  await worker.stop();
  throw new Error(`Debezium did not start its tasks within ${timeoutMs} ms:\n${tail}`);
}
