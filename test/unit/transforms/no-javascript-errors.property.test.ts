// No connector config and no record may reach a JavaScript TypeError, RangeError or SyntaxError in
// the data path: random records (random schemas, extreme numbers, odd JSON) and random SMT chains
// (random configs, regexes, date patterns, header literals) run end to end, bytes → converter →
// SMTs → converter → bytes with headers through a header converter, and every failure must be a
// Connect exception or carry the Java class Kafka would report; every JSON output must parse.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PipelineSpec, PluginSpec, StageSpec } from '../../conformance/case.ts';
import { runOurCase } from '../../conformance/run-ours.ts';

const T = 'org.apache.kafka.connect.transforms.';
const P = 'org.apache.kafka.connect.transforms.predicates.';
const JSON_CONVERTER = 'org.apache.kafka.connect.json.JsonConverter';

const EXTREME_NUMBERS = [
  '0',
  '-0',
  '-0.0',
  '1.0',
  '1e400',
  '-1e400',
  '4.9E-324',
  '1.7976931348623157E308',
  '3.4028235E38',
  '1e39',
  '9223372036854775807',
  '9223372036854775808',
  '-9223372036854775809',
  '9007199254740993',
  '123456789012345678901234567890.5',
  '0.1',
  '1E-10',
  // Jackson reads leading zeros, and refuses numbers past 1000 digits.
  '007',
  '-00.5',
  '01e2',
  '-000',
  `00${'9'.repeat(1001)}`,
  `0.${'1'.repeat(1000)}`,
  // Exponents at and past an int (BigDecimal's limits; powers of ten no BigInt can hold).
  '1e2147483647',
  '-1.5e2147483647',
  '1e-2147483647',
  '1e2147483648',
];

const numberText = fc.oneof(
  fc.constantFrom(...EXTREME_NUMBERS),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => String(d)),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String),
);

const { json: jsonText } = fc.letrec((tie) => ({
  json: fc.oneof(
    { depthSize: 'small' },
    numberText,
    fc.string().map((s) => JSON.stringify(s)),
    fc.constantFrom('true', 'false', 'null'),
    fc.array(tie('json') as fc.Arbitrary<string>, { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
    fc
      .array(fc.tuple(fc.constantFrom('a', 'b', 'c', 'ts', '1', ''), tie('json') as fc.Arbitrary<string>), {
        maxLength: 4,
      })
      .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
  ),
}));

const SCHEMA_TYPES = ['int8', 'int16', 'int32', 'int64', 'float', 'double', 'boolean', 'string', 'bytes'];
const LOGICAL = [
  '{"type":"int64","name":"org.apache.kafka.connect.data.Timestamp"}',
  '{"type":"int32","name":"org.apache.kafka.connect.data.Date"}',
  '{"type":"int32","name":"org.apache.kafka.connect.data.Time"}',
  '{"type":"bytes","name":"org.apache.kafka.connect.data.Decimal","parameters":{"scale":"2"}}',
];
const fieldSchema = fc.oneof(
  fc.constantFrom(...SCHEMA_TYPES).map((t) => `{"type":"${t}","optional":true}`),
  fc.constantFrom(...LOGICAL).map((s) => `${s.slice(0, -1)},"optional":true}`),
  fc.constantFrom('{"type":"array","items":{"type":"double"},"optional":true}'),
  fc.constantFrom('{"type":"map","keys":{"type":"string"},"values":{"type":"float"},"optional":true}'),
);

/** An envelope with a struct schema of fields a/b/ts and a payload that may or may not fit it. */
const envelope = fc.tuple(fieldSchema, fieldSchema, fieldSchema, jsonText, jsonText, numberText).map(
  ([a, b, ts, va, vb, vts]) =>
    `{"schema":{"type":"struct","fields":[${[
      [a, 'a'],
      [b, 'b'],
      [ts, 'ts'],
    ]
      .map(([s, name]) => `${s!.slice(0, -1)},"field":"${name}"}`)
      .join(',')}],"optional":false},"payload":{"a":${va},"b":${vb},"ts":${vts}}}`,
);

const field = fc.constantFrom('a', 'b', 'ts', 'missing', 'a.b', '');
const anyText = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(...EXTREME_NUMBERS),
  fc.constantFrom('[1,"a"]', '[]', '{}', '{"a":1,"b":"x"}', '[1,2.5]', '{"a":}', 'true', 'null', '"q"'),
);
const regex = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom(
    '(.*)',
    '\\p{Lower}+',
    '(?x) a b',
    'a++',
    '(?>a)',
    '[a-z&&[^b]]',
    '(?i)é',
    '\\h\\R',
    '\\0141',
    'a{,3}',
    '(?<n>x)',
    '\\Qa.b\\E',
    '[',
  ),
);
const datePattern = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom('yyyy-MM-dd', "yyyy-MM-dd'T'HH:mm:ssX", 'yyyy-qq', "'x", 'YYYY-ww-u', 'z', 'G'),
);
const castType = fc.constantFrom(
  'int8',
  'int16',
  'int32',
  'int64',
  'float32',
  'float64',
  'boolean',
  'string',
);
const precision = fc.constantFrom('seconds', 'milliseconds', 'microseconds', 'nanoseconds');
const side = fc.constantFrom('$Key', '$Value');

