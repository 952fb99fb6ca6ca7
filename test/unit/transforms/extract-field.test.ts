import { describe, expect, it } from 'vitest';
import { SchemaBuilder, Schemas, Struct } from '../../../shared/api/schema.ts';
import { ExtractFieldKey, ExtractFieldValue } from '../../../shared/transforms/extract-field.ts';
import { configured, map, PERSON, person, sinkRecord } from './records.ts';

describe('ExtractField', () => {
  it('replaces a struct with one field and its schema', () => {
    const result = configured(new ExtractFieldValue(), { field: 'name' }).apply(
      sinkRecord({ valueSchema: PERSON, value: person(1, 'Ann') }),
    );
    expect(result.value).toBe('Ann');
    expect(result.valueSchema).toBe(Schemas.OPTIONAL_STRING);
  });

  it('takes the field default unless replace.null.with.default is false', () => {
    const record = sinkRecord({ valueSchema: PERSON, value: person(1, 'Ann', null) });
    expect(configured(new ExtractFieldValue(), { field: 'email' }).apply(record).value).toBe(
      'none@example.com',
    );
    expect(
      configured(new ExtractFieldValue(), { field: 'email', 'replace.null.with.default': 'false' }).apply(
        record,
      ).value,
    ).toBeNull();
  });

  it('extracts from maps, null for a missing field, and passes null values through', () => {
    const transform = configured(new ExtractFieldValue(), { field: 'a' });
    expect(transform.apply(sinkRecord({ value: map({ a: 1 }) })).value).toBe(1);
    expect(transform.apply(sinkRecord({ value: map({ b: 1 }) })).value).toBeNull();
    expect(transform.apply(sinkRecord({ value: null })).value).toBeNull();
    const nullStruct = configured(new ExtractFieldValue(), { field: 'id' }).apply(
      sinkRecord({ valueSchema: PERSON, value: null }),
    );
    expect(nullStruct.value).toBeNull();
    expect(nullStruct.valueSchema).toBe(Schemas.INT32);
  });

  it('reaches nested fields with field.syntax.version=V2, and treats dots literally with V1', () => {
    const address = SchemaBuilder.struct().field('city', Schemas.STRING).build();
    const schema = SchemaBuilder.struct().field('address', address).field('a.b', Schemas.INT32).build();
    const value = new Struct(schema).put('address', new Struct(address).put('city', 'Oslo')).put('a.b', 4);
    const record = sinkRecord({ valueSchema: schema, value });
    expect(
      configured(new ExtractFieldValue(), { field: 'address.city', 'field.syntax.version': 'v2' }).apply(
        record,
      ).value,
    ).toBe('Oslo');
    expect(configured(new ExtractFieldValue(), { field: 'a.b' }).apply(record).value).toBe(4);
    expect(
      configured(new ExtractFieldValue(), { field: '`a.b`', 'field.syntax.version': 'V2' }).apply(record)
        .value,
    ).toBe(4);
    const nestedMap = sinkRecord({ value: map({ address: map({ city: 'Rome' }) }) });
    expect(
      configured(new ExtractFieldValue(), { field: 'address.city', 'field.syntax.version': 'V2' }).apply(
        nestedMap,
      ).value,
    ).toBe('Rome');
  });

  it('fails as Kafka does for unknown fields and wrong shapes', () => {
    const schema = SchemaBuilder.struct().field('a', Schemas.INT32).build();
    expect(() =>
      configured(new ExtractFieldValue(), { field: 'x' }).apply(
        sinkRecord({ valueSchema: schema, value: null }),
      ),
    ).toThrow('Unknown field: x');
    expect(() =>
      configured(new ExtractFieldValue(), { field: 'a' }).apply(sinkRecord({ value: 'text' })),
    ).toThrow(
      'Only Map objects supported in absence of schema for [field extraction], found: java.lang.String',
    );
    expect(() => new ExtractFieldValue().configure({ field: 'a', 'field.syntax.version': 'V3' })).toThrow(
      'Invalid value V3 for configuration field.syntax.version: String must be one of (case insensitive): V1, V2',
    );
  });

  it('extracts from the key with ExtractField$Key', () => {
    const result = configured(new ExtractFieldKey(), { field: 'id' }).apply(
      sinkRecord({ key: map({ id: 9 }), value: map({ id: 1 }) }),
    );
    expect(result.key).toBe(9);
    expect(result.value).toEqual(map({ id: 1 }));
  });
});
