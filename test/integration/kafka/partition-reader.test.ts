// Both PartitionReader adapters against the real broker: explicit offsets, no consumer group.
import { afterAll, describe, expect, it } from 'vitest';
import {
  createPartitionReader,
  kafkaClientNames,
  type PartitionReader,
} from '../../../shared/kafka/index.ts';
import { createTopic, produce, testConnection } from '../../support/kafka.ts';
import { uniqueName } from '../../support/local.ts';

describe.each(kafkaClientNames)('PartitionReader (%s)', (client) => {
  const readers: PartitionReader[] = [];
  const reader = () => {
    const r = createPartitionReader(testConnection, client);
    readers.push(r);
    return r;
  };
  afterAll(async () => {
    await Promise.all(readers.map((r) => r.close()));
  });

  it('reads each partition from the requested offset, with keys, headers and timestamps', async () => {
    const topic = uniqueName('reader');
    await createTopic(topic, 2);
    await produce(
      Array.from({ length: 40 }, (_, i) => ({
        topic,
        partition: i % 2,
        key: `k${i}`,
        value: `v${i}`,
        timestamp: 1_700_000_000_000 + i,
        headers: [
          ['trace', `t${i}`],
          ['trace', `u${i}`],
        ] as const,
      })),
    );

    const r = reader();
    // Start partition 0 mid-batch: records before offset 5 must not come back.
    const fetched = await r.fetch(
      [
        { topic, partition: 0, offset: 5 },
        { topic, partition: 1, offset: 0 },
      ],
      { maxWaitMs: 500 },
    );
    const p0 = fetched.find((f) => f.partition === 0)!;
    const p1 = fetched.find((f) => f.partition === 1)!;
    expect(p0.records.map((rec) => rec.offset)).toEqual([
      5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
    ]);
    expect(p0.records[0]!.key?.toString()).toBe('k10');
    expect(p0.records[0]!.value?.toString()).toBe('v10');
    expect(p0.records[0]!.timestamp).toBe(1_700_000_000_010);
    expect(p0.records[0]!.timestampType).toBe('CreateTime');
    expect(p0.records[0]!.headers.map(([k, v]) => `${k}=${v?.toString()}`)).toEqual([
      'trace=t10',
      'trace=u10',
    ]);
    expect(p0.nextOffset).toBe(20);
    expect(p0.highWatermark).toBe(20);
    expect(p1.records).toHaveLength(20);
    expect(p1.records.map((rec) => rec.value?.toString())).toEqual(
      Array.from({ length: 20 }, (_, i) => `v${i * 2 + 1}`),
    );
  });

  it('says when an offset is out of range instead of failing the other partitions', async () => {
    const topic = uniqueName('reader-oor');
    await createTopic(topic, 2);
    await produce([
      { topic, partition: 0, key: null, value: 'a' },
      { topic, partition: 1, key: null, value: 'b' },
    ]);
    const fetched = await reader().fetch(
      [
        { topic, partition: 0, offset: 1000 },
        { topic, partition: 1, offset: 0 },
      ],
      { maxWaitMs: 200 },
    );
    expect(fetched.find((f) => f.partition === 0)?.outOfRange).toBe(true);
    expect(fetched.find((f) => f.partition === 1)?.records.map((rec) => rec.value?.toString())).toEqual([
      'b',
    ]);
  });

  it('returns nothing, quickly, at the end of a partition', async () => {
    const topic = uniqueName('reader-end');
    await createTopic(topic, 1);
    await produce([{ topic, partition: 0, key: null, value: 'only' }]);
    const [end] = await reader().fetch([{ topic, partition: 0, offset: 1 }], { maxWaitMs: 100 });
    expect(end!.records).toEqual([]);
    expect(end!.nextOffset).toBe(1);
  });
});
