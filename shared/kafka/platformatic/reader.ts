// PartitionReader over @platformatic/kafka's low-level Fetch: explicit (topic, partition, offset),
// no consumer group. Its Consumer wants a groupId option, but fetch() never joins the group.
import { Consumer, ResponseError } from '@platformatic/kafka';
import type { TimestampType } from '../../api/record.ts';
import type {
  FetchOptions,
  FetchPosition,
  KafkaConnection,
  KafkaRecord,
  PartitionFetch,
  PartitionReader,
} from '../types.ts';
import { platformaticOptions } from './connection.ts';

// Kafka protocol constants (record batch attributes and error codes).
const TRANSACTIONAL_BATCH = 1 << 4;
const CONTROL_BATCH = 1 << 5;
/** A control record's key is (version int16, type int16); type 0 marks an abort, 1 a commit. */
const ABORT_MARKER = 0;
const LOG_APPEND_TIME = 1 << 3;
const OFFSET_OUT_OF_RANGE = 1;
/** Errors after which the partition's leader must be looked up again. */
const STALE_METADATA = new Set([3, 6, 5, 74, 100, 103]); // UNKNOWN_TOPIC_OR_PARTITION, NOT_LEADER_OR_FOLLOWER, LEADER_NOT_AVAILABLE, FENCED_LEADER_EPOCH, UNKNOWN_TOPIC_ID, INCONSISTENT_TOPIC_ID

/** Most records carry no headers: they share one frozen empty list instead of a new array each. */
const NO_HEADERS: KafkaRecord['headers'] = Object.freeze([]);
const headerEntry = ([key, value]: [Buffer | null, Buffer | null]) =>
  [key === null ? '' : key.toString('utf8'), value] as const;

type Metadata = Awaited<ReturnType<Consumer['metadata']>>;
type FetchResponse = Awaited<ReturnType<Consumer['fetch']>>;

export class PlatformaticPartitionReader implements PartitionReader {
  readonly #consumer: Consumer;
  #metadata: Metadata | undefined;
  #forceMetadata = false;

