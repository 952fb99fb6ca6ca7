import { describe, expect, it } from 'vitest';
import { SchemaBuilder, Schemas, Struct } from '../../../shared/api/schema.ts';
import { FlattenKey, FlattenValue } from '../../../shared/transforms/flatten.ts';
import { configured, map, sinkRecord } from './records.ts';

describe('Flatten', () => {
  const address = SchemaBuilder.struct()
    .field('city', Schemas.STRING)
    .field('zip', SchemaBuilder.string().optional().defaultValue('0000').build())
    .optional()
    .build();
  const schema = SchemaBuilder.struct()
    .name('customer')
    .field('id', Schemas.INT32)
    .field('address', address)
    .field('tags', SchemaBuilder.array(Schemas.STRING).build())
    .build();

  it('lifts nested struct fields to the top with the delimiter, making them optional under an optional parent', () => {
    const value = new Struct(schema)
      .put('id', 1)
      .put('address', new Struct(address).put('city', 'Oslo').put('zip', null))
      .put('tags', ['a']);
    const result = configured(new FlattenValue(), { delimiter: '_' }).apply(
      sinkRecord({ valueSchema: schema, value }),
    );
    const flat = result.valueSchema!;
    expect(flat.name).toBe('customer');
    expect(flat.fields.map((f) => f.name)).toEqual(['id', 'address_city', 'address_zip', 'tags']);
    expect(flat.field('address_city')?.schema.optional).toBe(true);
    expect(flat.field('address_zip')?.schema.defaultValue).toBe('0000');
    const out = result.value as Struct;
    expect(out.get('address_city')).toBe('Oslo');
    expect(out.get('address_zip')).toBe('0000');
    expect(out.get('tags')).toEqual(['a']);
  });

  it('leaves the fields of a null nested struct unset', () => {
    const value = new Struct(schema).put('id', 1).put('address', null).put('tags', []);
    const out = configured(new FlattenValue(), {}).apply(sinkRecord({ valueSchema: schema, value }))
      .value as Struct;
    expect(out.getWithoutDefault('address.city')).toBeNull();
  });

  it('flattens schemaless maps, keeping arrays and nulls', () => {
    const result = configured(new FlattenValue(), {}).apply(
      sinkRecord({ value: map({ a: map({ b: map({ c: 1 }), d: null }), e: [1, 2] }) }),
    );
    expect(result.value).toEqual(map({ 'a.b.c': 1, 'a.d': null, e: [1, 2] }));
  });

  it("refuses maps inside schemas and structs inside maps, with Kafka's messages", () => {
    const withMap = SchemaBuilder.struct()
      .field('m', SchemaBuilder.map(Schemas.STRING, Schemas.STRING).build())
      .build();
    expect(() =>
      configured(new FlattenValue(), {}).apply(
        sinkRecord({ valueSchema: withMap, value: new Struct(withMap).put('m', new Map()) }),
      ),
    ).toThrow('Flatten transformation does not support MAP for record with schemas (for field m).');
    const empty = SchemaBuilder.struct().build();
    expect(() =>
      configured(new FlattenValue(), {}).apply(sinkRecord({ value: map({ x: new Struct(empty) }) })),
    ).toThrow(
      'Flatten transformation does not support class org.apache.kafka.connect.data.Struct for record without schemas (for field x).',
    );
  });

  it('passes tombstones through and flattens keys with Flatten$Key', () => {
    const tombstone = sinkRecord();
    expect(configured(new FlattenValue(), {}).apply(tombstone)).toBe(tombstone);
    const result = configured(new FlattenKey(), {}).apply(sinkRecord({ key: map({ a: map({ b: 1 }) }) }));
    expect(result.key).toEqual(map({ 'a.b': 1 }));
  });
});
