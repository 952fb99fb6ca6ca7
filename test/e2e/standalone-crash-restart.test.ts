// The standalone file sink survives being killed (SIGKILL, no chance to clean up) and restarted:
// the file ends with every record exactly once, each partition's records in offset order.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startCli } from '../support/cli.ts';
import { createTopic, produce } from '../support/kafka.ts';
import { uniqueName } from '../support/local.ts';
import { waitFor } from '../support/wait.ts';

const PARTITIONS = 4;
const PER_PARTITION = 2500;

const lineCount = (file: string) =>
  existsSync(file) ? readFileSync(file, 'utf8').split('\n').length - 1 : 0;

describe('standalone file sink, killed and restarted', () => {
  it('ends with all 10,000 records exactly once, in partition order', async () => {
    const topic = uniqueName('crash');
    await createTopic(topic, PARTITIONS);
    // Many small produce requests make many small record batches, and so many small fetches.
    await produce(
      Array.from({ length: PARTITIONS * PER_PARTITION }, (_, i) => {
        const partition = i % PARTITIONS;
        const seq = Math.floor(i / PARTITIONS);
        return { topic, partition, key: null, value: `p${partition}-${String(seq).padStart(5, '0')}` };
      }),
      40,
    );

    const dir = await mkdtemp(path.join(tmpdir(), 'sc-crash-'));
    const output = path.join(dir, 'out.txt');
    const offsets = path.join(dir, 'offsets.json');
    const connector = path.join(dir, 'connector.json');
    const worker = path.join(dir, 'worker.properties');
    // Commit after every batch: the most commits, and so the most moments to be killed at.
    await writeFile(worker, `offset.storage.file.filename=${offsets}\noffset.flush.interval.ms=0\n`);
    await writeFile(
      connector,
      JSON.stringify({
        name: 'crash-sink',
        config: {
          'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector',
          topics: topic,
          file: output,
          'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
          'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
          'header.converter': 'org.apache.kafka.connect.storage.StringConverter',
          // Small fetches make many batches, so the kills land in the middle of the work.
          'consumer.override.max.partition.fetch.bytes': '600',
          'consumer.override.fetch.max.bytes': '2400',
        },
      }),
    );
    const args = ['standalone', worker, connector];

    // Four hard kills at different points, then a run to the end. Each kill has a fair chance to land
    // between a write and its commit, which is what the checkpoint must undo.
    for (const killAt of [1500, 3500, 5500, 7500]) {
      const run = startCli(args);
      await waitFor(`${killAt} lines in the output`, () => (lineCount(output) >= killAt ? true : undefined));
      run.child.kill('SIGKILL');
      const killed = await run.done;
      expect(killed.signal).toBe('SIGKILL');
      expect(lineCount(output)).toBeLessThan(PARTITIONS * PER_PARTITION);
    }
    const last = startCli(args);
    await waitFor('every record in the output', () =>
      lineCount(output) >= PARTITIONS * PER_PARTITION ? true : undefined,
    );
    last.child.kill('SIGINT');
    const finished = await last.done;
    expect(finished.code, finished.stderr).toBe(0);

    const lines = readFileSync(output, 'utf8').split('\n').slice(0, -1);
    expect(lines).toHaveLength(PARTITIONS * PER_PARTITION);
    for (let partition = 0; partition < PARTITIONS; partition++) {
      const ofPartition = lines.filter((l) => l.startsWith(`p${partition}-`));
      expect(ofPartition).toEqual(
        Array.from({ length: PER_PARTITION }, (_, seq) => `p${partition}-${String(seq).padStart(5, '0')}`),
      );
    }
    const committed = JSON.parse(readFileSync(offsets, 'utf8')).connectors['crash-sink'].offsets;
    expect(committed).toEqual(
      Object.fromEntries(Array.from({ length: PARTITIONS }, (_, p) => [`${topic}:${p}`, PER_PARTITION])),
    );
  });
});
