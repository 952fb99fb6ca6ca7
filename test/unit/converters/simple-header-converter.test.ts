import { describe, expect, it } from 'vitest';
import { SchemaBuilder, Schemas } from '../../../shared/api/schema.ts';
import { convertToString } from '../../../shared/api/values/convert-to-string.ts';
import { SimpleHeaderConverter } from '../../../shared/converters/simple-header.ts';

const converter = new SimpleHeaderConverter();
const read = (text: string) => converter.toConnectHeader('t', 'h', Buffer.from(text));

describe('SimpleHeaderConverter', () => {
  it.each([
    ['true', 'BOOLEAN', true],
    ['42', 'INT8', 42],
    ['300', 'INT16', 300],
    ['70000', 'INT32', 70000],
    ['3000000000', 'INT64', 3000000000],
    ['0.5', 'FLOAT32', 0.5],
    ['hello world', 'STRING', 'hello world'],
    ['', 'STRING', ''],
  ])('infers the narrowest type of %j', (text, type, value) => {
    const result = read(text);
    expect(result.schema?.type).toBe(type);
    expect(result.value).toEqual(value);
  });

  it('reads arrays and maps, widening numbers to a common type', () => {
    const list = read('[1,1000,100000]');
    expect(list.schema?.valueSchema?.type).toBe('INT32');
    expect(list.value).toEqual([1, 1000, 100000]);
    const map = read('{"a":1,"b":2}');
    expect(map.schema?.keySchema?.type).toBe('STRING');
    expect(map.value).toEqual(
      new Map([
        ['a', 1],
        ['b', 2],
      ]),
    );
  });

  it('reads ISO-8601 dates, times and timestamps as logical types', () => {
    expect(read('2020-01-02').schema?.name).toBe('org.apache.kafka.connect.data.Date');
    expect(read('2020-01-02T03:04:05.006Z').value).toEqual(new Date(Date.UTC(2020, 0, 2, 3, 4, 5, 6)));
    expect(read('03:04:05.006Z').schema?.name).toBe('org.apache.kafka.connect.data.Time');
  });

  it("keeps Kafka's quirks: a number followed by more tokens is the number, a bad array the text", () => {
    expect(read('12:30').value).toBe(12);
    expect(read('[1,null]')).toEqual({ schema: Schemas.STRING, value: '[1,null]' });
  });

  it('writes values as Values.convertToString does and reads them back', () => {
    const schema = SchemaBuilder.array(Schemas.FLOAT64).build();
    expect(convertToString(schema, [1, 2.5])).toBe('[1.0,2.5]');
    const bytes = converter.fromConnectHeader(
      't',
      'h',
      SchemaBuilder.map(Schemas.STRING, Schemas.STRING).build(),
      new Map([['k', 'v"x']]),
    );
    expect(bytes?.toString()).toBe('{"k":"v\\"x"}');
    expect(converter.fromConnectHeader('t', 'h', Schemas.STRING, null)).toBeNull();
  });
});
