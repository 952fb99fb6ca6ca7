// The Elasticsearch/OpenSearch sink against a real OpenSearch node and the real broker: documents
// and their ids and versions, tombstones, schema mappings, upserts, rejected documents under each
// behavior.on.malformed.documents (and the DLQ), and a cluster answering 429 and 503 for a while.
import { beforeAll, describe, expect, it } from 'vitest';
import type { ProducerRecord } from '../../../shared/kafka/index.ts';
import { MemoryLeaseStore } from '../../../shared/leases/memory-lease-store.ts';
import type { Logger } from '../../../shared/runtime/logger.ts';
import { MemoryConfigStore } from '../../../shared/runtime/stores/memory-config-store.ts';
import { MemoryStatusStore } from '../../../shared/runtime/stores/memory-status-store.ts';
import { type HttpProxy, startHttpProxy } from '../../support/http-proxy.ts';
import { createTopic, produce, readPartition } from '../../support/kafka.ts';
import { uniqueName } from '../../support/local.ts';
import {
  allDocuments,
  countDocuments,
  createBulkIndex,
  indexExists,
  opensearch,
  opensearchUrl,
} from '../../support/opensearch.ts';
import { runStoredSinkOnce } from '../../support/runtime.ts';
import { useServices } from '../../support/services.ts';

const CONFLUENT = 'io.confluent.connect.elasticsearch.ElasticsearchSinkConnector';
const AIVEN = 'io.aiven.kafka.connect.opensearch.OpenSearchSinkConnector';

interface LogLine {
  level: string;
  message: string;
}

