// The search sink's pure parts: both config vocabularies (defaults, validators, messages), the
// rules between keys, bulk actions per flavour, document payloads after the reference connectors'
// preprocessing, mappings from schemas, item failure classes and the retry schedule.
import { describe, expect, it } from 'vitest';
import { Headers } from '../../../shared/api/headers.ts';
import type { SinkRecord } from '../../../shared/api/record.ts';
import { BigDecimal, LogicalTypeNames, SchemaBuilder, Schemas, Struct } from '../../../shared/api/schema.ts';
import {
  elasticsearchConfigDef,
  openSearchConfigDef,
} from '../../../shared/connectors/elasticsearch/config.ts';
import { type BulkOperation, DocumentBuilder } from '../../../shared/connectors/elasticsearch/documents.ts';
import { classifyItemFailure } from '../../../shared/connectors/elasticsearch/item-outcome.ts';
import { mappingFor } from '../../../shared/connectors/elasticsearch/mapping.ts';
import { PayloadWriter } from '../../../shared/connectors/elasticsearch/payload.ts';
import { retryWaitMs } from '../../../shared/connectors/elasticsearch/retry.ts';
import {
  aivenIndexName,
  confluentIndexName,
  parseSettings,
} from '../../../shared/connectors/elasticsearch/settings.ts';
import { configRuleErrors, editDistance } from '../../../shared/connectors/elasticsearch/validation.ts';

const URL = { 'connection.url': 'http://localhost:9200' };

function record(changes: Partial<SinkRecord>): SinkRecord {
  return {
    topic: 'Orders',
    kafkaPartition: 2,
    kafkaOffset: 41,
    keySchema: null,
    key: 'k1',
    valueSchema: null,
    value: new Map<string, unknown>([['a', 1]]),
    timestamp: 1_700_000_000_000,
    timestampType: 'CreateTime',
    headers: new Headers(),
    originalTopic: 'Orders',
    originalKafkaPartition: 2,
    originalKafkaOffset: 41,
    ...changes,
  };
}

const text = (operation: unknown) => Buffer.concat((operation as BulkOperation).bytes).toString('utf8');

