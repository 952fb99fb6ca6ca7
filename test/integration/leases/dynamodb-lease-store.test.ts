// The DynamoDB lease store against DynamoDB Local: first the shared LeaseStore contract (the same
// suite the in-memory store passes), then what only DynamoDB has: transaction and batch limits,
// pagination, items of other stores, and how many requests each operation costs.
import {
  DeleteTableCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRequests, createDynamoDBClient } from '../../../shared/aws/dynamodb-client.ts';
import { DynamoDBLeaseStore } from '../../../shared/aws/dynamodb-lease-store.ts';
import { ensureTable, keys, tableKeys, timeToLiveAttribute } from '../../../shared/aws/table.ts';
import { type Claimant, type Lease, LeaseLostError } from '../../../shared/leases/lease.ts';
import { leaseStoreContract } from '../../support/lease-store-contract.ts';
import { localAwsClientConfig, uniqueName } from '../../support/local.ts';

const ttl = 10_000;
const t0 = 1_000_000;
const claimant: Claimant = { invocation: 'invocation-a', task: 0 };

let client: DynamoDBClient;
const table = uniqueName('leases');

beforeAll(async () => {
  client = createDynamoDBClient({ config: localAwsClientConfig });
  await ensureTable(client, table);
});

afterAll(async () => {
  await client.send(new DeleteTableCommand({ TableName: table }));
  client.destroy();
});

describe('DynamoDBLeaseStore: the LeaseStore contract', () => {
  leaseStoreContract(() => new DynamoDBLeaseStore({ client, tableName: table }), { propertyRuns: 25 });
});

