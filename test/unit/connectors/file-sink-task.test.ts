import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { SinkTaskContext } from '../../../shared/api/connector.ts';
import { Headers } from '../../../shared/api/headers.ts';
import type { SinkRecord } from '../../../shared/api/record.ts';
import { SchemaBuilder, Schemas, Struct } from '../../../shared/api/schema.ts';
import { FileStreamSinkTask } from '../../../shared/connectors/file/sink-task.ts';

const record = (value: unknown, offset = 0): SinkRecord => ({
  topic: 't',
  kafkaPartition: 0,
  kafkaOffset: offset,
  keySchema: null,
  key: null,
  valueSchema: null,
  value,
  timestamp: null,
  timestampType: 'CreateTime',
  headers: new Headers(),
  originalTopic: 't',
  originalKafkaPartition: 0,
  originalKafkaOffset: offset,
});

describe('FileStreamSinkTask', () => {
  it('writes one line per value; strings verbatim, structured values as JSON', async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'sc-file-')), 'out.txt');
    const task = new FileStreamSinkTask();
    await task.start({ file });
    const schema = SchemaBuilder.struct()
      .field('id', Schemas.INT32)
      .field('name', Schemas.OPTIONAL_STRING)
      .build();
    task.put([
      record('plain text'),
      record(null),
      record(42),
      record(
        new Map<string, unknown>([
          ['a', 1],
          ['b', [true, null]],
        ]),
      ),
      record(new Struct(schema).put('id', 7).put('name', 'x')),
    ]);
    await task.flush();
    await task.stop();
    expect(await readFile(file, 'utf8')).toBe(
      'plain text\nnull\n42\n{"a":1,"b":[true,null]}\n{"id":7,"name":"x"}\n',
    );
  });

  it('cuts off what was written after the last checkpoint when restored', async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'sc-file-')), 'out.txt');
    await writeFile(file, 'kept from before\n');
    const first = new FileStreamSinkTask();
    await first.start({ file });
    first.put([record('a'), record('b')]);
    await first.flush();
    const checkpoint = first.checkpoint();
    // Written and flushed, but the process "dies" before its offsets are committed.
    first.put([record('c')]);
    await first.flush();
    await first.stop();
    expect(await readFile(file, 'utf8')).toBe('kept from before\na\nb\nc\n');

    const second = new FileStreamSinkTask();
    await second.start({ file });
    await second.restore(checkpoint);
    second.put([record('c again')]);
    await second.flush();
    await second.stop();
    expect(await readFile(file, 'utf8')).toBe('kept from before\na\nb\nc again\n');
  });

  it('keeps the path out of its checkpoint (the path may come from a secret; checkpoints are stored)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sc-file-'));
    const task = new FileStreamSinkTask();
    await task.start({ file: path.join(dir, 'secret-name.txt') });
    task.put([record('a')]);
    await task.flush();
    const checkpoint = JSON.stringify(task.checkpoint());
    await task.stop();
    expect(checkpoint).not.toContain('secret-name');
    expect(checkpoint).not.toContain(dir);

    // A checkpoint of another file is not applied to this one.
    const other = new FileStreamSinkTask();
    await writeFile(path.join(dir, 'other.txt'), 'x\ny\n');
    await other.start({ file: path.join(dir, 'other.txt') });
    await other.restore(JSON.parse(checkpoint));
    await other.stop();
    expect(await readFile(path.join(dir, 'other.txt'), 'utf8')).toBe('x\ny\n');
  });

  it('writes full megabytes of lines before the flush, in order, and counts them in its checkpoint', async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'sc-file-')), 'out.txt');
    const task = new FileStreamSinkTask();
    await task.start({ file });
    const lines: string[] = [];
    // 3 MB in slices of 500 records, as the runtime puts them: chunks fill and are written early.
    for (let slice = 0; slice < 12; slice++) {
      const batch: SinkRecord[] = [];
      for (let i = 0; i < 500; i++) {
        const line = `${slice}-${i}:${'é'.repeat(250)}`;
        lines.push(line);
        batch.push(record(line, slice * 500 + i));
      }
      task.put(batch);
    }
    await vi.waitFor(async () => expect((await stat(file)).size).toBeGreaterThan(1 << 20), {
      timeout: 5000,
    });
    await task.flush();
    const expected = `${lines.join('\n')}\n`;
    expect(await readFile(file, 'utf8')).toBe(expected);
    expect(task.checkpoint()).toMatchObject({ length: Buffer.byteLength(expected) });
    // The chunks written ahead are filled again after the flush; the file only grows by the new lines.
    task.put([record('after')]);
    await task.flush();
    await task.stop();
    expect(await readFile(file, 'utf8')).toBe(`${expected}after\n`);
  });

  it('writes nothing more once its partitions are no longer its own; put goes on, its flush fails', async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'sc-file-')), 'out.txt');
    let owned = true;
    const context = { stillOwned: () => owned } as unknown as SinkTaskContext;
    const task = new FileStreamSinkTask();
    await task.start({ file }, context);
    const batch = (from: number) =>
      Array.from({ length: 3000 }, (_, i) => record(`${from + i}:${'x'.repeat(500)}`, from + i));
    task.put(batch(0));
    await task.flush();
    const flushed = (await stat(file)).size;
    owned = false; // a frozen process wakes up after its leases expired
    task.put(batch(3000));
    await new Promise((resolve) => setImmediate(resolve)); // the write-ahead has looked by now
    // The runner ends such an invocation at its next lease check: put must not fail the task first.
    expect(() => task.put(batch(6000))).not.toThrow();
    await expect(task.flush()).rejects.toThrow(/no longer holds its partitions/);
    await task.stop();
    expect((await stat(file)).size).toBe(flushed);
  });
});
