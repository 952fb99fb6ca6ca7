// partitioner.class: which "directory" (encoded partition) a record goes to, after Confluent's
// storage-common partitioners, with their class names, encodings and errors.
import { ConfigError, DataError } from '../../../api/errors.ts';
import type { SinkRecord } from '../../../api/record.ts';
import { Struct } from '../../../api/schema.ts';
import { type JodaFormatter, jodaPattern } from '../time/joda-pattern.ts';
import { localToUtc, type TimeZone, timeZoneForId, utcToLocal } from '../time/time-zone.ts';
import { nestedField, nestedFieldValue } from './nested-field.ts';
import { PartitionError } from './partition-error.ts';
import { type TimestampExtractor, timestampExtractorFor } from './timestamp-extractor.ts';

const PACKAGE = 'io.confluent.connect.storage.partitioner.';
export const PARTITIONER_CLASSES = [
  'DefaultPartitioner',
  'FieldPartitioner',
  'TimeBasedPartitioner',
  'DailyPartitioner',
  'HourlyPartitioner',
].map((name) => PACKAGE + name);

export interface Partitioner {
  /** The record's encoded partition, e.g. `partition=3` or `year=2024/month=05`. */
  encodePartition(record: SinkRecord, nowMs: number): string;
  /** `<topic><delim><encodedPartition>` */
  generatePartitionedPath(topic: string, encodedPartition: string): string;
  /** Present for time-based partitioners (rotate.interval.ms needs it). */
  readonly timestampExtractor?: TimestampExtractor;
}

export interface PartitionerSettings {
  readonly partitionerClass: string;
  readonly directoryDelim: string;
  readonly partitionFieldNames: readonly string[];
  readonly partitionDurationMs: number;
  readonly pathFormat: string;
  readonly locale: string;
  readonly timezone: string;
  readonly timestampExtractor: string;
  readonly timestampField: string;
}

/** The simple name of a built-in partitioner class (FQCN or simple name accepted), else undefined. */
export function partitionerKind(className: string): string | undefined {
  const simple = className.startsWith(PACKAGE) ? className.slice(PACKAGE.length) : className;
  return PARTITIONER_CLASSES.includes(PACKAGE + simple) ? simple : undefined;
}

export function createPartitioner(settings: PartitionerSettings): Partitioner {
  const delim = settings.directoryDelim;
  switch (partitionerKind(settings.partitionerClass)) {
    case 'DefaultPartitioner':
      return new DefaultPartitioner(delim);
    case 'FieldPartitioner':
      return new FieldPartitioner(delim, settings.partitionFieldNames);
    case 'TimeBasedPartitioner':
      return TimeBasedPartitioner.configure(settings, settings.partitionDurationMs, settings.pathFormat);
    case 'DailyPartitioner':
      return TimeBasedPartitioner.configure(
        settings,
        86_400_000,
        `'year'=YYYY${delim}'month'=MM${delim}'day'=dd`,
      );
    case 'HourlyPartitioner':
      return TimeBasedPartitioner.configure(
        settings,
        3_600_000,
        `'year'=YYYY${delim}'month'=MM${delim}'day'=dd${delim}'hour'=HH`,
      );
    default:
      throw new ConfigError(
        'partitioner.class',
        settings.partitionerClass,
        `Class ${settings.partitionerClass} could not be found. Available: ${PARTITIONER_CLASSES.join(', ')}`,
      );
  }
}

class DefaultPartitioner implements Partitioner {
  protected readonly delim: string;
  constructor(delim: string) {
    this.delim = delim;
  }
  encodePartition(record: SinkRecord, _nowMs?: number): string {
    return `partition=${record.kafkaPartition}`;
  }
  generatePartitionedPath(topic: string, encodedPartition: string): string {
    return topic + this.delim + encodedPartition;
  }
}

class FieldPartitioner extends DefaultPartitioner {
  readonly #fieldNames: readonly string[];
  constructor(delim: string, fieldNames: readonly string[]) {
    super(delim);
    this.#fieldNames = fieldNames;
  }

