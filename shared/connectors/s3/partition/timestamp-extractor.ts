// timestamp.extractor: where a time-based partitioner takes a record's time from. Record and
// RecordField are functions of the record (deterministic on replay); Wallclock is the time of
// processing, which makes object boundaries differ between a first run and a replay.
import { ConfigError } from '../../../api/errors.ts';
import type { SinkRecord } from '../../../api/record.ts';
import { LogicalTypeNames, Struct } from '../../../api/schema.ts';
import { nestedField, nestedFieldValue } from './nested-field.ts';
import { PartitionError } from './partition-error.ts';

export interface TimestampExtractor {
  /** Whether the result depends only on the record (exactly once needs it). */
  readonly deterministic: boolean;
  extract(record: SinkRecord, nowMs: number): number | null;
}

const NUMERIC_TIMESTAMP = /^-?[0-9]{1,19}$/;
const PREFIX = 'io.confluent.connect.storage.partitioner.TimeBasedPartitioner$';

export const wallclockExtractor: TimestampExtractor = {
  deterministic: false,
  extract: (_record, nowMs) => nowMs,
};

export const recordExtractor: TimestampExtractor = {
  deterministic: true,
  extract: (record) => record.timestamp,
};

export function recordFieldExtractor(fieldName: string): TimestampExtractor {
  return {
    deterministic: true,
    extract(record) {
      const value = record.value;
      if (value instanceof Struct) {
        const timestamp = nestedFieldValue(value, fieldName);
        const field = nestedField(record.valueSchema ?? value.schema, fieldName);
        if (field?.schema.name === LogicalTypeNames.TIMESTAMP) return (timestamp as Date).getTime();
        switch (field?.schema.type) {
          case 'INT32':
          case 'INT64':
            return Number(timestamp);
          case 'STRING':
            return fromString(timestamp as string);
          default:
            throw new PartitionError(`Error extracting timestamp from record field: ${fieldName}`);
        }
      }
      if (value instanceof Map) {
        const timestamp = nestedFieldValue(value, fieldName);
        if (typeof timestamp === 'number' || typeof timestamp === 'bigint') return Number(timestamp);
        if (typeof timestamp === 'string') return fromString(timestamp);
        if (timestamp instanceof Date) return timestamp.getTime();
        throw new PartitionError(`Error extracting timestamp from record field: ${fieldName}`);
      }
      throw new PartitionError('Error encoding partition.');
    },
  };
}

/** Epoch milliseconds as digits, else ISO-8601 (Joda's ISODateTimeFormat.dateTimeParser). */
function fromString(text: string): number {
  if (NUMERIC_TIMESTAMP.test(text)) {
    const n = Number(text);
    if (Number.isSafeInteger(n)) return n;
  }
  const millis = parseIsoDateTime(text);
  if (millis === null) throw new PartitionError(`Invalid format: "${text}"`);
  return millis;
}

const ISO =
  /^([+-]?\d{4,9})(?:-(\d{2})(?:-(\d{2}))?)?(?:T(\d{2})(?::?(\d{2})(?::?(\d{2})(?:[.,](\d{1,9}))?)?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

function parseIsoDateTime(text: string): number | null {
  const m = ISO.exec(text);
  if (!m) return null;
  const [, y, mo = '1', d = '1', h = '0', mi = '0', s = '0', frac = '0', zone] = m;
  const date = new Date(Date.UTC(2000, Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
  date.setUTCFullYear(Number(y));
  let millis = date.getTime() + Number(frac.padEnd(3, '0').slice(0, 3));
  if (zone && zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    millis -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0')) * 60_000;
  }
  return Number.isNaN(millis) ? null : millis;
}

/** TimeBasedPartitioner.newTimestampExtractor: the short names or their full class names. */
export function timestampExtractorFor(name: string, timestampField: string): TimestampExtractor {
  const simple = name.startsWith(PREFIX)
    ? name.slice(PREFIX.length).replace(/TimestampExtractor$/, '')
    : name;
  switch (simple) {
    case 'Wallclock':
      return wallclockExtractor;
    case 'Record':
      return recordExtractor;
    case 'RecordField':
      return recordFieldExtractor(timestampField);
    default:
      throw new ConfigError(
        'timestamp.extractor',
        name,
        'Invalid timestamp extractor: only Wallclock, Record and RecordField are available',
      );
  }
}
