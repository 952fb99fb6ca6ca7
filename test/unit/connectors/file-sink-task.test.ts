import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
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
});
