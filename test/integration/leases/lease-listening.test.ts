// How a task listens to its leases on DynamoDB: one read of the connector's lease generation per
// poll while nothing changes, a listing when something a task must hear changed (a hand-over, a
// control signal, a release), when a lease it waits for may have run out, and at a bounded interval.
import { DeleteTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { countRequests, createDynamoDBClient } from '../../../shared/aws/dynamodb-client.ts';
import { DynamoDBLeaseStore } from '../../../shared/aws/dynamodb-lease-store.ts';
import { ensureTable } from '../../../shared/aws/table.ts';
import { LeaseOwnership } from '../../../shared/runtime/tasks/lease-ownership.ts';
import { SourceTaskLease } from '../../../shared/runtime/tasks/source-task-ownership.ts';
import { localAwsClientConfig, uniqueName } from '../../support/local.ts';

const ttl = 30_000;
const skew = 1_000;
// Longer than the ttl, so that only the expiry itself can explain a listing after it.
const listEvery = 2 * ttl;

let client: DynamoDBClient;
const table = uniqueName('listening');

beforeAll(async () => {
  client = createDynamoDBClient({ config: localAwsClientConfig });
  await ensureTable(client, table);
});

afterAll(async () => {
  await client.send(new DeleteTableCommand({ TableName: table }));
  client.destroy();
});

const partitions = [0, 1, 2, 3].map((partition) => ({ topic: 't', partition }));

it('a sink task reads one small item per quiet poll and still hears hand-overs, signals and expiries', async () => {
  const store = new DynamoDBLeaseStore({ client, tableName: table });
  const connector = uniqueName('listening');
  let clock = 1_000_000;
  const ownership = (task: number) =>
    new LeaseOwnership({
      store,
      connector,
      claimant: { invocation: `invocation-${task}`, task },
      ttlMs: ttl,
      skewMs: skew,
      listEveryMs: listEvery,
      now: () => clock,
    });
  await store.ensure(connector, partitions, clock);
  await store.assign(
    connector,
    partitions.map((tp) => ({ ...tp, from: null, to: tp.partition < 2 ? 0 : 1 })),
    clock,
  );
  const a = ownership(0);
  const b = ownership(1);
  expect((await a.refresh()).acquired.map((tp) => tp.partition)).toEqual([0, 1]);
  expect((await b.refresh()).acquired.map((tp) => tp.partition)).toEqual([2, 3]);

  const requests = countRequests(client);
  for (let poll = 0; poll < 10; poll++) {
    clock += 500;
    expect(await a.refresh()).toMatchObject({ acquired: [], revoke: [], lost: [], assigned: 2 });
  }
  expect(requests.byCommand).toEqual({ GetItemCommand: 10 });

  // A hand-over: the coordinator moves partition 1 to task 1; task 0 hears it at its next poll.
  await store.assign(connector, [{ topic: 't', partition: 1, from: 0, to: 1 }], clock);
  requests.reset();
  const revoked = await a.refresh();
  expect(revoked.revoke).toEqual([expect.objectContaining({ topic: 't', partition: 1 })]);
  expect(requests.byCommand).toEqual({ GetItemCommand: 1, QueryCommand: 1 });
  expect((await b.refresh()).acquired).toEqual([]);
  await a.release([{ topic: 't', partition: 1 }]);
  // The release is announced too: task 1, waiting for it, claims at its next poll.
  expect((await b.refresh()).acquired.map((tp) => tp.partition)).toEqual([1]);

  // A restart requested for task 0 reaches it with the next poll.
  await store.signal(connector, [{ topic: 't', partition: 0 }], { restart: true }, clock);
  expect((await a.refresh()).control).toEqual({ restartRequested: true, configVersion: null });

  // Task 0 vanishes without releasing partition 0, which goes to task 1: nothing announces the
  // expiry, yet task 1 lists again once the lease may be taken over, and takes it.
  await store.assign(connector, [{ topic: 't', partition: 0, from: 0, to: 1 }], clock);
  expect((await b.refresh()).acquired).toEqual([]);
  clock += ttl + skew + 1;
  requests.reset();
  expect((await b.refresh()).acquired.map((tp) => tp.partition)).toEqual([0]);
  expect(requests.byCommand.QueryCommand).toBe(1);

  // Quiet again: one read per poll, and a listing at least every listEveryMs.
  await b.commit(new Map(), undefined);
  await b.refresh();
  requests.reset();
  for (let poll = 0; poll < 4; poll++) {
    clock += listEvery / 4;
    expect(await b.refresh()).toMatchObject({ acquired: [], revoke: [], lost: [], assigned: 4 });
  }
  expect(requests.byCommand).toEqual({ GetItemCommand: 4, QueryCommand: 1 });
});

it('a source task reads one small item per quiet poll and still hears a revocation', async () => {
  const store = new DynamoDBLeaseStore({ client, tableName: table });
  const connector = uniqueName('listening-source');
  let clock = 1_000_000;
  const lease = { topic: '@source-task', partition: 0 };
  await store.ensure(connector, [lease], clock);
  await store.assign(connector, [{ ...lease, from: null, to: 0 }], clock);
  const task = new SourceTaskLease({
    store,
    connector,
    claimant: { invocation: 'source-invocation', task: 0 },
    ttlMs: ttl,
    skewMs: skew,
    listEveryMs: listEvery,
    now: () => clock,
  });
  expect(await task.refresh()).toBe('held');
  const requests = countRequests(client);
  for (let poll = 0; poll < 5; poll++) {
    clock += 500;
    expect(await task.refresh()).toBe('held');
  }
  expect(requests.byCommand).toEqual({ GetItemCommand: 5 });
  await store.signal(connector, [lease], { configVersion: 7 }, clock);
  expect(await task.refresh()).toBe('held');
  expect(task.control().configVersion).toBe(7);
  await store.assign(connector, [{ ...lease, from: 0, to: null }], clock);
  expect(await task.refresh()).toBe('revoked');
});