describe('config vocabularies', () => {
  it("Confluent's defaults and enum messages", () => {
    const parsed = elasticsearchConfigDef().parse(URL);
    expect(parsed['behavior.on.null.values']).toBe('FAIL');
    expect(parsed['write.method']).toBe('INSERT');
    expect(parsed['flush.timeout.ms']).toBe(180_000);
    expect(parsed['bulk.size.bytes']).toBe(5 * 1024 * 1024);
    expect(() => elasticsearchConfigDef().parse({ ...URL, 'behavior.on.null.values': 'drop' })).toThrow(
      'Invalid value drop for configuration behavior.on.null.values: Value must be one of: [ignore, delete, fail]',
    );
    expect(() => elasticsearchConfigDef().parse({ ...URL, 'batch.size': '0' })).toThrow(
      'Invalid value 0 for configuration batch.size: Value must be at least 1',
    );
    expect(() => elasticsearchConfigDef().parse({})).toThrow(
      'Missing required configuration "connection.url" which has no default value.',
    );
  });

  it("Aiven's defaults, its own keys and messages", () => {
    const parsed = openSearchConfigDef().parse(URL);
    expect(parsed['behavior.on.null.values']).toBe('ignore');
    expect(parsed['behavior.on.version.conflict']).toBe('fail');
    expect(parsed['index.write.method']).toBe('insert');
    expect(parsed['key.ignore.id.strategy']).toBe('topic.partition.offset');
    expect(parsed['flush.timeout.ms']).toBe(10_000);
    expect(parsed['write.method']).toBeUndefined();
    expect(() => openSearchConfigDef().parse({ ...URL, 'behavior.on.version.conflict': 'Skip' })).toThrow(
      'Invalid value skip for configuration behavior.on.version.conflict: String must be one of: ignore, warn, fail, report',
    );
    expect(() => openSearchConfigDef().parse({ ...URL, 'index.write.method': 'merge' })).toThrow(
      'Index write method must be one of: ``insert``, ``upsert``',
    );
    // Enum values are case-insensitive in both.
    expect(parseSettings('opensearch', { ...URL, 'behavior.on.null.values': 'DELETE' }).nullValues).toBe(
      'delete',
    );
  });

  it("rules between keys, with each connector's words and the key to fix", () => {
    const confluent = (config: Record<string, string>) =>
      configRuleErrors('elasticsearch', { ...URL, ...config });
    expect(confluent({ 'connection.username': 'u' }).get('connection.password')).toEqual([
      "Both 'connection.username' and 'connection.password' must be set.",
    ]);
    expect(confluent({ 'key.ignore': 'true', 'topic.key.ignore': 'a' }).get('topic.key.ignore')).toEqual([
      "'topic.key.ignore' can not be set if 'key.ignore' is true.",
    ]);
    expect(confluent({ 'max.buffered.records': '100' }).get('max.buffered.records')?.[0]).toBe(
      "'max.buffered.records' (100) must be larger than or equal to 'batch.size' (2000) x max.in.flight.requests (5).",
    );
    expect(confluent({ 'data.stream.type': 'logs' }).has('data.stream.dataset')).toBe(true);
    expect(confluent({ 'write.method': 'upsert', 'key.ignore': 'true' }).has('write.method')).toBe(true);
    expect(confluent({ 'behavor.on.null.values': 'delete' }).get('behavor.on.null.values')?.[0]).toContain(
      "did you mean 'behavior.on.null.values'",
    );
    // Keys of other namespaces and far-off names are no typos.
    expect(
      confluent({ 'type.name': '_doc', 'transforms.x.type': 'y', 'consumer.override.max.poll.records': '5' })
        .size,
    ).toBe(0);

    const aiven = (config: Record<string, string>) => configRuleErrors('opensearch', { ...URL, ...config });
    expect(
      aiven({ 'index.write.method': 'upsert', 'key.ignore': 'true' }).get('key.ignore.id.strategy'),
    ).toEqual([
      'Invalid value topic.partition.offset for configuration key.ignore.id.strategy: topic.partition.offset is not supported for index upsert. Supported is: record.key',
    ]);
    expect(aiven({ 'routing.type': 'value' }).get('routing.type.record.value.path')?.[0]).toContain(
      "must be configured when using the 'value' routing type",
    );
    expect(
      aiven({ 'behavior.on.malformed.documents': 'report' }).has('behavior.on.malformed.documents'),
    ).toBe(true);
    expect(
      aiven({ 'behavior.on.malformed.documents': 'report', 'errors.deadletterqueue.topic.name': 'dlq' }).size,
    ).toBe(0);
  });

  it('edit distance counts swaps as one', () => {
    expect(editDistance('write.method', 'wirte.method')).toBe(1);
    expect(editDistance('batch.size', 'batch.sizes')).toBe(1);
    expect(editDistance('index.write.method', 'write.method')).toBeGreaterThan(2);
  });
});

describe('index names', () => {
  it('lower case, no leading - or _, . and .. spelt out; Aiven also maps : and +', () => {
    expect(confluentIndexName('_Orders')).toBe('orders');
    expect(confluentIndexName('..')).toBe('dotdot');
    expect(confluentIndexName('a:b')).toBe('a:b');
    expect(aivenIndexName('a:b')).toBe('a_b');
    expect(aivenIndexName('+x')).toBe('x');
    expect(confluentIndexName('x'.repeat(300))).toHaveLength(255);
  });
});

