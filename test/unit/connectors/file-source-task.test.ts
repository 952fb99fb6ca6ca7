import { appendFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SourceOffset, SourcePartition, SourceTaskContext } from '../../../shared/api/connector.ts';
import { ConnectError } from '../../../shared/api/errors.ts';
import { FileStreamSourceConnector } from '../../../shared/connectors/file/source-connector.ts';
import { FileStreamSourceTask } from '../../../shared/connectors/file/source-task.ts';

function context(stored: Record<string, SourceOffset> = {}): SourceTaskContext {
  return {
    configs: () => ({}),
    transactionContext: () => null,
    offsetStorageReader: () => ({
      offset: async (partition: SourcePartition) => stored[String(partition.filename)] ?? null,
      offsets: async () => new Map(),
    }),
  };
}

async function tempFile(text: string): Promise<string> {
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'sc-file-source-')), 'in.txt');
  await writeFile(file, text);
  return file;
}

describe('FileStreamSourceTask', () => {
  it('splits lines at \\n, \\r\\n and \\r, with byte positions after each line', async () => {
    const file = await tempFile('a\r\nbé\rc\nd');
    const task = new FileStreamSourceTask();
    task.start({ file, topic: 't' }, context());
    const records = (await task.poll())!;
    expect(records.map((r) => [r.value, r.sourceOffset])).toEqual([
      ['a', { position: 3 }],
      ['bé', { position: 7 }],
      ['c', { position: 9 }],
    ]);
    expect(records[0]).toMatchObject({
      topic: 't',
      kafkaPartition: null,
      key: null,
      keySchema: null,
      valueSchema: { type: 'STRING', optional: false },
      sourcePartition: { filename: file },
    });
    // The unfinished last line waits for its end; a \r at the very end may still become \r\n.
    await appendFile(file, '\r');
    expect(await task.poll()).toBeNull();
    await appendFile(file, '\ne\n');
    expect((await task.poll())!.map((r) => [r.value, r.sourceOffset])).toEqual([
      ['d', { position: 12 }],
      ['e', { position: 14 }],
    ]);
    await task.stop();
  });

  it('returns at most batch.size lines per poll and resumes at the committed position', async () => {
    const file = await tempFile(Array.from({ length: 10 }, (_, i) => `l${i}\n`).join(''));
    const task = new FileStreamSourceTask();
    task.start({ file, topic: 't', 'batch.size': '4' }, context());
    expect((await task.poll())!.map((r) => r.value)).toEqual(['l0', 'l1', 'l2', 'l3']);
    expect((await task.poll())!.map((r) => r.value)).toEqual(['l4', 'l5', 'l6', 'l7']);
    await task.stop();

    const resumed = new FileStreamSourceTask();
    resumed.start({ file, topic: 't' }, context({ [file]: { position: 9 } }));
    expect((await resumed.poll())!.map((r) => r.value)).toEqual(['l3', 'l4', 'l5', 'l6', 'l7', 'l8', 'l9']);
    await resumed.stop();
  });

  it('waits for a file that does not exist yet, and refuses an offset of the wrong type', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sc-file-source-'));
    const file = path.join(dir, 'later.txt');
    const task = new FileStreamSourceTask();
    task.start({ file, topic: 't' }, context());
    expect(await task.poll()).toBeNull();
    await writeFile(file, 'x\n');
    expect((await task.poll())!.map((r) => r.value)).toEqual(['x']);
    await task.stop();

    const wrong = new FileStreamSourceTask();
    wrong.start({ file, topic: 't' }, context({ [file]: { position: 'x' } }));
    await expect(wrong.poll()).rejects.toThrow('Offset position is the incorrect type');
    await wrong.stop();
  });
});

describe('FileStreamSourceConnector', () => {
  it('has one task, exactly-once support for a real file, and checks offsets as Kafka does', () => {
    const connector = new FileStreamSourceConnector();
    connector.start({ file: '/tmp/x', topic: 't' });
    expect(connector.taskConfigs(3)).toEqual([{ file: '/tmp/x', topic: 't' }]);
    expect(connector.exactlyOnceSupport({ file: '/tmp/x', topic: 't' })).toBe('SUPPORTED');
    expect(connector.exactlyOnceSupport({ topic: 't' })).toBe('UNSUPPORTED');
    const check =
      (offset: SourceOffset | null, partition: SourcePartition = { filename: '/tmp/x' }) =>
      () =>
        connector.alterOffsets({ file: '/tmp/x', topic: 't' }, new Map([[partition, offset]]));
    expect(check({ position: 10 })()).toBe(true);
    expect(check(null, { other: 1 })()).toBe(true);
    expect(check({ pos: 1 })).toThrow("Offset objects should either be null or contain the key 'position'");
    expect(check({ position: '1' })).toThrow(
      "The value for the 'position' key in the offset is expected to be a Long value",
    );
    expect(check({ position: -1 })).toThrow(
      "The value for the 'position' key in the offset should be a non-negative value",
    );
    expect(check({ position: 1 }, { file: 'x' })).toThrow(
      "Partition objects should contain the key 'filename'",
    );
    expect(() => connector.alterOffsets({ topic: 't' }, new Map())).toThrow(ConnectError);
  });
});
