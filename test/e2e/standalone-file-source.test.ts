// Kafka's quickstart source, unchanged: connect-file-source.properties (FileStreamSource, `file`,
// `topic`) run by the standalone CLI. Lines reach the topic, the REST API shows a source connector
// with Kafka's offsets ({filename} → {position}), and after stop the offsets can be moved back
// (PATCH) so the resumed task reads lines again, or checked against the connector's own rules.
import { appendFile, mkdtemp, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli } from '../support/cli.ts';
import { createTopic } from '../support/kafka.ts';
import { uniqueName } from '../support/local.ts';
import { readTopic, waitForRecords } from '../support/source.ts';
import { waitFor } from '../support/wait.ts';

describe('standalone FileStreamSource', () => {
  const topic = uniqueName('connect-test');
  let dir: string;
  let input: string;
  let url: string;
  let cli: ReturnType<typeof startCli>;
  let stderr = '';

  const call = async (method: string, urlPath: string, body?: unknown) => {
    const response = await fetch(`${url}${urlPath}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  const values = async () => (await readTopic(topic)).map((r) => r.value?.toString());

  beforeAll(async () => {
    await createTopic(topic, 1);
    dir = await mkdtemp(path.join(tmpdir(), 'sc-file-source-'));
    input = path.join(dir, 'test.txt');
    await writeFile(input, 'foo\nbar\n');
    await writeFile(
      path.join(dir, 'worker.properties'),
      [
        'key.converter=org.apache.kafka.connect.storage.StringConverter',
        'value.converter=org.apache.kafka.connect.storage.StringConverter',
        'offset.flush.interval.ms=200',
      ].join('\n'),
    );
    // Kafka's config/connect-file-source.properties, with our file and topic.
    await writeFile(
      path.join(dir, 'connect-file-source.properties'),
      [
        'name=local-file-source',
        'connector.class=FileStreamSource',
        'tasks.max=1',
        `file=${input}`,
        `topic=${topic}`,
      ].join('\n'),
    );
    cli = startCli([
      'standalone',
      path.join(dir, 'worker.properties'),
      path.join(dir, 'connect-file-source.properties'),
      '--offsets-file',
      path.join(dir, 'offsets.json'),
    ]);
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

  it('copies the lines into the topic and shows a RUNNING source connector', async () => {
    await waitForRecords(topic, 2);
    await appendFile(input, 'baz\n');
    await waitForRecords(topic, 3);
    expect(await values()).toEqual(['foo', 'bar', 'baz']);
    expect((await call('GET', '/connectors/local-file-source')).body).toMatchObject({
      name: 'local-file-source',
      type: 'source',
      tasks: [{ connector: 'local-file-source', task: 0 }],
    });
    const status = await waitFor('the source task to run', async () => {
      const body = (await call('GET', '/connectors/local-file-source/status')).body;
      return body?.tasks?.[0]?.state === 'RUNNING' ? body : undefined;
    });
    expect(status).toMatchObject({ type: 'source', connector: { state: 'RUNNING' } });
    const plugins = (await call('GET', '/connector-plugins')).body as { class: string; type: string }[];
    expect(plugins).toContainEqual(
      expect.objectContaining({
        class: 'org.apache.kafka.connect.file.FileStreamSourceConnector',
        type: 'source',
      }),
    );
    expect((await call('GET', `/connectors/local-file-source/topics`)).body).toEqual({
      'local-file-source': { topics: [topic] },
    });
  });

  it("shows, checks and alters Kafka's source offsets while the connector is stopped", async () => {
    const size = (await stat(input)).size;
    const offsets = await waitFor('the last position committed', async () => {
      const body = (await call('GET', '/connectors/local-file-source/offsets')).body;
      return body?.offsets?.[0]?.offset?.position === size ? body : undefined;
    });
    expect(offsets).toEqual({ offsets: [{ partition: { filename: input }, offset: { position: size } }] });

    const back = { offsets: [{ partition: { filename: input }, offset: { position: 4 } }] };
    expect((await call('PATCH', '/connectors/local-file-source/offsets', back)).status).toBe(400);
    expect((await call('PUT', '/connectors/local-file-source/stop')).status).toBe(204);
    await waitFor('the task to stop', async () => {
      const body = (await call('GET', '/connectors/local-file-source/status')).body;
      return body?.connector?.state === 'STOPPED' && body.tasks.length === 0 ? true : undefined;
    });
    // The connector's own rules (FileStreamSourceConnector.alterOffsets), in Kafka's words.
    const refused = await call('PATCH', '/connectors/local-file-source/offsets', {
      offsets: [{ partition: { filename: input }, offset: { position: -1 } }],
    });
    expect(refused).toEqual({
      status: 400,
      body: {
        error_code: 400,
        message:
          "Failed to modify offsets for source connector local-file-source: The value for the 'position' key in the offset should be a non-negative value",
      },
    });
    const nested = await call('PATCH', '/connectors/local-file-source/offsets', {
      offsets: [{ partition: { filename: input }, offset: { position: { at: 1 } } }],
    });
    expect(nested.body.message).toContain('Offsets may only contain primitive types as values');

    const altered = await waitFor('the stopped task to let go of its lease', async () => {
      const response = await call('PATCH', '/connectors/local-file-source/offsets', back);
      return response.status === 200 ? response : undefined;
    });
    expect(altered.body).toEqual({
      message: 'The offsets for this connector have been altered successfully',
    });
    expect((await call('GET', '/connectors/local-file-source/offsets')).body).toEqual(back);

    // Resumed, the task reads again from byte 4: bar and baz a second time.
    expect((await call('PUT', '/connectors/local-file-source/resume')).status).toBe(202);
    await waitForRecords(topic, 5);
    expect(await values()).toEqual(['foo', 'bar', 'baz', 'bar', 'baz']);

    expect((await call('PUT', '/connectors/local-file-source/stop')).status).toBe(204);
    const reset = await waitFor('the reset to be allowed', async () => {
      const response = await call('DELETE', '/connectors/local-file-source/offsets');
      return response.status === 200 ? response : undefined;
    });
    expect(reset.body).toEqual({ message: 'The offsets for this connector have been reset successfully' });
    expect((await call('GET', '/connectors/local-file-source/offsets')).body).toEqual({ offsets: [] });
  });

  it("refuses a source config without its required topic, with Kafka's validate answer", async () => {
    const response = await call('PUT', '/connector-plugins/FileStreamSource/config/validate', {
      name: 'no-topic',
      'connector.class': 'FileStreamSource',
      file: input,
    });
    expect(response.status).toBe(200);
    expect(response.body.error_count).toBe(1);
    const topicKey = response.body.configs.find(
      (c: { definition: { name: string } }) => c.definition.name === 'topic',
    );
    expect(topicKey.value.errors).toEqual([
      'Missing required configuration "topic" which has no default value.',
    ]);
    const created = await call('POST', '/connectors', {
      name: 'no-topic',
      config: { 'connector.class': 'FileStreamSource', file: input },
    });
    expect(created.status).toBe(400);
    expect(created.body.message).toContain(
      'Missing required configuration "topic" which has no default value.',
    );
  });
});
