// Cases for every built-in SMT and predicate: each configuration is run against a set of record
// fixtures (a struct value with every kind of field, the same data schemaless, a tombstone, a
// primitive value, records with headers and without a timestamp), so schema and schemaless paths,
// nulls, missing and nested fields are all crossed with every SMT. Chains add predicates and negate.
import type { ConformanceCase, DataSpec, RecordSpec, StageSpec } from '../case.ts';

const T = 'org.apache.kafka.connect.transforms.';
const P = 'org.apache.kafka.connect.transforms.predicates.';
const DECIMAL = 'org.apache.kafka.connect.data.Decimal';
const TIMESTAMP = 'org.apache.kafka.connect.data.Timestamp';
const DATE = 'org.apache.kafka.connect.data.Date';

type Config = Record<string, string>;

const valueSchema = {
  type: 'struct',
  name: 'com.example.Order',
  version: 1,
  optional: false,
  fields: [
    { type: 'int32', optional: false, field: 'id' },
    { type: 'string', optional: true, field: 'name' },
    { type: 'int32', optional: true, field: 'age' },
    { type: 'string', optional: true, field: 'email' },
    { type: 'int64', name: TIMESTAMP, version: 1, optional: true, field: 'ts' },
    { type: 'int32', name: DATE, version: 1, optional: true, field: 'day' },
    {
      type: 'struct',
      optional: true,
      field: 'nested',
      fields: [
        { type: 'string', optional: true, field: 'a' },
        { type: 'int32', optional: true, field: 'b' },
        {
          type: 'struct',
          optional: true,
          field: 'deep',
          fields: [{ type: 'boolean', optional: true, field: 'flag' }],
        },
      ],
    },
    { type: 'double', optional: true, field: 'amount' },
    { type: 'boolean', optional: true, field: 'active' },
    { type: 'array', items: { type: 'string' }, optional: true, field: 'tags' },
    { type: 'bytes', optional: true, field: 'raw' },
    { type: 'bytes', name: DECIMAL, parameters: { scale: '2' }, optional: true, field: 'price' },
    { type: 'string', optional: true, field: 'ts_text' },
    { type: 'int64', optional: true, field: 'epoch' },
  ],
};

const payload = {
  id: 7,
  name: 'Ann',
  age: 42,
  email: 'ann@example.com',
  ts: 1700000000123,
  day: 19000,
  nested: { a: 'x', b: 2, deep: { flag: true } },
  amount: 12.5,
  active: true,
  tags: ['t1', 't2'],
  raw: 'AQID',
  price: 'MDk=',
  ts_text: '2023-11-14',
  epoch: 1700000000,
};

const schemaless = {
  id: 7,
  name: 'Ann',
  age: 42,
  email: 'ann@example.com',
  ts: 1700000000123,
  nested: { a: 'x', b: 2, deep: { flag: true } },
  amount: 12.5,
  active: true,
  tags: ['t1', 't2'],
  ts_text: '2023-11-14',
  epoch: 1700000000,
};

const keyStruct: DataSpec = {
  schema: {
    type: 'struct',
    name: 'com.example.Key',
    fields: [
      { type: 'int32', field: 'id' },
      { type: 'string', optional: true, field: 'region' },
    ],
  },
  payload: { id: 7, region: 'eu' },
};

const headers = [
  { key: 'h1', data: { schema: { type: 'string' }, payload: 'one' } },
  { key: 'h2', data: { schema: { type: 'int32' }, payload: 2 } },
  { key: 'h1', data: { schema: { type: 'string' }, payload: 'again' } },
];

const base = { topic: 'orders-topic', partition: 3, offset: 1234, timestamp: 1700000000123 };

