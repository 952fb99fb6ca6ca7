// The control plane reaches running task invocations through the Lambda handlers (API, coordinator,
// task) on DynamoDB Local and the local broker: a config change, a task restart and a resume take
// effect in the invocation that is running, not when it ends by itself. No scheduled coordinator
// runs here, so whatever happens is the API's and the tasks' doing.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDBLeaseStore } from '../../../shared/aws/dynamodb-lease-store.ts';
import { type ApiCall, apiCaller } from '../../support/api-flow.ts';
import {
  type ControlPlaneRuntime,
  configChangeMovesRecords,
  resumeMovesRecordsAgain,
  taskRestartStartsFreshInvocation,
} from '../../support/control-plane.ts';
import { localFunctionEnvironment } from '../../support/lambda-environment.ts';
import { LocalLambda } from '../../support/local-lambda.ts';
import { localTable } from '../../support/stores.ts';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

describe('the control plane reaches running task invocations (Lambda handlers)', () => {
  const lambda = new LocalLambda();
  const saved = { ...process.env };
  let api: Handler;
  let leases: DynamoDBLeaseStore;
  let tableClient: Awaited<ReturnType<typeof localTable>>['client'];
  let runtime: ControlPlaneRuntime;

  beforeAll(async () => {
    const { client, tableName } = await localTable();
    tableClient = client;
    leases = new DynamoDBLeaseStore({ client, tableName });
    Object.assign(process.env, localFunctionEnvironment(tableName, await lambda.start()));
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
});