describe('bulk actions', () => {
  const builder = (flavour: 'elasticsearch' | 'opensearch', config: Record<string, string> = {}) =>
    new DocumentBuilder(parseSettings(flavour, { ...URL, 'schema.ignore': 'true', ...config }));

  it('Confluent: keyed index with the offset as external version', () => {
    expect(text(builder('elasticsearch').build(record({})))).toBe(
      '{"index":{"_index":"orders","_id":"k1","version":41,"version_type":"external"}}\n{"a":1}\n',
    );
  });

  it('ignored keys: topic+partition+offset ids, no version', () => {
    expect(text(builder('elasticsearch', { 'key.ignore': 'true' }).build(record({})))).toBe(
      '{"index":{"_index":"orders","_id":"Orders+2+41"}}\n{"a":1}\n',
    );
    expect(
      text(
        builder('opensearch', { 'key.ignore': 'true', 'key.ignore.id.strategy': 'none' }).build(record({})),
      ),
    ).toBe('{"index":{"_index":"orders"}}\n{"a":1}\n');
  });

  it("upserts in each connector's form", () => {
    expect(text(builder('elasticsearch', { 'write.method': 'upsert' }).build(record({})))).toBe(
      '{"update":{"_index":"orders","_id":"k1","retry_on_conflict":5}}\n{"doc":{"a":1},"upsert":{"a":1}}\n',
    );
    expect(text(builder('opensearch', { 'index.write.method': 'upsert' }).build(record({})))).toBe(
      '{"update":{"_index":"orders","_id":"k1","retry_on_conflict":3}}\n{"doc":{"a":1},"doc_as_upsert":true}\n',
    );
  });

  it('tombstones: fail by default (Confluent), delete by key, ignored by default (Aiven)', () => {
    const tombstone = record({ value: null });
    expect(() => builder('elasticsearch').build(tombstone)).toThrow(
      "record from topic=Orders partition=2 offset=41 has a null value (to ignore future records like this change the configuration property 'behavior.on.null.values' from 'FAIL' to 'IGNORE')",
    );
    expect(text(builder('elasticsearch', { 'behavior.on.null.values': 'delete' }).build(tombstone))).toBe(
      '{"delete":{"_index":"orders","_id":"k1","version":41,"version_type":"external"}}\n',
    );
    expect(builder('opensearch').build(tombstone)).toEqual({ skipped: true, report: null });
    expect(
      builder('elasticsearch', { 'behavior.on.null.values': 'delete' }).build(
        record({ value: null, key: null }),
      ),
    ).toEqual({
      skipped: true,
      report: null,
    });
  });

  it('keys that cannot be ids', () => {
    expect(() => builder('elasticsearch').build(record({ key: null }))).toThrow(
      'Key is used as document id and can not be null.',
    );
    expect(() => builder('elasticsearch').build(record({ key: '' }))).toThrow(
      'Key is used as document id and can not be empty.',
    );
    expect(() => builder('elasticsearch').build(record({ key: true }))).toThrow(
      'BOOLEAN is not supported as the document id.',
    );
    expect(() => builder('opensearch').build(record({ key: 1.5 }))).toThrow(
      'FLOAT64 type is not supported. Supported are:',
    );
    expect(text(builder('elasticsearch').build(record({ key: 12 })))).toContain('"_id":"12"');
  });

  it('external.version.header replaces the offset as version', () => {
    const headers = new Headers().add('v', '9001');
    expect(
      text(builder('elasticsearch', { 'external.version.header': 'v' }).build(record({ headers }))),
    ).toContain('"version":9001,"version_type":"external"');
    expect(() =>
      builder('elasticsearch', { 'external.version.header': 'v' }).build(
        record({ headers: new Headers().add('v', 'x') }),
      ),
    ).toThrow("Error converting external version header 'v' to long");
  });

  it('data streams: create, with @timestamp from the record or a field', () => {
    const streams = builder('elasticsearch', { 'data.stream.type': 'logs', 'data.stream.dataset': 'shop' });
    expect(text(streams.build(record({})))).toBe(
      '{"create":{"_index":"logs-shop-orders","_id":"k1"}}\n{"a":1,"@timestamp":1700000000000}\n',
    );
    const fromField = builder('elasticsearch', {
      'data.stream.type': 'logs',
      'data.stream.dataset': 'shop',
      'data.stream.timestamp.field': 'at',
    });
    expect(text(fromField.build(record({ value: new Map([['at', '2024-01-02']]) })))).toContain(
      '"@timestamp":"2024-01-02"',
    );
  });

  it('routing by a value field (Aiven)', () => {
    const routed = builder('opensearch', {
      'routing.type': 'value',
      'routing.type.record.value.path': '/tenant',
    });
    expect(text(routed.build(record({ value: new Map([['tenant', 'acme']]) })))).toContain(
      '"routing":"acme"',
    );
  });
});

