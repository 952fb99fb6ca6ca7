// The source producer against the real broker: a send far larger than one record batch may be
// (message.max.bytes, 1 MiB by default) goes out in several requests, in order, and reports the
// position of every record.
import { describe, expect, it } from 'vitest';
import { createSourceProducer } from '../../../shared/kafka/index.ts';
import { createTopic, testConnection } from '../../support/kafka.ts';
import { uniqueName } from '../../support/local.ts';
import { readTopic } from '../../support/source.ts';

describe('source producer', () => {
  it('sends a multi-megabyte poll in order and reports each record’s offset', async () => {
    const topic = uniqueName('big-send');
    await createTopic(topic, 1);
    const producer = createSourceProducer(testConnection);
    try {
      const records = Array.from({ length: 2500 }, (_, i) => ({
        topic,
        key: Buffer.from(`k${i}`),
        value: Buffer.from(`${i}:${'x'.repeat(1500)}`),
      }));
      const positions = await producer.send(records);
      expect(positions.map((p) => p.offset)).toEqual(records.map((_, i) => i));
      const stored = await readTopic(topic);
      expect(stored.map((r) => r.value?.toString().split(':')[0])).toEqual(records.map((_, i) => String(i)));
    } finally {
      await producer.close();
    }
  });
});
