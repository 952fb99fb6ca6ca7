// Cases for org.apache.kafka.connect.json.JsonConverter: every schema type with valid, null,
// wrong-typed and out-of-range payloads, logical types in both decimal formats, schema metadata,
// malformed schemas and envelopes, malformed JSON, schemaless JSON, and the way back (Connect data
// → bytes) under each config switch.
import type { ConformanceCase, DataSpec } from '../case.ts';
import { exact } from './exact.ts';

const JSON_CONVERTER = 'org.apache.kafka.connect.json.JsonConverter';
const DECIMAL = 'org.apache.kafka.connect.data.Decimal';
const DATE = 'org.apache.kafka.connect.data.Date';
const TIME = 'org.apache.kafka.connect.data.Time';
const TIMESTAMP = 'org.apache.kafka.connect.data.Timestamp';

type Config = Record<string, string>;

function toConnect(
  id: string,
  text: string | null,
  config: Config = {},
  extra: Partial<ConformanceCase> = {},
) {
  return {
    id: `json/to/${id}`,
    kind: 'converter',
    class: JSON_CONVERTER,
    config,
    op: 'toConnect',
    input: text === null ? null : { text },
    ...extra,
  } as ConformanceCase;
}

function fromConnect(id: string, data: DataSpec, config: Config = {}, extra: Partial<ConformanceCase> = {}) {
  return {
    id: `json/from/${id}`,
    kind: 'converter',
    class: JSON_CONVERTER,
    config,
    op: 'fromConnect',
    data,
    ...extra,
  } as ConformanceCase;
}

const envelope = (schema: unknown, payload: unknown) => JSON.stringify({ schema, payload });

/** Payloads to try against each primitive type, by a short label. */
const PAYLOADS: Record<string, string> = {
  int: '42',
  negative: '-7',
  zero: '0',
  big: '3000000000',
  huge: '9223372036854775807',
  overLong: '92233720368547758070',
  fraction: '1.75',
  exponent: '2.5e3',
  text: '"abc"',
  numericText: '"12"',
  bool: 'true',
  array: '[1,2]',
  object: '{"a":1}',
  null: 'null',
  base64: '"AQID"',
};

const PRIMITIVES = ['int8', 'int16', 'int32', 'int64', 'float', 'double', 'boolean', 'string', 'bytes'];

