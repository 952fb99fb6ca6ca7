// A bad connector config stops the standalone worker before it touches anything: the error names
// the problem, the exit code says failure, and no offsets file (or output file) appears.
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { createTopic } from '../support/kafka.ts';
import { uniqueName } from '../support/local.ts';

describe('standalone with bad input', () => {
  let dir: string;
  let topic: string;
  const valid = () => ({
    'connector.class': 'FileStreamSink',
    topics: topic,
    file: path.join(dir, 'out.txt'),
    'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'header.converter': 'org.apache.kafka.connect.storage.StringConverter',
  });

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sc-bad-'));
    topic = uniqueName('bad-input');
    await createTopic(topic, 1);
  });

  async function attempt(name: string, body: string) {
    const file = path.join(dir, `${name}.json`);
    await writeFile(file, body);
    const offsets = path.join(dir, `${name}.offsets.json`);
    const result = await runCli(['standalone', file, '--offsets-file', offsets]);
    expect(result.code).toBe(1);
    expect(existsSync(offsets)).toBe(false);
    expect(existsSync(path.join(dir, 'out.txt'))).toBe(false);
    return result.stderr;
  }

  it('rejects a file that is not JSON', async () => {
    const stderr = await attempt('not-json', '{"name": "broken", "config": {');
    expect(stderr).toContain('not-json.json is not valid JSON');
  });

  it('rejects a config without connector.class', async () => {
    const { 'connector.class': _, ...config } = valid();
    const stderr = await attempt('no-class', JSON.stringify({ name: 'no-class', config }));
    expect(stderr).toContain('Missing required configuration "connector.class" which has no default value.');
  });

  it('rejects an unknown connector class, naming it and what is available', async () => {
    const stderr = await attempt(
      'unknown-class',
      JSON.stringify({
        name: 'unknown',
        config: { ...valid(), 'connector.class': 'com.example.NopeSinkConnector' },
      }),
    );
    expect(stderr).toContain(
      'Failed to find any class that implements Connector and which name matches com.example.NopeSinkConnector',
    );
    expect(stderr).toContain('org.apache.kafka.connect.file.FileStreamSinkConnector');
  });

  it('rejects a topic that does not exist, naming it', async () => {
    const missing = uniqueName('no-such-topic');
    const stderr = await attempt(
      'missing-topic',
      JSON.stringify({ name: 'missing', config: { ...valid(), topics: missing } }),
    );
    expect(stderr).toContain(`Topic '${missing}' named in 'topics' does not exist`);
  });

  it('rejects topics and topics.regex together, and an unknown converter class', async () => {
    const stderr = await attempt(
      'both',
      JSON.stringify({
        name: 'both',
        config: { ...valid(), 'topics.regex': 'x.*', 'key.converter': 'com.example.NoConverter' },
      }),
    );
    expect(stderr).toContain('topics and topics.regex are mutually exclusive options, but both are set.');
    expect(stderr).toContain(
      'Invalid value com.example.NoConverter for configuration key.converter: Class com.example.NoConverter could not be found.',
    );
    expect(stderr).toContain('contains the following 2 error(s)');
  });

  it("rejects an invalid tasks.max with Kafka Connect's wording", async () => {
    const stderr = await attempt(
      'tasks',
      JSON.stringify({ name: 'tasks', config: { ...valid(), 'tasks.max': 'many' } }),
    );
    expect(stderr).toContain('Invalid value many for configuration tasks.max: Not a number of type INT');
  });
});