  constructor(connection: KafkaConnection) {
    this.#consumer = new Consumer({
      ...platformaticOptions(connection),
      groupId: `${connection.clientId}-reader`,
      // The engine retries at its own level (errors.retry.*); one retry hides a dropped socket.
      retries: 1,
    });
  }

  async fetch(positions: readonly FetchPosition[], options: FetchOptions): Promise<PartitionFetch[]> {
    if (positions.length === 0) return [];
    const metadata = await this.#metadataFor(positions);
    const byLeader = new Map<number, FetchPosition[]>();
    const unknown: PartitionFetch[] = [];
    for (const position of positions) {
      const leader = metadata.topics.get(position.topic)?.partitions[position.partition]?.leader;
      if (leader === undefined || leader < 0) {
        this.#forceMetadata = true;
        unknown.push(empty(position));
        continue;
      }
      const list = byLeader.get(leader) ?? [];
      list.push(position);
      byLeader.set(leader, list);
    }
    const perLeader = await Promise.all(
      [...byLeader].map(([node, list]) => this.#fetchFrom(node, list, options, metadata)),
    );
    return unknown.concat(...perLeader);
  }

  async close(): Promise<void> {
    await this.#consumer.close(true);
  }

  async #metadataFor(positions: readonly FetchPosition[]): Promise<Metadata> {
    const topics = [...new Set(positions.map((p) => p.topic))];
    const known = this.#metadata;
    if (!this.#forceMetadata && known && topics.every((t) => known.topics.has(t))) return known;
    this.#consumer.topics.trackAll(...topics);
    const topicsToAsk = [...new Set([...topics, ...(known ? known.topics.keys() : [])])];
    this.#metadata = await this.#consumer.metadata({ topics: topicsToAsk, forceUpdate: true });
    this.#forceMetadata = false;
    return this.#metadata;
  }

  async #fetchFrom(
    node: number,
    positions: readonly FetchPosition[],
    options: FetchOptions,
    metadata: Metadata,
  ): Promise<PartitionFetch[]> {
    const partitionMaxBytes = options.partitionMaxBytes ?? 1 << 20;
    const byTopic = new Map<string, FetchPosition[]>();
    for (const p of positions) byTopic.set(p.topic, [...(byTopic.get(p.topic) ?? []), p]);
    const topicNames = new Map<string, string>();
    const request = [...byTopic].map(([topic, list]) => {
      const topicId = metadata.topics.get(topic)!.id;
      topicNames.set(topicId, topic);
      return {
        topicId,
        partitions: list.map((p) => ({
          partition: p.partition,
          fetchOffset: BigInt(p.offset),
          partitionMaxBytes,
          currentLeaderEpoch: -1,
          lastFetchedEpoch: -1,
        })),
      };
    });

    let response: FetchResponse;
    try {
      response = await this.#consumer.fetch({
        node,
        topics: request,
        maxWaitTime: options.maxWaitMs,
        minBytes: 1,
        maxBytes: options.maxBytes ?? 16 << 20,
        isolationLevel: options.readCommitted ? 1 : 0,
      });
    } catch (error) {
      // Per-partition errors come back with the rest of the response: keep the good partitions.
      if (!(error instanceof ResponseError) || !isFetchResponse(error.response)) throw error;
      response = error.response;
    }

    const wanted = new Map(positions.map((p) => [`${p.topic}:${p.partition}`, p]));
    const results: PartitionFetch[] = [];
    for (const topicResponse of response.responses) {
      const topic = topicNames.get(topicResponse.topicId);
      if (topic === undefined) continue;
      for (const part of topicResponse.partitions) {
        const position = wanted.get(`${topic}:${part.partitionIndex}`);
        if (!position) continue;
        wanted.delete(`${topic}:${part.partitionIndex}`);
        results.push(this.#toPartitionFetch(position, part, options.readCommitted === true));
      }
    }
    // A fetch session may leave out partitions that have nothing new: report them as empty.
    for (const position of wanted.values()) results.push(empty(position));
    return results;
  }

  #toPartitionFetch(
    position: FetchPosition,
    part: FetchResponse['responses'][number]['partitions'][number],
    readCommitted: boolean,
  ): PartitionFetch {
    if (part.errorCode === OFFSET_OUT_OF_RANGE) return { ...empty(position), outOfRange: true };
    if (part.errorCode !== 0) {
      if (STALE_METADATA.has(part.errorCode)) this.#forceMetadata = true;
      return empty(position);
    }
    const records: KafkaRecord[] = [];
    let nextOffset = position.offset;
    const aborted = readCommitted ? abortedFilter(part.abortedTransactions ?? []) : undefined;
    for (const batch of part.records ?? []) {
      const batchEnd = Number(batch.firstOffset) + batch.lastOffsetDelta + 1;
      // Transaction markers are not data; their offsets are skipped like any other.
      if ((batch.attributes & CONTROL_BATCH) === 0 && !aborted?.skips(batch)) {
        const logAppend = (batch.attributes & LOG_APPEND_TIME) !== 0;
        const timestampType: TimestampType = logAppend ? 'LogAppendTime' : 'CreateTime';
        const firstOffset = Number(batch.firstOffset);
        const firstTimestamp = Number(batch.firstTimestamp);
        for (const record of batch.records) {
          const offset = firstOffset + record.offsetDelta;
          // A batch may start before the requested offset: skip what was already read.
          if (offset < position.offset) continue;
          records.push({
            topic: position.topic,
            partition: position.partition,
            offset,
            timestamp: logAppend
              ? Number(batch.maxTimestamp)
              : firstTimestamp + Number(record.timestampDelta),
            timestampType,
            key: record.key,
            value: record.value,
            headers: record.headers.length === 0 ? NO_HEADERS : record.headers.map(headerEntry),
          });
        }
      } else aborted?.passed(batch);
      if (batchEnd > nextOffset) nextOffset = batchEnd;
    }
    return {
      topic: position.topic,
      partition: position.partition,
      records,
      highWatermark: Number(readCommitted ? part.lastStableOffset : part.highWatermark),
      nextOffset,
    };
  }
}

type Batch = NonNullable<FetchResponse['responses'][number]['partitions'][number]['records']>[number];

/**
 * The Java consumer's read_committed filter: the broker lists the aborted transactions in the range
 * (producer id, first offset); a transactional data batch of such a producer from that offset on is
 * skipped, until that producer's abort marker.
 */
function abortedFilter(abortedTransactions: readonly { producerId: bigint; firstOffset: bigint }[]) {
  const pending = [...abortedTransactions].sort((a, b) => (a.firstOffset < b.firstOffset ? -1 : 1));
  const abortedProducers = new Set<bigint>();
  /** Every aborted transaction that has begun by the end of `batch` now counts (control batches too). */
  const reach = (batch: Batch) => {
    const last = batch.firstOffset + BigInt(batch.lastOffsetDelta);
    while (pending.length > 0 && pending[0]!.firstOffset <= last)
      abortedProducers.add(pending.shift()!.producerId);
  };
  return {
    skips(batch: Batch): boolean {
      reach(batch);
      return (batch.attributes & TRANSACTIONAL_BATCH) !== 0 && abortedProducers.has(batch.producerId);
    },
    /** A control batch: an abort marker ends its producer's aborted transaction. */
    passed(batch: Batch): void {
      if ((batch.attributes & CONTROL_BATCH) === 0) return;
      reach(batch);
      const key = batch.records[0]?.key;
      if (key && key.length >= 4 && key.readInt16BE(2) === ABORT_MARKER)
        abortedProducers.delete(batch.producerId);
    },
  };
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

function isFetchResponse(response: unknown): response is FetchResponse {
  return (
    typeof response === 'object' && response !== null && Array.isArray((response as FetchResponse).responses)
  );
}
