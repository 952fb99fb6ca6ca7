// Standalone mode serves the Kafka Connect REST API: connectors from the command line show up
// in it, new ones can be created through it and start moving records within seconds, and a
// bearer token, when configured, is required.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli } from '../support/cli.ts';
import { createTopic, produce } from '../support/kafka.ts';
import { uniqueName } from '../support/local.ts';
import { waitFor } from '../support/wait.ts';

const strings = {
  'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
  'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
};

describe('standalone REST API', () => {
  const topic = uniqueName('rest-standalone');
  const token = 'local-secret-token';
  let dir: string;
  let url: string;
  let cli: ReturnType<typeof startCli>;
  let stderr = '';

  const call = async (method: string, urlPath: string, body?: unknown, auth = token) => {
    const response = await fetch(`${url}${urlPath}`, {
      method,
      headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };

  beforeAll(async () => {
    await createTopic(topic, 2);
    await produce(
      Array.from({ length: 40 }, (_, i) => ({ topic, partition: i % 2, key: null, value: `r${i}` })),
    );
    dir = await mkdtemp(path.join(tmpdir(), 'sc-rest-'));
    await writeFile(
      path.join(dir, 'worker.properties'),
      [
        `rest.bearer.token=${token}`,
        'config.providers=env',
        'config.providers.env.class=org.apache.kafka.common.config.provider.EnvVarConfigProvider',
      ].join('\n'),
    );
    await writeFile(
      path.join(dir, 'first.json'),
      JSON.stringify({
        name: 'first',
        config: {
          'connector.class': 'FileStreamSink',
          topics: topic,
          file: path.join(dir, 'first.txt'),
          ...strings,
        },
      }),
    );
    cli = startCli(
      [
        'standalone',
        path.join(dir, 'worker.properties'),
        path.join(dir, 'first.json'),
        '--offsets-file',
        path.join(dir, 'offsets.json'),
      ],
      { SC_TEST_SECRET_FILE: path.join(dir, 'from-env.txt') },
    );
    cli.child.stderr!.on('data', (chunk) => (stderr += chunk));
    url = await waitFor(
      'the REST API to listen',
      () => /REST API listening url=(\S+)/.exec(stderr)?.[1],
      30_000,
    );
  });

  afterAll(async () => {
    cli?.child.kill('SIGTERM');
    await cli?.done;
  });

  it('logs its listening line once', () => {
    expect(stderr.match(/REST API listening/g)).toHaveLength(1);
  });

  it('requires the bearer token', async () => {
    const response = await call('GET', '/connectors', undefined, '');
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ error_code: 401 });
  });

  it('answers GET / with the version and the Kafka cluster id', async () => {
    const info = (await call('GET', '/')).body;
    expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(typeof info.kafka_cluster_id).toBe('string');
    expect(info.kafka_cluster_id.length).toBeGreaterThan(0);
  });

  it('lists the connector from the command line, RUNNING', async () => {
    expect((await call('GET', '/connectors')).body).toEqual(['first']);
    const status = await waitFor('first to run', async () => {
      const response = await call('GET', '/connectors/first/status');
      return response.body?.tasks?.[0]?.state === 'RUNNING' ? response.body : undefined;
    });
    expect(status).toMatchObject({ name: 'first', connector: { state: 'RUNNING' }, type: 'sink' });
  });

  // A config provider reference, written the way users write it (not a template literal).
  const reference = ['$', '{env:SC_TEST_SECRET_FILE}'].join('');

  it('keeps env references unresolved in the API and resolves them when the task runs', async () => {
    const created = await call('POST', '/connectors', {
      name: 'referenced',
      config: {
        'connector.class': 'FileStreamSink',
        topics: topic,
        file: reference,
        ...strings,
      },
    });
    expect(created.status).toBe(201);
    expect((await call('GET', '/connectors/referenced/config')).body.file).toBe(reference);
    const file = path.join(dir, 'from-env.txt');
    await waitFor('records in the file the reference names', () =>
      existsSync(file) && readFileSync(file, 'utf8').split('\n').filter(Boolean).length === 40
        ? true
        : undefined,
    );
    expect((await call('DELETE', '/connectors/referenced')).status).toBe(204);
  });

  it('creates a connector that starts moving records, pauses it, and deletes it', async () => {
    const file = path.join(dir, 'second.txt');
    const created = await call('POST', '/connectors', {
      name: 'second',
      config: {
        'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector',
        topics: topic,
        file,
        ...strings,
      },
    });
    expect(created.status).toBe(201);
    const lines = () => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);
    await waitFor(
      '40 records in the new connector file',
      () => (lines().length === 40 ? true : undefined),
      30_000,
    );

    expect((await call('PUT', '/connectors/second/pause')).status).toBe(202);
    const paused = await waitFor('second and its task to be PAUSED', async () => {
      const status = (await call('GET', '/connectors/second/status')).body;
      return status?.connector?.state === 'PAUSED' && status.tasks?.[0]?.state === 'PAUSED'
        ? status
        : undefined;
    });
    expect(paused.tasks).toHaveLength(1);
    expect((await call('DELETE', '/connectors/second')).status).toBe(204);
    expect((await call('GET', '/connectors/second')).status).toBe(404);
    expect((await call('GET', '/connectors')).body).toEqual(['first']);
  });
});
