import { describe, expect, it } from 'vitest';
import { LogicalTypeNames, SchemaBuilder, Schemas, Struct } from '../../../shared/api/schema.ts';
import { TIMESTAMP_SCHEMA } from '../../../shared/api/values/logical-schemas.ts';
import {
  TimestampConverterKey,
  TimestampConverterValue,
} from '../../../shared/transforms/timestamp-converter.ts';
import { configured, map, sinkRecord } from './records.ts';

// Expected values and messages were produced by Kafka 4.1's TimestampConverter$Value.
const MOMENT = 1705314600123; // 2024-01-15T10:30:00.123Z

describe('TimestampConverter', () => {
  it('parses strings with a SimpleDateFormat pattern into unix milliseconds', () => {
    const result = configured(new TimestampConverterValue(), {
      'target.type': 'unix',
      format: 'yyyy-MM-dd HH:mm',
    }).apply(sinkRecord({ valueSchema: Schemas.STRING, value: '2024-01-15 10:30' }));
    expect(result.value).toBe(1705314600000);
    expect(result.valueSchema).toBe(Schemas.INT64);
  });

  it('formats unix seconds as a string', () => {
    const result = configured(new TimestampConverterValue(), {
      'target.type': 'string',
      format: 'yyyy-MM-dd HH:mm',
      'unix.precision': 'seconds',
    }).apply(sinkRecord({ value: 1705314600 }));
    expect(result.value).toBe('2024-01-15 10:30');
  });

  it('truncates to Date and Time logical types in UTC', () => {
    const date = configured(new TimestampConverterValue(), { 'target.type': 'Date' }).apply(
      sinkRecord({ valueSchema: TIMESTAMP_SCHEMA, value: new Date(MOMENT) }),
    );
    expect(date.value).toEqual(new Date(Date.UTC(2024, 0, 15)));
    expect(date.valueSchema?.name).toBe(LogicalTypeNames.DATE);
    const time = configured(new TimestampConverterValue(), { 'target.type': 'Time' }).apply(
      sinkRecord({ valueSchema: TIMESTAMP_SCHEMA, value: new Date(MOMENT) }),
    );
    expect(time.value).toEqual(new Date(Date.UTC(1970, 0, 1, 10, 30, 0, 123)));
    expect(time.valueSchema?.name).toBe(LogicalTypeNames.TIME);
  });

  it('writes unix time in the configured precision', () => {
    const transform = configured(new TimestampConverterValue(), {
      'target.type': 'unix',
      'unix.precision': 'microseconds',
    });
    expect(transform.apply(sinkRecord({ value: new Date(MOMENT) })).value).toBe(1705314600123000);
    const nanos = configured(new TimestampConverterValue(), {
      'target.type': 'unix',
      'unix.precision': 'nanoseconds',
    });
    expect(nanos.apply(sinkRecord({ value: new Date(MOMENT) })).value).toBe(1705314600123000000n);
  });

  it('converts one field of a struct, keeping its optionality', () => {
    const schema = SchemaBuilder.struct()
      .field('id', Schemas.INT32)
      .field('at', Schemas.OPTIONAL_INT64)
      .build();
    const transform = configured(new TimestampConverterValue(), { field: 'at', 'target.type': 'Timestamp' });
    const result = transform.apply(
      sinkRecord({ valueSchema: schema, value: new Struct(schema).put('id', 1).put('at', MOMENT) }),
    );
    expect(result.valueSchema?.field('at')?.schema.name).toBe(LogicalTypeNames.TIMESTAMP);
    expect(result.valueSchema?.field('at')?.schema.optional).toBe(true);
    expect((result.value as Struct).get('at')).toEqual(new Date(MOMENT));
    expect((result.value as Struct).get('id')).toBe(1);
    const missing = transform.apply(
      sinkRecord({ valueSchema: schema, value: new Struct(schema).put('id', 2) }),
    );
    expect((missing.value as Struct).get('at')).toBeNull();
  });

  it('converts one field of a map and passes null values through', () => {
    const transform = configured(new TimestampConverterValue(), { field: 'at', 'target.type': 'Timestamp' });
    expect(transform.apply(sinkRecord({ value: map({ at: MOMENT, x: 1 }) })).value).toEqual(
      map({ at: new Date(MOMENT), x: 1 }),
    );
    expect(transform.apply(sinkRecord({ value: null })).value).toBeNull();
  });

  it("fails with Kafka's messages", () => {
    const apply =
      (configs: Record<string, unknown>, record = sinkRecord({ value: 1.5 })) =>
      () =>
        configured(new TimestampConverterValue(), configs).apply(record);
    expect(apply({ 'target.type': 'unix' })).toThrow(
      'TimestampConverter does not support class java.lang.Double objects as timestamps',
    );
    expect(apply({ 'target.type': 'unix' }, sinkRecord({ valueSchema: Schemas.INT32, value: 5 }))).toThrow(
      'Schema Schema{INT32} does not correspond to a known timestamp type format',
    );
    expect(apply({ 'target.type': 'unix', format: 'yyyy' }, sinkRecord({ value: 'abc' }))).toThrow(
      'Could not parse timestamp: value (abc) does not match pattern (yyyy)',
    );
    expect(apply({ 'target.type': 'string' })).toThrow(
      'TimestampConverter requires format option to be specified when using string timestamps',
    );
    expect(apply({ 'target.type': 'string', format: 'yyyy-bb' })).toThrow(
      "Invalid value java.lang.IllegalArgumentException: Illegal pattern character 'b' for configuration TimestampConverter requires a SimpleDateFormat-compatible pattern for string timestamps: yyyy-bb",
    );
    expect(apply({ 'target.type': 'date' })).toThrow(
      'Invalid value date for configuration target.type: String must be one of: string, unix, Date, Time, Timestamp',
    );
  });

  it('converts the key with TimestampConverter$Key', () => {
    const result = configured(new TimestampConverterKey(), { 'target.type': 'Timestamp' }).apply(
      sinkRecord({ key: MOMENT, value: MOMENT }),
    );
    expect(result.key).toEqual(new Date(MOMENT));
    expect(result.value).toBe(MOMENT);
  });
});
