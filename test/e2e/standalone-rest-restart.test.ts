// A connector created through standalone's REST API is still there after a restart, and picks up
// where its committed offsets left off (Kafka Connect's standalone worker forgets it).
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startCli } from '../support/cli.ts';
import { createTopic, produce } from '../support/kafka.ts';
import { uniqueName } from '../support/local.ts';
import { waitFor } from '../support/wait.ts';

async function startWorker(dir: string) {
  const cli = startCli(['standalone', '--offsets-file', path.join(dir, 'offsets.json')]);
  let stderr = '';
  cli.child.stderr!.on('data', (chunk) => (stderr += chunk));
  const url = await waitFor(
    'the REST API to listen',
    () => /REST API listening url=(\S+)/.exec(stderr)?.[1],
    30_000,
  );
  return { cli, url };
}

describe('standalone connectors created through REST', () => {
  it('survive a restart and continue from their committed offsets', async () => {
    const topic = uniqueName('rest-restart');
    await createTopic(topic, 1);
    await produce(Array.from({ length: 20 }, (_, i) => ({ topic, partition: 0, key: null, value: `a${i}` })));
    const dir = await mkdtemp(path.join(tmpdir(), 'sc-rest-restart-'));
    const file = path.join(dir, 'out.txt');
    const lines = () => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);

    const first = await startWorker(dir);
    const created = await fetch(`${first.url}/connectors`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'kept',
        config: {
          'connector.class': 'FileStreamSink',
          topics: topic,
          file,
          'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
          'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
        },
      }),
    });
    expect(created.status).toBe(201);
    await waitFor('20 lines', () => (lines().length === 20 ? true : undefined));
    first.cli.child.kill('SIGTERM');
    expect((await first.cli.done).code).toBe(0);

    await produce(Array.from({ length: 5 }, (_, i) => ({ topic, partition: 0, key: null, value: `b${i}` })));
    const second = await startWorker(dir);
    try {
      expect(await (await fetch(`${second.url}/connectors`)).json()).toEqual(['kept']);
      await waitFor('the 5 new records', () => (lines().length === 25 ? true : undefined));
      expect(lines().slice(20)).toEqual(['b0', 'b1', 'b2', 'b3', 'b4']);
    } finally {
      second.cli.child.kill('SIGTERM');
      await second.cli.done;
    }
  });
});
