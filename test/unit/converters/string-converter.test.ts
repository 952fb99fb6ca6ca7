import { describe, expect, it } from 'vitest';
import { SchemaBuilder, Schemas, Struct } from '../../../shared/api/schema.ts';
import { StringConverter } from '../../../shared/converters/string.ts';

describe('StringConverter', () => {
  it('writes non-string values as Java prints them', () => {
    const c = new StringConverter();
    c.configure({}, false);
    const schema = SchemaBuilder.struct()
      .field('a', Schemas.INT32)
      .field('b', Schemas.OPTIONAL_FLOAT64)
      .build();
    const text = (s: Parameters<StringConverter['fromConnectData']>[2], v: unknown) =>
      c.fromConnectData('t', null, s, v)?.toString();
    expect(text(Schemas.FLOAT64, 2)).toBe('2.0');
    expect(text(schema, new Struct(schema).put('a', 1).put('b', 1.5))).toBe('Struct{a=1,b=1.5}');
    expect(text(null, [1, 'x'])).toBe('[1, x]');
    expect(text(null, new Map([['k', true]]))).toBe('{k=true}');
  });

  it('rejects an unknown charset when configured, as Kafka does', () => {
    expect(() => new StringConverter().configure({ 'converter.encoding': 'NOPE' }, false)).toThrow(
      'Unsupported encoding NOPE',
    );
  });

  it('decodes with the configured charset', () => {
    const c = new StringConverter();
    c.configure({ 'converter.encoding': 'ISO-8859-1' }, true);
    expect(c.toConnectData('t', null, Buffer.from([0xe9])).value).toBe('é');
  });
});
