// PartitionReader over kafkajs's internal Cluster/Broker Fetch: explicit offsets, no group.
import type { TimestampType } from '../../api/record.ts';
import type {
  FetchOptions,
  FetchPosition,
  KafkaConnection,
  KafkaRecord,
  PartitionFetch,
  PartitionReader,
} from '../types.ts';
import { createKafkajs, type InternalCluster, type InternalMessage, internalCluster } from './client.ts';

const LOG_APPEND_TIME = 1;
const STALE_METADATA = new Set([
  'UNKNOWN_TOPIC_OR_PARTITION',
  'NOT_LEADER_OR_FOLLOWER',
  'LEADER_NOT_AVAILABLE',
  'FENCED_LEADER_EPOCH',
]);

export class KafkajsPartitionReader implements PartitionReader {
  readonly #cluster: InternalCluster;
  #connected: Promise<void> | undefined;
  readonly #topics = new Set<string>();
  #stale = false;

  constructor(connection: KafkaConnection) {
    this.#cluster = internalCluster(createKafkajs(connection));
  }

  async fetch(positions: readonly FetchPosition[], options: FetchOptions): Promise<PartitionFetch[]> {
    if (positions.length === 0) return [];
    if (options.readCommitted)
      throw new Error(
        'The kafkajs reader reads read_uncommitted only; use the platformatic reader (kafka.client)',
      );
    this.#connected ??= this.#cluster.connect();
    await this.#connected;
    const newTopics = positions.map((p) => p.topic).filter((t) => !this.#topics.has(t));
    if (newTopics.length > 0) {
      for (const t of newTopics) this.#topics.add(t);
      await this.#cluster.addMultipleTargetTopics([...this.#topics]);
    } else if (this.#stale) {
      await this.#cluster.refreshMetadata();
    }
    this.#stale = false;

    const byLeader = new Map<string, FetchPosition[]>();
    for (const [topic, list] of groupBy(positions, (p) => p.topic)) {
      const leaders = this.#cluster.findLeaderForPartitions(
        topic,
        list.map((p) => p.partition),
      );
      for (const [nodeId, partitions] of Object.entries(leaders)) {
        const group = byLeader.get(nodeId) ?? [];
        group.push(...list.filter((p) => partitions.includes(p.partition)));
        byLeader.set(nodeId, group);
      }
    }
    const results = await Promise.all(
      [...byLeader].map(([nodeId, list]) => this.#fetchFrom(nodeId, list, options)),
    );
    return results.flat();
  }

  async close(): Promise<void> {
    if (this.#connected) await this.#cluster.disconnect();
  }

  async #fetchFrom(
    nodeId: string,
    positions: readonly FetchPosition[],
    options: FetchOptions,
  ): Promise<PartitionFetch[]> {
    const broker = await this.#cluster.findBroker({ nodeId });
    const partitionMaxBytes = options.partitionMaxBytes ?? 1 << 20;
    let response: Awaited<ReturnType<typeof broker.fetch>>;
    try {
      response = await broker.fetch({
        replicaId: -1,
        isolationLevel: 0,
        maxWaitTime: options.maxWaitMs,
        minBytes: 1,
        maxBytes: options.maxBytes ?? 16 << 20,
        topics: [...groupBy(positions, (p) => p.topic)].map(([topic, list]) => ({
          topic,
          partitions: list.map((p) => ({
            partition: p.partition,
            fetchOffset: String(p.offset),
            maxBytes: partitionMaxBytes,
          })),
        })),
      });
    } catch (error) {
      const type = (error as { type?: string }).type;
      // kafkajs throws on the first partition error and drops the rest of the response, so find
      // out partition by partition which one is out of range.
      if (type === 'OFFSET_OUT_OF_RANGE') {
        if (positions.length === 1) return [{ ...empty(positions[0]!), outOfRange: true }];
        const single = await Promise.all(positions.map((p) => this.#fetchFrom(nodeId, [p], options)));
        return single.flat();
      }
      if (type !== undefined && STALE_METADATA.has(type)) {
        this.#stale = true;
        return positions.map(empty);
      }
      throw error;
    }

    const wanted = new Map(positions.map((p) => [`${p.topic}:${p.partition}`, p]));
    const results: PartitionFetch[] = [];
    for (const topicResponse of response.responses) {
      for (const part of topicResponse.partitions) {
        const position = wanted.get(`${topicResponse.topicName}:${part.partition}`);
        if (!position) continue;
        wanted.delete(`${topicResponse.topicName}:${part.partition}`);
        results.push(toPartitionFetch(position, part.messages, Number(part.highWatermark)));
      }
    }
    for (const position of wanted.values()) results.push(empty(position));
    return results;
  }
}

function toPartitionFetch(
  position: FetchPosition,
  messages: readonly InternalMessage[],
  highWatermark: number,
): PartitionFetch {
  const records: KafkaRecord[] = [];
  let nextOffset = position.offset;
  for (const message of messages) {
    const offset = Number(message.offset);
    const context = message.batchContext;
    if (context) nextOffset = Math.max(nextOffset, Number(context.firstOffset) + context.lastOffsetDelta + 1);
    if (offset < position.offset) continue;
    nextOffset = Math.max(nextOffset, offset + 1);
    if (message.isControlRecord) continue;
    const timestampType: TimestampType =
      context?.timestampType === LOG_APPEND_TIME ? 'LogAppendTime' : 'CreateTime';
    records.push({
      topic: position.topic,
      partition: position.partition,
      offset,
      timestamp: Number(message.timestamp),
      timestampType,
      key: message.key,
      value: message.value,
      headers: flattenHeaders(message.headers),
    });
  }
  return { topic: position.topic, partition: position.partition, records, highWatermark, nextOffset };
}

/** kafkajs folds headers into an object (repeated keys become arrays): the order across keys is lost. */
function flattenHeaders(headers: InternalMessage['headers']): [string, Buffer | null][] {
  const flat: [string, Buffer | null][] = [];
  for (const [key, value] of Object.entries(headers)) {
    if (Array.isArray(value)) for (const v of value) flat.push([key, v]);
    else flat.push([key, value ?? null]);
  }
  return flat;
}

function empty(position: FetchPosition): PartitionFetch {
  return {
    topic: position.topic,
    partition: position.partition,
    records: [],
    highWatermark: null,
    nextOffset: position.offset,
  };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
