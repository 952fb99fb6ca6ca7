// Migration between Apache Kafka Connect and serverless-connect without reprocessing, both ways, on
// the real broker: Kafka Connect's standalone worker runs a FileStreamSink over the first half of a
// 20,000-record topic and stops; ours, under the same connector name, continues from Kafka Connect's
// consumer group connect-<name>. Then the reverse: ours first, and Kafka Connect resumes from the
// offsets we mirrored into that group. Either way the two files together hold every record once.
// The distributed deployment (the Lambda handlers on DynamoDB leases) does a round trip in thirds:
// Kafka Connect, ours (stopped, then deleted), Kafka Connect again.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin } from '../../../shared/kafka/index.ts';
import { consoleLogger } from '../../../shared/runtime/logger.ts';
import { StandaloneWorker } from '../../../shared/standalone/worker.ts';
import { type ApiCall, apiCaller } from '../../support/api-flow.ts';
import { createTopic, produce, testConnection } from '../../support/kafka.ts';
import {
  type KafkaConnectStandalone,
  startKafkaConnectStandalone,
} from '../../support/kafka-connect-standalone.ts';
import { localFunctionEnvironment } from '../../support/lambda-environment.ts';
import { kafkaBootstrap, uniqueName } from '../../support/local.ts';
import { LocalLambda } from '../../support/local-lambda.ts';
import { fileLines, fileSinkConfig, offsetRecords } from '../../support/sink-files.ts';
import { localTable } from '../../support/stores.ts';
import { waitFor } from '../../support/wait.ts';

const RECORDS = 20_000;
const HALF = RECORDS / 2;
const PARTITIONS = 2;

/** The committed offsets of consumer group connect-<name>, summed over the topic's partitions. */
async function groupTotal(name: string, topic: string): Promise<number> {
  const admin = createAdmin(testConnection);
  try {
    const offsets = await admin.fetchGroupOffsets(`connect-${name}`, [topic]);
    return offsets.reduce((sum, o) => sum + o.offset, 0);
  } finally {
    await admin.close();
  }
}

/** The group as the broker describes it: state, protocol type and members. */
async function describeGroup(group: string) {
  const admin = new Kafka({ brokers: [kafkaBootstrap], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const [described] = (await admin.describeGroups([group])).groups;
    return { state: described?.state, protocolType: described?.protocolType, members: described?.members };
  } finally {
    await admin.disconnect();
  }
}

/** Runs Kafka Connect's FileStreamSink until its group has committed `total`, then stops it. */
async function kafkaConnectUntil(
  dir: string,
  name: string,
  topic: string,
  file: string,
  total: number,
): Promise<string> {
  const worker: KafkaConnectStandalone = await startKafkaConnectStandalone(dir, {
    name,
    ...fileSinkConfig(topic, file),
    'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector',
  });
  try {
    await waitFor(
      `Kafka Connect's group connect-${name} at ${total}`,
      async () => {
        if (worker.exited()) throw new Error(`Kafka Connect exited:\n${await worker.logTail()}`);
        return (await groupTotal(name, topic)) === total ? true : undefined;
      },
      60_000,
      250,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${await worker.logTail()}`);
  } finally {
    await worker.stop();
  }
  return worker.logTail(200);
}

/** Runs our standalone worker with the same connector until `file` holds `lines` lines, then stops it. */
async function oursUntil(dir: string, name: string, topic: string, file: string, lines: number) {
  const log: string[] = [];
  const worker = await StandaloneWorker.prepare(
    {
      'bootstrap.servers': kafkaBootstrap,
      'offset.storage.file.filename': path.join(dir, `${name}-ours.offsets.json`),
      listeners: '',
    },
    [{ name, config: { name, ...fileSinkConfig(topic, file) } }],
    consoleLogger('info', (line) => log.push(line)),
  );
  const running = worker.run();
  try {
    await waitFor(`${lines} lines from ours`, () => (fileLines(file).length >= lines ? true : undefined));
  } finally {
    worker.stop();
    await running;
  }
  return log;
}

describe('taking over from Apache Kafka Connect and handing back, without reprocessing', () => {
  let dir: string;
  const records = (topic: string) => offsetRecords(topic, PARTITIONS, RECORDS);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sc-migration-'));
  });

  it('Kafka Connect sinks the first half; ours, same name, continues from its consumer group', async () => {
    const topic = uniqueName('migrate-in');
    const name = uniqueName('migrate-in');
    await createTopic(topic, PARTITIONS);
    const all = records(topic);
    await produce(all.slice(0, HALF));
    const theirs = path.join(dir, `${name}-kafka-connect.txt`);
    const ours = path.join(dir, `${name}-ours.txt`);

    const kafkaConnectLog = await kafkaConnectUntil(dir, name, topic, theirs, HALF);
    expect(kafkaConnectLog).not.toMatch(/ERROR/);
    expect(fileLines(theirs)).toHaveLength(HALF);

    await produce(all.slice(HALF));
    const log = await oursUntil(dir, name, topic, ours, HALF);

    // Every record exactly once across both files: Kafka Connect's half, then ours.
    expect(tally(fileLines(theirs), all.slice(0, HALF))).toEqual(EXACT);
    expect(tally(fileLines(ours), all.slice(HALF))).toEqual(EXACT);
    expect(tally([...fileLines(theirs), ...fileLines(ours)], all)).toEqual(EXACT);
    // And it says where it started.
    expect(log.join('')).toMatch(
      new RegExp(
        `starting from Kafka Connect's committed offsets .*connector=${name} .*group=connect-${name}`,
      ),
    );
  });

  it('ours sinks the first half; Kafka Connect, same name, resumes from the offsets we mirrored', async () => {
    const topic = uniqueName('migrate-out');
    const name = uniqueName('migrate-out');
    await createTopic(topic, PARTITIONS);
    const all = records(topic);
    await produce(all.slice(0, HALF));
    const ours = path.join(dir, `${name}-ours.txt`);
    const theirs = path.join(dir, `${name}-kafka-connect.txt`);

    await oursUntil(dir, name, topic, ours, HALF);
    // Stopped cleanly, the group holds exactly where we stopped, and it is a group nobody ever
    // joined (no members, no protocol): a Kafka Connect consumer can join it, whatever its protocol.
    expect(await groupTotal(name, topic)).toBe(HALF);
    expect(await describeGroup(`connect-${name}`)).toEqual({ state: 'Empty', protocolType: '', members: [] });

    await produce(all.slice(HALF));
    const kafkaConnectLog = await kafkaConnectUntil(dir, name, topic, theirs, RECORDS);
    expect(kafkaConnectLog).not.toMatch(/InconsistentGroupProtocol|ERROR/);

    expect(tally(fileLines(ours), all.slice(0, HALF))).toEqual(EXACT);
    expect(tally(fileLines(theirs), all.slice(HALF))).toEqual(EXACT);
    expect(tally([...fileLines(ours), ...fileLines(theirs)], all)).toEqual(EXACT);
  });
});

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

