// The LeaseStore on DynamoDB: one item per (connector, topic, partition) in the state table, every
// write conditional, and every change of ownership written in the same transaction as its history
// event, so the audit log can be trusted to be complete.
//
// Limits, on purpose:
// - DynamoDB transactions hold at most 100 items. A commit of more than 100 leases (or 99 plus the
//   checkpoint) is written as several transactions, in order, the checkpoint in the first one. If a
//   later transaction finds a lease fenced, the earlier ones stay written: those partitions keep
//   their advanced offsets (correct, their records were flushed) and the new checkpoint (a sink that
//   restores from it sees at most records whose offsets were not committed: they are delivered
//   again, at-least-once, never lost). Up to 100 partitions per task, a commit is all or nothing.
// - Offsets are JavaScript numbers: exact up to 2^53 − 1; larger Kafka offsets are refused.
import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  type TransactWriteItem,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { JsonValue, TopicPartition } from '../api/connector.ts';
import {
  type Claimant,
  type Lease,
  type LeaseEvent,
  LeaseLostError,
  type LeaseSignal,
  type LeaseStore,
  leaseKey,
  type NewLease,
  type OffsetCommit,
  SOURCE_TASK_TOPIC,
} from '../leases/lease.ts';
import {
  assertDistinctPartitions,
  assertStorableOffset,
  byPartition,
  claimedLease,
  compareEvents,
  freshLease,
  isOwned,
  LeasesHeldError,
  partitionsOwnedError,
  sourceTasksRunningError,
} from '../leases/lease-rules.ts';
import {
  normalizedWrites,
  type SourceOffsetWrite,
  type StoredSourceOffset,
} from '../leases/source-offsets.ts';
import {
  batchDeleteAll,
  batchGetAll,
  chunk,
  forEachLimited,
  type Item,
  limits,
  queryAll,
  sendWrite,
  transactWrite,
} from './dynamodb-requests.ts';
import {
  leaseAttributes as a,
  checkpointToItem,
  eventToItem,
  generationAttribute,
  generationKeyItem,
  itemToCheckpoint,
  itemToEvent,
  itemToLease,
  itemToSourceOffset,
  lastTaskOf,
  leaseKeyItem,
  leaseNames,
  leaseToItem,
  n,
  s,
  sourceOffsetKeyItem,
  sourceOffsetToItem,
} from './lease-items.ts';
import { keys, tableKeys } from './table.ts';

export interface DynamoDBLeaseStoreOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** How long lease events are kept before DynamoDB's time to live removes them. */
  readonly eventRetentionMs?: number;
  /** Parallel single-item writes (ensure, assign); keeps a large connector from bursting the table. */
  readonly concurrency?: number;
  /** Items per query page (DynamoDB's own limit is 1 MB); tests lower it to exercise pagination. */
  readonly pageSize?: number;
}

export const defaultEventRetentionMs = 7 * 24 * 60 * 60 * 1000;

/** A claim retries with the item as it really was when only details the claimant could not see differed. */
const claimAttempts = 4;
const setOffsetsAttempts = 4;

export class DynamoDBLeaseStore implements LeaseStore {
  readonly #client: DynamoDBClient;
  readonly #table: string;
  readonly #retentionMs: number;
  readonly #concurrency: number;
  readonly #pageSize: number | undefined;

  constructor(options: DynamoDBLeaseStoreOptions) {
    this.#client = options.client;
    this.#table = options.tableName;
    this.#retentionMs = options.eventRetentionMs ?? defaultEventRetentionMs;
    this.#concurrency = options.concurrency ?? 16;
    this.#pageSize = options.pageSize;
  }

  async list(connector: string): Promise<Lease[]> {
    const items = await this.#query(connector, keys.leasePrefix);
    return items.map((item) => itemToLease(connector, item)).sort(byPartition);
  }

