// kafkajs setup shared by its adapters: option mapping, and two work-arounds for a library that
// no longer gets releases (2.2.4 is pinned, so both are stable).
import { Kafka, logLevel, type SASLOptions } from 'kafkajs';
import type { KafkaConnection } from '../types.ts';

/** Our SASL settings in kafkajs's shape; OAUTHBEARER asks the provider at every authentication. */
export function kafkajsSasl(sasl: NonNullable<KafkaConnection['sasl']>): SASLOptions {
  if (sasl.mechanism === 'oauthbearer') {
    const token = sasl.token;
    return { mechanism: 'oauthbearer', oauthBearerProvider: async () => ({ value: await token() }) };
  }
  return { ...sasl };
}

let warningFilterInstalled = false;

/**
 * kafkajs schedules a timer with a negative delay when it is not throttled, and Node 24 prints a
 * TimeoutNegativeWarning for each (Node treats the delay as 1 ms, which is what kafkajs meant).
 * Drop exactly that warning so real ones stay visible.
 */
export function silenceNegativeTimeoutWarning(): void {
  if (warningFilterInstalled) return;
  warningFilterInstalled = true;
  const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
    const name = warning instanceof Error ? warning.name : type;
    if (name === 'TimeoutNegativeWarning') return;
    emitWarning(warning, ...rest);
  }) as typeof process.emitWarning;
}

export function createKafkajs(connection: KafkaConnection): Kafka {
  silenceNegativeTimeoutWarning();
  return new Kafka({
    clientId: connection.clientId,
    brokers: [...connection.brokers],
    ssl: connection.ssl ?? false,
    ...(connection.sasl ? { sasl: kafkajsSasl(connection.sasl) } : {}),
    connectionTimeout: connection.connectionTimeoutMs ?? 10_000,
    requestTimeout: connection.requestTimeoutMs ?? 30_000,
    // Failures surface as exceptions to the engine, which logs them with context.
    logLevel: logLevel.NOTHING,
  });
}

/** The subset of kafkajs's internal Cluster and Broker that the group-less reader uses. */
export interface InternalCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  addMultipleTargetTopics(topics: string[]): Promise<void>;
  refreshMetadata(): Promise<void>;
  findLeaderForPartitions(topic: string, partitions: number[]): Record<string, number[]>;
  findBroker(options: { nodeId: string }): Promise<InternalBroker>;
}

export interface InternalBroker {
  fetch(request: {
    replicaId: number;
    isolationLevel: number;
    maxWaitTime: number;
    minBytes: number;
    maxBytes: number;
    topics: { topic: string; partitions: { partition: number; fetchOffset: string; maxBytes: number }[] }[];
  }): Promise<{ responses: InternalTopicResponse[] }>;
}

export interface InternalTopicResponse {
  topicName: string;
  partitions: {
    partition: number;
    errorCode: number;
    highWatermark: string;
    messages: InternalMessage[];
  }[];
}

export interface InternalMessage {
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer | Buffer[] | undefined>;
  isControlRecord?: boolean;
  batchContext?: { firstOffset: string; lastOffsetDelta: number; timestampType: number };
}

/**
 * kafkajs's public consumer always joins a group. Reading by explicit offset needs its Cluster,
 * which the Kafka object builds through a private factory (kept under a Symbol).
 */
export function internalCluster(kafka: Kafka): InternalCluster {
  const factorySymbol = Object.getOwnPropertySymbols(kafka).find(
    (s) => s.description === 'private:Kafka:createCluster',
  );
  if (!factorySymbol)
    throw new Error('this kafkajs version has no internal cluster factory; pin kafkajs 2.2.x');
  const factory = (kafka as unknown as Record<symbol, (options: object) => InternalCluster>)[factorySymbol]!;
  return factory({ allowAutoTopicCreation: false });
}
