// Cases for SimpleHeaderConverter (Kafka's Values parsing and printing), StringConverter and
// ByteArrayConverter.
import type { ConformanceCase, DataSpec } from '../case.ts';
import { exact } from './exact.ts';

const SIMPLE = 'org.apache.kafka.connect.storage.SimpleHeaderConverter';
const STRING = 'org.apache.kafka.connect.storage.StringConverter';
const BYTE_ARRAY = 'org.apache.kafka.connect.converters.ByteArrayConverter';
const DECIMAL = 'org.apache.kafka.connect.data.Decimal';

/** Header strings users send, and the corners of Kafka's inference. */
const HEADER_TEXTS = [
  'true',
  'false',
  'TRUE',
  'null',
  'NULL',
  '',
  ' ',
  '  padded  ',
  '0',
  '1',
  '-1',
  '127',
  '128',
  '-129',
  '32767',
  '32768',
  '2147483647',
  '2147483648',
  '-2147483649',
  '9223372036854775807',
  '9223372036854775808',
  '10000000000000000000',
  '12345678901234567890',
  '+5',
  '1.0',
  '1.5',
  '-0.25',
  '0.1',
  '3.4e38',
  '3.5e38',
  '1e400',
  '1e3',
  '1E-3',
  '1.',
  '.5',
  '-.5',
  '1_000',
  '0x1F',
  'NaN',
  'Infinity',
  '1,000',
  '12:30',
  '1:2:3',
  'a:b',
  '2020-01-01',
  '2020-13-45',
  '1999-12-31',
  '2020-02-30',
  '12:34:56.789Z',
  '23:59:59.999Z',
  '25:00:00.000Z',
  '2020-01-01T10:20:30.400Z',
  '2020-01-01T10:20:30.400',
  '2020-01-01 10:20:30.400Z',
  '[]',
  '[1,2,3]',
  '[1,1000,100000]',
  '[1,2.5]',
  '[1,"a"]',
  '["a","b"]',
  '[true,false]',
  '[1,null]',
  '[null,null]',
  '[[1,2],[3]]',
  '[1,2',
  '[1,,2]',
  '[,]',
  '[ 1 , 2 ]',
  '["a,b","c"]',
  '["x\\"y"]',
  '{}',
  '{"a":1}',
  '{"a":1,"b":2}',
  '{"a":"x","b":true}',
  '{1:"a",2:"b"}',
  '{"a":[1,2]}',
  '{"a":{"b":1}}',
  '{a:1}',
  '{"a":1',
  '{"a"}',
  '{"a":}',
  '{"a":null}',
  '{:1}',
  'hello',
  'hello world',
  'a,b,c',
  '"quoted"',
  "it's",
  'tab\there',
  'unicode é ✓ 😀',
  '{"a":1}x',
  'true}',
  '[1]x',
  'c:\\path\\file',
  'escaped\\:colon',
];

function header(id: string, text: string): ConformanceCase {
  return {
    id: `simple-header/to/${id}`,
    kind: 'headerConverter',
    class: SIMPLE,
    config: {},
    op: 'toConnectHeader',
    input: { text },
  };
}

function headerFrom(id: string, data: DataSpec): ConformanceCase {
  return {
    id: `simple-header/from/${id}`,
    kind: 'headerConverter',
    class: SIMPLE,
    config: {},
    op: 'fromConnectHeader',
    data,
  };
}

