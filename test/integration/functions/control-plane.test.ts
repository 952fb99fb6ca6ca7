// The control plane reaches running task invocations through the Lambda handlers (API, coordinator,
// task) on DynamoDB Local and the local broker: a config change, a task restart and a resume take
// effect in the invocation that is running, not when it ends by itself. No scheduled coordinator
// runs here, so whatever happens is the API's and the tasks' doing.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDBLeaseStore } from '../../../shared/aws/dynamodb-lease-store.ts';
import { type ApiCall, apiCaller } from '../../support/api-flow.ts';
import {
  type ControlPlaneRuntime,
  configChangeMovesRecords,
  resumeMovesRecordsAgain,
  taskRestartStartsFreshInvocation,
} from '../../support/control-plane.ts';
import { createTopic, produce } from '../../support/kafka.ts';
import { localFunctionEnvironment } from '../../support/lambda-environment.ts';
import { uniqueName } from '../../support/local.ts';
import { LocalLambda } from '../../support/local-lambda.ts';
import { fileLines, fileSinkConfig } from '../../support/sink-files.ts';
import { localTable } from '../../support/stores.ts';
import { waitFor } from '../../support/wait.ts';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

describe('the control plane reaches running task invocations (Lambda handlers)', () => {
  const lambda = new LocalLambda();
  const saved = { ...process.env };
  let api: Handler;
  let leases: DynamoDBLeaseStore;
  let tableClient: Awaited<ReturnType<typeof localTable>>['client'];
  let runtime: ControlPlaneRuntime;
  let endpoint: string;

  beforeAll(async () => {
    const { client, tableName } = await localTable();
    tableClient = client;
    leases = new DynamoDBLeaseStore({ client, tableName });
    endpoint = await lambda.start();
    Object.assign(process.env, localFunctionEnvironment(tableName, endpoint));
    api = (await import('../../../functions/api/index.ts')).handler as unknown as Handler;
    lambda.register(
      'coordinator',
      (await import('../../../functions/coordinator/index.ts')).handler as never,
    );
    // A long budget: an invocation must not end by itself (and so pick up changes) during a test.
    lambda.register('task', (await import('../../../functions/task/index.ts')).handler as never, 120_000);
    const call: ApiCall = (method, urlPath, body) => apiCaller(api as never)(method, urlPath, body);
    runtime = {
      call,
      dir: await mkdtemp(path.join(tmpdir(), 'sc-control-')),
      // The lease's owner names the invocation, its epoch grows with every new one.
      currentInvocation: async (name) => {
        const lease = (await leases.list(name)).find((l) => l.owner !== null);
        return lease ? `${lease.epoch}:${lease.owner}` : undefined;
      },
      committedOffset: async (name) => (await leases.list(name))[0]?.offset ?? undefined,
    };
  });

  afterAll(async () => {
    await lambda.stop();
    tableClient.destroy();
    process.env = saved;
  });

  async function taskEndings(): Promise<unknown[]> {
    const running = Symbol('running');
    const results = await Promise.all(
      lambda.invocations
        .filter((i) => i.functionName === 'task')
        .map((i) => Promise.race([i.result, Promise.resolve(running)]).catch(() => undefined)),
    );
    return results.filter((r) => r !== running);
  }

  it('PUT config with a new file: records produced a second after the PUT go to the new file, every record exactly once', async () => {
    await configChangeMovesRecords(runtime);
    expect(await taskEndings()).toContainEqual(expect.objectContaining({ detail: 'reconfigured' }));
  });

  it('POST tasks/0/restart of a RUNNING task starts a new invocation at a new lease epoch', async () => {
    const tookMs = await taskRestartStartsFreshInvocation(runtime);
    console.info(`restart: a fresh invocation held the lease ${tookMs} ms after the request`);
    expect(await taskEndings()).toContainEqual(expect.objectContaining({ detail: 'restart' }));
  });

  it('PUT resume moves the records produced while paused', async () => {
    await resumeMovesRecordsAgain(runtime);
  });

  /** What EventBridge's schedule does every minute: an asynchronous invocation with no connector. */
  async function scheduledCoordinatorRun(): Promise<void> {
    const response = await fetch(`${endpoint}/2015-03-31/functions/coordinator/invocations`, {
      method: 'POST',
      headers: { 'x-amz-invocation-type': 'Event' },
      body: JSON.stringify({ source: 'aws.events', 'detail-type': 'Scheduled Event' }),
    });
    expect(response.status).toBe(202);
  }

  it('a connector created before its records arrive, and one whose task exited idle, move the next record within seconds', async () => {
    const topic = uniqueName('control-sparse');
    const name = uniqueName('control-sparse');
    await createTopic(topic, 2);
    const file = path.join(runtime.dir, `${name}.txt`);
    const created = await runtime.call('POST', '/connectors', { name, config: fileSinkConfig(topic, file) });
    expect(created.status).toBe(201);
    // Nothing to read: the API's reconcile starts no task. The scheduled run then watches.
    await waitFor('the connector leased', async () =>
      (await leases.list(name)).length === 2 ? true : undefined,
    );
    await scheduledCoordinatorRun();
    await sleep(2000);
    expect(fileLines(file)).toEqual([]);
    await produce([{ topic, partition: 1, key: null, value: 'first' }]);
    // Well within the watch, and no other coordinator runs: only the watch can start the task.
    await waitFor('the first record', () => (fileLines(file).length === 1 ? true : undefined), 15_000);

    await waitFor('the task idle and gone', async () =>
      (await leases.list(name)).every((l) => l.owner === null) ? true : undefined,
    );
    await scheduledCoordinatorRun();
    await sleep(1000);
    await produce([{ topic, partition: 0, key: null, value: 'second' }]);
    await waitFor(
      'the record after the idle exit',
      () => (fileLines(file).length === 2 ? true : undefined),
      15_000,
    );
    expect(fileLines(file)).toEqual(['first', 'second']);
    const watches = await Promise.all(
      lambda.invocations
        .filter(
          (i) => i.functionName === 'coordinator' && (i.event as { source?: string }).source === 'aws.events',
        )
        .map((i) => i.result as Promise<{ watch?: { wakeUps: number } }>),
    );
    expect(watches.reduce((sum, r) => sum + (r.watch?.wakeUps ?? 0), 0)).toBeGreaterThanOrEqual(2);
    await runtime.call('DELETE', `/connectors/${name}`);
  });
});
