// Apache Kafka Connect's standalone worker (ConnectStandalone from the `connect` jar set) running one
// sink connector from a properties file, against the local broker: the other side of the migration
// tests. A sink's offsets live in the consumer group connect-<name>, as in any Kafka Connect
// deployment (the worker's offsets file holds only source offsets). Small heap, quick-start JVM
// flags, WARN logging to a file; stop() asks for a clean shutdown (SIGTERM), which commits the task's
// flushed offsets, and ends exactly the process it started.
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { classpath, fetchJars } from '../../scripts/infra/jars.ts';
import { javaBinary } from '../../scripts/infra/java.ts';
import { freePort } from './kafka-connect-worker.ts';
import { kafkaBootstrap } from './local.ts';

export interface KafkaConnectStandalone {
  readonly logFile: string;
  /** True once the JVM has exited (early exits are failures the test should show). */
  exited(): boolean;
  logTail(lines?: number): Promise<string>;
  stop(): Promise<void>;
}

function properties(settings: Readonly<Record<string, string>>): string {
  return `${Object.entries(settings)
    .map(([key, value]) => `${key}=${value.replace(/\\/g, '\\\\')}`)
    .join('\n')}\n`;
}

/** Starts ConnectStandalone with `connector` (name, connector.class and the rest) in `dir`. */
export async function startKafkaConnectStandalone(
  dir: string,
  connector: Readonly<Record<string, string>> & { readonly name: string },
): Promise<KafkaConnectStandalone> {
  await fetchJars('connect');
  const base = path.join(dir, `kafka-connect-${connector.name}`);
  await writeFile(
    `${base}.worker.properties`,
    properties({
      'bootstrap.servers': kafkaBootstrap,
      'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
      'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
      'offset.storage.file.filename': `${base}.offsets`,
      'offset.flush.interval.ms': '1000',
      listeners: `http://127.0.0.1:${await freePort()}`,
      // Plugins come from the classpath only: Kafka 4's quick, supported discovery mode.
      'plugin.discovery': 'only_scan',
    }),
  );
  await writeFile(`${base}.connector.properties`, properties(connector));
  await writeFile(
    `${base}.log4j2.properties`,
    [
      'rootLogger.level=WARN',
      'rootLogger.appenderRef.c.ref=C',
      'appender.c.type=Console',
      'appender.c.name=C',
      'appender.c.layout.type=PatternLayout',
      'appender.c.layout.pattern=[%d] %p %m (%c)%n',
      '',
    ].join('\n'),
  );
  const logFile = `${base}.log`;
  const log = openSync(logFile, 'a');
  const child: ChildProcess = spawn(
    javaBinary(),
    [
      '-Xms64m',
      '-Xmx256m',
      '-XX:+UseSerialGC',
      '-XX:TieredStopAtLevel=1',
      '-Djava.awt.headless=true',
      `-Dlog4j2.configurationFile=${base}.log4j2.properties`,
      '-cp',
      classpath('connect'),
      'org.apache.kafka.connect.cli.ConnectStandalone',
      `${base}.worker.properties`,
      `${base}.connector.properties`,
    ],
    { stdio: ['ignore', log, log] },
  );
  closeSync(log);
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  return {
    logFile,
    exited: () => exited,
    async logTail(lines = 40) {
      const text = await readFile(logFile, 'utf8').catch(() => '');
      return text.split('\n').slice(-lines).join('\n');
    },
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exit;
      clearTimeout(timer);
    },
  };
}
