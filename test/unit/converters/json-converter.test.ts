import { describe, expect, it } from 'vitest';
import { DataError } from '../../../shared/api/errors.ts';
import { BigDecimal, type Schema, SchemaBuilder, Schemas, Struct } from '../../../shared/api/schema.ts';
import { JavaDouble } from '../../../shared/api/values/java-double.ts';
import { JsonConverter } from '../../../shared/converters/json/json-converter.ts';
import { builtinPlugins } from '../../../shared/runtime/plugins/builtin-plugins.ts';

function converter(config: Record<string, string> = {}, isKey = false): JsonConverter {
  const c = new JsonConverter();
  c.configure(config, isKey);
  return c;
}

const toConnect = (c: JsonConverter, text: string) => c.toConnectData('t', null, Buffer.from(text));
const fromConnect = (c: JsonConverter, schema: Schema | null, value: unknown) =>
  c.fromConnectData('t', null, schema, value)?.toString('utf8');

const PERSON = SchemaBuilder.struct()
  .name('com.example.Person')
  .field('id', Schemas.INT64)
  .field('name', Schemas.OPTIONAL_STRING)
  .build();

describe('JsonConverter', () => {
  it('resolves by its Kafka class name and alias, as converter and header converter', () => {
    const registry = builtinPlugins();
    expect(registry.find('org.apache.kafka.connect.json.JsonConverter', 'converter')).toBeDefined();
    expect(registry.find('JsonConverter', 'header_converter')).toBeDefined();
    expect(
      registry.find('org.apache.kafka.connect.storage.SimpleHeaderConverter', 'header_converter'),
    ).toBeDefined();
  });

  it('writes the schema envelope with Kafka key order and reads it back', () => {
    const c = converter();
    const value = new Struct(PERSON).put('id', 7).put('name', 'Ann');
    const text = fromConnect(c, PERSON, value);
    expect(text).toBe(
      '{"schema":{"type":"struct","fields":[{"type":"int64","optional":false,"field":"id"},{"type":"string","optional":true,"field":"name"}],"optional":false,"name":"com.example.Person"},"payload":{"id":7,"name":"Ann"}}',
    );
    const back = toConnect(c, text!);
    expect(back.value).toBeInstanceOf(Struct);
    expect((back.value as Struct).get('name')).toBe('Ann');
    expect(back.schema?.name).toBe('com.example.Person');
  });

  it('hands out the same schema object for the same schema text (fast path and cache)', () => {
    const c = converter();
    const text = '{"schema":{"type":"int32","optional":false},"payload":5}';
    const first = toConnect(c, text);
    const second = toConnect(c, text.replace('5', '6'));
    const spaced = toConnect(c, '{ "schema" : {"type":"int32","optional":false}, "payload" : 7 }');
    expect(second.schema).toBe(first.schema);
    expect(spaced.schema).toBe(first.schema);
    expect([first.value, second.value, spaced.value]).toEqual([5, 6, 7]);
  });

  it('tells the user to disable schemas when the envelope is missing', () => {
    expect(() => toConnect(converter(), '{"a":1}')).toThrow(/set schemas.enable=false/);
  });

  it('reads plain JSON without schemas: integers as INT64, objects as maps', () => {
    const result = toConnect(converter({ 'schemas.enable': 'false' }), '{"a":1,"b":[true,"x"],"c":2.5}');
    expect(result.schema).toBeNull();
    expect(result.value).toEqual(
      new Map<string, unknown>([
        ['a', 1],
        ['b', [true, 'x']],
        ['c', 2.5],
      ]),
    );
  });

  it('keeps 64-bit integers exact', () => {
    const c = converter();
    const read = toConnect(c, '{"schema":{"type":"int64"},"payload":9223372036854775807}');
    expect(read.value).toBe(9223372036854775807n);
    expect(fromConnect(c, Schemas.INT64, 9223372036854775807n)).toContain('"payload":9223372036854775807}');
    const schemaless = toConnect(converter({ 'schemas.enable': 'false' }), '[12345678901234567890, 1e300]');
    // 1e300 is a whole double: boxed, so that it is written back as 1.0E300, not as an integer.
    expect(schemaless.value).toEqual([BigInt.asIntN(64, 12345678901234567890n), new JavaDouble(1e300)]);
  });

  it('reads a float literal whose fraction rounds away as a Double, as Jackson does', () => {
    // Jackson reads each as a double (1.0E14, 1.0): whole values, but Doubles, never Longs.
    const c = converter({ 'schemas.enable': 'false' });
    expect(toConnect(c, '{"a":100000000000000.001,"c":7,"d":2.5}').value).toEqual(
      new Map<string, unknown>([
        ['a', new JavaDouble(1e14)],
        ['c', 7],
        ['d', 2.5],
      ]),
    );
    expect(toConnect(c, '[0.99999999999999999,3]').value).toEqual([new JavaDouble(1), 3]);
  });

  it('reads and writes decimals in both formats, keeping the scale of numeric input', () => {
    const decimal = SchemaBuilder.bytes()
      .name('org.apache.kafka.connect.data.Decimal')
      .parameter('scale', '2')
      .build();
    const value = new BigDecimal(-12345n, 2);
    expect(fromConnect(converter(), decimal, value)).toContain('"payload":"z8c="}');
    expect(fromConnect(converter({ 'decimal.format': 'NUMERIC' }), decimal, value)).toContain(
      '"payload":-123.45}',
    );
    const numeric = toConnect(
      converter(),
      '{"schema":{"type":"bytes","name":"org.apache.kafka.connect.data.Decimal","parameters":{"scale":"2"}},"payload":1.10}',
    );
    expect(numeric.value).toEqual(new BigDecimal(110n, 2));
  });

  it('replaces null with the default unless replace.null.with.default=false', () => {
    const text = '{"schema":{"type":"int32","optional":true,"default":5},"payload":null}';
    expect(toConnect(converter(), text).value).toBe(5);
    expect(toConnect(converter({ 'replace.null.with.default': 'false' }), text).value).toBeNull();
  });

  it('passes tombstones through both ways', () => {
    const c = converter();
    expect(c.toConnectData('t', null, null)).toEqual({ schema: null, value: null });
    expect(c.fromConnectData('t', null, null, null)).toBeNull();
  });

  it('writes Java number forms and Kafka logical types', () => {
    const c = converter({ 'schemas.enable': 'false' });
    expect(fromConnect(c, Schemas.FLOAT64, 2)).toBe('2.0');
    expect(fromConnect(c, Schemas.FLOAT64, 12345678.5)).toBe('1.23456785E7');
    expect(fromConnect(c, Schemas.FLOAT64, Number.NaN)).toBe('"NaN"');
    const date = SchemaBuilder.int32().name('org.apache.kafka.connect.data.Date').build();
    expect(fromConnect(c, date, new Date(Date.UTC(2020, 0, 2)))).toBe('18263');
    expect(() => fromConnect(c, date, new Date(Date.UTC(2020, 0, 2, 1)))).toThrow(
      'Kafka Connect Date type should not have any time fields set to non-zero values.',
    );
  });

  it('writes maps with non-string keys as arrays of pairs', () => {
    const schema = SchemaBuilder.map(Schemas.INT32, Schemas.STRING).build();
    const c = converter({ 'schemas.enable': 'false' });
    expect(fromConnect(c, schema, new Map([[1, 'a']]))).toBe('[[1,"a"]]');
  });

  it("fails with Kafka's DataException messages", () => {
    const c = converter();
    expect(() =>
      toConnect(c, '{"schema":{"type":"struct","fields":[{"type":"int32","field":"a"}]},"payload":{}}'),
    ).toThrow(new DataError('Invalid null value for required INT32 field'));
    expect(() => toConnect(c, 'not json')).toThrow(
      'Converting byte[] to Kafka Connect data failed due to serialization error: ',
    );
    expect(() => fromConnect(c, Schemas.INT32, null)).toThrow(
      'Conversion error: null value for field that is required and has no default value',
    );
  });

  it('rejects an invalid decimal.format with ConfigException wording', () => {
    expect(() => converter({ 'decimal.format': 'HEX' })).toThrow(
      'Invalid value HEX for configuration decimal.format: String must be one of (case insensitive): BASE64, NUMERIC',
    );
  });
});
