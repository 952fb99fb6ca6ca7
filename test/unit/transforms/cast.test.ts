import { describe, expect, it } from 'vitest';
import { ConfigError, DataError } from '../../../shared/api/errors.ts';
import {
  BigDecimal,
  LogicalTypeNames,
  type Schema,
  SchemaBuilder,
  Schemas,
  Struct,
} from '../../../shared/api/schema.ts';
import { JavaDouble, JavaFloat } from '../../../shared/api/values/java-double.ts';
import { DATE_SCHEMA, decimalSchema, TIMESTAMP_SCHEMA } from '../../../shared/api/values/logical-schemas.ts';
import { CastKey, CastValue } from '../../../shared/transforms/cast.ts';
import { configured, map, sinkRecord } from './records.ts';

// Expected values were produced by Kafka 4.1's Cast$Value on the same inputs.
const castValue = (spec: string, valueSchema: Schema | null, value: unknown) =>
  configured(new CastValue(), { spec }).apply(sinkRecord({ valueSchema, value }));

describe('Cast', () => {
  it('narrows integers by wrapping and doubles by saturating, as Java does', () => {
    expect(castValue('int8', null, 300).value).toBe(44);
    expect(castValue('int32', Schemas.FLOAT64, 1e20).value).toBe(2147483647);
    expect(castValue('int8', Schemas.FLOAT64, 1e20).value).toBe(-1);
    expect(castValue('int64', null, '9223372036854775807').value).toBe(9223372036854775807n);
  });

  it('casts to string the way Java prints the value', () => {
    expect(castValue('string', Schemas.BYTES, Buffer.from([1, 2, 3])).value).toBe('AQID');
    expect(castValue('string', Schemas.FLOAT32, 1.5).value).toBe('1.5');
    expect(castValue('string', Schemas.FLOAT64, 5).value).toBe('5.0');
    expect(castValue('string', null, true).value).toBe('true');
    const timestamp = castValue('string', TIMESTAMP_SCHEMA, new Date(1700000000000));
    expect(timestamp.value).toBe('2023-11-14T22:13:20.000Z');
    // The schema keeps the input's name, as Kafka's copySchemaBasics does.
    expect(timestamp.valueSchema?.name).toBe(LogicalTypeNames.TIMESTAMP);
    expect(timestamp.valueSchema?.type).toBe('STRING');
  });

  it('encodes logical types before casting them to numbers', () => {
    expect(castValue('int64', TIMESTAMP_SCHEMA, new Date(1700000000000)).value).toBe(1700000000000);
    expect(castValue('int32', DATE_SCHEMA, new Date(86400000 * 3)).value).toBe(3);
    expect(castValue('int16', decimalSchema(2), new BigDecimal(12345n, 2)).value).toBe(123);
  });

  it('rounds a Decimal to float32 once, as BigDecimal.floatValue does', () => {
    // Just above the midpoint between the floats 1 and 1 + 2^-23: its nearest double is the midpoint
    // itself, which would round to even (1.0) if rounded a second time.
    const decimal = new BigDecimal(100000005960464477539062500000001n, 32);
    expect(castValue('float32', decimalSchema(32), decimal).value).toBe(Math.fround(1 + 2 ** -23));
  });

  it('reads booleans and floats from numbers and strings as Java does', () => {
    expect(castValue('boolean', null, 0.5).value).toBe(false);
    expect(castValue('boolean', null, 'TRUE').value).toBe(true);
    expect(castValue('boolean', null, 'yes').value).toBe(false);
    // Without a schema the result is a Java Float, boxed so that it prints as Float.toString.
    expect(castValue('float32', null, '1e3').value).toEqual(new JavaFloat(1000));
    expect(castValue('float32', null, 1.1).value).toEqual(new JavaFloat(1.1));
    expect(String(castValue('float32', null, 1.1).value)).toBe('1.1');
    expect(castValue('float64', null, 5).value).toEqual(new JavaDouble(5));
  });

  it('fails with Kafka’s messages for values it cannot cast', () => {
    expect(() => castValue('int32', null, 'abc')).toThrow(
      new DataError('Value (abc) was out of range for requested data type'),
    );
    expect(() => castValue('int8', null, '300')).toThrow(
      'Value (300) was out of range for requested data type',
    );
    expect(() => castValue('int32', null, [1])).toThrow(
      'Cast transformation does not support casting from ARRAY; supported types are [INT8, INT16, INT32, INT64, FLOAT32, FLOAT64, BOOLEAN, STRING, BYTES]',
    );
    expect(() => castValue('string', null, new Date(0))).toThrow(
      "Cast transformation was passed a value of type class java.util.Date which is not supported by Connect's data API",
    );
  });

  it('casts the named fields of a struct, keeping optionality and casting defaults', () => {
    const schema = SchemaBuilder.struct()
      .name('order')
      .field('id', Schemas.INT64)
      .field('qty', SchemaBuilder.string().optional().defaultValue('7').build())
      .field('note', Schemas.OPTIONAL_STRING)
      .build();
    const value = new Struct(schema).put('id', 5).put('qty', '12').put('note', 'x');
    const transform = configured(new CastValue(), { spec: 'id:string,qty:int32' });
    const result = transform.apply(sinkRecord({ valueSchema: schema, value }));
    const out = result.value as Struct;
    expect(out.get('id')).toBe('5');
    expect(out.get('qty')).toBe(12);
    expect(out.get('note')).toBe('x');
    expect(result.valueSchema?.name).toBe('order');
    expect(result.valueSchema?.field('qty')?.schema.optional).toBe(true);
    expect(result.valueSchema?.field('qty')?.schema.defaultValue).toBe(7);
    expect(result.valueSchema?.field('id')?.schema.type).toBe('STRING');
    // The derived schema is built once per input schema.
    expect(transform.apply(sinkRecord({ valueSchema: schema, value })).valueSchema).toBe(result.valueSchema);
  });

  it('uses or skips field defaults for nulls as replace.null.with.default says', () => {
    const schema = SchemaBuilder.struct()
      .field('qty', SchemaBuilder.string().optional().defaultValue('7').build())
      .build();
    const value = new Struct(schema).put('qty', null);
    const withDefault = configured(new CastValue(), { spec: 'qty:int32' });
    expect((withDefault.apply(sinkRecord({ valueSchema: schema, value })).value as Struct).get('qty')).toBe(
      7,
    );
    const withoutDefault = configured(new CastValue(), {
      spec: 'qty:int32',
      'replace.null.with.default': 'false',
    });
    const out = withoutDefault.apply(sinkRecord({ valueSchema: schema, value })).value as Struct;
    expect(out.getWithoutDefault('qty')).toBeNull();
  });

  it('casts fields of a schemaless map and passes tombstones through', () => {
    const result = castValue('a:int32,b:string', null, map({ a: '3', b: 4, c: 'kept' }));
    expect(result.value).toEqual(map({ a: 3, b: '4', c: 'kept' }));
    const tombstone = sinkRecord({ value: null });
    expect(configured(new CastValue(), { spec: 'int8' }).apply(tombstone)).toBe(tombstone);
  });

  it('casts the key with Cast$Key and leaves the value alone', () => {
    const record = sinkRecord({ keySchema: Schemas.INT64, key: 7, valueSchema: Schemas.STRING, value: 'v' });
    const result = configured(new CastKey(), { spec: 'string' }).apply(record);
    expect(result.key).toBe('7');
    expect(result.keySchema?.type).toBe('STRING');
    expect(result.value).toBe('v');
    expect(result.valueSchema).toBe(Schemas.STRING);
  });

  it("validates spec with Kafka's messages", () => {
    const configure = (spec: string) => () => new CastValue().configure({ spec });
    expect(configure('a:foo')).toThrow(ConfigError);
    expect(configure('a:foo')).toThrow(
      'Invalid value java.lang.IllegalArgumentException: No enum constant org.apache.kafka.connect.data.Schema.Type.FOO for configuration Invalid type found in casting spec: foo',
    );
    expect(configure('a:bytes')).toThrow(
      'Cast transformation does not support casting to BYTES; supported types are [INT8, INT16, INT32, INT64, FLOAT32, FLOAT64, BOOLEAN, STRING]',
    );
    expect(configure('int8,a:int8')).toThrow(
      'Cast transformations that specify a type to cast the entire value to may only specify a single cast in their spec',
    );
    expect(configure('a:b:c')).toThrow(
      'Invalid value [a:b:c] for configuration renames: Invalid rename mapping: a:b:c',
    );
    expect(configure('')).toThrow('Must specify at least one field to cast.');
    expect(() => new CastValue().configure({})).toThrow(
      'Missing required configuration "spec" which has no default value.',
    );
  });
});