  override encodePartition(record: SinkRecord, _nowMs?: number): string {
    const value = record.value;
    if (!(value instanceof Struct)) throw new PartitionError('Error encoding partition.');
    const schema = record.valueSchema ?? value.schema;
    const parts: string[] = [];
    for (const fieldName of this.#fieldNames) {
      const field = nestedField(schema, fieldName);
      if (!field) throw new DataError(`Field '${fieldName}' is not present in the schema.`);
      let key: unknown;
      try {
        key = nestedFieldValue(value, fieldName);
      } catch (error) {
        if (!(error instanceof DataError)) throw error;
        key = null;
      }
      if (key === null || key === undefined) {
        parts.push(`${fieldName}=null`);
        continue;
      }
      switch (field.schema.type) {
        case 'INT8':
        case 'INT16':
        case 'INT32':
        case 'INT64':
        case 'STRING':
        case 'BOOLEAN':
          parts.push(`${fieldName}=${String(key)}`);
          break;
        default:
          throw new PartitionError('Error encoding partition.');
      }
    }
    return parts.join(this.delim);
  }
}

class TimeBasedPartitioner extends DefaultPartitioner {
  readonly timestampExtractor: TimestampExtractor;
  readonly #durationMs: number;
  readonly #formatter: JodaFormatter;
  readonly #zone: TimeZone;
  readonly #locale: string;
  /** The last bucket and its text: consecutive records mostly share one. */
  #lastBucket = Number.NaN;
  #lastText = '';

  static configure(
    settings: PartitionerSettings,
    durationMs: number,
    rawPathFormat: string,
  ): TimeBasedPartitioner {
    const delim = settings.directoryDelim;
    if (durationMs <= 0) {
      throw new ConfigError(
        'partition.duration.ms',
        durationMs,
        'Partition duration needs to be a positive.',
      );
    }
    let pathFormat = rawPathFormat;
    if (pathFormat.trim() === '' || pathFormat === delim) {
      throw new ConfigError('path.format', pathFormat, 'Path format cannot be empty.');
    }
    if (delim.trim() !== '' && pathFormat.endsWith(delim)) pathFormat = pathFormat.slice(0, -delim.length);
    if (settings.locale.trim() === '')
      throw new ConfigError('locale', settings.locale, 'Locale cannot be empty.');
    if (settings.timezone.trim() === '')
      throw new ConfigError('timezone', settings.timezone, 'Timezone cannot be empty.');
    let zone: TimeZone;
    try {
      zone = timeZoneForId(settings.timezone.trim());
    } catch (error) {
      throw new ConfigError('timezone', settings.timezone, (error as Error).message);
    }
    let formatter: JodaFormatter;
    try {
      formatter = jodaPattern(pathFormat);
    } catch (error) {
      throw new ConfigError('path.format', pathFormat, (error as Error).message);
    }
    const extractor = timestampExtractorFor(settings.timestampExtractor, settings.timestampField);
    return new TimeBasedPartitioner(delim, durationMs, formatter, zone, settings.locale, extractor);
  }

  private constructor(
    delim: string,
    durationMs: number,
    formatter: JodaFormatter,
    zone: TimeZone,
    locale: string,
    extractor: TimestampExtractor,
  ) {
    super(delim);
    this.#durationMs = durationMs;
    this.#formatter = formatter;
    this.#zone = zone;
    this.#locale = locale;
    this.timestampExtractor = extractor;
  }

  override encodePartition(record: SinkRecord, nowMs = Date.now()): string {
    const timestamp = this.timestampExtractor.extract(record, nowMs);
    if (timestamp === null || timestamp === undefined) {
      throw new PartitionError(
        `Unable to determine timestamp using timestamp.extractor for record: ${record.topic}-${record.kafkaPartition}@${record.kafkaOffset}`,
      );
    }
    return this.encodeTimestamp(timestamp);
  }

  encodeTimestamp(timestamp: number): string {
    const bucket = bucketOf(this.#durationMs, timestamp, this.#zone);
    if (bucket !== this.#lastBucket) {
      this.#lastText = this.#formatter.print(bucket, this.#zone, this.#locale);
      this.#lastBucket = bucket;
    }
    return this.#lastText;
  }
}

/** TimeBasedPartitioner.getPartition: floor in local time (Java's division truncates toward zero). */
export function bucketOf(durationMs: number, timestamp: number, zone: TimeZone): number {
  const local = utcToLocal(zone, timestamp);
  return localToUtc(zone, Math.trunc(local / durationMs) * durationMs);
}

/** Checks path.format the way TimeBasedPartitioner.configure does; null when it is fine. */
export function pathFormatProblem(pathFormat: string, delim: string): string | null {
  if (pathFormat.trim() === '' || pathFormat === delim) return 'Path format cannot be empty.';
  const trimmed =
    delim.trim() !== '' && pathFormat.endsWith(delim) ? pathFormat.slice(0, -delim.length) : pathFormat;
  try {
    jodaPattern(trimmed);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}