/** The record fixtures every SMT configuration runs against. */
const RECORDS: Record<string, RecordSpec> = {
  struct: { ...base, key: keyStruct, value: { schema: valueSchema, payload }, headers },
  'struct-sparse': { ...base, key: keyStruct, value: { schema: valueSchema, payload: { id: 8 } } },
  map: {
    ...base,
    key: { schema: null, payload: { id: 7 } },
    value: { schema: null, payload: schemaless },
    headers,
  },
  tombstone: { ...base, key: keyStruct, value: null },
  'tombstone-schema': {
    ...base,
    key: keyStruct,
    value: { schema: { ...valueSchema, optional: true }, payload: null },
  },
  'string-value': {
    ...base,
    key: { schema: { type: 'string' }, payload: 'k' },
    value: { schema: { type: 'string' }, payload: '123' },
  },
  'schemaless-string': { ...base, key: null, value: { schema: null, payload: 'plain' } },
  'no-timestamp': {
    topic: 'orders-topic',
    partition: 0,
    offset: 1,
    timestamp: null,
    key: null,
    value: { schema: valueSchema, payload },
  },
};

const ALL = Object.keys(RECORDS);
const MAIN = ['struct', 'struct-sparse', 'map', 'tombstone', 'tombstone-schema', 'string-value'];

function smt(
  cases: ConformanceCase[],
  name: string,
  className: string,
  config: Config,
  records = MAIN,
): void {
  for (const record of records) {
    cases.push({
      id: `smt/${name}/${record}`,
      kind: 'transform',
      class: className,
      config,
      record: RECORDS[record]!,
    });
  }
}

