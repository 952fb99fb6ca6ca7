// The engine's view of Kafka: three small ports, so the client library behind them can change.
// Tasks never join a consumer group; they read given partitions from given offsets.
import type { TimestampType } from '../api/record.ts';

/** A record as stored in Kafka: raw bytes, before any converter. */
export interface KafkaRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number;
  readonly timestampType: TimestampType;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  /** In the order they were written; keys may repeat. */
  readonly headers: ReadonlyArray<readonly [string, Buffer | null]>;
}

export interface FetchPosition {
  readonly topic: string;
  readonly partition: number;
  /** The next offset to read. */
  readonly offset: number;
}

export interface FetchOptions {
  /** How long the broker may wait for data before answering with none. */
  readonly maxWaitMs: number;
  /** Upper bound of one response, all partitions together. */
  readonly maxBytes?: number;
  /** Upper bound per partition in one response. */
  readonly partitionMaxBytes?: number;
  /**
   * isolation.level=read_committed: only records of committed transactions, up to the last stable
   * offset (records of aborted transactions are skipped, their offsets passed over).
   */
  readonly readCommitted?: boolean;
}

export interface PartitionFetch {
  readonly topic: string;
  readonly partition: number;
  /** Records at or after the requested offset, in offset order. */
  readonly records: readonly KafkaRecord[];
  /**
   * The offset after the last committed record in the log (for lag); with readCommitted, the last
   * stable offset. Null when not reported.
   */
  readonly highWatermark: number | null;
  /**
   * The offset the next fetch should start from: after the last record returned, or further when
   * the fetched range held only control records (transaction markers) or compacted-away offsets.
   */
  readonly nextOffset: number;
  /** The requested offset is no longer (or not yet) in the log; the caller decides where to go. */
  readonly outOfRange?: boolean;
}

export interface PartitionReader {
  /** One round trip per partition leader; partitions whose leader moved come back empty. */
  fetch(positions: readonly FetchPosition[], options: FetchOptions): Promise<PartitionFetch[]>;
  close(): Promise<void>;
}

export interface ProducerRecord {
  readonly topic: string;
  readonly partition?: number;
  readonly key: Buffer | string | null;
  readonly value: Buffer | string | null;
  readonly headers?: ReadonlyArray<readonly [string, Buffer | string]>;
  readonly timestamp?: number;
}

export interface RecordProducer {
  /** Resolves when every record is acknowledged by the broker (acks=all). */
  send(records: readonly ProducerRecord[]): Promise<void>;
  close(): Promise<void>;
}

/** A record on its way from a source task to Kafka: header values may be null, as Kafka allows. */
export interface SourceProducerRecord extends Omit<ProducerRecord, 'headers'> {
  readonly headers?: ReadonlyArray<readonly [string, Buffer | null]>;
}

/** Where Kafka stored a produced record (Kafka's RecordMetadata). */
export interface RecordPosition {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  /** The record's timestamp as sent (CreateTime). */
  readonly timestamp: number;
}

/**
 * The producer source tasks write through. It chooses partitions as Java's producer does (murmur2 of
 * the key; unkeyed records stick to one partition per send), so it can report where each record
 * went. A topic the cluster does not have is asked for once through the broker's own
 * auto-creation (Java producers do the same); if that is off, send fails with MissingTopicError.
 */
export interface SourceProducer {
  /** Resolves when every record is acknowledged (acks=all), with each record's position, in order. */
  send(records: readonly SourceProducerRecord[]): Promise<RecordPosition[]>;
  close(): Promise<void>;
}

/**
 * A source producer that writes in Kafka transactions (KIP-618). Its transactional id names one
 * connector task; initTransactions() bumps the id's producer epoch, which fences every earlier
 * producer of that id (a zombie invocation can then neither produce nor commit) and ends the
 * transaction it left open. Once fenced, a producer stays fenced: it never initializes again.
 */
export interface TransactionalSourceProducer extends SourceProducer {
  /** InitProducerId: call once, before the first transaction. Throws ProducerFencedError when fenced. */
  initTransactions(): Promise<void>;
  beginTransaction(): Promise<void>;
  /** Makes the transaction's records visible to read_committed consumers, all or none. */
  commitTransaction(): Promise<void>;
  abortTransaction(): Promise<void>;
  /** The producer epoch initTransactions() got (the broker's fencing token), undefined before. */
  producerEpoch(): number | undefined;
}

/** A newer producer with the same transactional id exists: this one may not produce or commit. */
export class ProducerFencedError extends Error {
  readonly transactionalId: string;

  constructor(transactionalId: string, options?: ErrorOptions) {
    super(
      `The producer with transactional id '${transactionalId}' was fenced: a newer invocation of the task took over`,
      options,
    );
    this.name = 'ProducerFencedError';
    this.transactionalId = transactionalId;
  }
}

export class MissingTopicError extends Error {
  readonly topic: string;

  constructor(topic: string) {
    super(
      `Topic '${topic}' does not exist on the Kafka cluster and the broker did not create it (auto.create.topics.enable is off): create it, or let the connector create it with topic.creation.default.replication.factor and topic.creation.default.partitions`,
    );
    this.name = 'MissingTopicError';
    this.topic = topic;
  }
}

export interface TopicPartitionOffset {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

export interface NewTopic {
  readonly topic: string;
  readonly partitions: number;
  readonly replicationFactor?: number;
  readonly configs?: Readonly<Record<string, string>>;
}

export interface KafkaAdmin {
  /** Partition counts of the named topics; topics that do not exist are absent from the map. */
  partitionCounts(topics: readonly string[]): Promise<Map<string, number>>;
  listTopics(): Promise<string[]>;
  /** Earliest or latest offsets of every partition of `topics`. */
  listOffsets(topics: readonly string[], which: 'earliest' | 'latest'): Promise<TopicPartitionOffset[]>;
  createTopics(topics: readonly NewTopic[]): Promise<void>;
  /**
   * Writes offsets into consumer group `groupId` without joining it, so lag tools see our
   * progress (the group must have no active members, which holds for ours).
   */
  commitGroupOffsets(groupId: string, offsets: readonly TopicPartitionOffset[]): Promise<void>;
  fetchGroupOffsets(groupId: string, topics: readonly string[]): Promise<TopicPartitionOffset[]>;
  /** The cluster's id (GET / shows it as kafka_cluster_id, as Kafka Connect does). */
  clusterId(): Promise<string>;
  close(): Promise<void>;
}

/**
 * Returns the SASL/OAUTHBEARER token to present on a new connection. Called once per broker
 * connection (and re-authentication), so implementations cache tokens until close to expiry.
 */
export type OAuthBearerTokenProvider = () => Promise<string>;

export interface PasswordSasl {
  readonly mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
  readonly username: string;
  readonly password: string;
}

export interface OAuthBearerSasl {
  readonly mechanism: 'oauthbearer';
  readonly token: OAuthBearerTokenProvider;
}

/** How to reach the cluster; mapped onto each client library's own options. */
export interface KafkaConnection {
  readonly brokers: readonly string[];
  readonly clientId: string;
  /** TLS on (with the system's CAs) or off. */
  readonly ssl?: boolean;
  readonly sasl?: PasswordSasl | OAuthBearerSasl;
  readonly connectionTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
}

export type KafkaClientName = 'platformatic' | 'kafkajs';
