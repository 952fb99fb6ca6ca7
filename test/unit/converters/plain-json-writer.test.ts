// The native fast path for schemaless JSON must write exactly what writeSchemaless writes, and
// step aside wherever JavaScript and Java would print differently.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8Bytes } from '../../../shared/converters/json/byte-slab.ts';
import { plainJsonText } from '../../../shared/converters/json/plain-json.ts';
import { writeSchemaless } from '../../../shared/converters/json/to-json.ts';

const m = (entries: [unknown, unknown][]) => new Map<unknown, unknown>(entries);

describe('plain JSON writer', () => {
  it('writes what writeSchemaless writes for ordinary maps, lists and scalars', () => {
    const values: unknown[] = [
      m([
        ['a', 1],
        ['b', 0.25],
        ['c', 'x"y\\z\u0001 ø \ud83d\ude00'],
        ['d', [true, null, -0, 'q']],
        ['e', m([['n', -12.5]])],
        ['f', undefined],
        ['long', 'L'.repeat(100)],
      ]),
      ['a', 2, m([])],
      'text',
      -7,
    ];
    for (const value of values) {
      expect(plainJsonText(value)).toBeDefined();
      expect(plainJsonText(value)).toBe(writeSchemaless(value));
    }
  });

  it('writes the same text on the path for recurring key lists (objects from literals)', () => {
    const key = fc.oneof(
      fc.string().filter((k) => k !== '__proto__' && !/^[0-9]/.test(k)),
      fc.constantFrom('a', 'b', 'toString', 'constructor', '', 'x"y', '\\', '\u2028', '-1', 'ø'),
    );
    const leaf = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.double({ min: 0.5, max: 1e6, noNaN: true }),
    );
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, leaf, tie('map'), tie('array')),
      map: fc.array(fc.tuple(key, tie('value')), { maxLength: 8 }).map((entries) => m(entries)),
      array: fc.array(tie('value'), { maxLength: 3 }),
    }));
    fc.assert(
      fc.property(value, (v) => {
        const expected = writeSchemaless(v);
        for (let i = 0; i < 3; i++) expect(plainJsonText(v)).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it('steps aside where the texts would differ, and writeSchemaless writes those', () => {
    const values: unknown[] = [
      m([['tiny', 1.5e-7]]),
      m([['big', 12345678.5]]),
      m([['nan', Number.NaN]]),
      m([['long', 2n ** 63n - 1n]]),
      m([['bytes', new Uint8Array([1, 2])]]),
      m([['10', 'a']]),
      m([['__proto__', 'a']]),
      m([[1, 'a']]),
      [new Date(0)],
    ];
    for (const value of values) expect(plainJsonText(value)).toBeUndefined();
    expect(writeSchemaless(m([['tiny', 1.5e-7]]))).toBe('{"tiny":1.5E-7}');
    // A map's order is kept even where an object would list integer-like keys first.
    expect(
      writeSchemaless(
        m([
          ['b', 1],
          ['10', 2],
        ]),
      ),
    ).toBe('{"b":1,"10":2}');
  });
});

describe('slab output buffers', () => {
  it('hold their own bytes after many more are written', () => {
    const first = utf8Bytes('{"a":"ø"}');
    const framed = utf8Bytes('"p"', Buffer.from('{"x":'), 0x7d);
    const texts: string[] = [];
    for (let i = 0; i < 5000; i++) texts.push(`{"i":${i},"pad":"${'z'.repeat(i % 200)}"}`);
    const buffers = texts.map((t) => utf8Bytes(t));
    expect(first.toString('utf8')).toBe('{"a":"ø"}');
    expect(first.length).toBe(10); // ø takes two bytes
    expect(framed.toString('utf8')).toBe('{"x":"p"}');
    expect(buffers.map((b) => b.toString('utf8'))).toEqual(texts);
    const huge = 'h'.repeat(100_000);
    expect(utf8Bytes(huge).toString('utf8')).toBe(huge);
    expect(utf8Bytes(huge, Buffer.from('['), 0x5d).toString('utf8')).toBe(`[${huge}]`);
  });
});