  async ensure(connector: string, partitions: readonly NewLease[], now: number): Promise<void> {
    const existing = new Set(
      (await this.#query(connector, keys.leasePrefix, `#${tableKeys.sortKey}`)).map(
        (item) => item[tableKeys.sortKey]?.S,
      ),
    );
    const missing = new Map<string, NewLease>();
    for (const tp of partitions)
      if (!existing.has(keys.lease(tp.topic, tp.partition)))
        missing.set(leaseKey(tp.topic, tp.partition), tp);
    await forEachLimited([...missing.values()], this.#concurrency, async (tp) => {
      try {
        await sendWrite(() =>
          this.#client.send(
            new PutItemCommand({
              TableName: this.#table,
              Item: leaseToItem(freshLease(connector, tp.topic, tp.partition, now, tp.offset ?? null)),
              // Another coordinator may have created it since the query: theirs stands.
              ConditionExpression: 'attribute_not_exists(#sk)',
              ExpressionAttributeNames: { '#sk': tableKeys.sortKey },
            }),
          ),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    });
  }

  async assign(
    connector: string,
    changes: readonly { topic: string; partition: number; from: number | null; to: number | null }[],
    now: number,
  ): Promise<number> {
    let changed = 0;
    await forEachLimited(changes, this.#concurrency, async (change) => {
      const values: Item = { ':now': n(now) };
      let condition = `attribute_exists(#${a.epoch}) AND `;
      if (change.from === null) condition += `attribute_not_exists(#${a.assignee})`;
      else {
        condition += `#${a.assignee} = :from`;
        values[':from'] = n(change.from);
      }
      let update = `SET #${a.updatedAt} = :now`;
      if (change.to === null) update += ` REMOVE #${a.assignee}`;
      else {
        update += `, #${a.assignee} = :to`;
        values[':to'] = n(change.to);
      }
      try {
        await sendWrite(() =>
          this.#client.send(
            new UpdateItemCommand({
              TableName: this.#table,
              Key: leaseKeyItem(connector, change.topic, change.partition),
              ConditionExpression: condition,
              UpdateExpression: update,
              ExpressionAttributeNames: names(condition, update),
              ExpressionAttributeValues: values,
            }),
          ),
        );
        changed++;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    });
    // A new assignee is a hand-over (or a pause, stop) the tasks involved must hear at once.
    if (changed > 0) await this.#bumpGeneration(connector, now);
    return changed;
  }

  async signal(
    connector: string,
    partitions: readonly TopicPartition[],
    signal: LeaseSignal,
    now: number,
  ): Promise<void> {
    const sets: string[] = [];
    const values: Item = {};
    const conditions = [`attribute_exists(#${a.epoch})`];
    if (signal.configVersion !== undefined) {
      sets.push(`#${a.configVersion} = :configVersion`);
      values[':configVersion'] = n(signal.configVersion);
      conditions.push(`(attribute_not_exists(#${a.configVersion}) OR #${a.configVersion} < :configVersion)`);
    }
    if (signal.restart) {
      sets.push(`#${a.restarts} = if_not_exists(#${a.restarts}, :zero) + :one`);
      values[':zero'] = n(0);
      values[':one'] = n(1);
    }
    if (sets.length === 0) return;
    const condition = conditions.join(' AND ');
    const update = `SET ${sets.join(', ')}`;
    let stamped = 0;
    await forEachLimited(partitions, this.#concurrency, async (tp) => {
      try {
        await sendWrite(() =>
          this.#client.send(
            new UpdateItemCommand({
              TableName: this.#table,
              Key: leaseKeyItem(connector, tp.topic, tp.partition),
              ConditionExpression: condition,
              UpdateExpression: update,
              ExpressionAttributeNames: names(condition, update),
              ExpressionAttributeValues: values,
            }),
          ),
        );
        stamped++;
      } catch (error) {
        // Gone, or already at a later config version: nothing to say to its holder.
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    });
    if (stamped > 0) await this.#bumpGeneration(connector, now);
  }

  async generation(connector: string): Promise<number> {
    const result = await this.#client.send(
      new GetItemCommand({
        TableName: this.#table,
        Key: generationKeyItem(connector),
        // Eventually consistent: half the read units of a consistent read, and the read every task
        // makes every poll. A read that lags a bump delays hearing it by a poll or so; the caller
        // compares for inequality, so an older value read from another replica costs one extra
        // listing and hides nothing.
        ConsistentRead: false,
        ProjectionExpression: '#generation',
        ExpressionAttributeNames: { '#generation': generationAttribute },
      }),
    );
    const raw = result.Item?.[generationAttribute]?.N;
    return raw === undefined ? 0 : Number(raw);
  }

  async claim(
    seen: Lease,
    claimant: Claimant,
    now: number,
    ttlMs: number,
    skewMs: number,
  ): Promise<Lease | null> {
    const connector = seen.connector;
    // The write is conditional on everything the claimed lease is computed from, so the lease this
    // returns is exactly what is stored. What the claimant cannot see in `seen` (the task of the
    // previous claim, once released) is guessed, and on a miss taken from the item DynamoDB returns.
    let previous = seen;
    let lastTask = seen.ownerTask ?? (seen.epoch === 0 ? null : claimant.task);
    for (let attempt = 0; attempt < claimAttempts; attempt++) {
      const claimed = claimedLease(previous, seen, claimant, lastTask, now, ttlMs, skewMs);
      if (!claimed) return null;
      const type = previous.owner === null ? 'claimed' : 'taken-over';
      const values: Item = {
        ':epoch': n(previous.epoch),
        ':task': n(claimant.task),
        ':invocation': s(claimant.invocation),
        ':newEpoch': n(claimed.epoch),
        ':expiresAt': n(claimed.expiresAt),
        ':switches': n(claimed.ownerSwitches),
        ':now': n(now),
      };
      const conditions = [`#${a.epoch} = :epoch`, `#${a.assignee} = :task`];
      if (previous.owner === null) conditions.push(`attribute_not_exists(#${a.owner})`);
      else {
        conditions.push(`attribute_exists(#${a.owner})`, `#${a.expiresAt} < :cutoff`);
        values[':cutoff'] = n(now - skewMs);
      }
      conditions.push(
        pin(a.lastTask, lastTask, ':lastTask', values),
        pin(a.offset, previous.offset, ':offset', values),
        // The claimant's baseline for control signals must be what is stored, not what it saw.
        pin(a.configVersion, previous.configVersion ?? null, ':configVersion', values),
        pin(a.restarts, previous.restarts ?? null, ':restarts', values),
      );
      const condition = conditions.join(' AND ');
      const update = `SET #${a.owner} = :invocation, #${a.ownerTask} = :task, #${a.epoch} = :newEpoch, #${a.expiresAt} = :expiresAt, #${a.ownerSwitches} = :switches, #${a.updatedAt} = :now, #${a.lastTask} = :task`;
      const outcome = await transactWrite(this.#client, [
        {
          Update: {
            TableName: this.#table,
            Key: leaseKeyItem(connector, seen.topic, seen.partition),
            ConditionExpression: condition,
            UpdateExpression: update,
            ExpressionAttributeNames: names(condition, update),
            ExpressionAttributeValues: values,
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        this.#eventPut(eventOf(claimed, type, claimant, now)),
      ]);
      if (outcome.ok) {
        // The fenced owner learns it at its next poll rather than at its next commit. A free lease
        // claimed concerns nobody else, so that (the common claim) costs no extra write.
        if (type === 'taken-over') await this.#bumpGeneration(connector, now);
        return claimed;
      }
      const item = outcome.items[0] ?? (await this.#getLeaseItem(connector, seen.topic, seen.partition));
      if (item === undefined) return null;
      previous = itemToLease(connector, item);
      lastTask = lastTaskOf(item);
    }
    return null;
  }

  async commit(
    connector: string,
    claimant: Claimant,
    commits: readonly OffsetCommit[],
    checkpoint: JsonValue | undefined,
    now: number,
    ttlMs: number,
  ): Promise<Lease[]> {
    assertDistinctPartitions(connector, commits);
    for (const c of commits) assertStorableOffset(connector, c, c.offset);
    if (commits.length === 0) {
      if (checkpoint !== undefined) await this.#putCheckpoint(connector, claimant.task, checkpoint, now);
      return [];
    }
    const updates = commits.map((c) => this.#commitUpdate(connector, claimant, c, now, ttlMs));
    if (commits.length === 1 && checkpoint === undefined) {
      // The common renewal of a single partition: one request, and it returns the lease.
      try {
        const result = await sendWrite(() =>
          this.#client.send(new UpdateItemCommand({ ...updates[0]!, ReturnValues: 'ALL_NEW' })),
        );
        return [itemToLease(connector, result.Attributes!)];
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException)
          throw new LeaseLostError(connector, [partitionOf(commits[0]!)]);
        throw error;
      }
    }
    // The checkpoint goes into the first transaction (see the header for why it must be the first).
    const entries: { item: TransactWriteItem; commit: OffsetCommit | undefined }[] = [];
    if (checkpoint !== undefined)
      entries.push({
        item: {
          Put: { TableName: this.#table, Item: checkpointToItem(connector, claimant.task, checkpoint, now) },
        },
        commit: undefined,
      });
    for (const [i, commit] of commits.entries()) entries.push({ item: { Update: updates[i]! }, commit });
    for (const transaction of chunk(entries, limits.transactItems)) {
      const outcome = await transactWrite(
        this.#client,
        transaction.map((entry) => entry.item),
      );
      if (!outcome.ok) {
        const lost = outcome.failed.flatMap((index) => {
          const commit = transaction[index]?.commit;
          return commit === undefined ? [] : [partitionOf(commit)];
        });
        throw new LeaseLostError(connector, lost);
      }
    }
    // Transactions return nothing: read the leases back, for the assignees the coordinator changed.
    const items = await batchGetAll(
      this.#client,
      this.#table,
      commits.map((c) => leaseKeyItem(connector, c.topic, c.partition)),
    );
    const byKey = new Map(
      items.map((item) => {
        const lease = itemToLease(connector, item);
        return [leaseKey(lease.topic, lease.partition), lease] as const;
      }),
    );
    return commits.flatMap((c) => byKey.get(leaseKey(c.topic, c.partition)) ?? []);
  }

  async release(
    connector: string,
    claimant: Claimant,
    leases: readonly { topic: string; partition: number; epoch: number }[],
    now: number,
  ): Promise<void> {
    let released = 0;
    // Two items per lease (the update and its event), so 50 leases per transaction.
    for (let pending of chunk(leases, limits.transactItems / 2)) {
      while (pending.length > 0) {
        const items = pending.flatMap((lease) => {
          const values: Item = {
            ':invocation': s(claimant.invocation),
            ':epoch': n(lease.epoch),
            ':zero': n(0),
            ':now': n(now),
          };
          const condition = `#${a.owner} = :invocation AND #${a.epoch} = :epoch`;
          const update = `SET #${a.expiresAt} = :zero, #${a.updatedAt} = :now REMOVE #${a.owner}, #${a.ownerTask}`;
          const event: LeaseEvent = {
            connector,
            topic: lease.topic,
            partition: lease.partition,
            epoch: lease.epoch,
            type: 'released',
            invocation: claimant.invocation,
            task: claimant.task,
            at: now,
          };
          return [
            {
              Update: {
                TableName: this.#table,
                Key: leaseKeyItem(connector, lease.topic, lease.partition),
                ConditionExpression: condition,
                UpdateExpression: update,
                ExpressionAttributeNames: names(condition, update),
                ExpressionAttributeValues: values,
              },
            },
            this.#eventPut(event),
          ];
        });
        const outcome = await transactWrite(this.#client, items);
        if (outcome.ok) {
          released += pending.length;
          break;
        }
        // Leases no longer ours are not ours to release; release the others.
        const notOurs = new Set(outcome.failed.map((index) => Math.floor(index / 2)));
        pending = pending.filter((_, i) => !notOurs.has(i));
      }
    }
    // The task the coordinator moved these to is waiting for them: it claims at its next poll.
    if (released > 0) await this.#bumpGeneration(connector, now);
  }

  async checkpoint(connector: string, task: number): Promise<JsonValue | undefined> {
    const result = await this.#client.send(
      new GetItemCommand({
        TableName: this.#table,
        Key: {
          [tableKeys.partitionKey]: s(keys.connector(connector)),
          [tableKeys.sortKey]: s(keys.checkpoint(task)),
        },
        ConsistentRead: true,
      }),
    );
    return result.Item === undefined ? undefined : itemToCheckpoint(result.Item);
  }

  async setOffsets(
    connector: string,
    offsets: readonly { topic: string; partition: number; offset: number | null }[],
    now: number,
  ): Promise<void> {
    assertDistinctPartitions(connector, offsets);
    for (const o of offsets) assertStorableOffset(connector, o, o.offset);
    for (let attempt = 0; attempt < setOffsetsAttempts; attempt++) {
      const current = new Map(
        (
          await batchGetAll(
            this.#client,
            this.#table,
            offsets.map((o) => leaseKeyItem(connector, o.topic, o.partition)),
          )
        ).map((item) => {
          const lease = itemToLease(connector, item);
          return [leaseKey(lease.topic, lease.partition), lease] as const;
        }),
      );
      const owned = [...current.values()].filter((lease) => isOwned(lease, now)).sort(byPartition);
      if (owned.length > 0) throw partitionsOwnedError(connector, owned.map(partitionOf), offsets);
      // Each partition's writes (and the event of an evicted owner) stay in one transaction.
      const groups = offsets.map((o) =>
        this.#offsetWrites(connector, current.get(leaseKey(o.topic, o.partition)), o, now),
      );
      let changedMeanwhile = false;
      for (const transaction of packGroups(groups, limits.transactItems)) {
        const outcome = await transactWrite(this.#client, transaction);
        if (!outcome.ok) {
          changedMeanwhile = true;
          break;
        }
      }
      // A lease changed between the read and the write (claimed, renewed, created): look again.
      if (!changedMeanwhile) {
        await this.#bumpGeneration(connector, now);
        return;
      }
    }
    throw new LeasesHeldError(
      `The leases of connector ${connector} kept changing while its offsets were being set`,
    );
  }

  async deleteConnector(connector: string): Promise<void> {
    // The generation goes too: a task still polling reads 0, a change, and finds its leases gone.
    const ours = [keys.leasePrefix, keys.checkpointPrefix, keys.eventPrefix, keys.generation];
    const items = await this.#query(
      connector,
      undefined,
      `#${tableKeys.partitionKey}, #${tableKeys.sortKey}`,
    );
    // Config, status and the rest of the connector's items belong to other stores.
    const doomed = items.filter((item) =>
      ours.some((prefix) => item[tableKeys.sortKey]?.S?.startsWith(prefix)),
    );
    await batchDeleteAll(this.#client, this.#table, doomed);
  }

  async sourceOffsets(connector: string): Promise<StoredSourceOffset[]> {
    return (await this.#query(connector, keys.sourceOffsetPrefix)).map(itemToSourceOffset);
  }

  async commitSourceOffsets(
    connector: string,
    claimant: Claimant,
    held: { readonly topic: string; readonly partition: number; readonly epoch: number },
    offsets: readonly SourceOffsetWrite[],
    checkpoint: JsonValue | undefined,
    now: number,
    ttlMs: number,
  ): Promise<Lease> {
    const writes = normalizedWrites(offsets);
    const lost = () => new LeaseLostError(connector, [partitionOf(held)]);
    const renewal = this.#commitUpdate(connector, claimant, { ...held, offset: null }, now, ttlMs);
    if (writes.length === 0 && checkpoint === undefined) {
      try {
        const result = await sendWrite(() =>
          this.#client.send(new UpdateItemCommand({ ...renewal, ReturnValues: 'ALL_NEW' })),
        );
        return itemToLease(connector, result.Attributes!);
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) throw lost();
        throw error;
      }
    }
    const others: TransactWriteItem[] = [];
    if (checkpoint !== undefined)
      others.push({
        Put: { TableName: this.#table, Item: checkpointToItem(connector, claimant.task, checkpoint, now) },
      });
    for (const { partition, offset } of writes) {
      others.push(
        offset === null
          ? { Delete: { TableName: this.#table, Key: sourceOffsetKeyItem(connector, partition) } }
          : { Put: { TableName: this.#table, Item: sourceOffsetToItem(connector, partition, offset, now) } },
      );
    }
    // Every transaction holds the lease's condition, so no write of a fenced task lands. Beyond one
    // transaction (99 offsets) the earlier ones stay written if a later one is fenced: they were
    // written while the lease was held, like a commit interrupted by the lease's loss.
    const { ConditionExpression, ExpressionAttributeValues } = renewal;
    const check = {
      ConditionCheck: {
        TableName: this.#table,
        Key: renewal.Key,
        ConditionExpression,
        ExpressionAttributeNames: names(ConditionExpression),
        ExpressionAttributeValues: {
          ':invocation': ExpressionAttributeValues[':invocation']!,
          ':epoch': ExpressionAttributeValues[':epoch']!,
        },
      },
    };
    for (const [index, part] of chunk(others, limits.transactItems - 1).entries()) {
      const lease: TransactWriteItem = index === 0 ? { Update: renewal } : check;
      const outcome = await transactWrite(this.#client, [lease, ...part]);
      if (!outcome.ok) throw lost();
    }
    const item = await this.#getLeaseItem(connector, held.topic, held.partition);
    if (item === undefined) throw lost();
    return itemToLease(connector, item);
  }

  async setSourceOffsets(
    connector: string,
    offsets: readonly SourceOffsetWrite[],
    now: number,
  ): Promise<void> {
    const writes = normalizedWrites(offsets);
    for (let attempt = 0; attempt < setOffsetsAttempts; attempt++) {
      const tasks = (await this.list(connector)).filter((l) => l.topic === SOURCE_TASK_TOPIC);
      const owned = tasks.filter((lease) => isOwned(lease, now));
      if (owned.length > 0) throw sourceTasksRunningError(connector, owned);
      // Each task lease is pinned as it was read (and an expired owner evicted) in every
      // transaction, so a task claiming meanwhile makes the write fail and start over.
      const guards = tasks.flatMap((lease) => this.#sourceLeaseGuard(connector, lease, now));
      // A task's checkpoint holds an exactly-once commit a crash left half done: settling it later
      // would write its offsets over these.
      const forget: TransactWriteItem[] = tasks.map((lease) => ({
        Delete: {
          TableName: this.#table,
          Key: {
            [tableKeys.partitionKey]: s(keys.connector(connector)),
            [tableKeys.sortKey]: s(keys.checkpoint(lease.partition)),
          },
        },
      }));
      const changes: TransactWriteItem[] = writes.map(({ partition, offset }) =>
        offset === null
          ? { Delete: { TableName: this.#table, Key: sourceOffsetKeyItem(connector, partition) } }
          : { Put: { TableName: this.#table, Item: sourceOffsetToItem(connector, partition, offset, now) } },
      );
      let changedMeanwhile = false;
      const room = Math.max(1, limits.transactItems - guards.length - forget.length);
      const parts = changes.length === 0 && forget.length > 0 ? [[]] : chunk(changes, room);
      for (const [index, part] of parts.entries()) {
        // Evictions happen once, in the first transaction; later ones only check the leases.
        const pinned =
          index === 0
            ? [...guards, ...forget]
            : tasks.map((lease) => this.#sourceLeaseCheck(connector, lease));
        const outcome = await transactWrite(this.#client, [...pinned, ...part]);
        if (!outcome.ok) {
          changedMeanwhile = true;
          break;
        }
      }
      if (!changedMeanwhile) {
        await this.#bumpGeneration(connector, now);
        return;
      }
    }
    throw new LeasesHeldError(
      `The leases of connector ${connector} kept changing while its offsets were being set`,
    );
  }

  /** A free task lease is checked unchanged; an owner past its expiry is evicted (with its event). */
  #sourceLeaseGuard(connector: string, lease: Lease, now: number): TransactWriteItem[] {
    if (lease.owner === null) return [this.#sourceLeaseCheck(connector, lease)];
    const values: Item = {
      ':epoch': n(lease.epoch),
      ':owner': s(lease.owner),
      ':expiresAt': n(lease.expiresAt),
      ':zero': n(0),
      ':now': n(now),
    };
    const condition = `#${a.epoch} = :epoch AND #${a.owner} = :owner AND #${a.expiresAt} = :expiresAt`;
    const update = `SET #${a.expiresAt} = :zero, #${a.updatedAt} = :now REMOVE #${a.owner}, #${a.ownerTask}`;
    return [
      {
        Update: {
          TableName: this.#table,
          Key: leaseKeyItem(connector, lease.topic, lease.partition),
          ConditionExpression: condition,
          UpdateExpression: update,
          ExpressionAttributeNames: names(condition, update),
          ExpressionAttributeValues: values,
        },
      },
      this.#eventPut({
        connector,
        topic: lease.topic,
        partition: lease.partition,
        epoch: lease.epoch,
        type: 'released',
        invocation: lease.owner,
        task: lease.ownerTask ?? -1,
        at: now,
      }),
    ];
  }

  /** The task lease still has the epoch it was read with and nobody owns it. */
  #sourceLeaseCheck(connector: string, lease: Lease): TransactWriteItem {
    const condition = `#${a.epoch} = :epoch AND attribute_not_exists(#${a.owner})`;
    return {
      ConditionCheck: {
        TableName: this.#table,
        Key: leaseKeyItem(connector, lease.topic, lease.partition),
        ConditionExpression: condition,
        ExpressionAttributeNames: names(condition),
        ExpressionAttributeValues: { ':epoch': n(lease.epoch) },
      },
    };
  }

  async events(connector: string): Promise<LeaseEvent[]> {
    const items = await this.#query(connector, keys.eventPrefix);
    return items.map((item) => itemToEvent(connector, item)).sort(compareEvents);
  }

  #commitUpdate(connector: string, claimant: Claimant, c: OffsetCommit, now: number, ttlMs: number) {
    const values: Item = {
      ':invocation': s(claimant.invocation),
      ':epoch': n(c.epoch),
      ':expiresAt': n(now + ttlMs),
      ':now': n(now),
    };
    const condition = `#${a.owner} = :invocation AND #${a.epoch} = :epoch`;
    let update = `SET #${a.expiresAt} = :expiresAt, #${a.updatedAt} = :now`;
    if (c.offset !== null) {
      update += `, #${a.offset} = :offset`;
      values[':offset'] = n(c.offset);
    }
    return {
      TableName: this.#table,
      Key: leaseKeyItem(connector, c.topic, c.partition),
      ConditionExpression: condition,
      UpdateExpression: update,
      ExpressionAttributeNames: names(condition, update),
      ExpressionAttributeValues: values,
    };
  }

  /** The writes setting one partition's offset, conditional on the lease being as it was read. */
  #offsetWrites(
    connector: string,
    lease: Lease | undefined,
    o: { topic: string; partition: number; offset: number | null },
    now: number,
  ): TransactWriteItem[] {
    if (lease === undefined) {
      return [
        {
          Put: {
            TableName: this.#table,
            Item: leaseToItem(freshLease(connector, o.topic, o.partition, now, o.offset)),
            ConditionExpression: 'attribute_not_exists(#sk)',
            ExpressionAttributeNames: { '#sk': tableKeys.sortKey },
          },
        },
      ];
    }
    const values: Item = { ':epoch': n(lease.epoch), ':now': n(now) };
    const conditions = [`#${a.epoch} = :epoch`];
    const sets = [`#${a.updatedAt} = :now`];
    const removes: string[] = [];
    if (o.offset === null) removes.push(`#${a.offset}`);
    else {
      sets.push(`#${a.offset} = :offset`);
      values[':offset'] = n(o.offset);
    }
    const writes: TransactWriteItem[] = [];
    if (lease.owner === null) conditions.push(`attribute_not_exists(#${a.owner})`);
    else {
      // The owner is past its expiry: evict it, so that a late commit of the old offset fails.
      conditions.push(`#${a.owner} = :owner`, `#${a.expiresAt} = :expiresAt`);
      values[':owner'] = s(lease.owner);
      values[':expiresAt'] = n(lease.expiresAt);
      values[':zero'] = n(0);
      sets.push(`#${a.expiresAt} = :zero`);
      removes.push(`#${a.owner}`, `#${a.ownerTask}`);
      writes.push(
        this.#eventPut({
          connector,
          topic: lease.topic,
          partition: lease.partition,
          epoch: lease.epoch,
          type: 'released',
          invocation: lease.owner,
          task: lease.ownerTask ?? -1,
          at: now,
        }),
      );
    }
    const condition = conditions.join(' AND ');
    const update = `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`;
    writes.unshift({
      Update: {
        TableName: this.#table,
        Key: leaseKeyItem(connector, o.topic, o.partition),
        ConditionExpression: condition,
        UpdateExpression: update,
        ExpressionAttributeNames: names(condition, update),
        ExpressionAttributeValues: values,
      },
    });
    return writes;
  }

  /**
   * Moves the connector's generation on, after the change it announces is written: a task that
   * reads the new generation lists the leases and sees the change. Should this write fail after the
   * change (a crash), the tasks' periodic listing still finds the change.
   */
  async #bumpGeneration(connector: string, now: number): Promise<void> {
    await sendWrite(() =>
      this.#client.send(
        new UpdateItemCommand({
          TableName: this.#table,
          Key: generationKeyItem(connector),
          UpdateExpression: 'ADD #generation :one SET #updatedAt = :now',
          ExpressionAttributeNames: { '#generation': generationAttribute, '#updatedAt': a.updatedAt },
          ExpressionAttributeValues: { ':one': n(1), ':now': n(now) },
        }),
      ),
    );
  }

  #eventPut(event: LeaseEvent): TransactWriteItem {
    return { Put: { TableName: this.#table, Item: eventToItem(event, this.#retentionMs) } };
  }

  async #putCheckpoint(connector: string, task: number, value: JsonValue, now: number): Promise<void> {
    await sendWrite(() =>
      this.#client.send(
        new PutItemCommand({ TableName: this.#table, Item: checkpointToItem(connector, task, value, now) }),
      ),
    );
  }

  async #getLeaseItem(connector: string, topic: string, partition: number): Promise<Item | undefined> {
    const result = await this.#client.send(
      new GetItemCommand({
        TableName: this.#table,
        Key: leaseKeyItem(connector, topic, partition),
        ConsistentRead: true,
      }),
    );
    return result.Item;
  }

  /** Consistent reads of a connector's items, all of them or those whose sort key starts with `prefix`. */
  #query(connector: string, prefix: string | undefined, projection?: string): Promise<Item[]> {
    const values: Item = { ':pk': s(keys.connector(connector)) };
    let condition = `#${tableKeys.partitionKey} = :pk`;
    if (prefix !== undefined) {
      condition += ` AND begins_with(#${tableKeys.sortKey}, :prefix)`;
      values[':prefix'] = s(prefix);
    }
    return queryAll(this.#client, {
      TableName: this.#table,
      KeyConditionExpression: condition,
      ExpressionAttributeNames: names(condition, projection ?? ''),
      ExpressionAttributeValues: values,
      ProjectionExpression: projection,
      ConsistentRead: true,
      Limit: this.#pageSize,
    });
  }
}

function eventOf(lease: Lease, type: LeaseEvent['type'], claimant: Claimant, at: number): LeaseEvent {
  return {
    connector: lease.connector,
    topic: lease.topic,
    partition: lease.partition,
    epoch: lease.epoch,
    type,
    invocation: claimant.invocation,
    task: claimant.task,
    at,
  };
}

function partitionOf(tp: TopicPartition): TopicPartition {
  return { topic: tp.topic, partition: tp.partition };
}

/** A condition holding an attribute to a value, or to being absent when the value is null. */
function pin(attribute: string, value: number | null, placeholder: string, values: Item): string {
  if (value === null) return `attribute_not_exists(#${attribute})`;
  values[placeholder] = n(value);
  return `#${attribute} = ${placeholder}`;
}

/** The `#name` placeholders the expressions use (DynamoDB refuses unused ones). */
function names(...expressions: string[]): Record<string, string> {
  const used: Record<string, string> = {};
  for (const expression of expressions)
    for (const [placeholder] of expression.matchAll(/#[A-Za-z]+/g)) {
      const name = leaseNames[placeholder] ?? placeholder.slice(1);
      used[placeholder] = name;
    }
  return used;
}

/** Packs groups of writes into transactions of at most `size` items, never splitting a group. */
function packGroups(groups: readonly TransactWriteItem[][], size: number): TransactWriteItem[][] {
  const transactions: TransactWriteItem[][] = [];
  let current: TransactWriteItem[] = [];
  for (const group of groups) {
    if (current.length + group.length > size) {
      transactions.push(current);
      current = [];
    }
    current.push(...group);
  }
  if (current.length > 0) transactions.push(current);
  return transactions;
}
