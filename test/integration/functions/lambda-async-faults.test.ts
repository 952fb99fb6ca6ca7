// Faults of Lambda's asynchronous invoke, through the local stand-in that behaves as it does: the
// task function killed at its timeout in the middle of a batch, a task invocation that throws,
// and events Lambda gives up on (retries exhausted, too old) landing in the on-failure
// destination. The API and the coordinator run in this process, the task function in a process
// per invocation (so a timeout really kills it), all on DynamoDB Local and the real broker, with
// the shipped file sink; the output file is checked line by line.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDBLeaseStore } from '../../../shared/aws/dynamodb-lease-store.ts';
import { LambdaTaskInvoker } from '../../../shared/aws/lambda-task-invoker.ts';
import { type ApiCall, apiCaller } from '../../support/api-flow.ts';
import { createTopic, produce } from '../../support/kafka.ts';
import { localFunctionEnvironment } from '../../support/lambda-environment.ts';
import { uniqueName } from '../../support/local.ts';
import { type LambdaHandler, LocalLambda } from '../../support/local-lambda.ts';
import { fileLines, fileSinkConfig, offsetRecords } from '../../support/sink-files.ts';
import { localTable } from '../../support/stores.ts';
import { waitFor } from '../../support/wait.ts';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

const PARTITIONS = 2;
const RECORDS = 6000;

