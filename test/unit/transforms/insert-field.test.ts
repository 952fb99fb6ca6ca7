import { describe, expect, it } from 'vitest';
import type { SourceRecord } from '../../../shared/api/record.ts';
import { Schemas, type Struct } from '../../../shared/api/schema.ts';
import { InsertFieldKey, InsertFieldValue } from '../../../shared/transforms/insert-field.ts';
import { configured, map, PERSON, person, sinkRecord } from './records.ts';

const ALL = {
  'topic.field': 'topic!',
  'partition.field': 'partition',
  'offset.field': 'offset?',
  'timestamp.field': 'ts',
  'static.field': 'origin',
  'static.value': 'eu',
};

describe('InsertField', () => {
  it('adds record metadata to a struct, with ! making a field required and ? or nothing optional', () => {
    const transform = configured(new InsertFieldValue(), ALL);
    const result = transform.apply(sinkRecord({ valueSchema: PERSON, value: person(1, 'Ann') }));
    const schema = result.valueSchema!;
    expect(schema.name).toBe('person');
    expect(schema.field('topic')?.schema).toBe(Schemas.STRING);
    expect(schema.field('partition')?.schema).toBe(Schemas.OPTIONAL_INT32);
    expect(schema.field('offset')?.schema).toBe(Schemas.OPTIONAL_INT64);
    expect(schema.field('ts')?.schema.name).toBe('org.apache.kafka.connect.data.Timestamp');
    const value = result.value as Struct;
    expect(value.get('id')).toBe(1);
    expect(value.get('topic')).toBe('orders');
    expect(value.get('partition')).toBe(3);
    expect(value.get('offset')).toBe(42);
    expect(value.get('ts')).toEqual(new Date(1_700_000_000_000));
    expect(value.get('origin')).toBe('eu');
    expect(transform.apply(sinkRecord({ valueSchema: PERSON, value: person(2, null) })).valueSchema).toBe(
      schema,
    );
  });

  it('adds to a schemaless map, the timestamp as a number, skipping a missing timestamp', () => {
    const transform = configured(new InsertFieldValue(), ALL);
    const result = transform.apply(sinkRecord({ value: map({ id: 1 }) }));
    expect(result.value).toEqual(
      map({ id: 1, topic: 'orders', partition: 3, offset: 42, ts: 1_700_000_000_000, origin: 'eu' }),
    );
    const untimed = transform.apply(sinkRecord({ value: map({ id: 1 }), timestamp: null }));
    expect((untimed.value as Map<string, unknown>).has('ts')).toBe(false);
  });

  it('passes tombstones through unchanged', () => {
    const tombstone = sinkRecord({ value: null });
    expect(configured(new InsertFieldValue(), ALL).apply(tombstone)).toBe(tombstone);
  });

  it('keeps null fields as null or takes their default, per replace.null.with.default', () => {
    const value = person(1, 'Ann', null);
    const withDefault = configured(new InsertFieldValue(), { 'topic.field': 't' });
    expect((withDefault.apply(sinkRecord({ valueSchema: PERSON, value })).value as Struct).get('email')).toBe(
      'none@example.com',
    );
    const withoutDefault = configured(new InsertFieldValue(), {
      'topic.field': 't',
      'replace.null.with.default': false,
    });
    const out = withoutDefault.apply(sinkRecord({ valueSchema: PERSON, value })).value as Struct;
    expect(out.getWithoutDefault('email')).toBeNull();
  });

  it('inserts into the key with InsertField$Key', () => {
    const result = configured(new InsertFieldKey(), { 'partition.field': 'p' }).apply(
      sinkRecord({ key: map({ k: 1 }), value: 'v' }),
    );
    expect(result.key).toEqual(map({ k: 1, p: 3 }));
    expect(result.value).toBe('v');
  });

  it('needs a sink record for the offset field, as Kafka does', () => {
    const source: SourceRecord = {
      topic: 't',
      kafkaPartition: null,
      keySchema: null,
      key: null,
      valueSchema: null,
      value: map({}),
      timestamp: null,
      headers: sinkRecord().headers,
      sourcePartition: null,
      sourceOffset: null,
    };
    expect(() => configured(new InsertFieldValue(), { 'offset.field': 'o' }).apply(source)).toThrow(
      'Only SinkRecord supported for [field insertion], found: org.apache.kafka.connect.source.SourceRecord',
    );
  });

  it("refuses configs that insert nothing, with Kafka's messages", () => {
    expect(() => new InsertFieldValue().configure({})).toThrow('No field insertion configured');
    expect(() => new InsertFieldValue().configure({ 'static.field': 's' })).toThrow(
      'Invalid value null for configuration static.value: No value specified for static field: s',
    );
  });

  it('requires a map or struct', () => {
    expect(() => configured(new InsertFieldValue(), ALL).apply(sinkRecord({ value: 5 }))).toThrow(
      'Only Map objects supported in absence of schema for [field insertion], found: java.lang.Long',
    );
  });
});
