import { describe, expect, it } from 'vitest';
import type { Struct } from '../../../shared/api/schema.ts';
import { ValueToKey } from '../../../shared/transforms/value-to-key.ts';
import { configured, map, PERSON, person, sinkRecord } from './records.ts';

describe('ValueToKey', () => {
  it('builds a struct key from value fields', () => {
    const result = configured(new ValueToKey(), { fields: 'id,email' }).apply(
      sinkRecord({ key: 'old', valueSchema: PERSON, value: person(3, 'Ann', null) }),
    );
    expect(result.keySchema!.fields.map((f) => f.name)).toEqual(['id', 'email']);
    const key = result.key as Struct;
    expect(key.get('id')).toBe(3);
    expect(key.getWithoutDefault('email')).toBe('none@example.com');
  });

  it('keeps nulls as null when replace.null.with.default is false', () => {
    const result = configured(new ValueToKey(), {
      fields: 'email',
      'replace.null.with.default': false,
    }).apply(sinkRecord({ valueSchema: PERSON, value: person(3, 'Ann', null) }));
    expect((result.key as Struct).getWithoutDefault('email')).toBeNull();
  });

  it('builds a map key from a schemaless value, null for missing fields', () => {
    const result = configured(new ValueToKey(), { fields: 'a,zz' }).apply(
      sinkRecord({ value: map({ a: 5, b: 1 }) }),
    );
    expect(result.key).toEqual(map({ a: 5, zz: null }));
    expect(result.keySchema).toBeNull();
  });

  it('fails as Kafka does for a missing field and a non-map value', () => {
    expect(() =>
      configured(new ValueToKey(), { fields: 'nope' }).apply(
        sinkRecord({ valueSchema: PERSON, value: person(1, null) }),
      ),
    ).toThrow('Field does not exist: nope');
    expect(() => configured(new ValueToKey(), { fields: 'a' }).apply(sinkRecord({ value: null }))).toThrow(
      'Only Map objects supported in absence of schema for [copying fields from value to key], found: null',
    );
  });
});
