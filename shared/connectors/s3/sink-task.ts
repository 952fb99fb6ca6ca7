// The S3 sink task: records are cut into objects per Kafka partition (TopicPartitionWriter) and
// uploaded as they complete; flush does nothing and preCommit reports, per partition, the offset
// after the last uploaded object, so offsets only move once the objects holding the records are
// in S3 (Confluent's S3SinkTask does the same). A restarted or superseded task starts again from
// that offset and, rotation being deterministic, writes the same objects under the same keys.
import type { SinkTask, SinkTaskContext, TaskConfig, TopicPartition } from '../../api/connector.ts';
import { topicPartitionKey } from '../../api/connector.ts';
import { ConnectError } from '../../api/errors.ts';
import type { SinkRecord } from '../../api/record.ts';
import { parseS3SinkConfig, type S3SinkSettings } from './config.ts';
import type { StorageFormat } from './format/record-writer.ts';
import { createPartitioner } from './partition/partitioners.ts';
import type { ObjectStore } from './storage/s3-store.ts';
import { TopicPartitionWriter, type WriterContext } from './topic-partition-writer.ts';

export type ObjectStoreFactory = (settings: S3SinkSettings) => ObjectStore | Promise<ObjectStore>;

// The AWS SDK and the format libraries load when a task starts, not when the plugin registry is
// imported: a task function running other connectors never evaluates them.
const s3ObjectStore: ObjectStoreFactory = async (settings) =>
  new (await import('./storage/s3-store.ts')).S3ObjectStore(settings);

export async function formatFor(settings: S3SinkSettings): Promise<StorageFormat> {
  switch (settings.format) {
    case 'json':
      return (await import('./format/json-format.ts')).jsonFormat({
        decimalFormat: settings.decimalFormat,
        schemaCacheSize: settings.schemaCacheSize,
        compression: settings.compression,
      });
    case 'bytearray':
      return (await import('./format/bytearray-format.ts')).byteArrayFormat({
        extension: settings.byteArrayExtension,
        separator: settings.byteArraySeparator,
        compression: settings.compression,
      });
    case 'avro':
      return (await import('./format/avro-format.ts')).avroFormat(settings.avroCodec);
    case 'parquet':
      return (await import('./format/parquet-format.ts')).parquetFormat(settings.parquetCodec);
  }
}

export class S3SinkTask implements SinkTask {
  readonly #storeFactory: ObjectStoreFactory;
  readonly #clock: () => number;
  #settings: S3SinkSettings | undefined;
  #ctx: WriterContext | undefined;
  readonly #writers = new Map<string, TopicPartitionWriter>();
  /** Set by flush: the next preCommit waits for every upload in flight. */
  #waitForUploads = false;

  constructor(storeFactory: ObjectStoreFactory = s3ObjectStore, clock: () => number = Date.now) {
    this.#storeFactory = storeFactory;
    this.#clock = clock;
  }

  async start(props: TaskConfig, _context?: SinkTaskContext): Promise<void> {
    const settings = parseS3SinkConfig(props);
    const store = await this.#storeFactory(settings);
    try {
      await store.checkBucket();
    } catch (error) {
      store.close();
      throw error;
    }
    this.#settings = settings;
    this.#ctx = {
      settings,
      format: await formatFor(settings),
      partitioner: createPartitioner(settings.partitioner),
      store,
      uploads: [],
    };
  }

  open(partitions: readonly TopicPartition[]): void {
    for (const tp of partitions) this.#writer(tp.topic, tp.partition);
  }

  async put(records: readonly SinkRecord[]): Promise<void> {
    const settings = this.#settings!;
    const now = this.#clock();
    const byPartition = new Map<string, SinkRecord[]>();
    for (const record of records) {
      if (record.value === null || record.value === undefined) {
        if (settings.nullValues === 'ignore') continue;
        throw new ConnectError(
          "Null valued records are not writeable with current behavior.on.null.values 'settings.",
        );
      }
      const key = topicPartitionKey(record.topic, record.kafkaPartition);
      const batch = byPartition.get(key);
      if (batch) batch.push(record);
      else byPartition.set(key, [record]);
    }
    for (const batch of byPartition.values()) {
      await this.#writer(batch[0]!.topic, batch[0]!.kafkaPartition).write(batch, now);
    }
  }

  /**
   * Waits for the uploads in flight (the runtime calls it before a final commit). Open objects
   * are not cut early: that would make object boundaries depend on when an invocation ended.
   */
  async flush(): Promise<void> {
    this.#waitForUploads = true;
  }

  /** Per partition, the offset after the last object in S3; uploads in flight are not waited for. */
  async preCommit(offsets: ReadonlyMap<string, number>): Promise<ReadonlyMap<string, number>> {
    const now = this.#clock();
    const wait = this.#waitForUploads;
    this.#waitForUploads = false;
    const committable = new Map<string, number>();
    for (const [key, writer] of this.#writers) {
      if (!offsets.has(key)) continue;
      writer.commitOnTimeIfNoData(now);
      const offset = await writer.committable(wait);
      if (offset !== null) committable.set(key, offset);
    }
    return committable;
  }

  /** Open objects of these partitions are dropped: their records are read again by the next owner. */
  close(partitions: readonly TopicPartition[]): void {
    for (const tp of partitions) this.#writers.delete(topicPartitionKey(tp.topic, tp.partition));
  }

  async stop(): Promise<void> {
    const ctx = this.#ctx;
    this.#writers.clear();
    if (!ctx) return;
    // Uploads of an abandoned invocation may still be running; let them end before the client goes.
    await Promise.allSettled(ctx.uploads);
    ctx.store.close();
  }

  #writer(topic: string, partition: number): TopicPartitionWriter {
    const key = topicPartitionKey(topic, partition);
    let writer = this.#writers.get(key);
    if (!writer) {
      writer = new TopicPartitionWriter(topic, partition, this.#ctx!, this.#clock());
      this.#writers.set(key, writer);
    }
    return writer;
  }
}
