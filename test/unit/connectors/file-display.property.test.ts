// The file sink's JSON for structured values must stay byte for byte what it was when every value
// went through one generic conversion before JSON.stringify: the map fast path must not change a
// single line, whatever the keys (numbers, digit-led, "__proto__", collisions after String()) or
// values (bigints, bytes, decimals, dates, boxed doubles, undefined, nested maps and arrays).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BigDecimal, Struct } from '../../../shared/api/schema.ts';
import { JavaDouble } from '../../../shared/api/values/java-double.ts';
import { displayValue } from '../../../shared/connectors/file/display.ts';

/** The conversion as it was written before the fast path, kept here as the reference. */
function reference(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return 'null';
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (typeof value !== 'object') return String(value);
  return JSON.stringify(compatible(value));
}

function compatible(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object') return value;
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (value instanceof BigDecimal) return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(compatible);
  if (value instanceof Struct) {
    const object: Record<string, unknown> = {};
    for (const field of value.schema.fields) object[field.name] = compatible(value.get(field.name));
    return object;
  }
  if (value instanceof Map) {
    const object: Record<string, unknown> = {};
    for (const [k, v] of value) object[String(k)] = compatible(v);
    return object;
  }
  return value;
}

const leaf = fc.oneof(
  fc.string(),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.bigInt(),
  fc.uint8Array({ maxLength: 8 }).map((bytes) => Buffer.from(bytes)),
  fc.date({ noInvalidDate: true }),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((value) => new JavaDouble(Math.trunc(value))),
  fc
    .tuple(fc.bigInt(), fc.integer({ min: 0, max: 6 }))
    .map(([unscaled, scale]) => new BigDecimal(unscaled, scale)),
);
const key = fc.oneof(
  fc.string(),
  fc.constantFrom('__proto__', '1', '01', 'a', 'b', 'toString', ''),
  fc.integer({ min: -2, max: 3 }),
  fc.boolean(),
);
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('map'), tie('array')),
  map: fc
    .array(fc.tuple(key, tie('value')), { maxLength: 6 })
    .map((entries) => new Map<unknown, unknown>(entries)),
  array: fc.array(tie('value'), { maxLength: 4 }),
}));

describe('file sink display', () => {
  it('prints every value exactly as the generic conversion did', () => {
    fc.assert(
      fc.property(value, (v) => {
        // The third time through, the maps' key lists have objects made from literals (see
        // object-shapes.ts): that path must print the same.
        for (let i = 0; i < 3; i++) expect(displayValue(v)).toBe(reference(v));
      }),
      { numRuns: 2000 },
    );
  });

  it('prints a typical schemaless record', () => {
    const record = new Map<unknown, unknown>([
      ['orderId', '7'],
      ['amount', 12.5],
      ['whole', new JavaDouble(5)],
      [
        'shipping',
        new Map<string, unknown>([
          ['city', 'Graz'],
          ['n', 10n],
        ]),
      ],
      ['tags', ['a', undefined, 1n]],
      ['missing', undefined],
      [3, 'three'],
    ]);
    expect(displayValue(record)).toBe(
      '{"3":"three","orderId":"7","amount":12.5,"whole":5.0,"shipping":{"city":"Graz","n":"10"},"tags":["a",null,"1"],"missing":null}',
    );
  });
});