export function simpleConverterCases(): ConformanceCase[] {
  const cases: ConformanceCase[] = HEADER_TEXTS.map((text, i) => header(`${i}:${text}`, text));
  cases.push(
    {
      id: 'simple-header/to/null',
      kind: 'headerConverter',
      class: SIMPLE,
      config: {},
      op: 'toConnectHeader',
      input: null,
    },
    {
      id: 'simple-header/to/invalid-utf8',
      kind: 'headerConverter',
      class: SIMPLE,
      config: {},
      op: 'toConnectHeader',
      input: { base64: '/w==' },
    },
  );
  const fromData: Record<string, DataSpec> = {
    string: { schema: { type: 'string' }, payload: 'hello' },
    'string-with-quotes': { schema: { type: 'string' }, payload: 'say "hi"' },
    int8: { schema: { type: 'int8' }, payload: 5 },
    int64: { schema: { type: 'int64' }, payload: exact('9007199254740993') },
    float: { schema: { type: 'float' }, payload: 1.5 },
    'double-integral': { schema: { type: 'double' }, payload: 2 },
    'double-large': { schema: { type: 'double' }, payload: 12345678.5 },
    boolean: { schema: { type: 'boolean' }, payload: true },
    bytes: { schema: { type: 'bytes' }, payload: 'AQID' },
    array: { schema: { type: 'array', items: { type: 'string' } }, payload: ['a', 'b"c'] },
    'array-ints': { schema: { type: 'array', items: { type: 'int32' } }, payload: [1, 2] },
    map: { schema: { type: 'map', keys: { type: 'string' }, values: { type: 'int32' } }, payload: { a: 1 } },
    struct: {
      schema: {
        type: 'struct',
        fields: [
          { type: 'string', field: 'n' },
          { type: 'double', field: 'v' },
        ],
      },
      payload: { n: 'x', v: 1 },
    },
    date: { schema: { type: 'int32', name: 'org.apache.kafka.connect.data.Date' }, payload: 18262 },
    time: { schema: { type: 'int32', name: 'org.apache.kafka.connect.data.Time' }, payload: 45296789 },
    timestamp: {
      schema: { type: 'int64', name: 'org.apache.kafka.connect.data.Timestamp' },
      payload: 1577873430400,
    },
    decimal: { schema: { type: 'bytes', name: DECIMAL, parameters: { scale: '2' } }, payload: 'AHs=' },
    'schemaless-map': { schema: null, payload: { k: 'v' } },
    null: { schema: { type: 'string', optional: true }, payload: null },
  };
  for (const [label, data] of Object.entries(fromData)) cases.push(headerFrom(label, data));

  // StringConverter.
  const stringTo = (
    id: string,
    input: ConformanceCase extends never ? never : { text: string } | { base64: string } | null,
    config: Record<string, string> = {},
  ): ConformanceCase => ({
    id: `string/to/${id}`,
    kind: 'converter',
    class: STRING,
    config,
    op: 'toConnect',
    input,
  });
  const stringFrom = (
    id: string,
    data: DataSpec,
    config: Record<string, string> = {},
    extra: Partial<ConformanceCase> = {},
  ): ConformanceCase =>
    ({
      id: `string/from/${id}`,
      kind: 'converter',
      class: STRING,
      config,
      op: 'fromConnect',
      data,
      ...extra,
    }) as ConformanceCase;
  cases.push(
    stringTo('text', { text: 'hello' }),
    stringTo('unicode', { text: 'é ✓ 😀' }),
    stringTo('null', null),
    stringTo('empty', { text: '' }),
    stringTo('latin1', { base64: '6Q==' }, { 'converter.encoding': 'ISO-8859-1' }),
    stringTo('utf16', { base64: 'aABpAA==' }, { 'converter.encoding': 'UTF-16LE' }),
    stringTo('bad-encoding', { text: 'x' }, { 'converter.encoding': 'NOPE' }),
    stringFrom('string', { schema: { type: 'string' }, payload: 'v' }),
    stringFrom('int', { schema: { type: 'int32' }, payload: 12 }),
    stringFrom('boolean', { schema: { type: 'boolean' }, payload: false }),
    stringFrom('double', { schema: { type: 'double' }, payload: 2.5 }),
    stringFrom('null', null),
    stringFrom(
      'latin1',
      { schema: { type: 'string' }, payload: 'é' },
      { 'converter.encoding': 'ISO-8859-1' },
    ),
    stringFrom('array', { schema: { type: 'array', items: { type: 'double' } }, payload: [1, 2.5] }),
    stringFrom('map', {
      schema: { type: 'map', keys: { type: 'string' }, values: { type: 'int32' } },
      payload: { k: 1 },
    }),
    stringFrom('decimal', {
      schema: { type: 'bytes', name: DECIMAL, parameters: { scale: '3' } },
      payload: 'AeI=',
    }),
    stringFrom('timestamp', {
      schema: { type: 'int64', name: 'org.apache.kafka.connect.data.Timestamp' },
      payload: 1700000000123,
    }),
    stringFrom('header-type', { schema: { type: 'string' }, payload: 'h' }, { 'converter.type': 'header' }),
    stringFrom('struct', {
      schema: {
        type: 'struct',
        fields: [
          { type: 'int32', field: 'a' },
          { type: 'string', field: 'b', optional: true },
        ],
      },
      payload: { a: 1, b: null },
    }),
  );

  // ByteArrayConverter.
  const bytesTo = (id: string, input: { base64: string } | null): ConformanceCase => ({
    id: `bytearray/to/${id}`,
    kind: 'converter',
    class: BYTE_ARRAY,
    config: {},
    op: 'toConnect',
    input,
  });
  const bytesFrom = (id: string, data: DataSpec): ConformanceCase => ({
    id: `bytearray/from/${id}`,
    kind: 'converter',
    class: BYTE_ARRAY,
    config: {},
    op: 'fromConnect',
    data,
  });
  cases.push(
    bytesTo('bytes', { base64: 'AAEC/w==' }),
    bytesTo('empty', { base64: '' }),
    bytesTo('null', null),
    bytesFrom('bytes', { schema: { type: 'bytes' }, payload: 'AAEC' }),
    bytesFrom('schemaless-bytes', null),
    bytesFrom('string-schema', { schema: { type: 'string' }, payload: 'x' }),
    bytesFrom('optional-null', { schema: { type: 'bytes', optional: true }, payload: null }),
  );
  return cases;
}
