// Connector JSON written for Apache Kafka Connect, with a chain of Kafka's own SMTs and predicates,
// runs unchanged in the standalone worker against the real broker: tombstones and flagged records
// are filtered out, the rest are wrapped and stamped with their coordinates.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, startCli } from '../support/cli.ts';
import { createTopic, produce } from '../support/kafka.ts';
import { uniqueName } from '../support/local.ts';
import { waitFor } from '../support/wait.ts';

const T = 'org.apache.kafka.connect.transforms.';
const P = 'org.apache.kafka.connect.transforms.predicates.';

const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').slice(0, -1) : []);

describe('standalone file sink with transforms', () => {
  it('applies the chain, predicates included, to every record', async () => {
    const topic = uniqueName('smt');
    await createTopic(topic, 1);
    await produce([
      { topic, partition: 0, key: null, value: 'first' },
      { topic, partition: 0, key: 'gone', value: null },
      { topic, partition: 0, key: null, value: 'flagged', headers: [['skip', 'yes']] },
      { topic, partition: 0, key: null, value: 'last' },
    ]);
    const dir = await mkdtemp(path.join(tmpdir(), 'sc-smt-'));
    const output = path.join(dir, 'out.txt');
    const worker = path.join(dir, 'worker.properties');
    const connector = path.join(dir, 'connector.json');
    await writeFile(worker, `offset.storage.file.filename=${path.join(dir, 'offsets.json')}\n`);
    await writeFile(
      connector,
      JSON.stringify({
        name: 'smt-sink',
        config: {
          'connector.class': 'FileStreamSink',
          topics: topic,
          file: output,
          'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
          'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
          'header.converter': 'org.apache.kafka.connect.storage.StringConverter',
          transforms: 'dropTombstones,dropFlagged,hoist,stamp',
          'transforms.dropTombstones.type': `${T}Filter`,
          'transforms.dropTombstones.predicate': 'isTombstone',
          'transforms.dropFlagged.type': `${T}Filter`,
          'transforms.dropFlagged.predicate': 'flagged',
          'transforms.hoist.type': `${T}HoistField$Value`,
          'transforms.hoist.field': 'line',
          'transforms.stamp.type': `${T}InsertField$Value`,
          'transforms.stamp.topic.field': 'topic',
          'transforms.stamp.offset.field': 'offset',
          predicates: 'isTombstone,flagged',
          'predicates.isTombstone.type': `${P}RecordIsTombstone`,
          'predicates.flagged.type': `${P}HasHeaderKey`,
          'predicates.flagged.name': 'skip',
        },
      }),
    );
    const run = startCli(['standalone', worker, connector]);
    await waitFor('the last record in the output', () => (lines(output).length >= 2 ? true : undefined));
    run.child.kill('SIGINT');
    const finished = await run.done;
    expect(finished.code, finished.stderr).toBe(0);
    expect(lines(output).map((line) => JSON.parse(line))).toEqual([
      { line: 'first', topic, offset: 0 },
      { line: 'last', topic, offset: 3 },
    ]);
  });

  it("refuses a chain with a missing SMT setting before reading anything, with Kafka's message", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sc-smt-bad-'));
    const topic = uniqueName('smt-bad');
    await createTopic(topic, 1);
    const connector = path.join(dir, 'connector.json');
    const offsets = path.join(dir, 'offsets.json');
    await writeFile(
      connector,
      JSON.stringify({
        name: 'smt-bad',
        config: {
          'connector.class': 'FileStreamSink',
          topics: topic,
          file: path.join(dir, 'out.txt'),
          'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
          'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
          transforms: 'extract',
          'transforms.extract.type': `${T}ExtractField$Value`,
        },
      }),
    );
    const result = await runCli(['standalone', connector, '--offsets-file', offsets]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'Missing required configuration "transforms.extract.field" which has no default value.',
    );
    expect(existsSync(offsets)).toBe(false);
  });
});
