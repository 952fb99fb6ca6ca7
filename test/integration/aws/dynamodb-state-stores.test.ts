// The ConfigStore and StatusStore contracts, run against DynamoDB Local and the memory adapters
// alike, plus concurrent REST writes through the service: none may be lost.
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbConfigStore } from '../../../shared/aws/dynamodb-config-store.ts';
import { DynamoDBLeaseStore } from '../../../shared/aws/dynamodb-lease-store.ts';
import { DynamoDbStatusStore } from '../../../shared/aws/dynamodb-status-store.ts';
import { ensureTable } from '../../../shared/aws/table.ts';
import { MemoryLeaseStore } from '../../../shared/leases/memory-lease-store.ts';
import { noCoordinatorTrigger } from '../../../shared/runtime/coordination/coordinator-trigger.ts';
import { ConnectorService } from '../../../shared/runtime/management/connector-service.ts';
import { createRestRouter } from '../../../shared/runtime/management/rest-router.ts';
import { builtinPlugins } from '../../../shared/runtime/plugins/builtin-plugins.ts';
import {
  type ConfigStore,
  ConnectorExistsError,
  ConnectorNotFoundError,
  VersionConflictError,
} from '../../../shared/runtime/stores/config-store.ts';
import { MemoryConfigStore } from '../../../shared/runtime/stores/memory-config-store.ts';
import { MemoryStatusStore } from '../../../shared/runtime/stores/memory-status-store.ts';
import type { StatusStore } from '../../../shared/runtime/stores/status-store.ts';
import { localAwsClientConfig, uniqueName } from '../../support/local.ts';
import { bodies, JSON_BODY, methods, paths, snapshot, validConfig } from '../../support/rest-fuzz.ts';

const client = new DynamoDBClient(localAwsClientConfig);
const table = uniqueName('rest-state');

beforeAll(async () => {
  await ensureTable(client, table);
});

afterAll(async () => {
  await client.send(new DeleteTableCommand({ TableName: table }));
  client.destroy();
});

const adapters: [string, () => Promise<{ configs: ConfigStore; statuses: StatusStore }>][] = [
  [
    'DynamoDB',
    async () => ({
      configs: new DynamoDbConfigStore(client, table),
      statuses: new DynamoDbStatusStore(client, table),
    }),
  ],
  [
    'memory',
    async () => ({ configs: await MemoryConfigStore.open(), statuses: await MemoryStatusStore.open() }),
  ],
];

const config = { 'connector.class': 'FileStreamSink', topics: 't', name: 'x' };

describe.each(adapters)('ConfigStore contract (%s)', (_, open) => {
  it('creates once, lists, compares-and-sets, deletes', async () => {
    const { configs } = await open();
    const name = uniqueName('c');
    const created = await configs.create({ name, config, taskConfigs: [config], targetState: 'RUNNING' }, 10);
    expect(created).toMatchObject({ name, version: 1, targetState: 'RUNNING', createdAt: 10 });
    await expect(
      configs.create({ name, config, taskConfigs: [], targetState: 'PAUSED' }, 11),
    ).rejects.toBeInstanceOf(ConnectorExistsError);
    expect(await configs.list()).toContain(name);
    expect(await configs.get(name)).toEqual(created);

    const paused = await configs.update(name, 1, { targetState: 'PAUSED' }, 12);
    expect(paused).toMatchObject({ version: 2, targetState: 'PAUSED', config, updatedAt: 12 });
    // The second writer read version 1 as well: its write must fail, not overwrite.
    await expect(configs.update(name, 1, { targetState: 'STOPPED' }, 13)).rejects.toBeInstanceOf(
      VersionConflictError,
    );
    expect((await configs.get(name))?.targetState).toBe('PAUSED');
    await expect(configs.update(uniqueName('none'), 1, {}, 13)).rejects.toBeInstanceOf(
      ConnectorNotFoundError,
    );

    await expect(configs.delete(name, 1)).rejects.toBeInstanceOf(VersionConflictError);
    expect(await configs.delete(name, 2)).toBe(true);
    expect(await configs.delete(name)).toBe(false);
    expect(await configs.get(name)).toBeUndefined();
    expect(await configs.list()).not.toContain(name);
  });

  it('keeps configs with any key, and restart requests until cleared', async () => {
    const { configs } = await open();
    const name = uniqueName('c');
    const odd = { '': 'empty key', 'ü.#/': '\u0000\uFFFF', 'a.b': '' };
    await configs.create({ name, config: odd, taskConfigs: [], targetState: 'STOPPED' }, 1);
    expect((await configs.get(name))?.config).toEqual(odd);

    await configs.requestRestart({
      id: 'r2',
      connector: name,
      includeTasks: true,
      onlyFailed: false,
      requestedAt: 5,
    });
    await configs.requestRestart({
      id: 'r1',
      connector: name,
      includeTasks: false,
      onlyFailed: true,
      requestedAt: 3,
    });
    expect((await configs.restartRequests(name)).map((r) => r.id)).toEqual(['r1', 'r2']);
    expect((await configs.restartRequests()).filter((r) => r.connector === name)).toHaveLength(2);
    await configs.clearRestartRequest(name, 'r1');
    expect(await configs.restartRequests(name)).toEqual([
      { id: 'r2', connector: name, includeTasks: true, onlyFailed: false, requestedAt: 5 },
    ]);
    await configs.delete(name);
    expect(await configs.restartRequests(name)).toEqual([]);
  });

  it('treats names too long for a key as absent', async () => {
    const { configs } = await open();
    expect(await configs.get('n'.repeat(5000))).toBeUndefined();
  });
});