describe('the same, through the Lambda handlers on DynamoDB leases', () => {
  const lambda = new LocalLambda();
  const saved = { ...process.env };
  let call: ApiCall;
  let tableClient: Awaited<ReturnType<typeof localTable>>['client'];
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sc-migration-lambda-'));
    const { client, tableName } = await localTable();
    tableClient = client;
    Object.assign(process.env, localFunctionEnvironment(tableName, await lambda.start()));
    // Imported after the environment is set: the handlers build their clients from it, as at a cold start.
    const api = (await import('../../../functions/api/index.ts')).handler as unknown as Handler;
    lambda.register(
      'coordinator',
      (await import('../../../functions/coordinator/index.ts')).handler as never,
    );
    lambda.register('task', (await import('../../../functions/task/index.ts')).handler as never, 20_000);
    call = apiCaller(api as never);
  });

  afterAll(async () => {
    await lambda.stop();
    tableClient.destroy();
    process.env = saved;
  });

  it('Kafka Connect, then ours, then Kafka Connect again: a third each, every record once', async () => {
    const topic = uniqueName('migrate-lambda');
    const name = uniqueName('migrate-lambda');
    await createTopic(topic, PARTITIONS);
    const third = 10_000;
    const all = offsetRecords(topic, PARTITIONS, 3 * third);
    const first = path.join(dir, `${name}-kafka-connect-1.txt`);
    const ours = path.join(dir, `${name}-ours.txt`);
    const last = path.join(dir, `${name}-kafka-connect-2.txt`);

    await produce(all.slice(0, third));
    expect(await kafkaConnectUntil(dir, name, topic, first, third)).not.toMatch(/ERROR/);

    await produce(all.slice(third, 2 * third));
    const created = await call('POST', '/connectors', {
      name,
      config: { name, ...fileSinkConfig(topic, ours) },
    });
    expect(created.status).toBe(201);
    await waitFor(`${third} lines from ours`, () => (fileLines(ours).length >= third ? true : undefined));
    // Handing back: stop (the task invocation ends and mirrors its last commit), then delete.
    expect((await call('PUT', `/connectors/${name}/stop`)).status).toBe(204);
    await waitFor(
      `the group connect-${name} at ${2 * third}`,
      async () => ((await groupTotal(name, topic)) === 2 * third ? true : undefined),
      30_000,
      250,
    );
    expect((await call('DELETE', `/connectors/${name}`)).status).toBe(204);

    await produce(all.slice(2 * third));
    expect(await kafkaConnectUntil(dir, name, topic, last, 3 * third)).not.toMatch(/ERROR/);

    expect(tally(fileLines(first), all.slice(0, third))).toEqual(EXACT);
    expect(tally(fileLines(ours), all.slice(third, 2 * third))).toEqual(EXACT);
    expect(tally(fileLines(last), all.slice(2 * third))).toEqual(EXACT);
  });
});

const EXACT = { lines: 0, missing: [], duplicated: [], unexpected: [] };

/**
 * How `lines` differ from the values of `expected`, each once: the line count beyond or short of
 * them, and (the first few of) the values missing, written twice, or not expected at all.
 */
function tally(lines: readonly string[], expected: readonly { value: string }[]) {
  const wanted = new Set(expected.map((r) => r.value));
  const seen = new Map<string, number>();
  for (const line of lines) seen.set(line, (seen.get(line) ?? 0) + 1);
  const first = (values: Iterable<string>) => [...values].slice(0, 5);
  return {
    lines: lines.length - expected.length,
    missing: first([...wanted].filter((v) => !seen.has(v))),
    duplicated: first([...seen].filter(([, n]) => n > 1).map(([v]) => v)),
    unexpected: first([...seen.keys()].filter((v) => !wanted.has(v))),
  };
}
