// The corpus of the Avro differential test: Connect data in JsonConverter envelope form (which
// both sides turn into Connect objects with their own JsonConverter), covering every Connect type
// and logical type, optional fields with and without values, defaults, docs, names, versions and
// parameters, nested structs, maps (string keys and others), arrays, and the three subject name
// strategies for keys and values; plus seeded random nested schemas for breadth. Numbers are chosen
// to be exact at their width, so the number model's own rounding questions stay out of this test.

/** JSON.rawJSON (Node 21+): an int64 written with all its digits. */
const raw = (JSON as unknown as { rawJSON(text: string): unknown }).rawJSON;

export interface AvroCorpusCase {
  id: string;
  isKey: boolean;
  strategy: 'topic' | 'record' | 'topicRecord';
  data: { schema: unknown; payload: unknown };
}

type S = Record<string, unknown>;
const DECIMAL = 'org.apache.kafka.connect.data.Decimal';
const prim = (type: string, extra: S = {}): S => ({ type, optional: false, ...extra });
const opt = (schema: S): S => ({ ...schema, optional: true });
const struct = (fields: [string, S][], extra: S = {}): S => ({
  type: 'struct',
  optional: false,
  fields: fields.map(([field, schema]) => ({ ...schema, field })),
  ...extra,
});
const array = (items: S, extra: S = {}): S => ({ type: 'array', optional: false, items, ...extra });
const map = (keys: S, values: S, extra: S = {}): S => ({
  type: 'map',
  optional: false,
  keys,
  values,
  ...extra,
});
const decimal = (scale: number, extra: S = {}): S =>
  prim('bytes', { name: DECIMAL, version: 1, parameters: { scale: String(scale) }, ...extra });
const date = (): S => prim('int32', { name: 'org.apache.kafka.connect.data.Date', version: 1 });
const time = (): S => prim('int32', { name: 'org.apache.kafka.connect.data.Time', version: 1 });
const timestamp = (): S => prim('int64', { name: 'org.apache.kafka.connect.data.Timestamp', version: 1 });

