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
}

export interface PartitionFetch {
  readonly topic: string;
  readonly partition: number;
  /** Records at or after the requested offset, in offset order. */
  readonly records: readonly KafkaRecord[];
  /** The offset after the last committed record in the log (for lag); null when not reported. */
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
