// Apache Kafka Connect standalone (org.apache.kafka.connect.cli.ConnectStandalone) from the
// project's reference jar set: its FileStreamSinkConnector, JsonConverter and SMTs, offsets in a
// file, a small heap and the JVM flags Kafka's own start scripts use.
import { writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { classpath } from '../../scripts/infra/jars.ts';
import { javaBinary } from '../../scripts/infra/java.ts';
import { BenchProcess } from '../support/child.ts';
import type { ExtraConnector } from './serverless-connect.ts';

export const KAFKA_SCRIPT_JVM_FLAGS = [
  '-XX:+UseG1GC',
  '-XX:MaxGCPauseMillis=20',
  '-XX:InitiatingHeapOccupancyPercent=35',
  '-XX:+ExplicitGCInvokesConcurrent',
  '-Djava.awt.headless=true',
];

/** A free TCP port for Connect's REST listener (it has to listen somewhere). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function properties(settings: Readonly<Record<string, string>>): string {
  return (
    Object.entries(settings)
      .map(([k, v]) => `${k}=${v.replace(/\\/g, '\\\\')}`)
      .join('\n') + '\n'
  );
}

export interface KafkaConnectRun {
  readonly dir: string;
  readonly name: string;
  readonly bootstrap: string;
  readonly topic: string;
  readonly outputFile: string;
  readonly connectorSettings: Readonly<Record<string, string>>;
  readonly heapMb: number;
  readonly commitIntervalMs: number;
  /** More file-sink connectors in the same worker, each with its own topic and file (same settings). */
  readonly moreConnectors?: readonly ExtraConnector[];
}

export async function startKafkaConnect(run: KafkaConnectRun): Promise<BenchProcess> {
  const worker = path.join(run.dir, `${run.name}.worker.properties`);
  const log4j = path.join(run.dir, `${run.name}.log4j2.properties`);
  await writeFile(
    worker,
    properties({
      'bootstrap.servers': run.bootstrap,
      // The connector sets its own converters; these are the worker defaults Kafka ships.
      'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'offset.storage.file.filename': path.join(run.dir, `${run.name}.offsets`),
      // The same commit cadence as serverless-connect's, so both flush as often.
      'offset.flush.interval.ms': String(run.commitIntervalMs),
      listeners: `http://127.0.0.1:${await freePort()}`,
      // Plugins come from the classpath; scanning it only is Kafka 4's quiet, supported mode.
      'plugin.discovery': 'only_scan',
    }),
  );
  const connectors: string[] = [];
  for (const each of [
    { name: run.name, topic: run.topic, outputFile: run.outputFile },
    ...(run.moreConnectors ?? []),
  ]) {
    const connector = path.join(run.dir, `${each.name}.connector.properties`);
    await writeFile(
      connector,
      properties({
        name: each.name,
        'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector',
        'tasks.max': '1',
        topics: each.topic,
        file: each.outputFile,
        ...run.connectorSettings,
      }),
    );
    connectors.push(connector);
  }
  await writeFile(
    log4j,
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
  return new BenchProcess(
    'kafka-connect',
    javaBinary(),
    [
      // Kafka's connect-standalone.sh starts at -Xms256M too; only the ceiling is made small.
      `-Xms${Math.min(256, run.heapMb)}m`,
      `-Xmx${run.heapMb}m`,
      ...KAFKA_SCRIPT_JVM_FLAGS,
      `-Dlog4j2.configurationFile=${log4j}`,
      '-cp',
      classpath('connect'),
      'org.apache.kafka.connect.cli.ConnectStandalone',
      worker,
      ...connectors,
    ],
    path.join(run.dir, `${run.name}.log`),
  );
}