describe.each(adapters)('StatusStore contract (%s)', (_, open) => {
  it('ignores writes of an older generation, and deletes everything of a connector', async () => {
    const { statuses } = await open();
    const name = uniqueName('s');
    const base = { connector: name, workerId: 'w', updatedAt: 1 };
    expect(await statuses.putConnectorStatus({ ...base, state: 'RUNNING', generation: 2 })).toBe(true);
    expect(
      await statuses.putConnectorStatus({ ...base, state: 'FAILED', trace: 'zombie', generation: 1 }),
    ).toBe(false);
    expect(await statuses.connectorStatus(name)).toMatchObject({ state: 'RUNNING', generation: 2 });
    expect(
      await statuses.putConnectorStatus({ ...base, state: 'FAILED', trace: 'boom', generation: 2 }),
    ).toBe(true);
    expect(await statuses.connectorStatus(name)).toMatchObject({ state: 'FAILED', trace: 'boom' });

    for (const task of [2, 0, 1])
      await statuses.putTaskStatus({ ...base, task, state: 'RUNNING', generation: 1 });
    expect(await statuses.putTaskStatus({ ...base, task: 1, state: 'UNASSIGNED', generation: 0 })).toBe(
      false,
    );
    expect((await statuses.taskStatuses(name)).map((t) => [t.task, t.state])).toEqual([
      [0, 'RUNNING'],
      [1, 'RUNNING'],
      [2, 'RUNNING'],
    ]);
    await statuses.deleteTaskStatuses(name, 1);
    expect((await statuses.taskStatuses(name)).map((t) => t.task)).toEqual([0]);

    await statuses.addActiveTopics(name, ['b', 'a'], 1);
    await statuses.addActiveTopics(name, ['a', 'c'], 2);
    expect(await statuses.activeTopics(name)).toEqual(['a', 'b', 'c']);
    await statuses.resetActiveTopics(name);
    expect(await statuses.activeTopics(name)).toEqual([]);
    await statuses.addActiveTopics(name, ['z'], 3);

    await statuses.deleteConnector(name);
    expect(await statuses.connectorStatus(name)).toBeUndefined();
    expect(await statuses.taskStatuses(name)).toEqual([]);
    expect(await statuses.activeTopics(name)).toEqual([]);
  });
});

/** Holds every update until `writers` gets have happened, so concurrent writers really collide. */
function collidingStore(inner: ConfigStore, writers: number): ConfigStore & { conflicts: number } {
  let gets = 0;
  let release: () => void = () => {};
  const allRead = new Promise<void>((resolve) => {
    release = resolve;
  });
  const store = {
    conflicts: 0,
    get: async (name: string) => {
      const record = await inner.get(name);
      if (++gets === writers) release();
      return record;
    },
    list: () => inner.list(),
    create: inner.create.bind(inner),
    update: async (...args: Parameters<ConfigStore['update']>) => {
      await allRead;
      try {
        return await inner.update(...args);
      } catch (error) {
        if (error instanceof VersionConflictError) store.conflicts++;
        throw error;
      }
    },
    delete: inner.delete.bind(inner),
    requestRestart: inner.requestRestart.bind(inner),
    restartRequests: inner.restartRequests.bind(inner),
    clearRestartRequest: inner.clearRestartRequest.bind(inner),
  };
  return store;
}

