import { describe, expect, it } from 'vitest';
import type { Struct } from '../../../shared/api/schema.ts';
import { ReplaceFieldKey, ReplaceFieldValue } from '../../../shared/transforms/replace-field.ts';
import { configured, map, PERSON, person, sinkRecord } from './records.ts';

describe('ReplaceField', () => {
  it('excludes, includes and renames struct fields, exclude taking precedence', () => {
    const transform = configured(new ReplaceFieldValue(), {
      include: 'id,name,email',
      exclude: 'email',
      renames: 'id:person_id,name:full_name',
    });
    const result = transform.apply(sinkRecord({ valueSchema: PERSON, value: person(7, 'Ann', 'a@x') }));
    expect(result.valueSchema!.fields.map((f) => f.name)).toEqual(['person_id', 'full_name']);
    expect(result.valueSchema!.name).toBe('person');
    const value = result.value as Struct;
    expect(value.get('person_id')).toBe(7);
    expect(value.get('full_name')).toBe('Ann');
  });

  it('works on schemaless maps and passes tombstones through', () => {
    const transform = configured(new ReplaceFieldValue(), { exclude: 'b', renames: 'a:x' });
    expect(transform.apply(sinkRecord({ value: map({ a: 1, b: 2, c: 3 }) })).value).toEqual(
      map({ x: 1, c: 3 }),
    );
    const tombstone = sinkRecord();
    expect(transform.apply(tombstone)).toBe(tombstone);
  });

  it('rewrites the key with ReplaceField$Key', () => {
    const result = configured(new ReplaceFieldKey(), { include: 'a' }).apply(
      sinkRecord({ key: map({ a: 1, b: 2 }), value: map({ a: 1, b: 2 }) }),
    );
    expect(result.key).toEqual(map({ a: 1 }));
    expect(result.value).toEqual(map({ a: 1, b: 2 }));
  });

  it("refuses rename mappings that are not old:new, with Kafka's message", () => {
    expect(() => new ReplaceFieldValue().configure({ renames: 'a' })).toThrow(
      'Invalid value [a] for configuration renames: Invalid rename mapping: a',
    );
    expect(() => new ReplaceFieldValue().configure({ renames: 'a:b,c:d:e' })).toThrow(
      'Invalid value [a:b, c:d:e] for configuration renames: Invalid rename mapping: c:d:e',
    );
  });
});