export function transformCases(): ConformanceCase[] {
  const cases: ConformanceCase[] = [];

  // Cast
  smt(cases, 'Cast$Value/fields', `${T}Cast$Value`, {
    spec: 'age:string,amount:int32,active:int8,id:float64',
  });
  smt(cases, 'Cast$Value/to-boolean', `${T}Cast$Value`, { spec: 'age:boolean,amount:boolean' }, [
    'struct',
    'map',
  ]);
  smt(cases, 'Cast$Value/string-to-int', `${T}Cast$Value`, { spec: 'name:int32' }, ['struct', 'map']);
  smt(
    cases,
    'Cast$Value/numeric-string',
    `${T}Cast$Value`,
    { spec: 'ts_text:string,epoch:float32,age:int64' },
    ['struct', 'map'],
  );
  smt(cases, 'Cast$Value/bytes-to-string', `${T}Cast$Value`, { spec: 'raw:string' }, ['struct']);
  smt(cases, 'Cast$Value/decimal', `${T}Cast$Value`, { spec: 'price:float64' }, ['struct']);
  smt(cases, 'Cast$Value/struct-field', `${T}Cast$Value`, { spec: 'nested:string' }, ['struct', 'map']);
  smt(cases, 'Cast$Value/whole-int', `${T}Cast$Value`, { spec: 'int64' }, [
    'string-value',
    'schemaless-string',
    'struct',
  ]);
  smt(cases, 'Cast$Value/whole-string', `${T}Cast$Value`, { spec: 'string' }, [
    'string-value',
    'struct',
    'map',
  ]);
  smt(cases, 'Cast$Value/bad-type', `${T}Cast$Value`, { spec: 'age:integer' }, ['struct']);
  smt(cases, 'Cast$Value/empty-spec', `${T}Cast$Value`, { spec: '' }, ['struct']);
  smt(cases, 'Cast$Key/field', `${T}Cast$Key`, { spec: 'id:string' }, ['struct', 'map', 'string-value']);

  // DropHeaders
  smt(cases, 'DropHeaders/one', `${T}DropHeaders`, { headers: 'h1' }, ['struct', 'map', 'tombstone']);
  smt(cases, 'DropHeaders/all', `${T}DropHeaders`, { headers: 'h1,h2' }, ['struct']);
  smt(cases, 'DropHeaders/missing', `${T}DropHeaders`, { headers: 'zzz' }, ['struct']);
  smt(cases, 'DropHeaders/no-config', `${T}DropHeaders`, {}, ['struct']);

  // ExtractField
  smt(cases, 'ExtractField$Value/name', `${T}ExtractField$Value`, { field: 'name' });
  smt(cases, 'ExtractField$Value/nested', `${T}ExtractField$Value`, { field: 'nested' }, ['struct', 'map']);
  smt(cases, 'ExtractField$Value/missing', `${T}ExtractField$Value`, { field: 'nope' }, ['struct', 'map']);
  smt(
    cases,
    'ExtractField$Value/v2-path',
    `${T}ExtractField$Value`,
    { field: 'nested.deep.flag', 'field.syntax.version': 'V2' },
    ['struct', 'map', 'struct-sparse'],
  );
  smt(
    cases,
    'ExtractField$Value/v1-dotted',
    `${T}ExtractField$Value`,
    { field: 'nested.a', 'field.syntax.version': 'V1' },
    ['struct', 'map'],
  );
  smt(
    cases,
    'ExtractField$Value/v2-missing',
    `${T}ExtractField$Value`,
    { field: 'nested.zz', 'field.syntax.version': 'V2' },
    ['struct', 'map'],
  );
  smt(
    cases,
    'ExtractField$Value/bad-syntax',
    `${T}ExtractField$Value`,
    { field: 'a', 'field.syntax.version': 'V3' },
    ['struct'],
  );
  smt(cases, 'ExtractField$Key/id', `${T}ExtractField$Key`, { field: 'id' }, ['struct', 'map', 'tombstone']);

  // Filter
  smt(cases, 'Filter', `${T}Filter`, {}, ['struct', 'tombstone']);

  // Flatten
  smt(cases, 'Flatten$Value/default', `${T}Flatten$Value`, {});
  smt(cases, 'Flatten$Value/underscore', `${T}Flatten$Value`, { delimiter: '_' }, ['struct', 'map']);
  smt(cases, 'Flatten$Key/default', `${T}Flatten$Key`, {}, ['struct', 'map']);

  // HeaderFrom
  smt(cases, 'HeaderFrom$Value/copy', `${T}HeaderFrom$Value`, {
    fields: 'name,age',
    headers: 'n,a',
    operation: 'copy',
  });
  smt(
    cases,
    'HeaderFrom$Value/move',
    `${T}HeaderFrom$Value`,
    { fields: 'name,nested', headers: 'n,nest', operation: 'move' },
    ['struct', 'map', 'struct-sparse'],
  );
  smt(
    cases,
    'HeaderFrom$Value/lengths',
    `${T}HeaderFrom$Value`,
    { fields: 'name,age', headers: 'n', operation: 'copy' },
    ['struct'],
  );
  smt(
    cases,
    'HeaderFrom$Value/bad-op',
    `${T}HeaderFrom$Value`,
    { fields: 'name', headers: 'n', operation: 'steal' },
    ['struct'],
  );
  smt(
    cases,
    'HeaderFrom$Key/copy',
    `${T}HeaderFrom$Key`,
    { fields: 'id', headers: 'key-id', operation: 'copy' },
    ['struct', 'map'],
  );

  // HoistField
  smt(cases, 'HoistField$Value', `${T}HoistField$Value`, { field: 'wrapped' }, [
    ...MAIN,
    'schemaless-string',
  ]);
  smt(cases, 'HoistField$Key', `${T}HoistField$Key`, { field: 'k' }, ['struct', 'string-value', 'map']);

  // InsertField
  smt(cases, 'InsertField$Value/all', `${T}InsertField$Value`, {
    'topic.field': 't',
    'partition.field': 'p',
    'offset.field': 'o',
    'timestamp.field': 'ts_ins',
    'static.field': 's',
    'static.value': 'v',
  });
  smt(
    cases,
    'InsertField$Value/required',
    `${T}InsertField$Value`,
    { 'topic.field': 't!', 'offset.field': 'o!' },
    ['struct', 'map'],
  );
  smt(cases, 'InsertField$Value/optional-marker', `${T}InsertField$Value`, { 'timestamp.field': 'when?' }, [
    'struct',
    'map',
    'no-timestamp',
  ]);
  smt(cases, 'InsertField$Value/no-timestamp', `${T}InsertField$Value`, { 'timestamp.field': 'when' }, [
    'no-timestamp',
  ]);
  smt(
    cases,
    'InsertField$Value/existing-field',
    `${T}InsertField$Value`,
    { 'static.field': 'name', 'static.value': 'x' },
    ['struct', 'map'],
  );
  smt(cases, 'InsertField$Key/topic', `${T}InsertField$Key`, { 'topic.field': 'topic' }, ['struct', 'map']);

  // InsertHeader
  for (const [label, literal] of Object.entries({
    int: '42',
    bool: 'true',
    text: 'hello world',
    list: '[1,2]',
    map: '{"a":1}',
    date: '2020-01-01',
    empty: '',
  })) {
    smt(cases, `InsertHeader/${label}`, `${T}InsertHeader`, { header: 'added', 'value.literal': literal }, [
      'struct',
    ]);
  }
  smt(cases, 'InsertHeader/tombstone', `${T}InsertHeader`, { header: 'added', 'value.literal': 'x' }, [
    'tombstone',
    'map',
  ]);

  // MaskField
  smt(cases, 'MaskField$Value/types', `${T}MaskField$Value`, {
    fields: 'name,age,active,amount,tags,ts,day,price',
  });
  smt(
    cases,
    'MaskField$Value/replacement',
    `${T}MaskField$Value`,
    { fields: 'name,email', replacement: '****' },
    ['struct', 'map', 'struct-sparse'],
  );
  smt(
    cases,
    'MaskField$Value/numeric-replacement',
    `${T}MaskField$Value`,
    { fields: 'age,amount', replacement: '0' },
    ['struct', 'map'],
  );
  smt(
    cases,
    'MaskField$Value/bad-replacement',
    `${T}MaskField$Value`,
    { fields: 'age', replacement: 'abc' },
    ['struct', 'map'],
  );
  smt(cases, 'MaskField$Value/struct-field', `${T}MaskField$Value`, { fields: 'nested' }, ['struct', 'map']);
  smt(cases, 'MaskField$Key/id', `${T}MaskField$Key`, { fields: 'id' }, ['struct', 'map']);

  // RegexRouter
  smt(cases, 'RegexRouter/match', `${T}RegexRouter`, { regex: '(.*)-topic', replacement: '$1-routed' }, [
    'struct',
    'tombstone',
  ]);
  smt(cases, 'RegexRouter/no-match', `${T}RegexRouter`, { regex: 'other', replacement: 'x' }, ['struct']);
  smt(cases, 'RegexRouter/partial', `${T}RegexRouter`, { regex: 'orders', replacement: 'x' }, ['struct']);
  smt(cases, 'RegexRouter/groups', `${T}RegexRouter`, { regex: '([a-z]+)-([a-z]+)', replacement: '$2_$1' }, [
    'struct',
  ]);
  smt(cases, 'RegexRouter/bad-regex', `${T}RegexRouter`, { regex: '(unclosed', replacement: 'x' }, [
    'struct',
  ]);

  // ReplaceField
  smt(cases, 'ReplaceField$Value/exclude', `${T}ReplaceField$Value`, { exclude: 'email,amount,nested' });
  smt(cases, 'ReplaceField$Value/include', `${T}ReplaceField$Value`, { include: 'id,name,missing' }, [
    'struct',
    'map',
    'struct-sparse',
  ]);
  smt(
    cases,
    'ReplaceField$Value/renames',
    `${T}ReplaceField$Value`,
    { renames: 'name:full_name,id:order_id' },
    ['struct', 'map', 'tombstone'],
  );
  smt(cases, 'ReplaceField$Value/bad-renames', `${T}ReplaceField$Value`, { renames: 'name' }, ['struct']);
  smt(cases, 'ReplaceField$Value/legacy-blacklist', `${T}ReplaceField$Value`, { blacklist: 'email' }, [
    'struct',
  ]);
  smt(cases, 'ReplaceField$Key/rename', `${T}ReplaceField$Key`, { renames: 'id:key_id' }, ['struct', 'map']);

  // SetSchemaMetadata
  smt(
    cases,
    'SetSchemaMetadata$Value/both',
    `${T}SetSchemaMetadata$Value`,
    { 'schema.name': 'com.example.Renamed', 'schema.version': '5' },
    [...MAIN, 'schemaless-string'],
  );
  smt(cases, 'SetSchemaMetadata$Value/name', `${T}SetSchemaMetadata$Value`, { 'schema.name': 'only.Name' }, [
    'struct',
  ]);
  smt(cases, 'SetSchemaMetadata$Key/version', `${T}SetSchemaMetadata$Key`, { 'schema.version': '2' }, [
    'struct',
    'string-value',
  ]);
  // Kafka 4.1 lists the fields of any schema it renames or casts within, so other types fail too.
  const arrayValue: RecordSpec = {
    ...base,
    key: null,
    value: { schema: { type: 'array', items: { type: 'int32' } }, payload: [1, 2] },
  };
  const mapValue: RecordSpec = {
    ...base,
    key: null,
    value: {
      schema: { type: 'map', keys: { type: 'string' }, values: { type: 'int64' } },
      payload: { a: 1 },
    },
  };
  for (const [label, record] of [
    ['array-value', arrayValue],
    ['map-value', mapValue],
  ] as const) {
    cases.push(
      {
        id: `smt/SetSchemaMetadata$Value/name/${label}`,
        kind: 'transform',
        class: `${T}SetSchemaMetadata$Value`,
        config: { 'schema.name': 'com.example.Renamed' },
        record,
      },
      {
        id: `smt/Cast$Value/fields/${label}`,
        kind: 'transform',
        class: `${T}Cast$Value`,
        config: { spec: 'a:string' },
        record,
      },
      {
        id: `smt/Cast$Value/whole/${label}`,
        kind: 'transform',
        class: `${T}Cast$Value`,
        config: { spec: 'string' },
        record,
      },
    );
  }

  // TimestampConverter
  smt(cases, 'TimestampConverter$Value/to-string', `${T}TimestampConverter$Value`, {
    field: 'ts',
    'target.type': 'string',
    format: 'yyyy-MM-dd HH:mm:ss.SSS',
  });
  smt(
    cases,
    'TimestampConverter$Value/to-unix',
    `${T}TimestampConverter$Value`,
    { field: 'ts', 'target.type': 'unix' },
    ['struct', 'map', 'struct-sparse'],
  );
  smt(
    cases,
    'TimestampConverter$Value/to-unix-seconds',
    `${T}TimestampConverter$Value`,
    { field: 'ts', 'target.type': 'unix', 'unix.precision': 'seconds' },
    ['struct', 'map'],
  );
  smt(
    cases,
    'TimestampConverter$Value/to-date',
    `${T}TimestampConverter$Value`,
    { field: 'ts', 'target.type': 'Date' },
    ['struct', 'map'],
  );
  smt(
    cases,
    'TimestampConverter$Value/to-time',
    `${T}TimestampConverter$Value`,
    { field: 'ts', 'target.type': 'Time' },
    ['struct', 'map'],
  );
  smt(
    cases,
    'TimestampConverter$Value/parse-string',
    `${T}TimestampConverter$Value`,
    { field: 'ts_text', 'target.type': 'Timestamp', format: 'yyyy-MM-dd' },
    ['struct', 'map'],
  );
  smt(
    cases,
    'TimestampConverter$Value/unix-to-timestamp',
    `${T}TimestampConverter$Value`,
    { field: 'epoch', 'target.type': 'Timestamp', 'unix.precision': 'seconds' },
    ['struct', 'map'],
  );
  smt(
    cases,
    'TimestampConverter$Value/string-no-format',
    `${T}TimestampConverter$Value`,
    { field: 'ts', 'target.type': 'string' },
    ['struct'],
  );
  smt(
    cases,
    'TimestampConverter$Value/bad-target',
    `${T}TimestampConverter$Value`,
    { field: 'ts', 'target.type': 'week' },
    ['struct'],
  );
  smt(
    cases,
    'TimestampConverter$Value/date-field',
    `${T}TimestampConverter$Value`,
    { field: 'day', 'target.type': 'string', format: "yyyy-MM-dd'T'HH:mm" },
    ['struct'],
  );
  smt(
    cases,
    'TimestampConverter$Value/whole-value',
    `${T}TimestampConverter$Value`,
    { 'target.type': 'unix' },
    ['string-value'],
  );

  // TimestampRouter
  smt(cases, 'TimestampRouter/default', `${T}TimestampRouter`, {}, ['struct', 'tombstone', 'no-timestamp']);
  smt(
    cases,
    'TimestampRouter/format',
    `${T}TimestampRouter`,
    // biome-ignore lint/suspicious/noTemplateCurlyInString: TimestampRouter's own placeholder syntax
    { 'topic.format': 'x_${topic}_${timestamp}', 'timestamp.format': "yyyy-MM-dd'T'HH" },
    ['struct'],
  );
  smt(cases, 'TimestampRouter/month-names', `${T}TimestampRouter`, { 'timestamp.format': 'MMM-yy' }, [
    'struct',
  ]);

  // ValueToKey
  smt(cases, 'ValueToKey/fields', `${T}ValueToKey`, { fields: 'id,name' });
  smt(cases, 'ValueToKey/missing', `${T}ValueToKey`, { fields: 'id,nope' }, ['struct', 'map']);
  smt(cases, 'ValueToKey/nested', `${T}ValueToKey`, { fields: 'nested' }, ['struct', 'map']);

  // Predicates
  const predicate = (name: string, className: string, config: Config, records = ALL) => {
    for (const record of records)
      cases.push({
        id: `predicate/${name}/${record}`,
        kind: 'predicate',
        class: className,
        config,
        record: RECORDS[record]!,
      });
  };
  predicate('TopicNameMatches/prefix', `${P}TopicNameMatches`, { pattern: 'orders.*' }, ['struct']);
  predicate('TopicNameMatches/partial', `${P}TopicNameMatches`, { pattern: 'orders' }, ['struct']);
  predicate('TopicNameMatches/bad', `${P}TopicNameMatches`, { pattern: '[' }, ['struct']);
  predicate('TopicNameMatches/missing', `${P}TopicNameMatches`, {}, ['struct']);
  predicate('HasHeaderKey/present', `${P}HasHeaderKey`, { name: 'h1' }, ['struct', 'tombstone']);
  predicate('HasHeaderKey/absent', `${P}HasHeaderKey`, { name: 'zzz' }, ['struct']);
  predicate('RecordIsTombstone', `${P}RecordIsTombstone`, {}, [
    'struct',
    'tombstone',
    'tombstone-schema',
    'map',
  ]);

  // Chains with predicates.
  const chain = (name: string, stages: StageSpec[], records = ['struct', 'tombstone', 'map']) => {
    for (const record of records)
      cases.push({ id: `chain/${name}/${record}`, kind: 'chain', stages, record: RECORDS[record]! });
  };
  const tombstone = { class: `${P}RecordIsTombstone`, config: {} };
  chain('drop-tombstones', [{ class: `${T}Filter`, config: {}, predicate: tombstone }]);
  chain('keep-only-tombstones', [{ class: `${T}Filter`, config: {}, predicate: tombstone, negate: true }]);
  chain('route-then-insert', [
    { class: `${T}RegexRouter`, config: { regex: 'orders-(.*)', replacement: 'o-$1' } },
    {
      class: `${T}InsertField$Value`,
      config: { 'topic.field': 'routed_to' },
      predicate: { class: `${P}TopicNameMatches`, config: { pattern: 'o-.*' } },
    },
    { class: `${T}ReplaceField$Value`, config: { exclude: 'email' } },
    { class: `${T}MaskField$Value`, config: { fields: 'name' } },
    // biome-ignore lint/suspicious/noTemplateCurlyInString: TimestampRouter's own placeholder syntax
    { class: `${T}TimestampRouter`, config: { 'topic.format': '${topic}-${timestamp}' } },
  ]);
  chain('header-gated', [
    {
      class: `${T}InsertHeader`,
      config: { header: 'seen', 'value.literal': 'yes' },
      predicate: { class: `${P}HasHeaderKey`, config: { name: 'h2' } },
    },
    { class: `${T}DropHeaders`, config: { headers: 'h1' } },
  ]);
  cases.push(...castMatrix(), ...timestampFormats(), ...regexPatterns());
  for (const c of cases) Object.assign(c, NOTES[c.id] ?? {});
  return cases;
}

