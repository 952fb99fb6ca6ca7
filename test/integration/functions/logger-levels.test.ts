// /admin/loggers through the API function: a level set there is stored in the state table, and the
// coordinator function follows it from its next invocation (the functions start at WARN here).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAdmin } from '../../../shared/kafka/index.ts';
import { type ApiCall, apiCaller } from '../../support/api-flow.ts';
import { createTopic, testConnection } from '../../support/kafka.ts';
import { localFunctionEnvironment } from '../../support/lambda-environment.ts';
import { uniqueName } from '../../support/local.ts';
import { LocalLambda } from '../../support/local-lambda.ts';
import { localTable } from '../../support/stores.ts';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

describe('/admin/loggers in the deployed functions', () => {
  const lambda = new LocalLambda();
  const saved = { ...process.env };
  let call: ApiCall;
  let coordinator: Handler;
  let tableClient: Awaited<ReturnType<typeof localTable>>['client'];

  beforeAll(async () => {
    const { client, tableName } = await localTable();
    tableClient = client;
    Object.assign(process.env, localFunctionEnvironment(tableName, await lambda.start()), {
      POWERTOOLS_LOG_LEVEL: 'WARN',
    });
    const api = (await import('../../../functions/api/index.ts')).handler as unknown as Handler;
    coordinator = (await import('../../../functions/coordinator/index.ts')).handler as unknown as Handler;
    // The API's nudges go nowhere: the test runs the coordinator itself, when it wants to.
    lambda.register('coordinator', async () => ({}));
    call = apiCaller(api as never);
  });

  afterAll(async () => {
    await lambda.stop();
    tableClient.destroy();
    process.env = saved;
  });

  /** Creates a stopped sink whose Kafka Connect group has offsets, runs the coordinator for it, returns what it printed. */
  async function coordinatorOutput(): Promise<string> {
    const topic = uniqueName('logger-levels');
    const name = uniqueName('logger-levels');
    await createTopic(topic, 1);
    const admin = createAdmin(testConnection);
    await admin.commitGroupOffsets(`connect-${name}`, [{ topic, partition: 0, offset: 0 }]);
    await admin.close();
    const created = await call('POST', '/connectors', {
      name,
      config: { 'connector.class': 'FileStreamSink', topics: topic, file: '/dev/null' },
      initial_state: 'STOPPED',
    });
    expect(created.status).toBe(201);
    const printed: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
      printed.push(String(chunk));
      return true;
    });
    try {
      await coordinator(
        { connector: name, source: 'serverless-connect.api' },
        {
          functionName: 'coordinator',
          awsRequestId: uniqueName('request'),
          getRemainingTimeInMillis: () => 60_000,
        },
      );
    } finally {
      spy.mockRestore();
    }
    return printed.join('');
  }

  it("PUT /admin/loggers/root changes what the coordinator's next invocation logs", async () => {
    // The take-over line is at INFO: not printed at the functions' starting level, WARN.
    expect(await coordinatorOutput()).not.toContain("starting from Kafka Connect's committed offsets");
    expect((await call('GET', '/admin/loggers')).body).toEqual({
      root: { level: 'WARN', last_modified: null },
    });

    const put = await call('PUT', '/admin/loggers/root', { level: 'INFO' });
    expect(put.status).toBe(200);
    expect(put.body).toEqual(['root']);
    expect((await call('GET', '/admin/loggers/root')).body).toMatchObject({ level: 'INFO' });
    expect(await coordinatorOutput()).toContain("starting from Kafka Connect's committed offsets");

    await call('PUT', '/admin/loggers/root?scope=cluster', { level: 'ERROR' });
    expect(await coordinatorOutput()).not.toContain("starting from Kafka Connect's committed offsets");
  });
});
