// The raw-envelope fast path must give exactly what the general path gives, and Connect data must
// survive a round trip through the converter, for any JSON payload.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { schemasEqual, valuesEqual } from '../../../shared/api/schema.ts';
import { JsonConverter } from '../../../shared/converters/json/json-converter.ts';
import { normalizeValue } from '../../conformance/normalize.ts';

const SCHEMA = {
  type: 'struct',
  fields: [
    { type: 'int64', optional: true, field: 'n' },
    { type: 'string', optional: true, field: 's' },
    { type: 'array', items: { type: 'double', optional: true }, optional: true, field: 'a' },
    { type: 'map', keys: { type: 'string' }, values: { type: 'boolean' }, optional: true, field: 'm' },
  ],
  optional: false,
};

const payload = fc.record(
  {
    n: fc.oneof(
      fc.maxSafeInteger(),
      fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
      fc.constant(null),
    ),
    s: fc.option(fc.string({ unit: 'grapheme' })),
    a: fc.option(fc.array(fc.option(fc.double({ noNaN: true, noDefaultInfinity: true })))),
    m: fc.option(fc.dictionary(fc.string(), fc.boolean())),
  },
  { requiredKeys: [] },
);

/** JSON text of a payload, writing bigints exactly. */
function text(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    typeof v === 'bigint' ? (JSON as unknown as { rawJSON(t: string): unknown }).rawJSON(String(v)) : v,
  );
}

function converter(config: Record<string, string> = {}): JsonConverter {
  const c = new JsonConverter();
  c.configure(config, false);
  return c;
}

describe('JsonConverter properties', () => {
  it('reads an envelope the same through the fast path as through the general path', () => {
    const warm = converter();
    fc.assert(
      fc.property(payload, (p) => {
        const bytes = Buffer.from(`{"schema":${JSON.stringify(SCHEMA)},"payload":${text(p)}}`);
        warm.toConnectData('t', null, bytes); // learns the schema's raw text
        const fast = warm.toConnectData('t', null, bytes);
        const general = converter().toConnectData('t', null, bytes);
        // Different converters hold different (equal) schema objects: compare the plain forms.
        expect(normalizeValue(fast.value)).toEqual(normalizeValue(general.value));
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips Connect data through bytes, with and without schemas', () => {
    const withSchemas = converter();
    const plain = converter({ 'schemas.enable': 'false' });
    fc.assert(
      fc.property(payload, (p) => {
        const read = withSchemas.toConnectData(
          't',
          null,
          Buffer.from(`{"schema":${JSON.stringify(SCHEMA)},"payload":${text(p)}}`),
        );
        const again = withSchemas.toConnectData(
          't',
          null,
          withSchemas.fromConnectData('t', null, read.schema, read.value),
        );
        // Our schema text is Kafka's full form (every "optional" spelled out), so it may parse to a
        // new but equal schema object.
        expect(schemasEqual(again.schema, read.schema)).toBe(true);
        expect(normalizeValue(again.value)).toEqual(normalizeValue(read.value));
        const schemaless = plain.toConnectData('t', null, Buffer.from(text(p)));
        const back = plain.toConnectData('t', null, plain.fromConnectData('t', null, null, schemaless.value));
        expect(valuesEqual(back.value, schemaless.value)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
