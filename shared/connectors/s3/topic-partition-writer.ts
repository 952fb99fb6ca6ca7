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
  readonly encoded: string;
  readonly key: string;
  readonly writer: RecordWriter;
  readonly startOffset: number;
  endOffset: number;
  count: number;
  /** Kept only with conditional writes: what to write again if the key turns out to be taken. */
  readonly records: SinkRecord[] | null;
}

/** One rotation: its objects' uploads and the offset that becomes committable once they are in S3. */
interface PendingCommit {
  readonly offset: number;
  readonly settled: Promise<void>;
  done: boolean;
  error?: unknown;
}

/** User metadata on every object: the offset of its last record, which a later run may need. */
const END_OFFSET = 'end-offset';

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
  /** Commits whose uploads are in flight or not yet reported, oldest first. */
  readonly #commits: PendingCommit[] = [];
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

  /**
   * The offset after the last commit whose objects (and every earlier commit's) are all uploaded;
   * null when none completed since the last call. Throws the first failed upload. Does not wait
   * for uploads in flight unless `wait`, so the batch loop keeps reading while they travel.
   */
  async committable(wait = false): Promise<number | null> {
    if (wait) await Promise.allSettled(this.#commits.map((c) => c.settled));
    let offset: number | null = null;
    while (this.#commits.length > 0 && this.#commits[0]!.done) {
      const commit = this.#commits.shift()!;
      if (commit.error !== undefined) throw commit.error;
      offset = commit.offset;
    }
    return offset;
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
      open = this.#openObject(encoded, record.kafkaOffset);
      this.#open.set(encoded, open);
    }
    open.writer.write(record);
    open.records?.push(record);
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
    const uploads: Promise<void>[] = [];
    for (const open of this.#open.values()) {
      const upload = this.#upload(open);
      uploads.push(upload);
      this.#ctx.uploads.push(upload.catch(() => {}));
    }
    const commit: PendingCommit = {
      offset: this.#currentOffset + 1,
      done: false,
      settled: Promise.all(uploads).then(
        () => {
          commit.done = true;
        },
        (error: unknown) => {
          commit.error = error;
          commit.done = true;
        },
      ),
    };
    this.#commits.push(commit);
    this.#open.clear();
    this.#schemas.clear();
    this.#recordCount = 0;
    this.#baseTimestamp = null;
  }

  #openObject(encoded: string, startOffset: number): OpenObject {
    const key = this.#objectKey(encoded, startOffset);
    return {
      encoded,
      key,
      writer: this.#ctx.format.createWriter(key),
      startOffset,
      endOffset: 0,
      count: 0,
      records: this.#ctx.settings.conditionalWrites ? [] : null,
    };
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
    const metadata = { [END_OFFSET]: String(open.endOffset) };
    const outcome = await store.put({ key: open.key, body, metadata, ...(tags ? { tags } : {}) });
    if (outcome === 'written' || open.records === null) return;
    // Conditional writes (scheduled rotation): an earlier run already wrote an object starting at
    // this offset, cut at another time. Whatever of ours it does not hold goes into the object that
    // starts right after it, so nothing is lost and nothing already in S3 is replaced.
    const existingEnd = await store.endOffset(open.key);
    const rest = open.records.filter((r) => r.kafkaOffset > (existingEnd ?? open.startOffset));
    if (rest.length === 0) return;
    const next = this.#openObject(open.encoded, rest[0]!.kafkaOffset);
    for (const record of rest) {
      next.writer.write(record);
      next.records!.push(record);
      next.endOffset = record.kafkaOffset;
      next.count++;
    }
    await this.#upload(next);
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
