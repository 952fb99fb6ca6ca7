// Bad input to the Elasticsearch/OpenSearch sink: an unreachable cluster, wrong credentials, a
// misspelt key, upsert with ignored keys. Each is a clear error naming the key, both where users
// ask first (the validate endpoint, and create's 400) and where a stored config meets reality (the
// task status); and each leaves nothing behind: no connector stored, no index, no offset committed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryLeaseStore } from '../../../shared/leases/memory-lease-store.ts';
import { noCoordinatorTrigger } from '../../../shared/runtime/coordination/coordinator-trigger.ts';
import { ConnectorService } from '../../../shared/runtime/management/connector-service.ts';
import { MemoryConfigStore } from '../../../shared/runtime/stores/memory-config-store.ts';
import { MemoryStatusStore } from '../../../shared/runtime/stores/memory-status-store.ts';
import { type HttpProxy, startHttpProxy } from '../../support/http-proxy.ts';
import { createTopic, produce } from '../../support/kafka.ts';
import { uniqueName } from '../../support/local.ts';
import { indexExists, opensearchUrl } from '../../support/opensearch.ts';
import { runStoredSinkOnce, testRegistry } from '../../support/runtime.ts';
import { useServices } from '../../support/services.ts';

const PLUGIN = 'ElasticsearchSinkConnector';
const USER = 'ingest';
const PASSWORD = 'right-password';

describe('Elasticsearch/OpenSearch sink: bad input', () => {
  let topic: string;
  let authProxy: HttpProxy;

  beforeAll(async () => {
    await useServices('opensearch');
    topic = uniqueName('bad-input');
    await createTopic(topic, 1);
    await produce([{ topic, key: 'k', value: '{"a":1}' }]);
    // OpenSearch's test distribution has no security plugin; this proxy asks for basic credentials.
    const expected = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
    authProxy = await startHttpProxy(opensearchUrl, (request) =>
      request.headers.authorization === expected ? undefined : { status: 401 },
    );
  });

  afterAll(async () => {
    await authProxy?.close();
  });

  const base = (): Record<string, string> => ({
    name: 'validated',
    'connector.class': 'io.confluent.connect.elasticsearch.ElasticsearchSinkConnector',
    topics: topic,
    'connection.url': opensearchUrl,
    'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter.schemas.enable': 'false',
    'schema.ignore': 'true',
    'max.retries': '1',
    'retry.backoff.ms': '10',
  });

  const cases: { what: string; config: () => Record<string, string>; keys: string[]; says: RegExp }[] = [
    {
      what: 'an unreachable connection.url',
      config: () => ({ ...base(), 'connection.url': 'http://127.0.0.1:1' }),
      keys: ['connection.url'],
      says: /Could not connect to Elasticsearch.*127\.0\.0\.1:1.*ECONNREFUSED/s,
    },
    {
      what: 'wrong credentials',
      config: () => ({
        ...base(),
        'connection.url': authProxy.url,
        'connection.username': USER,
        'connection.password': 'wrong-password',
      }),
      keys: ['connection.username', 'connection.password'],
      says: /Could not authenticate the user. Check the 'connection.username' and 'connection.password'/,
    },
    {
      what: 'a misspelt key',
      config: () => ({ ...base(), 'behaviour.on.null.values': 'delete' }),
      keys: ['behaviour.on.null.values'],
      says: /Unknown configuration 'behaviour.on.null.values': did you mean 'behavior.on.null.values'\?/,
    },
    {
      what: 'write.method=upsert with key.ignore=true',
      config: () => ({ ...base(), 'write.method': 'upsert', 'key.ignore': 'true' }),
      keys: ['write.method', 'key.ignore'],
      says: /write.method=upsert needs the record key as document id, but key.ignore is true/,
    },
  ];

  for (const { what, config, keys, says } of cases) {
    it(`${what}: validate names ${keys.join(', ')}; create is refused; a stored config fails its task; nothing written`, async () => {
      const configs = await MemoryConfigStore.open();
      const leases = new MemoryLeaseStore();
      const statuses = new MemoryStatusStore();
      const service = new ConnectorService({
        configs,
        statuses,
        leases,
        trigger: noCoordinatorTrigger,
        plugins: testRegistry,
      });
      const validation = await service.validate(PLUGIN, config());
      expect(validation.error_count).toBeGreaterThan(0);
      for (const key of keys) {
        const entry = validation.configs.find((c) => c.value.name === key);
        expect(entry?.value.errors.join('\n'), key).toMatch(says);
      }
      const name = uniqueName('bad');
      await expect(service.createConnector({ name, config: { ...config(), name } })).rejects.toThrow(says);
      expect(await configs.list()).toEqual([]);

      // The same config stored anyway (as by an older version, or a cluster that changed since):
      // the task fails with the key in its status and commits nothing.
      const { outcome, committed, status } = await runStoredSinkOnce(
        configs,
        leases,
        statuses,
        name,
        config(),
      );
      expect(outcome.status).toBe('failed');
      expect(status?.state).toBe('FAILED');
      expect(status?.trace).toMatch(says);
      expect(committed).toEqual([null]);
      expect(await indexExists(topic)).toBe(false);
    });
  }

  it('the right credentials pass validation (the proxy only refuses wrong ones)', async () => {
    const service = new ConnectorService({
      configs: await MemoryConfigStore.open(),
      statuses: new MemoryStatusStore(),
      leases: new MemoryLeaseStore(),
      trigger: noCoordinatorTrigger,
      plugins: testRegistry,
    });
    const validation = await service.validate(PLUGIN, {
      ...base(),
      'connection.url': authProxy.url,
      'connection.username': USER,
      'connection.password': PASSWORD,
    });
    expect(validation.configs.filter((c) => c.value.errors.length > 0).map((c) => c.value.errors)).toEqual(
      [],
    );
  });
});
