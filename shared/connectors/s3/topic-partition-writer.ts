// The records of one Kafka partition on their way into objects, with the rotation rules of
// Confluent's TopicPartitionWriter, so the same records are cut into the same objects under the
// same keys on every run:
//  - records go to one open object per encoded partition; `flush.size` counts them all;
//  - before a record is written, the open objects are committed when it changes tombstone-ness,
//    when rotate.interval.ms has passed on the extractor's clock (or the encoded partition
//    changed, with rotate.file.on.partition.change), at a scheduled rotation, or when its schema
//    differs (schema.compatibility=NONE); after it is written, when flush.size is reached;
//  - committing uploads every open object and makes the offset after the last record committable.
// Uploads run in the background; `committable()` waits for them, so an offset is only reported
// once every object before it is in S3.
import type { SinkRecord } from '../../api/record.ts';
import { type Schema, schemasEqual } from '../../api/schema.ts';
import type { S3SinkSettings } from './config.ts';
import type { RecordWriter, StorageFormat } from './format/record-writer.ts';
import type { Partitioner } from './partition/partitioners.ts';
import { nextScheduledRotation } from './scheduled-rotation.ts';
import type { ObjectStore } from './storage/s3-store.ts';

interface OpenObject {
  readonly key: string;
  readonly writer: RecordWriter;
  readonly startOffset: number;
  endOffset: number;
  count: number;
}

/** Background uploads per task beyond which put() waits for the oldest. */
const MAX_PENDING_UPLOADS = 16;

export interface WriterContext {
  readonly settings: S3SinkSettings;
  readonly format: StorageFormat;
  readonly partitioner: Partitioner;
  readonly store: ObjectStore;
  /** Uploads in flight across the task, oldest first (shared for back-pressure). */
  readonly uploads: Promise<void>[];
}

export class TopicPartitionWriter {
  readonly #topic: string;
  readonly #partition: number;
  readonly #ctx: WriterContext;
  /** Open objects by encoded partition, in the order they were opened. */
  readonly #open = new Map<string, OpenObject>();
  readonly #schemas = new Map<string, Schema | null>();
  #recordCount = 0;
  #baseTimestamp: number | null = null;
  #currentTimestamp: number | null = null;
  #currentEncodedPartition: string | null = null;
  #currentOffset = -1;
  /** The next offset once the uploads started so far have finished. */
  #offsetToCommit: number | null = null;
  #pending: Promise<void>[] = [];
  #nextScheduledRotation = Number.POSITIVE_INFINITY;

  constructor(topic: string, partition: number, ctx: WriterContext, now = Date.now()) {
    this.#topic = topic;
    this.#partition = partition;
    this.#ctx = ctx;
    this.#scheduleNext(now);
  }