export function jsonConverterCases(): ConformanceCase[] {
  const cases: ConformanceCase[] = [];

  // Every primitive type × every payload shape, required and optional.
  for (const type of PRIMITIVES) {
    for (const [label, payload] of Object.entries(PAYLOADS)) {
      cases.push(
        toConnect(`${type}/${label}`, `{"schema":{"type":"${type}","optional":false},"payload":${payload}}`),
      );
    }
    cases.push(toConnect(`${type}/optional-null`, envelope({ type, optional: true }, null)));
    cases.push(toConnect(`${type}/no-optional-key`, `{"schema":{"type":"${type}"},"payload":null}`));
  }

  // Defaults and replace.null.with.default.
  for (const replace of ['true', 'false']) {
    const config = { 'replace.null.with.default': replace };
    cases.push(
      toConnect(
        `default/int32-null/replace-${replace}`,
        envelope({ type: 'int32', optional: true, default: 5 }, null),
        config,
      ),
      toConnect(
        `default/required-int32-null/replace-${replace}`,
        envelope({ type: 'int32', optional: false, default: 5 }, null),
        config,
      ),
      toConnect(
        `default/struct-field/replace-${replace}`,
        envelope(
          {
            type: 'struct',
            fields: [
              { type: 'string', optional: true, default: 'dflt', field: 's' },
              { type: 'int64', optional: false, default: 9, field: 'n' },
            ],
          },
          { s: null },
        ),
        config,
      ),
    );
  }
  cases.push(
    toConnect('default/null-default-optional', envelope({ type: 'int32', optional: true, default: null }, 3)),
    toConnect(
      'default/null-default-required',
      envelope({ type: 'int32', optional: false, default: null }, 3),
    ),
    toConnect('default/wrong-type-string', envelope({ type: 'string', default: 12 }, 'x')),
    toConnect('default/wrong-type-bytes', envelope({ type: 'bytes', default: 12 }, 'AQ==')),
    toConnect(
      'default/struct',
      envelope({ type: 'struct', fields: [{ type: 'int32', field: 'a' }], default: { a: 1 } }, { a: 2 }),
    ),
    toConnect('default/array', envelope({ type: 'array', items: { type: 'int32' }, default: [1, 2] }, null)),
    toConnect(
      'default/map',
      envelope({ type: 'map', keys: { type: 'string' }, values: { type: 'int32' }, default: { a: 1 } }, null),
    ),
    toConnect(
      'default/decimal',
      envelope({ type: 'bytes', name: DECIMAL, parameters: { scale: '2' }, default: 'AHs=' }, null),
    ),
  );

  // Schema metadata.
  cases.push(
    toConnect(
      'meta/all',
      envelope(
        {
          type: 'string',
          optional: true,
          name: 'com.example.Name',
          version: 3,
          doc: 'the doc',
          parameters: { a: 'b', c: 'd' },
        },
        'v',
      ),
    ),
    toConnect('meta/version-not-integral', envelope({ type: 'string', version: 1.5 }, 'v')),
    toConnect('meta/version-text', envelope({ type: 'string', version: '2' }, 'v')),
    toConnect('meta/name-not-text', envelope({ type: 'string', name: 5 }, 'v')),
    toConnect('meta/optional-text', envelope({ type: 'string', optional: 'true' }, null)),
    toConnect('meta/parameter-not-text', envelope({ type: 'string', parameters: { a: 1 } }, 'v')),
    toConnect('meta/parameters-not-object', envelope({ type: 'string', parameters: ['a'] }, 'v')),
  );

  // Structs.
  const person = {
    type: 'struct',
    name: 'com.example.Person',
    optional: false,
    fields: [
      { type: 'int32', optional: false, field: 'id' },
      { type: 'string', optional: true, field: 'name' },
      {
        type: 'struct',
        optional: true,
        field: 'address',
        fields: [
          { type: 'string', optional: false, field: 'city' },
          { type: 'int32', optional: true, field: 'zip' },
        ],
      },
      { type: 'array', items: { type: 'string', optional: false }, optional: true, field: 'tags' },
    ],
  };
  cases.push(
    toConnect(
      'struct/full',
      envelope(person, { id: 1, name: 'Ann', address: { city: 'Oslo', zip: 150 }, tags: ['a', 'b'] }),
    ),
    toConnect('struct/optional-missing', envelope(person, { id: 2 })),
    toConnect('struct/required-missing', envelope(person, { name: 'x' })),
    toConnect('struct/nested-required-missing', envelope(person, { id: 3, address: { zip: 1 } })),
    toConnect('struct/extra-field-ignored', envelope(person, { id: 4, other: true })),
    toConnect('struct/not-object', envelope(person, [1, 2])),
    toConnect('struct/string-payload', envelope(person, 'x')),
    toConnect('struct/null-required', envelope(person, null)),
    toConnect('struct/tags-with-null', envelope(person, { id: 5, tags: ['a', null] })),
    toConnect('struct/tags-with-number', envelope(person, { id: 5, tags: ['a', 1] })),
    toConnect('struct/required-string-number', envelope(person, { id: 5, address: { city: 12 } })),
    toConnect(
      'struct/required-bytes-object',
      envelope({ type: 'struct', fields: [{ type: 'bytes', field: 'b' }] }, { b: { x: 1 } }),
    ),
    toConnect(
      'struct/map-of-required-bytes',
      envelope(
        {
          type: 'struct',
          fields: [{ type: 'map', keys: { type: 'string' }, values: { type: 'bytes' }, field: 'm' }],
        },
        { m: { k: 1 } },
      ),
    ),
    toConnect(
      'struct/field-named-constructor',
      envelope({ type: 'struct', fields: [{ type: 'string', optional: true, field: 'constructor' }] }, {}),
    ),
    toConnect(
      'struct/field-named-proto',
      envelope(
        { type: 'struct', fields: [{ type: 'string', optional: true, field: 'toString' }] },
        { toString: 'x' },
      ),
    ),
    toConnect('struct/empty', envelope({ type: 'struct', fields: [] }, {})),
    toConnect(
      'struct/deep',
      envelope(
        {
          type: 'struct',
          fields: [
            {
              type: 'struct',
              field: 'a',
              fields: [{ type: 'struct', field: 'b', fields: [{ type: 'int64', field: 'c' }] }],
            },
          ],
        },
        { a: { b: { c: 12345678901 } } },
      ),
    ),
  );

  // Arrays.
  cases.push(
    toConnect('array/int32', envelope({ type: 'array', items: { type: 'int32' } }, [1, 2, 3])),
    toConnect('array/empty', envelope({ type: 'array', items: { type: 'int32' } }, [])),
    toConnect(
      'array/null-required-element',
      envelope({ type: 'array', items: { type: 'int32' } }, [1, null]),
    ),
    toConnect(
      'array/null-optional-element',
      envelope({ type: 'array', items: { type: 'int32', optional: true } }, [1, null]),
    ),
    toConnect('array/object-payload', envelope({ type: 'array', items: { type: 'int32' } }, { a: 1, b: 2 })),
    toConnect('array/scalar-payload', envelope({ type: 'array', items: { type: 'int32' } }, 7)),
    toConnect(
      'array/of-structs',
      envelope({ type: 'array', items: { type: 'struct', fields: [{ type: 'string', field: 'k' }] } }, [
        { k: 'a' },
        { k: 'b' },
      ]),
    ),
    toConnect(
      'array/of-arrays',
      envelope({ type: 'array', items: { type: 'array', items: { type: 'double' } } }, [[1.5], [2.5, 3]]),
    ),
  );

  // Maps.
  cases.push(
    toConnect(
      'map/string-keys',
      envelope({ type: 'map', keys: { type: 'string' }, values: { type: 'int32' } }, { a: 1, b: 2 }),
    ),
    toConnect(
      'map/string-keys-array',
      envelope({ type: 'map', keys: { type: 'string' }, values: { type: 'int32' } }, [['a', 1]]),
    ),
    toConnect(
      'map/int-keys',
      envelope({ type: 'map', keys: { type: 'int32' }, values: { type: 'string' } }, [
        [1, 'a'],
        [2, 'b'],
      ]),
    ),
    toConnect(
      'map/int-keys-object',
      envelope({ type: 'map', keys: { type: 'int32' }, values: { type: 'string' } }, { 1: 'a' }),
    ),
    toConnect(
      'map/entry-not-array',
      envelope({ type: 'map', keys: { type: 'int32' }, values: { type: 'string' } }, [1]),
    ),
    toConnect(
      'map/entry-wrong-length',
      envelope({ type: 'map', keys: { type: 'int32' }, values: { type: 'string' } }, [[1, 'a', 'b']]),
    ),
    toConnect(
      'map/struct-keys',
      envelope(
        {
          type: 'map',
          keys: { type: 'struct', fields: [{ type: 'int32', field: 'x' }] },
          values: { type: 'boolean' },
        },
        [[{ x: 1 }, true]],
      ),
    ),
    toConnect(
      'map/null-value-required',
      envelope({ type: 'map', keys: { type: 'string' }, values: { type: 'int32' } }, { a: null }),
    ),
    toConnect(
      'map/nested',
      envelope(
        {
          type: 'map',
          keys: { type: 'string' },
          values: { type: 'map', keys: { type: 'string' }, values: { type: 'string' } },
        },
        { a: { b: 'c' } },
      ),
    ),
  );

  // Logical types.
  const decimal = (scale: string) => ({ type: 'bytes', name: DECIMAL, version: 1, parameters: { scale } });
  cases.push(
    toConnect('decimal/base64', envelope(decimal('2'), 'AHs=')),
    toConnect('decimal/base64-negative', envelope(decimal('2'), '/4U=')),
    toConnect('decimal/base64-large', envelope(decimal('5'), 'ASNFZ4mrze8BI0VniavN7w==')),
    toConnect('decimal/base64-empty', envelope(decimal('2'), '')),
    toConnect('decimal/base64-invalid', envelope(decimal('2'), 'not base64!')),
    toConnect(
      'decimal/numeric',
      '{"schema":{"type":"bytes","name":"org.apache.kafka.connect.data.Decimal","parameters":{"scale":"2"}},"payload":1.10}',
    ),
    toConnect('decimal/numeric-integer', envelope(decimal('2'), 12)),
    toConnect(
      'decimal/numeric-exponent',
      '{"schema":{"type":"bytes","name":"org.apache.kafka.connect.data.Decimal","parameters":{"scale":"0"}},"payload":1E+3}',
    ),
    toConnect(
      'decimal/numeric-long',
      '{"schema":{"type":"bytes","name":"org.apache.kafka.connect.data.Decimal","parameters":{"scale":"3"}},"payload":123456789012345678901234.567}',
    ),
    toConnect('decimal/boolean', envelope(decimal('2'), true)),
    toConnect('decimal/no-scale', envelope({ type: 'bytes', name: DECIMAL }, 'AHs=')),
    toConnect(
      'decimal/bad-scale',
      envelope({ type: 'bytes', name: DECIMAL, parameters: { scale: 'x' } }, 'AHs='),
    ),
    toConnect(
      'decimal/in-struct',
      envelope(
        { type: 'struct', fields: [{ ...decimal('3'), field: 'price', optional: true }] },
        { price: 'AeI=' },
      ),
    ),
    toConnect('date/int', envelope({ type: 'int32', name: DATE, version: 1 }, 18000)),
    toConnect('date/negative', envelope({ type: 'int32', name: DATE }, -1)),
    toConnect('date/float', envelope({ type: 'int32', name: DATE }, 1.5)),
    toConnect('date/text', envelope({ type: 'int32', name: DATE }, '2020-01-01')),
    toConnect('date/long', envelope({ type: 'int32', name: DATE }, 3000000000)),
    toConnect('time/ms', envelope({ type: 'int32', name: TIME, version: 1 }, 3723004)),
    toConnect('time/negative', envelope({ type: 'int32', name: TIME }, -5)),
    toConnect('time/over-a-day', envelope({ type: 'int32', name: TIME }, 86400001)),
    toConnect('time/one-day', envelope({ type: 'int32', name: TIME }, 86400000)),
    toConnect('timestamp/ms', envelope({ type: 'int64', name: TIMESTAMP, version: 1 }, 1700000000123)),
    toConnect('timestamp/negative', envelope({ type: 'int64', name: TIMESTAMP }, -1000)),
    toConnect('timestamp/float', envelope({ type: 'int64', name: TIMESTAMP }, 1.5)),
    toConnect('timestamp/text', envelope({ type: 'int64', name: TIMESTAMP }, '1700000000000')),
    toConnect('timestamp/optional-null', envelope({ type: 'int64', name: TIMESTAMP, optional: true }, null)),
    toConnect('logical/unknown-name', envelope({ type: 'int32', name: 'com.example.Custom' }, 5)),
  );

  // Malformed schemas.
  cases.push(
    toConnect('schema/no-type', envelope({ optional: true }, 1)),
    toConnect('schema/type-not-text', envelope({ type: 5 }, 1)),
    toConnect('schema/unknown-type', envelope({ type: 'integer' }, 1)),
    toConnect('schema/array-no-items', envelope({ type: 'array' }, [])),
    toConnect('schema/array-null-items', envelope({ type: 'array', items: null }, [])),
    toConnect('schema/map-no-keys', envelope({ type: 'map', values: { type: 'int32' } }, {})),
    toConnect('schema/map-no-values', envelope({ type: 'map', keys: { type: 'string' } }, {})),
    toConnect('schema/map-null-keys', envelope({ type: 'map', keys: null, values: { type: 'int32' } }, {})),
    toConnect('schema/struct-no-fields', envelope({ type: 'struct' }, {})),
    toConnect('schema/struct-fields-object', envelope({ type: 'struct', fields: {} }, {})),
    toConnect('schema/field-without-name', envelope({ type: 'struct', fields: [{ type: 'int32' }] }, {})),
    toConnect(
      'schema/field-name-not-text',
      envelope({ type: 'struct', fields: [{ type: 'int32', field: 1 }] }, {}),
    ),
    toConnect(
      'schema/duplicate-field',
      envelope(
        {
          type: 'struct',
          fields: [
            { type: 'int32', field: 'a' },
            { type: 'string', field: 'a' },
          ],
        },
        {},
      ),
    ),
    toConnect('schema/field-without-type', envelope({ type: 'struct', fields: [{ field: 'a' }] }, {})),
    toConnect('schema/number', envelope(5, 1)),
    toConnect('schema/string', envelope('int32', 1)),
    toConnect('schema/array', envelope([], 1)),
  );

  // Envelopes and raw JSON.
  const on: Config = {};
  const off: Config = { 'schemas.enable': 'false' };
  cases.push(
    toConnect('envelope/null-schema', '{"schema":null,"payload":{"a":[1,2.5,"x",null,true]}}'),
    toConnect('envelope/missing-payload', '{"schema":{"type":"int32"}}'),
    toConnect('envelope/missing-schema', '{"payload":1}'),
    toConnect('envelope/extra-field', '{"schema":{"type":"int32"},"payload":1,"extra":2}'),
    toConnect('envelope/plain-object', '{"a":1,"b":2}'),
    toConnect('envelope/plain-number', '5'),
    toConnect('envelope/array', '[{"schema":null,"payload":1}]'),
    toConnect('envelope/reversed-order', '{"payload":7,"schema":{"type":"int64"}}'),
    toConnect('envelope/whitespace', '{ "schema" : { "type" : "string" } , "payload" : "s" }'),
    toConnect('envelope/duplicate-key', '{"schema":{"type":"int32"},"payload":1,"payload":2}'),
    toConnect(
      'envelope/payload-missing-fast-path-lookalike',
      '{"schema":{"type":"int32"},"payload":1,"x":1}',
    ),
    toConnect('tombstone/schemas-on', null, on),
    toConnect('tombstone/schemas-off', null, off),
    toConnect('malformed/truncated', '{"schema":{"type":"int32"},"payload":', on),
    toConnect('malformed/truncated-schemaless', '{"a":', off),
    toConnect('malformed/not-json', 'hello', off),
    toConnect('malformed/single-quotes', "{'a':1}", off),
    toConnect('malformed/nan', 'NaN', off),
    // Jackson reads leading zeros (ALLOW_LEADING_ZEROS_FOR_NUMBERS) and only the first value.
    toConnect('malformed/leading-zero', '007', off),
    toConnect('malformed/trailing-garbage', '{"a":1} x', off),
    toConnect('malformed/two-values', '1 2', off),
    toConnect('malformed/leading-zero-envelope', '{"schema":{"type":"int32"},"payload":007}', on),
    toConnect('malformed/envelope-trailing-garbage', '{"schema":{"type":"int32"},"payload":1} x', on),
    toConnect('malformed/number-then-letter', '1x', off),
    toConnect('malformed/literal-then-letter', 'nullx', off),
    // An INT option goes through Integer.parseInt after Java's trim: any Unicode decimal digit.
    ...Object.entries({
      arabic: '\u0661\u0660',
      fullwidth: '\uff11\uff10',
      plus: '+10',
      padded: ' 10\t',
      'control-padded': '\u000110',
      'nbsp-padded': '\u00a010',
      fraction: '10.0',
      hex: '0x10',
      'int-overflow': '2147483648',
      empty: '',
    }).map(([label, size]) =>
      toConnect(`config/schema-cache-size/${label}`, '{"a":1}', { ...off, 'schemas.cache.size': size }),
    ),
    toConnect('empty/schemas-off', '', off),
    toConnect('empty/schemas-on', '', on),
    toConnect('empty/whitespace-schemas-off', '   ', off),
    toConnect('bom/schemaless', '\uFEFF{"a":1}', off),
  );

  // Schemaless JSON.
  const schemaless: Record<string, string> = {
    object: '{"a":1,"b":"x","c":[true,null],"d":{"e":1.5}}',
    'int-and-float': '[1,1.5,-2,-2.25,0]',
    'big-int': '12345678901234567890',
    'long-max': '9223372036854775807',
    'long-min': '-9223372036854775808',
    'near-safe': '9007199254740993',
    'float-exponent': '1.5e300',
    'float-overflow': '1e400',
    'float-integral': '2.0',
    string: '"text with \\"quotes\\" and \\u00e9"',
    true: 'true',
    null: 'null',
    'empty-object': '{}',
    'empty-array': '[]',
    'nested-arrays': '[[1,[2,[3]]]]',
    unicode: '{"ключ":"значение","emoji":"😀"}',
  };
  for (const [label, text] of Object.entries(schemaless))
    cases.push(toConnect(`schemaless/${label}`, text, off));

  // Header converter use: the runtime configures converter.type=header.
  cases.push(
    {
      id: 'json/header/to-int',
      kind: 'headerConverter',
      class: JSON_CONVERTER,
      config: {},
      op: 'toConnectHeader',
      input: { text: envelope({ type: 'int32' }, 5) },
    },
    {
      id: 'json/header/to-schemaless',
      kind: 'headerConverter',
      class: JSON_CONVERTER,
      config: { 'schemas.enable': 'false' },
      op: 'toConnectHeader',
      input: { text: '{"a":1}' },
    },
    {
      id: 'json/header/to-null',
      kind: 'headerConverter',
      class: JSON_CONVERTER,
      config: {},
      op: 'toConnectHeader',
      input: null,
    },
    {
      id: 'json/header/from-string',
      kind: 'headerConverter',
      class: JSON_CONVERTER,
      config: {},
      op: 'fromConnectHeader',
      data: { schema: { type: 'string' }, payload: 'v' },
    },
    {
      id: 'json/header/from-schemaless',
      kind: 'headerConverter',
      class: JSON_CONVERTER,
      config: { 'schemas.enable': 'false' },
      op: 'fromConnectHeader',
      data: { schema: null, payload: { a: [1, 2] } },
    },
  );

  // Connect data → bytes.
  const variants: Record<string, Config> = {
    default: {},
    noschemas: { 'schemas.enable': 'false' },
    numeric: { 'decimal.format': 'NUMERIC' },
    noreplace: { 'replace.null.with.default': 'false' },
  };
  const data: Record<string, DataSpec> = {
    person: {
      schema: person,
      payload: { id: 1, name: 'Ann', address: { city: 'Oslo', zip: null }, tags: ['x'] },
    },
    'all-primitives': {
      schema: {
        type: 'struct',
        fields: PRIMITIVES.map((type) => ({ type, optional: true, field: `f_${type}` })),
      },
      payload: {
        f_int8: -8,
        f_int16: 300,
        f_int32: 70000,
        f_int64: exact('9007199254740993'),
        f_float: 1.5,
        f_double: 12345678.25,
        f_boolean: true,
        f_string: 'é"\n',
        f_bytes: 'AAEC',
      },
    },
    doubles: {
      schema: { type: 'array', items: { type: 'double' } },
      payload: [0, 1, -1.5, 1e7, 1.5e-7, 123456789.125, 1e21, 0.001],
    },
    'decimal-struct': {
      schema: {
        type: 'struct',
        fields: [
          { ...decimal('2'), field: 'p' },
          { ...decimal('0'), field: 'q', optional: true },
        ],
      },
      payload: { p: 'AHs=', q: null },
    },
    'decimal-negative-scale': { schema: decimal('-2'), payload: 'Bw==' },
    'decimal-small': { schema: decimal('10'), payload: 'AQ==' },
    temporal: {
      schema: {
        type: 'struct',
        fields: [
          { type: 'int32', name: DATE, field: 'd' },
          { type: 'int32', name: TIME, field: 't' },
          { type: 'int64', name: TIMESTAMP, field: 'ts' },
        ],
      },
      payload: { d: 19000, t: 45296789, ts: 1700000000123 },
    },
    'map-int-keys': {
      schema: { type: 'map', keys: { type: 'int64' }, values: { type: 'string', optional: true } },
      payload: [
        [1, 'a'],
        [2, null],
      ],
    },
    'map-string-keys': {
      schema: { type: 'map', keys: { type: 'string' }, values: { type: 'boolean' } },
      payload: { x: true, y: false },
    },
    defaults: {
      schema: {
        type: 'struct',
        fields: [
          { type: 'int32', optional: true, default: 7, field: 'withDefault' },
          { type: 'string', optional: true, field: 'plain' },
        ],
      },
      payload: { withDefault: null, plain: null },
    },
    'optional-null': { schema: { type: 'string', optional: true }, payload: null },
    'optional-null-with-default': { schema: { type: 'string', optional: true, default: 'd' }, payload: null },
    metadata: {
      schema: { type: 'string', name: 'n', version: 2, doc: 'd', parameters: { k: 'v' } },
      payload: 's',
    },
    'schemaless-map': { schema: null, payload: { a: 1, b: [1, 'x', null], c: { d: true } } },
    'schemaless-array': { schema: null, payload: [1, 'two', 3.5, null] },
    'schemaless-string': { schema: null, payload: 'plain' },
    'schemaless-number': { schema: null, payload: 42 },
    null: null,
    bytes: { schema: { type: 'bytes' }, payload: '3q2+7w==' },
    'float-special': { schema: { type: 'float' }, payload: 0.1 },
    'nested-arrays': {
      schema: { type: 'array', items: { type: 'array', items: { type: 'int8' } } },
      payload: [[1, 2], [], [3]],
    },
    'struct-in-map': {
      schema: {
        type: 'map',
        keys: { type: 'string' },
        values: { type: 'struct', fields: [{ type: 'int32', field: 'v' }] },
      },
      payload: { k: { v: 1 } },
    },
  };
  for (const [variant, config] of Object.entries(variants)) {
    for (const [label, spec] of Object.entries(data))
      cases.push(fromConnect(`${label}/${variant}`, spec, config));
  }
  return cases;
}