const stage: fc.Arbitrary<StageSpec> = fc.oneof(
  fc.tuple(side, field, castType, fc.boolean()).map(([s, f, t, whole]) => ({
    class: `${T}Cast${s}`,
    config: { spec: whole ? t : `${f}:${t}` },
  })),
  fc.tuple(side, field, fc.option(anyText)).map(([s, f, r]) => ({
    class: `${T}MaskField${s}`,
    config: (r === null ? { fields: f } : { fields: f, replacement: r }) as Record<string, string>,
  })),
  fc
    .tuple(
      side,
      field,
      fc.constantFrom('string', 'unix', 'Date', 'Time', 'Timestamp'),
      fc.option(datePattern),
      precision,
    )
    .map(([s, f, target, format, p]) => ({
      class: `${T}TimestampConverter${s}`,
      config: {
        field: f,
        'target.type': target,
        'unix.precision': p,
        ...(format === null ? {} : { format }),
      },
    })),
  fc.tuple(fc.string({ maxLength: 4 }), anyText).map(([h, literal]) => ({
    class: `${T}InsertHeader`,
    config: { header: h, 'value.literal': literal },
  })),
  fc.tuple(regex, fc.string({ maxLength: 6 })).map(([r, replacement]) => ({
    class: `${T}RegexRouter`,
    config: { regex: r, replacement },
  })),
  fc.tuple(datePattern, fc.string({ maxLength: 6 })).map(([format, topicFormat]) => ({
    class: `${T}TimestampRouter`,
    config: { 'timestamp.format': format, 'topic.format': topicFormat },
  })),
  fc.tuple(side, field, fc.constantFrom('copy', 'move')).map(([s, f, operation]) => ({
    class: `${T}HeaderFrom${s}`,
    config: { fields: f, headers: 'h', operation },
  })),
  fc.tuple(side, field).map(([s, f]) => ({ class: `${T}ExtractField${s}`, config: { field: f } })),
  fc.tuple(side, field).map(([s, f]) => ({ class: `${T}HoistField${s}`, config: { field: f } })),
  side.map((s) => ({ class: `${T}Flatten${s}`, config: {} })),
  fc.tuple(side, field, field).map(([s, f, g]) => ({
    class: `${T}ReplaceField${s}`,
    config: { renames: `${f}:${g}x`, exclude: g },
  })),
  field.map((f) => ({ class: `${T}ValueToKey`, config: { fields: f } })),
  fc.tuple(side, anyText).map(([s, v]) => ({
    class: `${T}InsertField${s}`,
    config: { 'static.field': 's', 'static.value': v, 'timestamp.field': 't', 'offset.field': 'o' },
  })),
  fc.tuple(side, fc.string({ maxLength: 6 })).map(([s, name]) => ({
    class: `${T}SetSchemaMetadata${s}`,
    config: { 'schema.name': name, 'schema.version': '3' },
  })),
  fc.string({ maxLength: 4 }).map((h) => ({ class: `${T}DropHeaders`, config: { headers: h } })),
  regex.map((pattern) => ({
    class: `${T}Filter`,
    predicate: { class: `${P}TopicNameMatches`, config: { pattern } },
  })),
  fc.constant({
    class: `${T}Filter`,
    predicate: { class: `${P}HasHeaderKey`, config: { name: 'h' } },
    negate: true,
  }),
);