/** Every primitive field type cast to every target type, with and without a schema. */
function castMatrix(): ConformanceCase[] {
  const fields: Record<string, [string, unknown]> = {
    i8: ['int8', -5],
    i16: ['int16', 300],
    i32: ['int32', 70000],
    i64: ['int64', 5000000000],
    f32: ['float', 1.5],
    f64: ['double', -2.75],
    bool: ['boolean', true],
    snum: ['string', '42'],
    sfloat: ['string', '3.9'],
    stext: ['string', 'abc'],
    sbool: ['string', 'true'],
    none: ['int32', null],
  };
  const schema = {
    type: 'struct',
    fields: Object.entries(fields).map(([field, [type]]) => ({ type, optional: true, field })),
  };
  const values = Object.fromEntries(Object.entries(fields).map(([field, [, value]]) => [field, value]));
  const records: Record<string, RecordSpec> = {
    struct: { ...base, value: { schema, payload: values } },
    map: { ...base, value: { schema: null, payload: values } },
  };
  const cases: ConformanceCase[] = [];
  for (const target of ['int8', 'int16', 'int32', 'int64', 'float32', 'float64', 'boolean', 'string']) {
    for (const field of Object.keys(fields)) {
      for (const [label, record] of Object.entries(records)) {
        cases.push({
          id: `smt/Cast$Value/matrix/${field}-to-${target}/${label}`,
          kind: 'transform',
          class: `${T}Cast$Value`,
          config: { spec: `${field}:${target}` },
          record,
        });
      }
    }
  }
  return cases;
}

