import { describe, expect, it } from 'vitest';
import { readSchemaless } from '../../../shared/converters/json/to-connect.ts';

describe('readSchemaless', () => {
  it('reads only a parsed object’s own keys, in order, even when Object.prototype was extended', () => {
    const text = '{"b":1,"a":{"c":[true]}}';
    const expected = new Map<unknown, unknown>([
      ['b', 1],
      ['a', new Map([['c', [true]]])],
    ]);
    expect(readSchemaless(JSON.parse(text))).toEqual(expected);
    const prototype = Object.prototype as Record<string, unknown>;
    prototype.injected = 'x';
    try {
      const read = readSchemaless(JSON.parse(text)) as Map<unknown, unknown>;
      expect([...read.keys()]).toEqual(['b', 'a']);
      expect(read).toEqual(expected);
    } finally {
      delete prototype.injected;
    }
  });
});