/** Record bytes as Jackson may see them: a value with trailing text, raw bytes, UTF-16. */
const valueBytes = fc.oneof(
  fc.oneof(jsonText, envelope).map((text) => ({ text })),
  fc
    .tuple(
      fc.oneof(jsonText, envelope),
      fc.constantFrom('', ' ', 'x', ']', '}', ' {"a":', '\u0000', '\ufffd', ' 1 '),
      fc.string({ maxLength: 4 }),
    )
    .map(([json, glue, tail]) => ({ text: json + glue + tail })),
  fc.uint8Array({ maxLength: 24 }).map((bytes) => ({ base64: Buffer.from(bytes).toString('base64') })),
  fc
    .tuple(
      jsonText,
      fc.constantFrom('utf16le', 'utf8') as fc.Arbitrary<BufferEncoding>,
      fc.uint8Array({ maxLength: 3 }),
    )
    .map(([json, encoding, junk]) => ({
      base64: Buffer.concat([Buffer.from(json, encoding), Buffer.from(junk)]).toString('base64'),
    })),
);

const converter: fc.Arbitrary<PluginSpec> = fc.boolean().map((schemas) => ({
  class: JSON_CONVERTER,
  config: { 'schemas.enable': String(schemas), 'decimal.format': 'NUMERIC' },
}));
const headerConverter: fc.Arbitrary<PluginSpec> = fc.constantFrom(
  { class: 'org.apache.kafka.connect.storage.SimpleHeaderConverter' },
  { class: JSON_CONVERTER },
);

const pipeline: fc.Arbitrary<PipelineSpec> = fc
  .record({
    converter,
    headerConverter,
    value: valueBytes,
    key: fc.option(jsonText),
    stages: fc.array(stage, { maxLength: 3 }),
    timestamp: fc.option(fc.constantFrom(0, 1700000000123, -1, 8_640_000_000_000_001, 9_007_199_254_740_991)),
    topic: fc.oneof(fc.constant('orders'), fc.string({ maxLength: 6 })),
  })
  .map((p) => ({
    kind: 'pipeline',
    ...p,
    value: p.value,
    key: p.key === null ? null : { text: p.key },
  }));

interface Bytes {
  text?: string;
}

describe('the data path never fails with a JavaScript error', () => {
  it('gives only Connect exceptions (or Java classes) and JSON that parses, for random configs and records', () => {
    fc.assert(
      fc.property(pipeline, (spec) => {
        const outcome = runOurCase({ id: 'random', ...spec });
        if (outcome.error) {
          expect(outcome.error.class, `${JSON.stringify(spec)}\n${outcome.error.message}`).not.toMatch(
            /^js:/,
          );
          return;
        }
        const result = outcome.ok as {
          dropped?: boolean;
          key?: Bytes;
          value?: Bytes;
          headers?: { bytes?: Bytes }[];
        };
        if (result.dropped) return;
        const texts = [result.key?.text, result.value?.text];
        if (spec.headerConverter?.class === JSON_CONVERTER)
          texts.push(...(result.headers ?? []).map((h) => h.bytes?.text));
        for (const text of texts) {
          if (text !== undefined)
            expect(() => JSON.parse(text), `${JSON.stringify(spec)}\n${text}`).not.toThrow();
        }
      }),
      { numRuns: 1500 },
    );
  }, 300_000);
});