/** SimpleDateFormat patterns users write, both ways, and every unix precision. */
function timestampFormats(): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  const schema = {
    type: 'struct',
    fields: [
      { type: 'int64', name: TIMESTAMP, optional: true, field: 'ts' },
      { type: 'string', optional: true, field: 'text' },
      { type: 'int64', optional: true, field: 'unix' },
    ],
  };
  const patterns: Record<string, [string, string]> = {
    iso: ["yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", '2023-11-14T22:13:20.123Z'],
    'iso-offset': ["yyyy-MM-dd'T'HH:mm:ssXXX", '2023-11-14T22:13:20Z'],
    'rfc-zone': ['yyyy-MM-dd HH:mm:ss Z', '2023-11-14 22:13:20 +0000'],
    space: ['yyyy-MM-dd HH:mm:ss', '2023-11-14 22:13:20'],
    european: ['dd/MM/yyyy', '14/11/2023'],
    compact: ['yyyyMMddHHmmss', '20231114221320'],
    'day-name': ['EEE, d MMM yyyy HH:mm:ss', 'Tue, 14 Nov 2023 22:13:20'],
    'month-name': ['MMMM d, yyyy', 'November 14, 2023'],
    'am-pm': ['hh:mm a', '10:13 PM'],
    'day-of-year': ['yyyy-DDD', '2023-318'],
    'two-digit-year': ['yy-M-d', '23-11-14'],
    lenient: ['yyyy-MM-dd', '2023-02-30'],
    mismatch: ['yyyy-MM-dd', 'not a date'],
  };
  for (const [label, [format, text]] of Object.entries(patterns)) {
    const record: RecordSpec = {
      ...base,
      value: { schema, payload: { ts: 1700000000123, text, unix: 1700000000123 } },
    };
    cases.push(
      {
        id: `smt/TimestampConverter$Value/format/${label}`,
        kind: 'transform',
        class: `${T}TimestampConverter$Value`,
        config: { field: 'ts', 'target.type': 'string', format },
        record,
      },
      {
        id: `smt/TimestampConverter$Value/parse/${label}`,
        kind: 'transform',
        class: `${T}TimestampConverter$Value`,
        config: { field: 'text', 'target.type': 'Timestamp', format },
        record,
      },
    );
  }
  for (const precision of ['seconds', 'milliseconds', 'microseconds', 'nanoseconds']) {
    for (const [direction, config] of Object.entries({
      from: { field: 'unix', 'target.type': 'Timestamp' },
      to: { field: 'ts', 'target.type': 'unix' },
    })) {
      cases.push({
        id: `smt/TimestampConverter$Value/unix-${precision}/${direction}`,
        kind: 'transform',
        class: `${T}TimestampConverter$Value`,
        config: { ...config, 'unix.precision': precision },
        record: {
          ...base,
          value: { schema, payload: { ts: 1700000000123, text: null, unix: 1700000000123 } },
        },
      });
    }
  }
  return cases;
}

