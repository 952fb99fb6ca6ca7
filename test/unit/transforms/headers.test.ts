import { describe, expect, it } from 'vitest';
import { Headers } from '../../../shared/api/headers.ts';
import { Schemas, type Struct } from '../../../shared/api/schema.ts';
import { DropHeaders } from '../../../shared/transforms/drop-headers.ts';
import { HeaderFromKey, HeaderFromValue } from '../../../shared/transforms/header-from.ts';
import { InsertHeader } from '../../../shared/transforms/insert-header.ts';
import { configured, map, PERSON, person, sinkRecord } from './records.ts';

const headers = (...entries: [string, unknown][]) => {
  const h = new Headers();
  for (const [key, value] of entries) h.add(key, value, Schemas.STRING);
  return h;
};

describe('InsertHeader', () => {
  it('adds a header parsed as Values.parseString reads the literal, leaving the input alone', () => {
    const original = sinkRecord({ headers: headers(['a', 'x']) });
    const result = configured(new InsertHeader(), { header: 'h', 'value.literal': '42' }).apply(original);
    const added = result.headers.lastWithName('h');
    expect(added?.value).toBe(42);
    expect(added?.schema).toBe(Schemas.INT8);
    expect(result.headers.size).toBe(2);
    expect(original.headers.size).toBe(1);
    const text = configured(new InsertHeader(), { header: 'h', 'value.literal': 'hello' }).apply(original);
    expect(text.headers.lastWithName('h')).toEqual({ key: 'h', value: 'hello', schema: Schemas.STRING });
  });
});

describe('DropHeaders', () => {
  it('removes every header with a listed name', () => {
    const original = sinkRecord({ headers: headers(['a', 1], ['b', 2], ['a', 3], ['c', 4]) });
    const result = configured(new DropHeaders(), { headers: 'a,c' }).apply(original);
    expect(result.headers.toArray().map((h) => h.key)).toEqual(['b']);
    expect(original.headers.size).toBe(4);
    expect(() => new DropHeaders().configure({ headers: '' })).toThrow(
      'Invalid value [] for configuration headers: Empty list',
    );
  });
});

describe('HeaderFrom', () => {
  it('copies struct fields into headers with their schemas', () => {
    const result = configured(new HeaderFromValue(), {
      fields: 'id,name',
      headers: 'h_id,h_name',
      operation: 'copy',
    }).apply(sinkRecord({ valueSchema: PERSON, value: person(4, 'Ann') }));
    expect(result.headers.lastWithName('h_id')).toEqual({ key: 'h_id', value: 4, schema: Schemas.INT32 });
    expect(result.headers.lastWithName('h_name')?.value).toBe('Ann');
    expect(result.valueSchema).toBe(PERSON);
  });

  it('moves struct fields out of the value', () => {
    const result = configured(new HeaderFromValue(), {
      fields: 'email',
      headers: 'mail',
      operation: 'move',
    }).apply(sinkRecord({ valueSchema: PERSON, value: person(4, 'Ann', null) }));
    expect(result.valueSchema!.fields.map((f) => f.name)).toEqual(['id', 'name']);
    expect((result.value as Struct).get('name')).toBe('Ann');
    expect(result.headers.lastWithName('mail')?.value).toBe('none@example.com');
  });

  it('moves map entries, missing ones as null headers, from the key with HeaderFrom$Key', () => {
    const result = configured(new HeaderFromKey(), {
      fields: 'a,zz',
      headers: 'ha,hz',
      operation: 'move',
    }).apply(sinkRecord({ key: map({ a: 1, b: 2 }), value: 'v' }));
    expect(result.key).toEqual(map({ b: 2 }));
    expect(result.headers.lastWithName('ha')).toEqual({ key: 'ha', value: 1, schema: null });
    expect(result.headers.lastWithName('hz')?.value).toBeNull();
    expect(result.value).toBe('v');
  });

  it('fails as Kafka does on tombstones and mismatched lists', () => {
    expect(() =>
      configured(new HeaderFromValue(), { fields: 'a', headers: 'h', operation: 'move' }).apply(sinkRecord()),
    ).toThrow('Only Map objects supported in absence of schema for [header move], found: null');
    expect(() => new HeaderFromValue().configure({ fields: 'a,b', headers: 'h', operation: 'copy' })).toThrow(
      "'fields' config must have the same number of elements as 'headers' config.",
    );
    expect(() => new HeaderFromValue().configure({ fields: 'a', headers: 'h', operation: 'cut' })).toThrow(
      'Invalid value cut for configuration operation: String must be one of: move, copy',
    );
  });
});
