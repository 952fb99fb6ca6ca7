// A struct payload written by the native JSON.stringify (plain-payload.ts) must be exactly the text
// the compiled writer gives, or the writer must write it: same text, or the same error, for any
// schema and any value, including values a struct only holds when built without validation.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BigDecimal, type Schema, SchemaBuilder, Struct } from '../../../shared/api/schema.ts';
import { JavaDouble, JavaFloat } from '../../../shared/api/values/java-double.ts';
import {
  DATE_SCHEMA,
  decimalSchema,
  TIME_SCHEMA,
  TIMESTAMP_SCHEMA,
} from '../../../shared/api/values/logical-schemas.ts';
import { WideDate } from '../../../shared/api/values/wide-date.ts';
import { JsonConverter } from '../../../shared/converters/json/json-converter.ts';
import { WriterCompiler } from '../../../shared/converters/json/to-json.ts';

/** The text or the error (class and message) a write gives. */
function outcome(write: () => string): string {
  try {
    return `text ${write()}`;
  } catch (error) {
    return `error ${(error as Error).name}: ${(error as Error).message}`;
  }
}

/** Both ways of writing, on fresh compilers, three times (the give-up counter and caches included). */
function expectSameAsWriter(schema: Schema, value: unknown, replaceNullWithDefault = true): void {
  const expected = outcome(() =>
    new WriterCompiler('BASE64', replaceNullWithDefault, 100).writer(schema)(value),
  );
  const writers = new WriterCompiler('BASE64', replaceNullWithDefault, 100);
  for (let i = 0; i < 3; i++) expect(outcome(() => writers.payloadText(schema, value))).toBe(expected);
}

const fieldName = fc.oneof(
  fc.string({ minLength: 1, maxLength: 6 }),
  fc.constantFrom('a', 'b', 'toString', 'constructor', '__proto__', '0', '12', '-1', 'x"y', 'ø', '\u2028'),
);

const doubles = fc.oneof(
  fc.double(),
  fc.constantFrom(0, -0, 1, 5, 1e7, 9999999.5, 1e-3, 9.99e-4, 1.5e-7, 1e21, 0.1, Number.NaN, -Infinity),
);
const floats = fc.oneof(fc.float(), doubles, fc.constantFrom(16777217, 0.1, 3.4028235e38, 1e-45));
const longs = fc.oneof(
  fc.maxSafeInteger(),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  fc.constantFrom(1e21, 2 ** 60),
);
const strings = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('"', '\\', '\u0000\u001f', '\ud800', 'x'.repeat(40)),
);
const dates = fc.oneof(
  fc.integer({ min: -1e15, max: 1e15 }).map((ms) => new Date(ms)),
  fc.integer({ min: -1e6, max: 1e6 }).map((days) => new Date(days * 86_400_000)),
  fc.integer({ min: 0, max: 86_400_000 }).map((ms) => new Date(ms)),
  fc.constantFrom(new Date(Number.NaN), new WideDate(2n ** 60n)),
);
/** Any value at all: what a struct built without validation may hold where its schema says otherwise. */
const stray = fc.oneof(
  fc.constantFrom(null, undefined, true, 'str', 1.5, 7, 2n ** 70n, Number.NaN, [], new Map(), new Date(0)),
  fc.constantFrom(
    new JavaDouble(5),
    new JavaFloat(0.1),
    new Uint8Array([1, 2, 255]),
    new BigDecimal(123n, 2),
  ),
);

/** A schema and a value for it: mostly of its type, now and then null or a value of another type. */
type Case = { schema: Schema; value: unknown };

const leaf: fc.Arbitrary<Case> = fc.oneof(
  fc.integer({ min: -128, max: 127 }).map((v) => ({ schema: SchemaBuilder.int8().build(), value: v })),
  fc.integer().map((v) => ({ schema: SchemaBuilder.int32().build(), value: v })),
  fc.oneof(fc.integer(), doubles).map((v) => ({ schema: SchemaBuilder.int16().build(), value: v })),
  longs.map((v) => ({ schema: SchemaBuilder.int64().build(), value: v })),
  floats.map((v) => ({ schema: SchemaBuilder.float32().build(), value: v })),
  doubles.map((v) => ({ schema: SchemaBuilder.float64().build(), value: v })),
  fc.constantFrom(new JavaDouble(3), new JavaFloat(2.5)).map((v) => ({
    schema: (v instanceof JavaFloat ? SchemaBuilder.float32() : SchemaBuilder.float64()).build(),
    value: v,
  })),
  fc.boolean().map((v) => ({ schema: SchemaBuilder.bool().build(), value: v })),
  strings.map((v) => ({ schema: SchemaBuilder.string().build(), value: v })),
  fc.uint8Array({ maxLength: 8 }).map((v) => ({ schema: SchemaBuilder.bytes().build(), value: v })),
  dates.map((v) => ({ schema: TIMESTAMP_SCHEMA, value: v })),
  dates.map((v) => ({ schema: DATE_SCHEMA, value: v })),
  dates.map((v) => ({ schema: TIME_SCHEMA, value: v })),
  fc
    .tuple(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: 0, max: 4 }))
    .map(([unscaled, scale]) => ({ schema: decimalSchema(scale), value: new BigDecimal(unscaled, scale) })),
);