/** Base64 of Java's BigInteger.toByteArray() of `n` (a Decimal's unscaled value). */
function unscaled(n: bigint): string {
  let length = 1;
  while (n < -(1n << BigInt(length * 8 - 1)) || n >= 1n << BigInt(length * 8 - 1)) length++;
  const bytes = Buffer.alloc(length);
  let rest = BigInt.asUintN(length * 8, n);
  for (let i = length - 1; i >= 0; i--) {
    bytes[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return bytes.toString('base64');
}

/** Sample values per primitive kind, exact at their width. */
const SAMPLES: Record<string, unknown[]> = {
  int8: [0, 127, -128, 7],
  int16: [0, 32767, -32768, 300],
  int32: [0, 2147483647, -2147483648, 42],
  int64: [0, raw('9223372036854775807'), raw('-9223372036854775808'), raw('9007199254740993'), 1700000000000],
  float: [0, 1.5, -2.25, 16777216, 0.0078125],
  double: [0, Math.PI, -1e-300, 1.7976931348623157e308, 2.5],
  boolean: [true, false],
  string: ['', 'hello', 'ünïcödé ✓', 'emoji 🚀', 'line\nbreak'],
  bytes: ['', 'AA==', 'AAEC/w==', Buffer.from('some bytes').toString('base64')],
};
const KINDS: [string, S][] = [
  ['int8', prim('int8')],
  ['int16', prim('int16')],
  ['int32', prim('int32')],
  ['int64', prim('int64')],
  ['float', prim('float')],
  ['double', prim('double')],
  ['boolean', prim('boolean')],
  ['string', prim('string')],
  ['bytes', prim('bytes')],
];
const LOGICAL: [string, S, unknown[]][] = [
  ['decimal0', decimal(0), [unscaled(0n), unscaled(123456789012345678901234567890n), unscaled(-1n)]],
  ['decimal2', decimal(2), [unscaled(12345n), unscaled(-99999n), unscaled(1n)]],
  ['decimal9', decimal(9), [unscaled(-123456789123456789n), unscaled(5n)]],
  [
    'decimalPrecise',
    decimal(3, { parameters: { scale: '3', 'connect.decimal.precision': '10' } }),
    [unscaled(1234567n)],
  ],
  ['date', date(), [0, 19000, -365]],
  ['time', time(), [0, 86399999, 45296789]],
  ['timestamp', timestamp(), [0, 1700000000123, -86400000]],
];

export function avroCorpus(): AvroCorpusCase[] {
  const cases: AvroCorpusCase[] = [];
  const add = (
    id: string,
    schema: S,
    payload: unknown,
    isKey = false,
    strategy: AvroCorpusCase['strategy'] = 'topic',
  ) => cases.push({ id, isKey, strategy, data: { schema, payload } });

  // Top-level primitives and logical types, required and optional.
  for (const [kind, schema] of KINDS) {
    for (const [i, v] of SAMPLES[kind]!.slice(0, 3).entries()) add(`top-${kind}-${i}`, schema, v);
    add(`top-optional-${kind}`, opt(schema), SAMPLES[kind]![1]);
  }
  for (const [kind, schema, values] of LOGICAL)
    for (const [i, v] of values.entries()) add(`top-${kind}-${i}`, schema, v);

  // One field of each kind: required, optional with a value, optional null, with a default.
  for (const [kind, schema] of [...KINDS, ...LOGICAL.map(([k, s]) => [k, s] as [string, S])]) {
    const samples = SAMPLES[kind] ?? LOGICAL.find(([k]) => k === kind)![2];
    const v = samples[1] ?? samples[0];
    add(`field-${kind}-required`, struct([['f', schema]], { name: 'com.example.F' }), { f: v });
    add(`field-${kind}-optional-set`, struct([['f', opt(schema)]], { name: 'com.example.F' }), { f: v });
    add(`field-${kind}-optional-null`, struct([['f', opt(schema)]], { name: 'com.example.F' }), { f: null });
    add(`field-${kind}-default`, struct([['f', { ...schema, default: samples[0] }]]), { f: v });
    add(`field-${kind}-optional-default`, struct([['f', opt({ ...schema, default: samples[0] })]]), {
      f: null,
    });
  }

  // Every kind at once, as a Debezium-like row.
  const row = struct(
    [
      ...KINDS.map(([k, s]) => [k, opt(s)] as [string, S]),
      ...LOGICAL.map(([k, s]) => [k, opt(s)] as [string, S]),
    ],
    { name: 'dbserver1.inventory.customers.Value' },
  );
  const rowValue = (i: number) =>
    Object.fromEntries([
      ...KINDS.map(([k]) => [k, SAMPLES[k]![i % SAMPLES[k]!.length]]),
      ...LOGICAL.map(([k, , values]) => [k, values[i % values.length]]),
    ]);
  for (let i = 0; i < 4; i++) add(`row-${i}`, row, rowValue(i));

  // Nesting, collections and metadata.
  const address = struct(
    [
      ['street', prim('string')],
      ['zip', opt(prim('int32'))],
    ],
    { name: 'com.example.Address' },
  );
  const nested: [string, S, unknown][] = [
    [
      'struct-in-struct',
      struct([['a', address]], { name: 'com.example.P' }),
      { a: { street: 'Main', zip: 1 } },
    ],
    ['optional-struct-null', struct([['a', opt(address)]], { name: 'com.example.P' }), { a: null }],
    [
      'optional-struct-set',
      struct([['a', opt(address)]], { name: 'com.example.P' }),
      { a: { street: 'x', zip: null } },
    ],
    [
      'named-struct-reused',
      struct(
        [
          ['home', address],
          ['work', address],
          ['other', opt(address)],
        ],
        { name: 'com.example.P' },
      ),
      {
        home: { street: 'a', zip: 1 },
        work: { street: 'b', zip: 2 },
        other: { street: 'c', zip: null },
      },
    ],
    ['array-of-int', struct([['xs', array(prim('int32'))]]), { xs: [1, 2, 3] }],
    ['array-empty', struct([['xs', array(prim('string'))]]), { xs: [] }],
    ['array-optional-items', struct([['xs', array(opt(prim('int64')))]]), { xs: [1, null, 3] }],
    [
      'array-of-structs',
      struct([['xs', array(address)]], { name: 'com.example.L' }),
      { xs: [{ street: 's', zip: 9 }] },
    ],
    ['array-of-arrays', struct([['xs', array(array(prim('double')))]]), { xs: [[1.5], [], [2.5, 3.5]] }],
    ['optional-array-null', struct([['xs', opt(array(prim('int32')))]]), { xs: null }],
    ['map-string-int', struct([['m', map(prim('string'), prim('int32'))]]), { m: { a: 1, b: 2 } }],
    [
      'map-string-struct',
      struct([['m', map(prim('string'), address)]]),
      { m: { home: { street: 'h', zip: 3 } } },
    ],
    [
      'map-string-optional',
      struct([['m', map(prim('string'), opt(prim('string')))]]),
      { m: { a: null, b: 'x' } },
    ],
    [
      'map-int-string',
      struct([['m', map(prim('int32'), prim('string'))]]),
      {
        m: [
          [1, 'one'],
          [2, 'two'],
        ],
      },
    ],
    ['map-optional-string-keys', struct([['m', map(opt(prim('string')), prim('int32'))]]), { m: [['k', 1]] }],
    [
      'map-of-maps',
      struct([['m', map(prim('string'), map(prim('string'), prim('boolean')))]]),
      { m: { a: { b: true } } },
    ],
    [
      'map-named',
      struct([['m', map(prim('int64'), prim('string'), { name: 'com.example.Lookup' })]]),
      { m: [[5, 'five']] },
    ],
    ['top-array', array(prim('string')), ['a', 'b']],
    ['top-map', map(prim('string'), prim('int64')), { x: 1 }],
    ['top-map-int-keys', map(prim('int16'), prim('string')), [[1, 'a']]],
    [
      'unnamed-nested-twice',
      struct([
        ['a', struct([['x', prim('int32')]])],
        ['b', struct([['y', prim('string')]])],
      ]),
      {
        a: { x: 1 },
        b: { y: 'z' },
      },
    ],
    [
      'doc-version-params',
      struct([['f', prim('string', { doc: 'field doc', parameters: { k: 'v' } })]], {
        name: 'com.example.Meta',
        version: 3,
        doc: 'record doc',
        parameters: { owner: 'team', 'avro.java.string': 'String' },
      }),
      { f: 'x' },
    ],
    ['struct-version-only', struct([['f', prim('int32')]], { name: 'com.example.V', version: 7 }), { f: 1 }],
    ['no-namespace-name', struct([['f', prim('int32')]], { name: 'Bare' }), { f: 1 }],
    [
      'deep-nesting',
      struct(
        [
          [
            'l1',
            struct([['l2', struct([['l3', opt(address)]], { name: 'com.example.L2' })]], {
              name: 'com.example.L1',
            }),
          ],
        ],
        { name: 'com.example.Deep' },
      ),
      {
        l1: { l2: { l3: { street: 'deep', zip: 4 } } },
      },
    ],
    ['optional-top-struct', opt(address), { street: 'top', zip: null }],
    [
      'logical-in-array',
      struct([
        ['ds', array(decimal(2))],
        ['ts', array(opt(timestamp()))],
      ]),
      {
        ds: [unscaled(100n), unscaled(-5n)],
        ts: [0, null, 1700000000000],
      },
    ],
    ['logical-in-map', struct([['m', map(prim('string'), date())]]), { m: { a: 1, b: 2 } }],
    [
      'decimal-map-keys',
      struct([['m', map(decimal(1), prim('string'))]]),
      { m: [[unscaled(15n), 'one and a half']] },
    ],
  ];
  for (const [id, schema, payload] of nested) add(id, schema, payload);

  // The three subject name strategies, for keys and values.
  const strategyShapes: [string, S, unknown][] = [
    ['named', address, { street: 'k', zip: 1 }],
    ['unnamed', struct([['id', prim('int64')]]), { id: 1 }],
    ['row', row, rowValue(1)],
    ['nested', nested[0]![1] as S, nested[0]![2]],
    ['string', prim('string'), 'key-1'],
    ['int', prim('int64'), 77],
    ['with-map', nested[10]![1] as S, nested[10]![2]],
  ];
  for (const strategy of ['topic', 'record', 'topicRecord'] as const)
    for (const isKey of [false, true])
      for (const [shape, schema, payload] of strategyShapes)
        add(`strategy-${strategy}-${isKey ? 'key' : 'value'}-${shape}`, schema, payload, isKey, strategy);

  // Seeded random nested schemas.
  const random = seeded(20260218);
  for (let i = 0; i < 40; i++) {
    const schema = randomSchema(random, 0, `com.example.random.R${i}`);
    add(`random-${i}`, schema, randomValue(random, schema));
  }
  return cases;
}

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function randomSchema(random: () => number, depth: number, name: string): S {
  const fieldCount = 1 + Math.floor(random() * 5);
  const fields: [string, S][] = [];
  for (let f = 0; f < fieldCount; f++) {
    const roll = random();
    let schema: S;
    if (depth < 2 && roll < 0.15) schema = randomSchema(random, depth + 1, `${name}F${f}`);
    else if (depth < 2 && roll < 0.25) schema = array(pick(random, KINDS)[1]);
    else if (depth < 2 && roll < 0.32) schema = map(prim('string'), pick(random, KINDS)[1]);
    else if (roll < 0.42) schema = pick(random, LOGICAL)[1];
    else schema = pick(random, KINDS)[1];
    if (random() < 0.4) schema = opt(schema);
    fields.push([`f${f}`, schema]);
  }
  return struct(fields, random() < 0.7 ? { name } : {});
}

function randomValue(random: () => number, schema: S): unknown {
  if (schema.optional && random() < 0.25) return null;
  const logical = LOGICAL.find(
    ([, s]) => s.name !== undefined && s.name === schema.name && s.type === schema.type,
  );
  if (logical) return pick(random, logical[2]);
  switch (schema.type) {
    case 'struct':
      return Object.fromEntries(
        (schema.fields as (S & { field: string })[]).map((f) => [f.field, randomValue(random, f)]),
      );
    case 'array':
      return Array.from({ length: Math.floor(random() * 3) }, () => randomValue(random, schema.items as S));
    case 'map':
      return Object.fromEntries(
        Array.from({ length: Math.floor(random() * 3) }, (_, i) => [
          `k${i}`,
          randomValue(random, schema.values as S),
        ]),
      );
    default:
      return pick(random, SAMPLES[schema.type as string]!);
  }
}
