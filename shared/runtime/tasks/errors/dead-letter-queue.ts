// The dead letter queue of a sink connector: failed records go, with their original bytes and
// headers, to errors.deadletterqueue.topic.name, plus Kafka Connect's __connect.errors.* context
// headers when enabled. Records are sent in batches and awaited before the next offset commit,
// so a record is either in the DLQ or will be read again: never lost.
import type { KafkaAdmin, KafkaRecord, ProducerRecord, RecordProducer } from '../../../kafka/types.ts';
import type { StageError } from '../stage-error.ts';
import type { ErrorHandlingConfig } from './error-handling-config.ts';

export const DLQ_HEADER_PREFIX = '__connect.errors.';

export interface FailureContext {
  readonly connector: string;
  readonly task: number;
}

export function dlqHeaders(
  raw: KafkaRecord,
  error: StageError,
  context: FailureContext,
): Array<readonly [string, string]> {
  const cause = error.cause instanceof Error ? error.cause : error;
  const className = (cause as { javaClassName?: unknown }).javaClassName;
  return [
    [`${DLQ_HEADER_PREFIX}topic`, raw.topic],
    [`${DLQ_HEADER_PREFIX}partition`, String(raw.partition)],
    [`${DLQ_HEADER_PREFIX}offset`, String(raw.offset)],
    [`${DLQ_HEADER_PREFIX}connector.name`, context.connector],
    [`${DLQ_HEADER_PREFIX}task.id`, String(context.task)],
    [`${DLQ_HEADER_PREFIX}stage`, error.stage],
    [`${DLQ_HEADER_PREFIX}class.name`, error.pluginClass],
    [`${DLQ_HEADER_PREFIX}exception.class.name`, typeof className === 'string' ? className : cause.name],
    [`${DLQ_HEADER_PREFIX}exception.message`, cause.message],
    [`${DLQ_HEADER_PREFIX}exception.stacktrace`, cause.stack ?? `${cause.name}: ${cause.message}`],
  ];
}

export class DeadLetterQueue {
  readonly #config: ErrorHandlingConfig;
  readonly #producer: RecordProducer;
  readonly #admin: KafkaAdmin;
  readonly #context: FailureContext;
  #pending: ProducerRecord[] = [];
  #topicReady: Promise<void> | undefined;

  constructor(
    config: ErrorHandlingConfig,
    producer: RecordProducer,
    admin: KafkaAdmin,
    context: FailureContext,
  ) {
    this.#config = config;
    this.#producer = producer;
    this.#admin = admin;
    this.#context = context;
  }

  add(raw: KafkaRecord, error: StageError): void {
    const headers: Array<readonly [string, Buffer | string]> = [];
    for (const [name, value] of raw.headers) if (value !== null) headers.push([name, value]);
    if (this.#config.dlqContextHeaders) headers.push(...dlqHeaders(raw, error, this.#context));
    this.#pending.push({ topic: this.#config.dlqTopic, key: raw.key, value: raw.value, headers });
  }

  /** Sends what was added; resolves once the broker acknowledged every record. */
  async flush(): Promise<void> {
    if (this.#pending.length === 0) return;
    this.#topicReady ??= this.#ensureTopic();
    await this.#topicReady;
    const records = this.#pending;
    await this.#producer.send(records);
    this.#pending = this.#pending === records ? [] : this.#pending.slice(records.length);
  }

  /** Creates the topic when missing, with the configured replication factor, as Kafka Connect does. */
  async #ensureTopic(): Promise<void> {
    const topic = this.#config.dlqTopic;
    const counts = await this.#admin.partitionCounts([topic]);
    if (counts.has(topic)) return;
    try {
      await this.#admin.createTopics([
        { topic, partitions: 1, replicationFactor: this.#config.dlqReplicationFactor },
      ]);
    } catch (error) {
      this.#topicReady = undefined;
      throw new Error(
        `Could not create the dead letter queue topic ${topic} with replication factor ${this.#config.dlqReplicationFactor} (errors.deadletterqueue.topic.replication.factor): ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  async close(): Promise<void> {
    await this.#producer.close();
  }
}
