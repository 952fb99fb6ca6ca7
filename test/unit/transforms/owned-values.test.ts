// Schemaless SMTs update a map in place only when the chain run owns it; everywhere else they copy,
// as Kafka's do, so no one holding a record sees it change.
import { describe, expect, it } from 'vitest';
import { Schemas } from '../../../shared/api/schema.ts';
import { builtinPlugins } from '../../../shared/runtime/plugins/builtin-plugins.ts';
import { createTransformer } from '../../../shared/runtime/tasks/transformer-factory.ts';
import { CastValue } from '../../../shared/transforms/cast.ts';
import { InsertFieldValue } from '../../../shared/transforms/insert-field.ts';
import { MaskFieldValue } from '../../../shared/transforms/mask-field.ts';
import { ReplaceFieldValue } from '../../../shared/transforms/replace-field.ts';
import { withSide } from '../../../shared/transforms/util/side.ts';
import { configured, map, sinkRecord } from './records.ts';

const T = 'org.apache.kafka.connect.transforms.';
const registry = builtinPlugins();

const CHAIN = {
  transforms: 'drop,meta,cast,mask,route',
  'transforms.drop.type': `${T}ReplaceField$Value`,
  'transforms.drop.exclude': 'debug',
  'transforms.meta.type': `${T}InsertField$Value`,
  'transforms.meta.offset.field': 'offset',
  'transforms.cast.type': `${T}Cast$Value`,
  'transforms.cast.spec': 'n:int8',
  'transforms.mask.type': `${T}MaskField$Value`,
  'transforms.mask.fields': 'email',
  'transforms.route.type': `${T}TimestampRouter`,
};

const input = () => map({ n: 300, email: 'a@b.c', debug: 'x', keep: true });
const EXPECTED = map({ n: 44, email: '', keep: true, offset: 42 });

describe('owned values', () => {
  it('a chain gives the same record whether or not it may change its input in place', () => {
    const chain = createTransformer(CHAIN, registry)!;
    const copied = chain.apply(sinkRecord({ value: input() }))!;
    const owned = input();
    const inPlace = chain.apply(sinkRecord({ value: owned }), true)!;
    expect(copied.value).toEqual(EXPECTED);
    expect(inPlace.value).toEqual(EXPECTED);
    expect([...(inPlace.value as Map<unknown, unknown>).keys()]).toEqual(['n', 'email', 'keep', 'offset']);
    expect(inPlace.topic).toBe('orders-20231114');
    // Owned all along: no stage copied it.
    expect(inPlace.value).toBe(owned);
    expect(copied.value).not.toBe(owned);
  });

  it('a chain leaves a record it does not own as it was', () => {
    const chain = createTransformer(CHAIN, registry)!;
    const record = sinkRecord({ value: input() });
    chain.apply(record);
    expect(record.value).toEqual(input());
  });

  it('SMTs applied on their own copy, even one after the other', () => {
    const drop = configured(new ReplaceFieldValue(), { exclude: 'debug' });
    const insert = configured(new InsertFieldValue(), { 'offset.field': 'offset' });
    const cast = configured(new CastValue(), { spec: 'n:int8' });
    const mask = configured(new MaskFieldValue(), { fields: 'email' });
    const first = sinkRecord({ value: input() });
    const dropped = drop.apply(first);
    const inserted = insert.apply(dropped);
    const cast1 = cast.apply(inserted);
    const masked = mask.apply(cast1);
    expect(first.value).toEqual(input());
    expect(dropped.value).toEqual(map({ n: 300, email: 'a@b.c', keep: true }));
    expect(inserted.value).toEqual(map({ n: 300, email: 'a@b.c', keep: true, offset: 42 }));
    expect(cast1.value).toEqual(map({ n: 44, email: 'a@b.c', keep: true, offset: 42 }));
    expect(masked.value).toEqual(EXPECTED);
  });

  it('a map a stage nests in another value is no longer changed in place', () => {
    // HoistField puts the owned map inside a new one; ExtractField brings it back out. A later
    // Cast must not change the map the key (from ValueToKey) still refers to.
    const chain = createTransformer(
      {
        transforms: 'drop,hoist,key,extract,cast',
        'transforms.drop.type': `${T}ReplaceField$Value`,
        'transforms.drop.exclude': 'debug',
        'transforms.hoist.type': `${T}HoistField$Value`,
        'transforms.hoist.field': 'inner',
        'transforms.key.type': `${T}ValueToKey`,
        'transforms.key.fields': 'inner',
        'transforms.extract.type': `${T}ExtractField$Value`,
        'transforms.extract.field': 'inner',
        'transforms.cast.type': `${T}Cast$Value`,
        'transforms.cast.spec': 'n:string',
      },
      registry,
    )!;
    const result = chain.apply(sinkRecord({ value: input() }), true)!;
    expect(result.value).toEqual(map({ n: '300', email: 'a@b.c', keep: true }));
    const keyInner = (result.key as Map<unknown, unknown>).get('inner');
    expect(keyInner).toEqual(map({ n: 300, email: 'a@b.c', keep: true }));
  });
});

describe('withSide', () => {
  it('hands on the record itself when neither the schema nor the value changes, else a new one', () => {
    const value = input();
    const record = sinkRecord({ value });
    expect(withSide(record, 'value', null, value)).toBe(record);
    expect(withSide(record, 'key', record.keySchema, record.key)).toBe(record);

    const replaced = withSide(record, 'value', null, map({ n: 1 }));
    expect(replaced).not.toBe(record);
    expect(replaced.value).toEqual(map({ n: 1 }));
    expect(record.value).toBe(value);
    // An equal but different value, or the same value under another schema, is a change.
    expect(withSide(record, 'value', null, input())).not.toBe(record);
    expect(withSide(record, 'key', Schemas.OPTIONAL_STRING, record.key)).not.toBe(record);
  });
});