/** Java regex constructs in RegexRouter and TopicNameMatches, as users write them. */
function regexPatterns(): ConformanceCase[] {
  const routes: Record<string, [string, string]> = {
    digits: ['orders-(\\d+)', 'o$1'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Java's named-group reference
    'named-group': ['(?<kind>[a-z]+)-topic', 'k-${kind}'],
    'escaped-dollar': ['(.*)-topic', '\\$1'],
    'char-class': ['[a-z]+-[a-z]+', 'matched'],
    alternation: ['(orders|users)-topic', '$1'],
    'case-insensitive': ['(?i)ORDERS-(.*)', 'ci-$1'],
    'whole-match-only': ['orders', 'partial'],
    'dot-star': ['.*', 'everything'],
    'group-zero': ['orders-(.*)', '$0-copy'],
  };
  const cases: ConformanceCase[] = [];
  for (const [label, [regex, replacement]] of Object.entries(routes)) {
    cases.push({
      id: `smt/RegexRouter/pattern/${label}`,
      kind: 'transform',
      class: `${T}RegexRouter`,
      config: { regex, replacement },
      record: RECORDS.struct!,
    });
  }
  for (const [label, pattern] of Object.entries({
    prefix: 'orders-.*',
    suffix: '.*-topic',
    digits: '\\w+-\\w+',
    partial: 'topic',
    'case-insensitive': '(?i)ORDERS.*',
    alternation: 'users|orders-topic',
  })) {
    cases.push({
      id: `predicate/TopicNameMatches/pattern/${label}`,
      kind: 'predicate',
      class: `${P}TopicNameMatches`,
      config: { pattern },
      record: RECORDS.struct!,
    });
  }
  return cases;
}

/** Cases whose outcome differs from Kafka's, on purpose or as a known bug, and why. */
const NOTES: Record<string, Pick<ConformanceCase, 'difference' | 'compare'>> = {
  // The regex engine's own error text follows the ConfigException's Kafka wording; JavaScript's
  // engine describes the syntax error differently from java.util.regex.
  'smt/RegexRouter/bad-regex/struct': { compare: 'errorClass' },
  'predicate/TopicNameMatches/bad/struct': { compare: 'errorClass' },
  // Kafka's message embeds the whole record's toString (with Java identity hashes).
  'smt/TimestampRouter/default/no-timestamp': { compare: 'errorClass' },
  // Kafka dereferences the missing format and fails with a NullPointerException; ours throws the
  // same class, with a message that says the format is missing instead of the JVM's.
  'smt/TimestampConverter$Value/whole-value/string-value': { compare: 'errorClass' },
};