function capturingLogger(lines: LogLine[]): Logger {
  const at = (level: string) => (message: string) => void lines.push({ level, message });
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** One task invocation of a sink connector over `topic`, until it has caught up (or failed). */
async function runSink(topic: string, config: Record<string, string>, logs: LogLine[] = []) {
  const full = {
    'connector.class': CONFLUENT,
    topics: topic,
    'connection.url': opensearchUrl,
    'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter.schemas.enable': 'false',
    'schema.ignore': 'true',
    // A shared 2-core machine can take longer than the 3 s default to answer a bulk request.
    'read.timeout.ms': '30000',
    ...config,
  };
  return runStoredSinkOnce(
    await MemoryConfigStore.open(),
    new MemoryLeaseStore(),
    new MemoryStatusStore(),
    uniqueName('search-sink'),
    full,
    { logger: capturingLogger(logs) },
  );
}

async function topicWith(records: readonly Omit<ProducerRecord, 'topic'>[], partitions = 1): Promise<string> {
  const topic = uniqueName('search');
  await createTopic(topic, partitions);
  await produce(records.map((r) => ({ ...r, topic })));
  return topic;
}

const json = (value: unknown) => JSON.stringify(value);

describe('Elasticsearch/OpenSearch sink on a real OpenSearch node', () => {
  beforeAll(async () => {
    await useServices('opensearch');
  });

  it('writes keyed records as documents: key = id, offset = external version; an older record never overwrites', async () => {
    const topic = await topicWith([
      { key: 'k1', value: json({ n: 1, label: 'first', price: 2.5 }) },
      { key: 'k2', value: json({ n: 2, label: 'second' }) },
      { key: 'k1', value: json({ n: 3, label: 'k1 again' }) },
    ]);
    const first = await runSink(topic, {});
    expect(first.outcome.status).toBe('finished');
    expect(first.committed).toEqual([3]);
    const documents = await allDocuments(topic);
    expect([...documents.keys()].sort()).toEqual(['k1', 'k2']);
    expect(documents.get('k1')).toMatchObject({ version: 2, source: { n: 3, label: 'k1 again' } });
    expect(documents.get('k2')).toMatchObject({ version: 1, source: { n: 2, label: 'second' } });

    // A second connector replays the topic from the start into the same index (a redelivery after
    // a crash looks the same): every write is older than what is stored and changes nothing.
    const replay = await runSink(topic, {});
    expect(replay.outcome.status).toBe('finished');
    const after = await allDocuments(topic);
    expect(after.get('k1')).toMatchObject({ version: 2, source: { n: 3 } });
    expect(after.get('k2')).toMatchObject({ version: 1, source: { n: 2 } });
  });

  it('key.ignore=true: one document per record, id topic+partition+offset', async () => {
    const topic = await topicWith([
      { key: null, value: json({ n: 1 }) },
      { key: null, value: json({ n: 2 }) },
    ]);
    const { outcome } = await runSink(topic, { 'key.ignore': 'true' });
    expect(outcome.status).toBe('finished');
    const documents = await allDocuments(topic);
    expect([...documents.keys()].sort()).toEqual([`${topic}+0+0`, `${topic}+0+1`]);
  });

  it('tombstones delete documents with behavior.on.null.values=delete, and fail the task by default', async () => {
    const records = [
      { key: 'a', value: json({ n: 1 }) },
      { key: 'b', value: json({ n: 2 }) },
      { key: 'a', value: null },
      { key: 'c', value: json({ n: 3 }) },
    ];
    const topic = await topicWith(records);
    const deleting = await runSink(topic, { 'behavior.on.null.values': 'delete' });
    expect(deleting.outcome.status).toBe('finished');
    expect([...(await allDocuments(topic)).keys()].sort()).toEqual(['b', 'c']);

    const failing = await runSink(await topicWith(records), {});
    expect(failing.outcome.status).toBe('failed');
    expect(failing.status?.state).toBe('FAILED');
    expect(failing.status?.trace).toContain("change the configuration property 'behavior.on.null.values'");
    expect(failing.committed).toEqual([null]);
  });

  it('builds the index mapping from the value schema (schema.ignore=false)', async () => {
    const schema = {
      type: 'struct',
      fields: [
        { field: 'id', type: 'int32', optional: false },
        { field: 'name', type: 'string', optional: true },
        {
          field: 'amount',
          type: 'bytes',
          name: 'org.apache.kafka.connect.data.Decimal',
          parameters: { scale: '2' },
          optional: true,
        },
        { field: 'at', type: 'int64', name: 'org.apache.kafka.connect.data.Timestamp', optional: true },
        { field: 'tags', type: 'map', keys: { type: 'string' }, values: { type: 'int64' }, optional: true },
      ],
    };
    // 12.34 as a Decimal with scale 2: unscaled 1234 = 0x04D2.
    const payload = { id: 7, name: 'widget', amount: 'BNI=', at: 1_700_000_000_000, tags: { a: 1 } };
    const topic = await topicWith([{ key: '7', value: json({ schema, payload }) }]);
    const { outcome } = await runSink(topic, {
      'schema.ignore': 'false',
      'value.converter.schemas.enable': 'true',
    });
    expect(outcome.status).toBe('finished');
    const mapping = (await opensearch('GET', `/${topic}/_mapping`)).json[topic].mappings.properties;
    expect(mapping.id).toEqual({ type: 'integer' });
    expect(mapping.name).toEqual({
      type: 'text',
      fields: { keyword: { type: 'keyword', ignore_above: 256 } },
    });
    expect(mapping.amount).toEqual({ type: 'double' });
    expect(mapping.at).toEqual({ type: 'date' });
    expect(mapping.tags.properties.key.type).toBe('text');
    const document = (await allDocuments(topic)).get('7')!;
    expect(document.source).toEqual({
      id: 7,
      name: 'widget',
      amount: 12.34,
      at: 1_700_000_000_000,
      tags: { a: 1 },
    });
  });

  it('write.method=upsert merges records into their document', async () => {
    const topic = await topicWith([
      { key: 'u', value: json({ a: 1 }) },
      { key: 'u', value: json({ b: 2 }) },
    ]);
    const { outcome } = await runSink(topic, { 'write.method': 'upsert' });
    expect(outcome.status).toBe('finished');
    expect((await allDocuments(topic)).get('u')?.source).toEqual({ a: 1, b: 2 });
  });

  it("Aiven's class: its own keys and defaults (index.write.method, tombstones ignored)", async () => {
    const topic = await topicWith([
      { key: 'x', value: json({ a: 1 }) },
      { key: 'x', value: null },
      { key: 'x', value: json({ b: 2 }) },
    ]);
    const { outcome } = await runSink(topic, {
      'connector.class': AIVEN,
      'index.write.method': 'upsert',
      'behavior.on.version.conflict': 'warn',
    });
    expect(outcome.status).toBe('finished');
    expect((await allDocuments(topic)).get('x')?.source).toEqual({ a: 1, b: 2 });
  });

  describe('a document the cluster rejects (mapping conflict)', () => {
    const records = Array.from({ length: 20 }, (_, i) => ({
      key: `d${i}`,
      // The index maps n as a long; record 7 has text there.
      value: json({ n: i === 7 ? 'not a number' : i }),
    }));
    const rejectingTopic = async () => {
      const topic = await topicWith(records);
      await createBulkIndex(topic, { properties: { n: { type: 'long' } } });
      return topic;
    };

    for (const behavior of ['ignore', 'warn'] as const) {
      it(`behavior.on.malformed.documents=${behavior}: skipped, every other document written, offsets committed`, async () => {
        const topic = await rejectingTopic();
        const logs: LogLine[] = [];
        const { outcome, committed } = await runSink(
          topic,
          { 'behavior.on.malformed.documents': behavior },
          logs,
        );
        expect(outcome.status).toBe('finished');
        expect(committed).toEqual([20]);
        const ids = [...(await allDocuments(topic)).keys()];
        expect(ids).toHaveLength(19);
        expect(ids).not.toContain('d7');
        const warned = logs.some((l) => l.level === 'warn' && l.message.includes('mapper_parsing_exception'));
        expect(warned).toBe(behavior === 'warn');
      });
    }

    it('behavior.on.malformed.documents=fail (the default): the task fails naming the document; nothing committed', async () => {
      const topic = await rejectingTopic();
      const { outcome, committed, status } = await runSink(topic, {});
      expect(outcome.status).toBe('failed');
      expect(status?.state).toBe('FAILED');
      expect(status?.trace).toMatch(/offset=7.*mapper_parsing_exception/s);
      expect(committed).toEqual([null]);
      // The other documents of the batch were written all the same (they are replayed idempotently).
      expect(await countDocuments(topic)).toBe(19);
    });

    it('errors.tolerance=all with a DLQ: the rejected record goes there with its context headers', async () => {
      const topic = await rejectingTopic();
      const dlq = uniqueName('search-dlq');
      const { outcome, committed } = await runSink(topic, {
        'behavior.on.malformed.documents': 'warn',
        'errors.tolerance': 'all',
        'errors.deadletterqueue.topic.name': dlq,
        'errors.deadletterqueue.topic.replication.factor': '1',
        'errors.deadletterqueue.context.headers.enable': 'true',
      });
      expect(outcome.status).toBe('finished');
      expect(committed).toEqual([20]);
      const dead = await readPartition(dlq);
      expect(dead).toHaveLength(1);
      expect(dead[0]!.key?.toString()).toBe('d7');
      expect(dead[0]!.value?.toString()).toBe(json({ n: 'not a number' }));
      const headers = new Map(dead[0]!.headers.map(([k, v]) => [k, v?.toString()]));
      expect(headers.get('__connect.errors.topic')).toBe(topic);
      expect(headers.get('__connect.errors.offset')).toBe('7');
      expect(headers.get('__connect.errors.stage')).toBe('TASK_PUT');
      expect(headers.get('__connect.errors.class.name')).toBe('org.apache.kafka.connect.sink.SinkTask');
      expect(headers.get('__connect.errors.exception.message')).toContain('mapper_parsing_exception');
    });

    it("Aiven's report behavior sends it to the DLQ too", async () => {
      const topic = await rejectingTopic();
      const dlq = uniqueName('search-dlq');
      const { outcome } = await runSink(topic, {
        'connector.class': AIVEN,
        'behavior.on.malformed.documents': 'report',
        'errors.tolerance': 'all',
        'errors.deadletterqueue.topic.name': dlq,
        'errors.deadletterqueue.topic.replication.factor': '1',
      });
      expect(outcome.status).toBe('finished');
      expect((await readPartition(dlq)).map((r) => r.key?.toString())).toEqual(['d7']);
      expect(await countDocuments(topic)).toBe(19);
    });
  });

  describe('a cluster answering 429 and 503 for a while', () => {
    let proxy: HttpProxy;

    it('retries with backoff: nothing lost, nothing duplicated, the task stays RUNNING and logs its retries', async () => {
      // Of the first _bulk requests: two rejected whole with 429, one with 503, and one accepted
      // but with every item rejected as busy (429 es_rejected_execution_exception).
      let bulks = 0;
      proxy = await startHttpProxy(opensearchUrl, (request) => {
        if (!request.path.startsWith('/_bulk')) return undefined;
        bulks++;
        if (bulks <= 2) return { status: 429 };
        if (bulks === 3) return { status: 503 };
        if (bulks === 4) {
          const actions = request.body.toString('utf8').trim().split('\n').length / 2;
          const item = {
            index: { status: 429, error: { type: 'es_rejected_execution_exception', reason: 'queue full' } },
          };
          return {
            status: 200,
            body: json({ errors: true, items: Array.from({ length: actions }, () => item) }),
          };
        }
        return undefined;
      });
      try {
        const records = Array.from({ length: 3000 }, (_, i) => ({ key: `r${i}`, value: json({ i }) }));
        const topic = await topicWith(records, 3);
        const logs: LogLine[] = [];
        const { outcome, committed, status } = await runSink(
          topic,
          {
            'connection.url': proxy.url,
            'key.ignore': 'true',
            'batch.size': '500',
            'max.retries': '8',
            'retry.backoff.ms': '20',
          },
          logs,
        );
        expect(outcome.status).toBe('finished');
        expect(status?.state).toBe('RUNNING');
        expect(committed.reduce<number>((sum, o) => sum + (o ?? 0), 0)).toBe(3000);
        expect(proxy.injected.get(429)).toBe(2);
        expect(proxy.injected.get(503)).toBe(1);
        const retries = logs.filter((l) => l.level === 'warn' && l.message.includes('Retrying attempt'));
        expect(retries.length).toBeGreaterThanOrEqual(4);
        expect(retries.some((l) => l.message.includes('rejected as busy'))).toBe(true);
        // Every record exactly once: ids are topic+partition+offset, and each was indexed once.
        const documents = await allDocuments(topic);
        expect(documents.size).toBe(3000);
        const values = [...documents.values()].map((d) => d.source.i as number).sort((a, b) => a - b);
        expect(values).toEqual(Array.from({ length: 3000 }, (_, i) => i));
        expect([...documents.values()].every((d) => d.version === 1)).toBe(true);
      } finally {
        await proxy.close();
      }
    });
  });

  it('an index that does not exist yet is created by the first record', async () => {
    const topic = await topicWith([{ key: 'one', value: json({ a: 1 }) }]);
    expect(await indexExists(topic)).toBe(false);
    const { outcome } = await runSink(topic, {});
    expect(outcome.status).toBe('finished');
    expect(await indexExists(topic)).toBe(true);
  });
});
