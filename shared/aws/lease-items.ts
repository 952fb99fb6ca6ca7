// How leases, lease events and checkpoints look as DynamoDB items (see table.ts for the keys).
// Numbers are stored as N, a null is stored as a missing attribute (so conditions read
// `attribute_not_exists(owner)`), and a checkpoint as its JSON text (any JSON value, including
// empty strings and deep nesting, survives unchanged; DynamoDB's item limit of 400 KB applies).
import { createHash } from 'node:crypto';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { JsonValue, SourceOffset, SourcePartition } from '../api/connector.ts';
import { ConnectError } from '../api/errors.ts';
import type { Lease, LeaseEvent } from '../leases/lease.ts';
import { eventRank } from '../leases/lease-rules.ts';
import { type StoredSourceOffset, sourcePartitionKey } from '../leases/source-offsets.ts';
import type { Item } from './dynamodb-requests.ts';
import { keys, tableKeys, timeToLiveAttribute } from './table.ts';

/** Attribute names of a lease item. `lastTask` is internal: the task of the latest claim, kept after release. */
export const leaseAttributes = {
  topic: 'topic',
  partition: 'partition',
  assignee: 'assignee',
  owner: 'owner',
  ownerTask: 'ownerTask',
  epoch: 'epoch',
  expiresAt: 'expiresAt',
  offset: 'offset',
  ownerSwitches: 'ownerSwitches',
  updatedAt: 'updatedAt',
  lastTask: 'lastTask',
  configVersion: 'configVersion',
  restarts: 'restarts',
} as const;

/** `#owner` → `owner` for every lease attribute: several (owner, partition, offset) are reserved words. */
export const leaseNames: Record<string, string> = Object.fromEntries(
  Object.values(leaseAttributes).map((name) => [`#${name}`, name]),
);

export function n(value: number): AttributeValue {
  if (!Number.isSafeInteger(value))
    throw new ConnectError(`Cannot store ${value} exactly as a DynamoDB number`);
  return { N: String(value) };
}

export function s(value: string): AttributeValue {
  return { S: value };
}

export function leaseKeyItem(connector: string, topic: string, partition: number): Item {
  return {
    [tableKeys.partitionKey]: s(keys.connector(connector)),
    [tableKeys.sortKey]: s(keys.lease(topic, partition)),
  };
}

/** The connector's lease generation item (see LeaseStore.generation) and its counter attribute. */
export const generationAttribute = 'generation';

export function generationKeyItem(connector: string): Item {
  return {
    [tableKeys.partitionKey]: s(keys.connector(connector)),
    [tableKeys.sortKey]: s(keys.generation),
  };
}

export function leaseToItem(lease: Lease): Item {
  const item: Item = {
    ...leaseKeyItem(lease.connector, lease.topic, lease.partition),
    [leaseAttributes.topic]: s(lease.topic),
    [leaseAttributes.partition]: n(lease.partition),
    [leaseAttributes.epoch]: n(lease.epoch),
    [leaseAttributes.expiresAt]: n(lease.expiresAt),
    [leaseAttributes.ownerSwitches]: n(lease.ownerSwitches),
    [leaseAttributes.updatedAt]: n(lease.updatedAt),
  };
  if (lease.assignee !== null) item[leaseAttributes.assignee] = n(lease.assignee);
  if (lease.owner !== null) item[leaseAttributes.owner] = s(lease.owner);
  if (lease.ownerTask !== null) item[leaseAttributes.ownerTask] = n(lease.ownerTask);
  if (lease.offset !== null) item[leaseAttributes.offset] = n(lease.offset);
  if (lease.configVersion !== undefined) item[leaseAttributes.configVersion] = n(lease.configVersion);
  if (lease.restarts !== undefined) item[leaseAttributes.restarts] = n(lease.restarts);
  return item;
}

export function itemToLease(connector: string, item: Item): Lease {
  const configVersion = optionalNumber(item, leaseAttributes.configVersion);
  const restarts = optionalNumber(item, leaseAttributes.restarts);
  return {
    connector,
    topic: requiredString(item, leaseAttributes.topic),
    partition: requiredNumber(item, leaseAttributes.partition),
    assignee: optionalNumber(item, leaseAttributes.assignee),
    owner: item[leaseAttributes.owner]?.S ?? null,
    ownerTask: optionalNumber(item, leaseAttributes.ownerTask),
    epoch: requiredNumber(item, leaseAttributes.epoch),
    expiresAt: requiredNumber(item, leaseAttributes.expiresAt),
    offset: optionalNumber(item, leaseAttributes.offset),
    ownerSwitches: requiredNumber(item, leaseAttributes.ownerSwitches),
    updatedAt: requiredNumber(item, leaseAttributes.updatedAt),
    ...(configVersion === null ? {} : { configVersion }),
    ...(restarts === null ? {} : { restarts }),
  };
}

