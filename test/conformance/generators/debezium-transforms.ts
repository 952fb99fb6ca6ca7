// Cases for Debezium's ExtractNewRecordState, run against Debezium 3.6.1's own class: change events
// in Debezium's PostgreSQL envelope (create, read, update with and without the old row, delete with
// a full or key-only old row, truncate), tombstones, records that are not envelopes, crossed with
// every delete.tombstone.handling.mode and the add.fields / add.headers / route.by.field options.
import type { ConformanceCase, RecordSpec } from '../case.ts';

const ENRS = 'io.debezium.transforms.ExtractNewRecordState';

const rowSchema = (field: string) => ({
  type: 'struct',
  optional: true,
  name: 'shop.inventory.customers.Value',
  field,
  fields: [
    { type: 'int32', optional: false, default: 0, field: 'id' },
    { type: 'string', optional: true, field: 'name' },
    { type: 'string', optional: true, default: 'none', field: 'email' },
    { type: 'string', optional: true, field: 'region' },
    {
      type: 'bytes',
      optional: true,
      name: 'org.apache.kafka.connect.data.Decimal',
      version: 1,
      parameters: { scale: '2', 'connect.decimal.precision': '8' },
      field: 'score',
    },
    { type: 'array', items: { type: 'string', optional: true }, optional: true, field: 'tags' },
  ],
});

const sourceSchema = {
  type: 'struct',
  optional: false,
  name: 'io.debezium.connector.postgresql.Source',
  version: 1,
  field: 'source',
  fields: [
    { type: 'string', optional: false, field: 'version' },
    { type: 'string', optional: false, field: 'connector' },
    { type: 'string', optional: false, field: 'name' },
    { type: 'int64', optional: false, field: 'ts_ms' },
    {
      type: 'string',
      optional: true,
      name: 'io.debezium.data.Enum',
      version: 1,
      parameters: {
        allowed: 'true,first,first_in_data_collection,last_in_data_collection,last,false,incremental',
      },
      default: 'false',
      field: 'snapshot',
    },
    { type: 'string', optional: false, field: 'db' },
    { type: 'string', optional: true, field: 'sequence' },
    { type: 'int64', optional: true, field: 'ts_us' },
    { type: 'int64', optional: true, field: 'ts_ns' },
    { type: 'string', optional: false, field: 'schema' },
    { type: 'string', optional: false, field: 'table' },
    { type: 'int64', optional: true, field: 'txId' },
    { type: 'int64', optional: true, field: 'lsn' },
    { type: 'int64', optional: true, field: 'xmin' },
    { type: 'string', optional: true, field: 'origin' },
    { type: 'int64', optional: true, field: 'origin_lsn' },
  ],
};

const envelopeSchema = {
  type: 'struct',
  optional: false,
  name: 'shop.inventory.customers.Envelope',
  version: 2,
  fields: [
    rowSchema('before'),
    rowSchema('after'),
    sourceSchema,
    {
      type: 'struct',
      optional: true,
      name: 'event.block',
      version: 1,
      field: 'transaction',
      fields: [
        { type: 'string', optional: false, field: 'id' },
        { type: 'int64', optional: false, field: 'total_order' },
        { type: 'int64', optional: false, field: 'data_collection_order' },
      ],
    },
    { type: 'string', optional: false, field: 'op' },
    { type: 'int64', optional: true, field: 'ts_ms' },
    { type: 'int64', optional: true, field: 'ts_us' },
    { type: 'int64', optional: true, field: 'ts_ns' },
  ],
};

const keySchema = {
  type: 'struct',
  optional: false,
  name: 'shop.inventory.customers.Key',
  fields: [{ type: 'int32', optional: false, default: 0, field: 'id' }],
};

const row = (id: number, name: string | null, email: string | null, region: string | null) => ({
  id,
  name,
  email,
  region,
  score: name === null ? null : 'MDk=', // 23.13 as an unscaled 2313 would be 'CQk='; any bytes do
  tags: name === null ? null : ['a', null, 'b'],
});

const source = (snapshot: string) => ({
  version: '3.6.1.Final',
  connector: 'postgresql',
  name: 'shop',
  ts_ms: 1700000000000,
  snapshot,
  db: 'shopdb',
  sequence: '["100","200"]',
  ts_us: 1700000000000000,
  ts_ns: 1700000000000000000,
  schema: 'inventory',
  table: 'customers',
  txId: 555,
  lsn: 24023128,
  xmin: null,
  origin: null,
  origin_lsn: null,
});