describe('concurrent REST writes on DynamoDB', () => {
  it('two PATCHes that read the same version: one retries, neither is lost', async () => {
    const dynamo = new DynamoDbConfigStore(client, table);
    const name = uniqueName('race');
    await dynamo.create(
      { name, config: { ...config, name }, taskConfigs: [], targetState: 'RUNNING' },
      Date.now(),
    );
    const configs = collidingStore(dynamo, 2);
    const service = new ConnectorService({
      configs,
      statuses: new DynamoDbStatusStore(client, table),
      leases: new MemoryLeaseStore(),
      trigger: noCoordinatorTrigger,
      plugins: builtinPlugins(),
    });
    const router = createRestRouter(service);
    const patch = (body: object) =>
      router({
        method: 'PATCH',
        path: `/connectors/${name}/config`,
        headers: JSON_BODY,
        body: JSON.stringify(body),
      });
    const [first, second] = await Promise.all([patch({ file: '/tmp/a' }), patch({ 'tasks.max': '4' })]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(configs.conflicts).toBe(1);
    const stored = await dynamo.get(name);
    expect(stored?.version).toBe(3);
    expect(stored?.config).toMatchObject({ file: '/tmp/a', 'tasks.max': '4' });
  });

  it('two concurrent POSTs of one name: exactly one 201, the other 409', async () => {
    const configs = new DynamoDbConfigStore(client, table);
    const service = new ConnectorService({
      configs,
      statuses: new DynamoDbStatusStore(client, table),
      leases: new MemoryLeaseStore(),
      trigger: noCoordinatorTrigger,
      plugins: builtinPlugins(),
    });
    const router = createRestRouter(service);
    const name = uniqueName('twin');
    const post = (file: string) =>
      router({
        method: 'POST',
        path: '/connectors',
        headers: JSON_BODY,
        body: JSON.stringify({ name, config: { ...config, name, file } }),
      });
    const responses = await Promise.all([post('/tmp/1'), post('/tmp/2')]);
    expect(responses.map((r) => r.status).sort()).toEqual([201, 409]);
    const winner = responses.find((r) => r.status === 201)!;
    expect((await configs.get(name))?.config.file).toBe(JSON.parse(winner.body).config.file);
  });
});

describe('REST fuzzing on DynamoDB', () => {
  it('never answers 5xx and changes nothing when it refuses, with the DynamoDB adapters', async () => {
    // A table of its own, so the snapshot covers exactly the connectors this test creates.
    const fuzzTable = uniqueName('rest-fuzz');
    await ensureTable(client, fuzzTable);
    try {
      const stores = {
        configs: new DynamoDbConfigStore(client, fuzzTable),
        statuses: new DynamoDbStatusStore(client, fuzzTable),
        leases: new DynamoDBLeaseStore({ client, tableName: fuzzTable }),
      };
      const router = createRestRouter(
        new ConnectorService({ ...stores, trigger: noCoordinatorTrigger, plugins: builtinPlugins() }),
      );
      await router({
        method: 'POST',
        path: '/connectors',
        headers: JSON_BODY,
        body: JSON.stringify({ name: 'ok', config: validConfig }),
      });
      await fc.assert(
        fc.asyncProperty(methods, paths, bodies, async (method, path, body) => {
          const before = await snapshot(stores);
          const response = await router({
            method,
            path,
            headers: JSON_BODY,
            ...(body === undefined ? {} : { body }),
          });
          expect(response.status, `${method} ${path}`).toBeLessThan(500);
          if (response.status >= 400) expect(await snapshot(stores)).toBe(before);
        }),
        { numRuns: 150 },
      );
    } finally {
      await client.send(new DeleteTableCommand({ TableName: fuzzTable }));
    }
  });
});