describe('DynamoDBLeaseStore on DynamoDB', () => {
  const store = () => new DynamoDBLeaseStore({ client, tableName: table });

  async function owned(count: number, topic = 't'): Promise<{ connector: string; leases: Lease[] }> {
    const s = store();
    const connector = uniqueName('leases');
    const tps = Array.from({ length: count }, (_, partition) => ({ topic, partition }));
    await s.ensure(connector, tps, t0);
    await s.assign(
      connector,
      tps.map((tp) => ({ ...tp, from: null, to: claimant.task })),
      t0,
    );
    const leases: Lease[] = [];
    for (const lease of await s.list(connector)) leases.push((await s.claim(lease, claimant, t0, ttl, 0))!);
    return { connector, leases };
  }

  it('commits more leases than one transaction holds, in several transactions', async () => {
    const { connector, leases } = await owned(150);
    const committed = await store().commit(
      connector,
      claimant,
      leases.map((l) => ({
        topic: l.topic,
        partition: l.partition,
        epoch: l.epoch,
        offset: l.partition * 10,
      })),
      { length: 150 },
      t0 + 1,
      ttl,
    );
    expect(committed.map((l) => l.offset)).toEqual(leases.map((l) => l.partition * 10));
    expect((await store().list(connector)).map((l) => l.offset)).toEqual(leases.map((l) => l.partition * 10));
    expect(await store().checkpoint(connector, claimant.task)).toEqual({ length: 150 });
  });

  it('a fence in a later transaction leaves the earlier one written, checkpoint included (at-least-once)', async () => {
    const { connector, leases } = await owned(150);
    // Partition 120 lands in the second transaction (the first holds the checkpoint and 99 leases).
    const successor = { invocation: 'successor', task: claimant.task };
    expect(await store().claim(leases[120]!, successor, t0 + ttl + 1, ttl, 0)).not.toBe(null);
    const error = await store()
      .commit(
        connector,
        claimant,
        leases.map((l) => ({ topic: l.topic, partition: l.partition, epoch: l.epoch, offset: 5 })),
        { version: 2 },
        t0 + ttl + 2,
        ttl,
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LeaseLostError);
    expect((error as LeaseLostError).partitions).toEqual([{ topic: 't', partition: 120 }]);
    const after = await store().list(connector);
    expect(after.filter((l) => l.offset === 5).map((l) => l.partition)).toEqual(
      Array.from({ length: 99 }, (_, p) => p),
    );
    expect(await store().checkpoint(connector, claimant.task)).toEqual({ version: 2 });
  });

  it('reads every page of leases and events', async () => {
    const paged = new DynamoDBLeaseStore({ client, tableName: table, pageSize: 2 });
    const { connector } = await owned(7);
    expect((await paged.list(connector)).map((l) => l.partition)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect((await paged.events(connector)).map((e) => e.partition)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    await paged.ensure(
      connector,
      Array.from({ length: 9 }, (_, partition) => ({ topic: 't', partition })),
      t0,
    );
    expect(await paged.list(connector)).toHaveLength(9);
  });

  it('deleteConnector removes many items in batches and leaves the items of other stores', async () => {
    const { connector, leases } = await owned(40);
    await store().commit(
      connector,
      claimant,
      leases.map((l) => ({ topic: l.topic, partition: l.partition, epoch: l.epoch, offset: 1 })),
      'checkpoint',
      t0,
      ttl,
    );
    const configKey = {
      [tableKeys.partitionKey]: { S: keys.connector(connector) },
      [tableKeys.sortKey]: { S: keys.config },
    };
    await client.send(new PutItemCommand({ TableName: table, Item: { ...configKey, config: { S: '{}' } } }));
    await store().deleteConnector(connector);
    expect(await store().list(connector)).toEqual([]);
    expect(await store().events(connector)).toEqual([]);
    expect(await store().checkpoint(connector, claimant.task)).toBe(undefined);
    const config = await client.send(
      new GetItemCommand({ TableName: table, Key: configKey, ConsistentRead: true }),
    );
    expect(config.Item?.config?.S).toBe('{}');
  });

  it('writes events with a time to live, so DynamoDB expires old history', async () => {
    const retention = 60_000;
    const s = new DynamoDBLeaseStore({ client, tableName: table, eventRetentionMs: retention });
    const connector = uniqueName('leases');
    await s.ensure(connector, [{ topic: 't', partition: 0 }], t0);
    await s.assign(connector, [{ topic: 't', partition: 0, from: null, to: 0 }], t0);
    const [lease] = await s.list(connector);
    await s.claim(lease!, claimant, t0, ttl, 0);
    const [event] = await s.events(connector);
    const item = await client.send(
      new GetItemCommand({
        TableName: table,
        Key: {
          [tableKeys.partitionKey]: { S: keys.connector(connector) },
          [tableKeys.sortKey]: { S: keys.event(t0, `t#${'0'.padStart(10, '0')}#${'1'.padStart(15, '0')}#0`) },
        },
        ConsistentRead: true,
      }),
    );
    expect(event).toMatchObject({ type: 'claimed', epoch: 1 });
    expect(item.Item?.[timeToLiveAttribute]?.N).toBe(String(Math.ceil((t0 + retention) / 1000)));
  });

  it('refuses to read an offset written by someone else beyond exact JavaScript numbers', async () => {
    const { connector } = await owned(1);
    await client.send(
      new PutItemCommand({
        TableName: table,
        Item: {
          [tableKeys.partitionKey]: { S: keys.connector(connector) },
          [tableKeys.sortKey]: { S: keys.lease('t', 0) },
          topic: { S: 't' },
          partition: { N: '0' },
          epoch: { N: '1' },
          expiresAt: { N: '0' },
          ownerSwitches: { N: '0' },
          updatedAt: { N: '0' },
          offset: { N: '9223372036854775807' },
        },
      }),
    );
    await expect(store().list(connector)).rejects.toThrow('offset = 9223372036854775807');
  });

  it('costs one request per claim and per single-lease renewal, two per multi-lease commit', async () => {
    const counting = createDynamoDBClient({ config: localAwsClientConfig });
    try {
      const s = new DynamoDBLeaseStore({ client: counting, tableName: table });
      const connector = uniqueName('leases');
      const tps = [0, 1, 2].map((partition) => ({ topic: 't', partition }));
      await s.ensure(connector, tps, t0);
      await s.assign(
        connector,
        tps.map((tp) => ({ ...tp, from: null, to: 0 })),
        t0,
      );
      const seen = await s.list(connector);
      const requests = countRequests(counting);
      const leases: Lease[] = [];
      for (const lease of seen) leases.push((await s.claim(lease, claimant, t0, ttl, 0))!);
      expect(requests.byCommand).toEqual({ TransactWriteItemsCommand: 3 });
      requests.reset();
      await s.commit(
        connector,
        claimant,
        [{ topic: 't', partition: 0, epoch: 1, offset: null }],
        undefined,
        t0 + 1,
        ttl,
      );
      expect(requests.byCommand).toEqual({ UpdateItemCommand: 1 });
      requests.reset();
      await s.commit(
        connector,
        claimant,
        leases.map((l) => ({ topic: l.topic, partition: l.partition, epoch: l.epoch, offset: 3 })),
        { n: 1 },
        t0 + 2,
        ttl,
      );
      expect(requests.byCommand).toEqual({ TransactWriteItemsCommand: 1, BatchGetItemCommand: 1 });
      expect(requests.total).toBe(2);
      expect(requests.attempts).toBe(2);
    } finally {
      counting.destroy();
    }
  });
});