describe("Lambda's asynchronous invoke: retries, timeouts, event age", () => {
  const lambda = new LocalLambda();
  const saved = { ...process.env };
  let call: ApiCall;
  let endpoint: string;
  let tableName: string;
  let leases: DynamoDBLeaseStore;
  let tableClient: Awaited<ReturnType<typeof localTable>>['client'];

  beforeAll(async () => {
    ({ client: tableClient, tableName } = await localTable());
    leases = new DynamoDBLeaseStore({ client: tableClient, tableName });
    endpoint = await lambda.start();
    Object.assign(process.env, localFunctionEnvironment(tableName, endpoint));
    const api = (await import('../../../functions/api/index.ts')).handler as unknown as Handler;
    call = (method, urlPath, body) => apiCaller(api as never)(method, urlPath, body);
    lambda.register(
      'coordinator',
      (await import('../../../functions/coordinator/index.ts')).handler as never,
    );
  });

  afterAll(async () => {
    await lambda.stop();
    tableClient.destroy();
    process.env = saved;
  });

  async function fileSinkConnector(prefix: string) {
    const topic = uniqueName(`${prefix}-topic`);
    const name = uniqueName(prefix);
    await createTopic(topic, PARTITIONS);
    const records = offsetRecords(topic, PARTITIONS, RECORDS);
    await produce(records);
    const file = path.join(await mkdtemp(path.join(tmpdir(), `sc-${prefix}-`)), 'out.txt');
    const config = {
      ...fileSinkConfig(topic, file),
      // Small fetches make many small batches: the task is still busy when its time runs out.
      'consumer.override.max.partition.fetch.bytes': '1024',
    };
    const created = await call('POST', '/connectors', { name, config });
    expect(created.status).toBe(201);
    return { name, topic, file, values: records.map((r) => r.value) };
  }

  /** Produces the next records of every partition in small rounds until `until` settles. */
  async function keepProducing(topic: string, values: string[], until: Promise<unknown>) {
    let done = false;
    void until.finally(() => (done = true)).catch(() => {});
    const next = Array.from(
      { length: PARTITIONS },
      (_, p) => values.filter((v) => v.startsWith(`p${p}-`)).length,
    );
    while (!done) {
      const round = Array.from({ length: PARTITIONS * 100 }, (_, i) => {
        const partition = i % PARTITIONS;
        return { topic, partition, key: null, value: `p${partition}-${next[partition]!++}` };
      });
      await produce(round);
      values.push(...round.map((r) => r.value));
      await sleep(20);
    }
  }

  /** Every record exactly once, and within a partition in offset order. */
  function expectExactlyOnce(lines: string[], values: string[]) {
    expect(lines).toHaveLength(values.length);
    expect([...lines].sort()).toEqual([...values].sort());
    for (let p = 0; p < PARTITIONS; p++) {
      const inPartition = lines.filter((l) => l.startsWith(`p${p}-`));
      expect(inPartition).toEqual(values.filter((v) => v.startsWith(`p${p}-`)));
    }
  }

  const taskAttempts = () => lambda.invocations.filter((i) => i.functionName === 'task');

  it('a task killed at its timeout mid-batch is retried and the file holds every record once', async () => {
    const taskFunction = {
      module: 'test/support/task-function.ts',
      env: {
        SC_TEST_LEASE_TTL_MS: '3000',
        // The budget never ends the invocation: only the timeout does, or running out of records.
        SC_TEST_SAFETY_MARGIN_MS: '-600000',
        // Idle long enough to wait out the killed invocation's leases (3 s) before giving up.
        SC_TEST_IDLE_POLLS: '12',
      },
    };
    const retryDelaysMs = [1000, 1000] as const;
    lambda.registerProcess('task', taskFunction, { timeoutMs: 10_000, retryDelaysMs });
    const before = taskAttempts().length;
    const { name, topic, file, values } = await fileSinkConnector('timeout');

    const first = await waitFor('the first task invocation', () => taskAttempts()[before]);
    // New records all along: the invocation is busy, never idle, when its time runs out.
    await keepProducing(topic, values, first.result);
    const timedOut = await first.result.then(
      () => undefined,
      (error: Error) => error,
    );
    // Read before the retry starts (a second later): what the killed invocation left behind.
    const atKill = await leases.list(name);
    const committed = atKill.reduce((sum, l) => sum + (l.offset ?? 0), 0);
    expect(timedOut?.name).toBe('Sandbox.Timedout');
    // It had been working (commits), and was killed in the middle of it: records produced after
    // its last commit, and its leases still its own (a clean end releases them).
    expect(committed).toBeGreaterThan(0);
    expect(committed).toBeLessThan(values.length);
    expect(atKill.map((l) => l.owner?.startsWith(`task:${first.requestId}`))).toEqual(atKill.map(() => true));
    // Lines the file sink wrote but whose offsets were not committed (if the kill fell between
    // the two) must be cut off by the retry: the exact comparison below sees any left behind.
    const linesAtKill = fileLines(file).length;
    expect(linesAtKill).toBeGreaterThanOrEqual(committed);
    // The retries run with room to catch up (Lambda reads the function's configuration anew for
    // each attempt, so a timeout raised meanwhile applies to them).
    lambda.registerProcess('task', taskFunction, { timeoutMs: 60_000, retryDelaysMs });

    await waitFor(
      'every offset committed',
      async () =>
        (await leases.list(name)).every((l) => l.offset === values.length / PARTITIONS) ? true : undefined,
      90_000,
      200,
    );
    const retry = taskAttempts().filter((i) => i.requestId === first.requestId && i.attempt > 1);
    expect(retry.length).toBeGreaterThanOrEqual(1);
    expectExactlyOnce(fileLines(file), values);
    expect(lambda.failures).toEqual([]);
    expect((await call('DELETE', `/connectors/${name}`)).status).toBe(204);
    await Promise.allSettled(taskAttempts().map((i) => i.result));
  });

  it('a task invocation that throws is run again under the same request id, and nothing is lost', async () => {
    const task = (await import('../../../functions/task/index.ts')).handler as unknown as LambdaHandler;
    const failed = new Set<string>();
    // The first attempt of every event fails before it does anything (a cold start that could not
    // reach its dependencies, say); Lambda's retry is what brings the work back.
    lambda.register(
      'task',
      async (event, context) => {
        if (!failed.has(context.awsRequestId)) {
          failed.add(context.awsRequestId);
          throw new Error('injected: the first attempt fails');
        }
        return task(event, context);
      },
      { timeoutMs: 20_000, retryDelaysMs: [500, 500] },
    );
    const before = taskAttempts().length;
    const { name, file, values } = await fileSinkConnector('throws');
    await waitFor(
      'every record in the file',
      () => (fileLines(file).length >= RECORDS ? true : undefined),
      90_000,
      200,
    );
    await waitFor(
      'every offset committed',
      async () =>
        (await leases.list(name)).every((l) => l.offset === RECORDS / PARTITIONS) ? true : undefined,
      30_000,
      200,
    );
    expectExactlyOnce(fileLines(file), values);
    const attempts = taskAttempts().slice(before);
    const firsts = attempts.filter((i) => i.attempt === 1);
    expect(firsts.length).toBeGreaterThanOrEqual(1);
    for (const first of firsts) {
      await expect(first.result).rejects.toThrow('injected');
      expect(attempts.some((i) => i.requestId === first.requestId && i.attempt === 2)).toBe(true);
    }
    expect(lambda.failures).toEqual([]);
    expect((await call('DELETE', `/connectors/${name}`)).status).toBe(204);
    await Promise.allSettled(attempts.map((i) => i.result));
  });

  it('gives up after two retries, or at once on an event past its maximum age, into the on-failure destination', async () => {
    const event = { connector: uniqueName('nowhere'), task: 0, reason: 'assigned' as const };
    const invoker = (functionName: string) =>
      new LambdaTaskInvoker(new LambdaClient({ endpoint }), functionName);
    lambda.register(
      'always-fails',
      async () => {
        throw new TypeError('injected: always');
      },
      { retryDelaysMs: [100, 100] },
    );
    lambda.register(
      'fails-then-ages',
      async () => {
        throw new Error('injected: once');
      },
      { maximumEventAgeMs: 200, retryDelaysMs: [500, 500] },
    );
    await invoker('always-fails').invoke(event);
    await invoker('fails-then-ages').invoke(event);
    const ours = () =>
      lambda.failures.filter((f) => /:(always-fails|fails-then-ages):/.test(f.requestContext.functionArn));
    const failures = await waitFor('two events given up', () => (ours().length === 2 ? ours() : undefined));
    const byFunction = (name: string) => failures.find((f) => f.requestContext.functionArn.includes(name))!;
    expect(byFunction('always-fails')).toMatchObject({
      requestContext: { condition: 'RetriesExhausted', approximateInvokeCount: 3 },
      requestPayload: { source: 'serverless-connect.coordinator', ...event },
      responsePayload: { errorType: 'TypeError', errorMessage: 'injected: always' },
    });
    expect(byFunction('fails-then-ages')).toMatchObject({
      requestContext: { condition: 'EventAgeExceeded', approximateInvokeCount: 1 },
      requestPayload: { source: 'serverless-connect.coordinator', ...event },
    });
    const attempts = (name: string) => lambda.invocations.filter((i) => i.functionName === name);
    expect(attempts('always-fails').map((i) => i.attempt)).toEqual([1, 2, 3]);
    expect(new Set(attempts('always-fails').map((i) => i.requestId)).size).toBe(1);
    expect(attempts('fails-then-ages').map((i) => i.attempt)).toEqual([1]);
  });
});
