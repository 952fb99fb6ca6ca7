import { describe, expect, it } from 'vitest';
import { BigDecimal, SchemaBuilder, Schemas, Struct } from '../../../shared/api/schema.ts';
import { JavaDouble } from '../../../shared/api/values/java-double.ts';
import { decimalSchema, TIMESTAMP_SCHEMA } from '../../../shared/api/values/logical-schemas.ts';
import { MaskFieldKey, MaskFieldValue } from '../../../shared/transforms/mask-field.ts';
import { configured, map, sinkRecord } from './records.ts';

// Expected values and messages were produced by Kafka 4.1's MaskField$Value.
describe('MaskField', () => {
  const schemaless = () =>
    map({ a: 5, s: 'secret', b: Buffer.from([1]), n: null, f: 1.5, l: [1], m: map({}) });

  it('replaces fields with the empty value of their type', () => {
    const result = configured(new MaskFieldValue(), { fields: 'a,s,n,f,l,m' }).apply(
      sinkRecord({ value: schemaless() }),
    );
    // A masked Double stays a Double (0.0), boxed since its value is whole.
    expect(result.value).toEqual(
      map({ a: 0, s: '', b: Buffer.from([1]), n: null, f: new JavaDouble(0), l: [], m: map({}) }),
    );
  });

  it('masks struct fields by schema type, including logical types', () => {
    const schema = SchemaBuilder.struct()
      .field('i8', Schemas.INT8)
      .field('flag', Schemas.BOOLEAN)
      .field('when', TIMESTAMP_SCHEMA)
      .field('amount', decimalSchema(2))
      .field('kept', Schemas.STRING)
      .build();
    const value = new Struct(schema)
      .put('i8', 3)
      .put('flag', true)
      .put('when', new Date(5))
      .put('amount', new BigDecimal(1234n, 2))
      .put('kept', 'k');
    const result = configured(new MaskFieldValue(), { fields: 'i8,flag,when,amount' }).apply(
      sinkRecord({ valueSchema: schema, value }),
    );
    const out = result.value as Struct;
    expect(result.valueSchema).toBe(schema);
    expect(out.get('i8')).toBe(0);
    expect(out.get('flag')).toBe(false);
    expect(out.get('when')).toEqual(new Date(0));
    expect(out.get('amount')).toEqual(new BigDecimal(0n, 0));
    expect(out.get('kept')).toBe('k');
  });

  it('converts a replacement to the field type, truncating numbers as Values does', () => {
    const transform = configured(new MaskFieldValue(), { fields: 'a,s', replacement: '12.9' });
    expect(transform.apply(sinkRecord({ value: schemaless() })).value).toEqual(
      map({ a: 12, s: '12.9', b: Buffer.from([1]), n: null, f: 1.5, l: [1], m: map({}) }),
    );
  });

  it("fails with Kafka's messages for values it cannot mask", () => {
    const apply = (configs: Record<string, unknown>) => () =>
      configured(new MaskFieldValue(), configs).apply(sinkRecord({ value: schemaless() }));
    expect(apply({ fields: 'a', replacement: 'abc' })).toThrow(
      'Unable to convert abc (class java.lang.String) to a number',
    );
    expect(apply({ fields: 'b' })).toThrow('Cannot mask value of type: class [B');
    expect(apply({ fields: 'b', replacement: 'x' })).toThrow(
      'Cannot mask value of type class [B with custom replacement.',
    );
    // Unlike most value SMTs, MaskField does not let tombstones through.
    expect(() =>
      configured(new MaskFieldValue(), { fields: 'a' }).apply(sinkRecord({ value: null })),
    ).toThrow('Only Map objects supported in absence of schema for [mask fields], found: null');
  });

  it('masks the key with MaskField$Key', () => {
    const result = configured(new MaskFieldKey(), { fields: 'k' }).apply(
      sinkRecord({ key: map({ k: 'x' }) }),
    );
    expect(result.key).toEqual(map({ k: '' }));
  });

  it('validates its config', () => {
    expect(() => new MaskFieldValue().configure({ fields: '' })).toThrow(
      'Invalid value [] for configuration fields: Empty list',
    );
    expect(() => new MaskFieldValue().configure({ fields: 'a', replacement: '' })).toThrow(
      'Invalid value  for configuration replacement: String must be non-empty',
    );
  });
});