/** Optional or not, with a default or not; the value now and then null or stray. */
function varied(base: fc.Arbitrary<Case>): fc.Arbitrary<Case> {
  return fc.tuple(base, fc.boolean(), fc.nat(19), stray).map(([{ schema, value }, optional, roll, other]) => {
    const builder = SchemaBuilder.from(schema);
    if (optional) builder.optional();
    let built = builder.build();
    // A default taken from this very value (when the schema accepts it): null may then be replaced.
    if (roll === 1 && value !== null && value !== undefined) {
      try {
        built = SchemaBuilder.from(built).defaultValue(value).build();
      } catch {
        // Not a valid default for the schema: keep the schema without one.
      }
    }
    if (roll === 2 || roll === 1) return { schema: built, value: null };
    if (roll === 3) return { schema: built, value: other };
    return { schema: built, value };
  });
}

const { node } = fc.letrec<{ node: Case; struct: Case; array: Case; map: Case }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    varied(leaf),
    tie('struct'),
    tie('array'),
    tie('map'),
  ),
  struct: fc
    .uniqueArray(fc.tuple(fieldName, tie('node')), { maxLength: 6, selector: ([name]) => name })
    .map((fields) => {
      const builder = SchemaBuilder.struct();
      for (const [name, field] of fields) builder.field(name, field.schema);
      const schema = builder.build();
      // Trusted values: a field may hold what its schema does not allow, as in a careless SMT.
      return {
        schema,
        value: Struct.fromTrustedValues(
          schema,
          fields.map(([, field]) => field.value),
        ),
      };
    }),
  array: fc.array(varied(leaf), { maxLength: 3 }).chain((elements) =>
    fc
      .constantFrom(...(elements.length === 0 ? [SchemaBuilder.string().build()] : [elements[0]!.schema]))
      .map((elementSchema) => ({
        schema: SchemaBuilder.array(elementSchema).build(),
        // Elements written with the first one's schema: the rest may well not fit it.
        value: elements.map((element) => element.value),
      })),
  ),
  map: fc
    .tuple(
      fc.constantFrom('string', 'int', 'stray'),
      fc.uniqueArray(fc.tuple(fieldName, tie('node')), { maxLength: 4, selector: ([k]) => k }),
    )
    .map(([keys, entries]) => {
      const valueSchema = entries[0]?.[1].schema ?? SchemaBuilder.int32().build();
      // Stray keys: a string key schema (optional, so null is a key it allows) holding other keys.
      const keySchema = (keys === 'int' ? SchemaBuilder.int32() : SchemaBuilder.string().optional()).build();
      const key = (name: string, i: number) =>
        keys === 'string' ? name : keys === 'int' ? i : [name, null, -i - 0.5][i % 3];
      return {
        schema: SchemaBuilder.map(keySchema, valueSchema).build(),
        value: new Map(entries.map(([name, entry], i) => [key(name, i), entry.value])),
      };
    }),
}));

describe('struct payloads by the native writer', () => {
  it('give the compiled writer text or its error for any schema and value', () => {
    fc.assert(
      fc.property(
        fc.tuple(
          fieldName.filter((name) => name !== 'tail'),
          node,
        ),
        fc.boolean(),
        ([name, field], replaceNull) => {
          const schema = SchemaBuilder.struct()
            .field(name, field.schema)
            .field('tail', SchemaBuilder.int32().build())
            .build();
          const value = Struct.fromTrustedValues(schema, [field.value, 1]);
          expectSameAsWriter(schema, value, replaceNull);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('write the usual record natively, byte for byte', () => {
    const address = SchemaBuilder.struct()
      .field('street', SchemaBuilder.string().build())
      .field('zip', SchemaBuilder.string().optional().build())
      .optional()
      .build();
    const schema = SchemaBuilder.struct()
      .name('com.example.Order')
      .field('id', SchemaBuilder.int64().build())
      .field('score', SchemaBuilder.float32().build())
      .field('amount', SchemaBuilder.float64().build())
      .field('whole', SchemaBuilder.float64().build())
      .field('at', TIMESTAMP_SCHEMA)
      .field('address', address)
      .field('tags', SchemaBuilder.array(SchemaBuilder.string().build()).build())
      .field(
        'attributes',
        SchemaBuilder.map(SchemaBuilder.string().build(), SchemaBuilder.int32().build()).build(),
      )
      .build();
    const value = new Struct(schema)
      .put('id', 2n ** 62n)
      .put('score', 0.1)
      .put('amount', 12.5)
      .put('whole', 3)
      .put('at', new Date(1_700_000_000_000))
      .put('address', new Struct(address).put('street', 'Main "1"'))
      .put('tags', ['a', 'ø'])
      .put('attributes', new Map([['k', 1]]));
    const converter = new JsonConverter();
    converter.configure({ 'schemas.enable': 'false' }, false);
    expect(Buffer.from(converter.fromConnectData('t', null, schema, value)!).toString()).toBe(
      '{"id":4611686018427387904,"score":0.1,"amount":12.5,"whole":3.0,"at":1700000000000,' +
        '"address":{"street":"Main \\"1\\"","zip":null},"tags":["a","ø"],"attributes":{"k":1}}',
    );
  });
});