describe('payloads and mappings from schemas', () => {
  const decimal = SchemaBuilder.bytes()
    .name(LogicalTypeNames.DECIMAL)
    .parameter('scale', '2')
    .optional()
    .build();
  const schema = SchemaBuilder.struct()
    .field('id', Schemas.INT32)
    .field('price', decimal)
    .field('attrs', SchemaBuilder.map(Schemas.STRING, Schemas.INT64).optional().build())
    .field('scores', SchemaBuilder.map(Schemas.INT32, Schemas.STRING).optional().build())
    .build();
  const value = Struct.fromTrustedValues(schema, [
    7,
    new BigDecimal(1234n, 2),
    new Map([['a', 1]]),
    new Map([[1, 'one']]),
  ]);

  it('decimals become doubles; string-keyed maps objects (compact) and other maps {key,value} arrays', () => {
    const compact = new PayloadWriter(true).write('t', schema, value, true).toString('utf8');
    expect(JSON.parse(compact)).toEqual({
      id: 7,
      price: 12.34,
      attrs: { a: 1 },
      scores: [{ key: 1, value: 'one' }],
    });
    const entries = new PayloadWriter(false).write('t', schema, value, true).toString('utf8');
    expect(JSON.parse(entries).attrs).toEqual([{ key: 'a', value: 1 }]);
    // schema.ignore: JsonConverter as it is (a decimal is base64 of its unscaled bytes).
    expect(JSON.parse(new PayloadWriter(true).write('t', schema, value, false).toString('utf8')).price).toBe(
      'BNI=',
    );
  });

  it('mappings follow the schema, defaults as null_value', () => {
    expect(mappingFor(schema)).toEqual({
      properties: {
        id: { type: 'integer' },
        price: { type: 'double' },
        attrs: {
          properties: {
            key: { type: 'text', fields: { keyword: { type: 'keyword', ignore_above: 256 } } },
            value: { type: 'long' },
          },
        },
        scores: {
          properties: {
            key: { type: 'integer' },
            value: { type: 'text', fields: { keyword: { type: 'keyword', ignore_above: 256 } } },
          },
        },
      },
    });
    expect(mappingFor(SchemaBuilder.int64().defaultValue(5).build())).toEqual({
      type: 'long',
      null_value: 5,
    });
    expect(() => mappingFor(null)).toThrow('Cannot infer mapping without schema.');
  });
});

describe('item failures and retries', () => {
  it('sorts rejected items: busy, conflict, malformed, fatal', () => {
    expect(classifyItemFailure('elasticsearch', 429, { type: 'es_rejected_execution_exception' })).toBe(
      'retry',
    );
    expect(classifyItemFailure('elasticsearch', 409, { type: 'version_conflict_engine_exception' })).toBe(
      'conflict',
    );
    expect(classifyItemFailure('opensearch', 409, { type: 'other' })).toBe('conflict');
    expect(classifyItemFailure('elasticsearch', 400, { type: 'document_parsing_exception' })).toBe(
      'malformed',
    );
    expect(classifyItemFailure('opensearch', 400, { type: 'document_parsing_exception' })).toBe('fatal');
    expect(
      classifyItemFailure('opensearch', 400, {
        type: 'x',
        reason: 'y',
        caused_by: { type: 'mapper_parsing_exception' },
      }),
    ).toBe('malformed');
    expect(classifyItemFailure('elasticsearch', 404, { type: 'index_not_found_exception' })).toBe('fatal');
  });

  it('waits a random time below backoff × 2^attempt (full jitter), capped at a day', () => {
    expect(retryWaitMs(1, 100, () => 0.999)).toBe(199);
    expect(retryWaitMs(3, 100, () => 0.5)).toBe(400);
    expect(retryWaitMs(60, 100, () => 0.999)).toBe(86_313_600);
    expect(retryWaitMs(5, 0)).toBe(0);
  });
});
