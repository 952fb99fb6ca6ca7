import { describe, expect, it } from 'vitest';
import { Schemas, type Struct } from '../../../shared/api/schema.ts';
import { HoistFieldKey, HoistFieldValue } from '../../../shared/transforms/hoist-field.ts';
import { configured, map, sinkRecord } from './records.ts';

describe('HoistField', () => {
  it('wraps a schema-ful value in a one-field struct, one schema per input schema', () => {
    const transform = configured(new HoistFieldValue(), { field: 'line' });
    const result = transform.apply(sinkRecord({ valueSchema: Schemas.STRING, value: 'hello' }));
    expect(result.valueSchema?.type).toBe('STRUCT');
    expect(result.valueSchema?.field('line')?.schema).toBe(Schemas.STRING);
    expect((result.value as Struct).get('line')).toBe('hello');
    expect(transform.apply(sinkRecord({ valueSchema: Schemas.STRING, value: 'x' })).valueSchema).toBe(
      result.valueSchema,
    );
  });

  it('wraps a schemaless value, even null, in a map', () => {
    const transform = configured(new HoistFieldValue(), { field: 'line' });
    expect(transform.apply(sinkRecord({ value: 'hello' })).value).toEqual(map({ line: 'hello' }));
    expect(transform.apply(sinkRecord({ value: null })).value).toEqual(map({ line: null }));
  });

  it('wraps the key with HoistField$Key', () => {
    const result = configured(new HoistFieldKey(), { field: 'id' }).apply(sinkRecord({ key: 5, value: 'v' }));
    expect(result.key).toEqual(map({ id: 5 }));
    expect(result.value).toBe('v');
  });
});