function event(
  op: string,
  before: unknown,
  after: unknown,
  options: { snapshot?: string; transaction?: boolean } = {},
): RecordSpec {
  return {
    topic: 'shop.inventory.customers',
    partition: 0,
    offset: 42,
    timestamp: 1700000000123,
    key: { schema: keySchema, payload: { id: 7 } },
    value: {
      schema: envelopeSchema,
      payload: {
        before,
        after,
        source: source(options.snapshot ?? 'false'),
        transaction: options.transaction ? { id: '555', total_order: 3, data_collection_order: 2 } : null,
        op,
        ts_ms: 1700000000456,
        ts_us: 1700000000456789,
        ts_ns: 1700000000456789000,
      },
    },
    headers: [{ key: 'existing', data: { schema: { type: 'string', optional: false }, payload: 'kept' } }],
  };
}

const RECORDS: Record<string, RecordSpec> = {
  create: event('c', null, row(7, 'Ann', 'ann@example.com', 'eu')),
  read: event('r', null, row(7, 'Ann', null, 'us'), { snapshot: 'last' }),
  update: event('u', null, row(7, 'Bob', 'bob@example.com', 'eu')),
  'update-full': event('u', row(7, 'Ann', 'ann@example.com', 'eu'), row(7, 'Bob', null, 'apac')),
  'update-tx': event('u', null, row(7, 'Tx', 'tx@example.com', 'eu'), { transaction: true }),
  delete: event('d', row(7, 'Ann', 'ann@example.com', 'eu'), null),
  'delete-key-only': event('d', row(7, null, null, null), null),
  truncate: event('t', null, null),
  tombstone: {
    topic: 'shop.inventory.customers',
    partition: 0,
    offset: 43,
    timestamp: 1700000000123,
    key: { schema: keySchema, payload: { id: 7 } },
    value: null,
  },
  'not-envelope': {
    topic: 'plain',
    partition: 0,
    offset: 1,
    timestamp: 1,
    key: null,
    value: {
      schema: {
        type: 'struct',
        name: 'plain.Value',
        fields: [{ type: 'string', optional: true, field: 'a' }],
      },
      payload: { a: 'x' },
    },
  },
  schemaless: {
    topic: 'plain',
    partition: 0,
    offset: 2,
    timestamp: 1,
    key: null,
    value: { schema: null, payload: { before: null, after: { a: 1 }, op: 'c' } },
  },
};

const CONFIGS: Record<string, Record<string, string>> = {
  default: {},
  drop: { 'delete.tombstone.handling.mode': 'drop' },
  tombstone: { 'delete.tombstone.handling.mode': 'tombstone' },
  rewrite: { 'delete.tombstone.handling.mode': 'rewrite' },
  'rewrite-with-tombstone': { 'delete.tombstone.handling.mode': 'rewrite-with-tombstone' },
  'delete-to-tombstone': { 'delete.tombstone.handling.mode': 'delete-to-tombstone' },
  'rewrite-upper-case': { 'delete.tombstone.handling.mode': 'REWRITE' },
  'add-fields': { 'add.fields': 'op,table,lsn,source.ts_ms,ts_us' },
  'add-fields-rewrite': { 'add.fields': 'op,db', 'delete.tombstone.handling.mode': 'rewrite' },
  'add-fields-renamed': {
    'add.fields': 'op:operation,source.ts_ms:committed_at,txId',
    'add.fields.prefix': 'meta_',
  },
  'add-fields-transaction': { 'add.fields': 'id,total_order,data_collection_order,op' },
  'add-fields-unknown': { 'add.fields': 'op,nosuchfield' },
  'add-headers': { 'add.headers': 'op,db,table,ts_ms' },
  'add-headers-prefix': { 'add.headers': 'op,source.lsn:position', 'add.headers.prefix': 'dbz.' },
  'add-headers-rewrite-tombstone': {
    'add.headers': 'op,table',
    'delete.tombstone.handling.mode': 'rewrite-with-tombstone',
  },
  route: { 'route.by.field': 'region' },
  'route-rewrite': { 'route.by.field': 'region', 'delete.tombstone.handling.mode': 'rewrite' },
  'rewrite-no-default': { 'delete.tombstone.handling.mode': 'rewrite', 'replace.null.with.default': 'false' },
  everything: {
    'delete.tombstone.handling.mode': 'rewrite',
    'add.fields': 'op,table,source.ts_ms',
    'add.headers': 'op',
    'route.by.field': 'region',
  },
};

export function debeziumTransformCases(): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const [configName, config] of Object.entries(CONFIGS)) {
    for (const [recordName, record] of Object.entries(RECORDS)) {
      cases.push({
        id: `debezium/ExtractNewRecordState/${configName}/${recordName}`,
        kind: 'transform',
        class: ENRS,
        config,
        record,
      });
    }
  }
  return cases;
}