/** The task of the claim that set the lease's current epoch; null before the first claim. */
export function lastTaskOf(item: Item): number | null {
  return optionalNumber(item, leaseAttributes.lastTask);
}

/**
 * The event's sort key orders by time, then partition, epoch and kind (the same order as
 * compareEvents), and is unique without a random part: a partition is claimed once per epoch and
 * released at most once per epoch.
 */
export function eventSortKey(event: LeaseEvent): string {
  const id = `${event.topic}#${String(event.partition).padStart(10, '0')}#${String(event.epoch).padStart(15, '0')}#${eventRank(event.type)}`;
  return keys.event(event.at, id);
}

export function eventToItem(event: LeaseEvent, retentionMs: number): Item {
  return {
    [tableKeys.partitionKey]: s(keys.connector(event.connector)),
    [tableKeys.sortKey]: s(eventSortKey(event)),
    topic: s(event.topic),
    partition: n(event.partition),
    epoch: n(event.epoch),
    type: s(event.type),
    invocation: s(event.invocation),
    task: n(event.task),
    at: n(event.at),
    // DynamoDB's time to live is in seconds; expired events disappear without a write from us.
    [timeToLiveAttribute]: n(Math.ceil((event.at + retentionMs) / 1000)),
  };
}

export function itemToEvent(connector: string, item: Item): LeaseEvent {
  const type = requiredString(item, 'type');
  if (type !== 'claimed' && type !== 'released' && type !== 'taken-over')
    throw new ConnectError(`Unknown lease event type ${type} for connector ${connector}`);
  return {
    connector,
    topic: requiredString(item, 'topic'),
    partition: requiredNumber(item, 'partition'),
    epoch: requiredNumber(item, 'epoch'),
    type,
    invocation: requiredString(item, 'invocation'),
    task: requiredNumber(item, 'task'),
    at: requiredNumber(item, 'at'),
  };
}

export function checkpointToItem(connector: string, task: number, value: JsonValue, now: number): Item {
  return {
    [tableKeys.partitionKey]: s(keys.connector(connector)),
    [tableKeys.sortKey]: s(keys.checkpoint(task)),
    task: n(task),
    value: s(JSON.stringify(value)),
    updatedAt: n(now),
  };
}

export function itemToCheckpoint(item: Item): JsonValue {
  return JSON.parse(requiredString(item, 'value')) as JsonValue;
}

/**
 * A source partition's item key: the hash of its canonical JSON, since a partition map may be longer
 * than a sort key may be (1 KB); the map itself is an attribute.
 */
export function sourceOffsetKeyItem(connector: string, partition: SourcePartition): Item {
  const hash = createHash('sha256').update(sourcePartitionKey(partition)).digest('hex');
  return {
    [tableKeys.partitionKey]: s(keys.connector(connector)),
    [tableKeys.sortKey]: s(keys.sourceOffset(hash)),
  };
}

export function sourceOffsetToItem(
  connector: string,
  partition: SourcePartition,
  offset: SourceOffset,
  now: number,
): Item {
  return {
    ...sourceOffsetKeyItem(connector, partition),
    partition: s(sourcePartitionKey(partition)),
    offset: s(JSON.stringify(offset)),
    updatedAt: n(now),
  };
}

export function itemToSourceOffset(item: Item): StoredSourceOffset {
  return {
    partition: JSON.parse(requiredString(item, 'partition')) as SourcePartition,
    offset: JSON.parse(requiredString(item, 'offset')) as SourceOffset,
  };
}

function requiredString(item: Item, name: string): string {
  const value = item[name]?.S;
  if (value === undefined) throw new ConnectError(`Item ${describe(item)} has no string attribute ${name}`);
  return value;
}

function requiredNumber(item: Item, name: string): number {
  const value = optionalNumber(item, name);
  if (value === null) throw new ConnectError(`Item ${describe(item)} has no number attribute ${name}`);
  return value;
}

function optionalNumber(item: Item, name: string): number | null {
  const raw = item[name]?.N;
  if (raw === undefined) return null;
  const value = Number(raw);
  // Written by something other than this store (it refuses such numbers): fail rather than round.
  if (!Number.isSafeInteger(value))
    throw new ConnectError(`Item ${describe(item)} holds ${name} = ${raw}, beyond exact JavaScript numbers`);
  return value;
}

function describe(item: Item): string {
  return `${item[tableKeys.partitionKey]?.S}/${item[tableKeys.sortKey]?.S}`;
}
