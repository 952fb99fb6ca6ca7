// Kafka ports whose client library is imported on their first call, not when the process loads.
// A task function bundle carries both client libraries; a sink task on the default client reads
// through @platformatic/kafka and may never use kafkajs (admin, dead letter queue), so evaluating
// kafkajs at load would only lengthen the cold start. Every method of these ports is async, so a
// port can wait for its module before the first call; closing one never used loads nothing.
import type {
  FetchOptions,
  FetchPosition,
  KafkaAdmin,
  KafkaConnection,
  NewTopic,
  PartitionFetch,
  PartitionReader,
  ProducerRecord,
  RecordProducer,
  TopicPartitionOffset,
} from './types.ts';

/** The instance behind a lazy port: made on the first call, once. */
class Deferred<T extends { close(): Promise<void> }> {
  readonly #make: () => Promise<T>;
  #instance: Promise<T> | undefined;

  constructor(make: () => Promise<T>) {
    this.#make = make;
  }

  get(): Promise<T> {
    this.#instance ??= this.#make();
    return this.#instance;
  }

  async close(): Promise<void> {
    if (this.#instance) await (await this.#instance).close();
  }
}

export class LazyKafkajsAdmin implements KafkaAdmin {
  readonly #admin: Deferred<KafkaAdmin>;

  constructor(connection: KafkaConnection) {
    this.#admin = new Deferred(async () => new (await import('./kafkajs/admin.ts')).KafkajsAdmin(connection));
  }

  async partitionCounts(topics: readonly string[]): Promise<Map<string, number>> {
    return (await this.#admin.get()).partitionCounts(topics);
  }

  async listTopics(): Promise<string[]> {
    return (await this.#admin.get()).listTopics();
  }

  async listOffsets(
    topics: readonly string[],
    which: 'earliest' | 'latest',
  ): Promise<TopicPartitionOffset[]> {
    return (await this.#admin.get()).listOffsets(topics, which);
  }

  async createTopics(topics: readonly NewTopic[]): Promise<void> {
    return (await this.#admin.get()).createTopics(topics);
  }

  async commitGroupOffsets(groupId: string, offsets: readonly TopicPartitionOffset[]): Promise<void> {
    return (await this.#admin.get()).commitGroupOffsets(groupId, offsets);
  }

  async fetchGroupOffsets(groupId: string, topics: readonly string[]): Promise<TopicPartitionOffset[]> {
    return (await this.#admin.get()).fetchGroupOffsets(groupId, topics);
  }

  async clusterId(): Promise<string> {
    return (await this.#admin.get()).clusterId();
  }

  close(): Promise<void> {
    return this.#admin.close();
  }
}

export class LazyKafkajsProducer implements RecordProducer {
  readonly #producer: Deferred<RecordProducer>;

  constructor(connection: KafkaConnection) {
    this.#producer = new Deferred(
      async () => new (await import('./kafkajs/producer.ts')).KafkajsProducer(connection),
    );
  }

  async send(records: readonly ProducerRecord[]): Promise<void> {
    return (await this.#producer.get()).send(records);
  }

  close(): Promise<void> {
    return this.#producer.close();
  }
}

export class LazyKafkajsReader implements PartitionReader {
  readonly #reader: Deferred<PartitionReader>;

  constructor(connection: KafkaConnection) {
    this.#reader = new Deferred(
      async () => new (await import('./kafkajs/reader.ts')).KafkajsPartitionReader(connection),
    );
  }

  async fetch(positions: readonly FetchPosition[], options: FetchOptions): Promise<PartitionFetch[]> {
    return (await this.#reader.get()).fetch(positions, options);
  }

  close(): Promise<void> {
    return this.#reader.close();
  }
}
