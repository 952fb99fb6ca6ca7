// A single-node Apache Kafka 4.x broker in KRaft mode (combined broker + controller), started from
// the Maven Central jars with the installed Java. Fresh data on every start: tests use unique topics.

import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { silenceNegativeTimeoutWarning } from '../../shared/kafka/kafkajs/client.ts';
import { classpath, fetchJars } from './jars.ts';
import { assertJava17, javaBinary } from './java.ts';
import { logFile, runDir, runningPid, spawnDaemon, stopDaemon, tcpOpen, waitUntilReady } from './process.ts';
import type { InfraService, Started } from './service.ts';
import { endpoints, heaps, host, ports, projectRoot } from './settings.ts';

const NAME = 'kafka';
const MAIN_CLASS = 'kafka.Kafka';

function serverProperties(dataDir: string): string {
  return `# written by scripts/infra/kafka.ts for a throwaway local broker
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@${host}:${ports.kafkaController}
listeners=PLAINTEXT://${host}:${ports.kafka},CONTROLLER://${host}:${ports.kafkaController}
advertised.listeners=PLAINTEXT://${host}:${ports.kafka}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=${dataDir}
num.partitions=1
# Connectors must name topics that exist: a typo should be an error, not a new topic.
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
num.network.threads=2
num.io.threads=2
log.retention.hours=2
log.segment.bytes=67108864
`;
}

/** True when something answering the Kafka protocol listens on the configured port. */
export async function kafkaAnswers(timeoutMs = 3000): Promise<boolean> {
  if (!(await tcpOpen(host, ports.kafka))) return false;
  silenceNegativeTimeoutWarning();
  const admin = new Kafka({
    brokers: [endpoints.kafkaBootstrap],
    clientId: 'infra-probe',
    logLevel: logLevel.NOTHING,
    connectionTimeout: timeoutMs,
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

export async function startKafka(log: (line: string) => void = () => {}): Promise<Started> {
  if (await kafkaAnswers()) return { name: NAME, started: false };
  if (await tcpOpen(host, ports.kafka)) {
    throw new Error(
      `port ${ports.kafka} is taken by something that is not Kafka; set SC_KAFKA_PORT to a free port`,
    );
  }
  assertJava17();
  await fetchJars('kafka', log);

  const dir = runDir(NAME);
  const dataDir = path.join(dir, 'data');
  await rm(dataDir, { recursive: true, force: true });
  await mkdir(dataDir, { recursive: true });
  const config = path.join(dir, 'server.properties');
  await writeFile(config, serverProperties(dataDir));

  const jvm = [
    ...heaps.kafka.split(' '),
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${path.join(projectRoot, 'scripts', 'infra', 'kafka', 'log4j2.properties')}`,
    '-cp',
    classpath('kafka'),
  ];
  // `--cluster-id=<id>` keeps the value one argument whatever it starts with.
  await promisify(execFile)(javaBinary(), [
    ...jvm,
    'kafka.tools.StorageTool',
    'format',
    `--cluster-id=${kafkaClusterId()}`,
    '-c',
    config,
  ]);

  log(`starting Kafka on ${endpoints.kafkaBootstrap}`);
  const pid = await spawnDaemon(NAME, javaBinary(), [...jvm, MAIN_CLASS, config]);
  const startedLine = () =>
    existsSync(logFile(NAME)) && readFileSync(logFile(NAME), 'utf8').includes('Kafka Server started');
  await waitUntilReady(NAME, pid, async () => startedLine() && (await kafkaAnswers()), 60_000);
  return { name: NAME, started: true };
}

/**
 * A cluster id as Kafka's `kafka-storage random-uuid` makes one: 16 random bytes in base64url,
 * drawn again when the text starts with '-' (about one in 64), which Kafka's Uuid never returns
 * because command lines would take it for an option.
 */
export function kafkaClusterId(random: (size: number) => Buffer = randomBytes): string {
  for (;;) {
    const id = random(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

export async function stopKafka(): Promise<boolean> {
  return stopDaemon(NAME, MAIN_CLASS);
}

export async function kafkaPid(): Promise<number | undefined> {
  return runningPid(NAME, MAIN_CLASS);
}

export const kafkaService: InfraService = {
  name: NAME,
  endpoint: () => endpoints.kafkaBootstrap,
  fetch: async (log) => {
    await fetchJars('kafka', log);
  },
  answers: () => kafkaAnswers(),
  start: startKafka,
  stop: stopKafka,
  pid: kafkaPid,
};