  /** Buffers and rotates; awaits only when too many uploads are in flight. */
  async write(records: readonly SinkRecord[], now: number): Promise<void> {
    const { settings } = this.#ctx;
    if (this.#recordCount === 0 && now >= this.#nextScheduledRotation) this.#scheduleNext(now);
    for (const record of records) {
      // A rotation commits the open objects and looks at the same record again, as Confluent's
      // state machine does (its timestamp becomes the new base).
      while (this.#rotateBefore(record, now)) this.#commit(now);
      this.#append(record);
      if (this.#recordCount >= settings.flushSize) this.#commit(now);
      const uploads = this.#ctx.uploads;
      if (uploads.length > MAX_PENDING_UPLOADS) await uploads.shift();
    }
    this.commitOnTimeIfNoData(now);
  }

  /** A scheduled rotation that fell due while no record came (Confluent's commitOnTimeIfNoData). */
  commitOnTimeIfNoData(now: number): void {
    if (
      this.#recordCount > 0 &&
      this.#currentEncodedPartition !== null &&
      this.#rotateOnTime(this.#currentEncodedPartition, this.#currentTimestamp, now)
    )
      this.#commit(now);
  }

  /** The offset to commit once every started upload has completed; null when nothing new. */
  async committable(): Promise<number | null> {
    const pending = this.#pending;
    this.#pending = [];
    await Promise.all(pending);
    const offset = this.#offsetToCommit;
    this.#offsetToCommit = null;
    return offset;
  }

  /** Offsets of records held in open objects (not yet uploaded), if any. */
  get hasOpenObjects(): boolean {
    return this.#recordCount > 0;
  }

  /** Whether the open objects must be committed before `record`; otherwise notes its encoded partition. */
  #rotateBefore(record: SinkRecord, now: number): boolean {
    const extractor = this.#ctx.partitioner.timestampExtractor;
    if (extractor) {
      this.#currentTimestamp = extractor.extract(record, now);
      this.#baseTimestamp ??= this.#currentTimestamp;
    }
    const encoded = this.#ctx.partitioner.encodePartition(record, now);
    const valueSchema = record.valueSchema;
    let current = this.#schemas.get(encoded) ?? null;
    // A tombstone (no schema) after a record with one, or the other way round.
    const nullFlip = this.#schemas.has(encoded) && (current === null) !== (valueSchema === null);
    if (current === null || valueSchema === null) {
      this.#schemas.set(encoded, valueSchema);
      current = valueSchema;
    }
    if (nullFlip || this.#rotateOnTime(encoded, this.#currentTimestamp, now)) return true;
    if (this.#recordCount > 0 && current !== valueSchema && !schemasEqual(current, valueSchema)) {
      this.#schemas.set(encoded, valueSchema);
      return true;
    }
    this.#encoded = encoded;
    return false;
  }

  /** The encoded partition of the record #rotateBefore looked at last. */
  #encoded = '';

  #append(record: SinkRecord): void {
    const encoded = this.#encoded;
    let open = this.#open.get(encoded);
    if (!open) {
      const key = this.#objectKey(encoded, record.kafkaOffset);
      open = {
        key,
        writer: this.#ctx.format.createWriter(key),
        startOffset: record.kafkaOffset,
        endOffset: 0,
        count: 0,
      };
      this.#open.set(encoded, open);
    }
    open.writer.write(record);
    open.endOffset = record.kafkaOffset;
    open.count++;
    this.#currentEncodedPartition = encoded;
    this.#currentOffset = record.kafkaOffset;
    this.#recordCount++;
  }

  #rotateOnTime(encoded: string, timestamp: number | null, now: number): boolean {
    if (this.#recordCount <= 0) return false;
    const { rotateIntervalMs, rotateOnPartitionChange } = this.#ctx.settings;
    const periodic =
      rotateIntervalMs > 0 &&
      this.#ctx.partitioner.timestampExtractor !== undefined &&
      ((this.#baseTimestamp !== null &&
        timestamp !== null &&
        timestamp - this.#baseTimestamp >= rotateIntervalMs) ||
        (rotateOnPartitionChange && encoded !== this.#currentEncodedPartition));
    return periodic || now >= this.#nextScheduledRotation;
  }

  /** Confluent's commitFiles: upload every open object; the next offset becomes committable. */
  #commit(now: number): void {
    if (this.#ctx.settings.rotateScheduleIntervalMs > 0 && now >= this.#nextScheduledRotation)
      this.#scheduleNext(now);
    for (const open of this.#open.values()) {
      const upload = this.#upload(open);
      // Failures surface through committable(); keep them from being reported as unhandled here.
      upload.catch(() => {});
      this.#pending.push(upload);
      this.#ctx.uploads.push(upload.catch(() => {}));
    }
    this.#open.clear();
    this.#schemas.clear();
    this.#offsetToCommit = this.#currentOffset + 1;
    this.#recordCount = 0;
    this.#baseTimestamp = null;
  }

  async #upload(open: OpenObject): Promise<void> {
    const { store, settings } = this.#ctx;
    const body = await open.writer.finish();
    const tags = settings.tagging.enabled
      ? {
          startOffset: String(open.startOffset),
          endOffset: String(open.endOffset),
          recordCount: String(open.count),
          ...Object.fromEntries(settings.tagging.extra),
        }
      : undefined;
    await store.put({ key: open.key, body, ...(tags ? { tags } : {}) });
  }

  #scheduleNext(now: number): void {
    const { rotateScheduleIntervalMs, partitioner } = this.#ctx.settings;
    this.#nextScheduledRotation =
      rotateScheduleIntervalMs > 0
        ? nextScheduledRotation(now, rotateScheduleIntervalMs, partitioner.timezone)
        : Number.POSITIVE_INFINITY;
  }

  /** `[<topics.dir><dd>]<topic><dd><encoded><dd><topic><fd><partition><fd><start, zero-padded><ext>` */
  #objectKey(encoded: string, startOffset: number): string {
    const { topicsDir, directoryDelim: dd, fileDelim: fd, zeroPadWidth } = this.#ctx.settings;
    const name = `${this.#topic}${fd}${this.#partition}${fd}${String(startOffset).padStart(zeroPadWidth, '0')}${this.#ctx.format.extension}`;
    const suffix = this.#ctx.partitioner.generatePartitionedPath(this.#topic, encoded) + dd + name;
    return topicsDir.trim() !== '' ? topicsDir + dd + suffix : suffix;
  }
}
