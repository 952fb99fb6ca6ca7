// The transactional source producer against the real broker: a read_committed reader sees the
// records of committed transactions only, and a second producer of the same transactional id
// fences the first, which can then neither produce nor commit, and never takes the id back.
import { describe, expect, it } from 'vitest';
import { createTransactionalSourceProducer, ProducerFencedError } from '../../../shared/kafka/index.ts';
import { createTopic, testConnection } from '../../support/kafka.ts';
import { uniqueName } from '../../support/local.ts';
import { readTopic } from '../../support/source.ts';

const values = (records: { value: Buffer | null }[]) => records.map((r) => r.value?.toString());

describe('transactional source producer', () => {
  it('shows committed transactions to read_committed readers and hides aborted ones', async () => {
    const topic = uniqueName('txn');
    await createTopic(topic, 2);
    const producer = createTransactionalSourceProducer(testConnection, uniqueName('txn-id'));
    try {
      await producer.initTransactions();
      expect(producer.producerEpoch()).toBeGreaterThanOrEqual(0);
      await producer.beginTransaction();
      const positions = await producer.send([
        { topic, partition: 0, key: 'a', value: 'committed-1' },
        { topic, partition: 1, key: 'b', value: 'committed-2' },
      ]);
      expect(positions.map((p) => p.partition)).toEqual([0, 1]);
      await producer.commitTransaction();
      await producer.beginTransaction();
      await producer.send([{ topic, partition: 0, key: 'c', value: 'aborted' }]);
      await producer.abortTransaction();
      await producer.beginTransaction();
      await producer.send([{ topic, partition: 0, key: 'd', value: 'committed-3' }]);
      await producer.commitTransaction();
      // Transactions that sent nothing end without a word to the broker, which never heard of them.
      await producer.beginTransaction();
      await producer.abortTransaction();
      await producer.beginTransaction();
      await producer.commitTransaction();
      expect(values(await readTopic(topic, { readCommitted: true })).sort()).toEqual([
        'committed-1',
        'committed-2',
        'committed-3',
      ]);
      // Uncommitted reading shows the aborted record too: the test can tell the two apart.
      expect(values(await readTopic(topic))).toContain('aborted');
    } finally {
      await producer.close();
    }
  });

  it('a newer producer of the same id fences the older one for good and ends its open transaction', async () => {
    const topic = uniqueName('txn-fence');
    await createTopic(topic, 1);
    const id = uniqueName('txn-id');
    const zombie = createTransactionalSourceProducer(testConnection, id);
    const successor = createTransactionalSourceProducer(testConnection, id);
    try {
      await zombie.initTransactions();
      await zombie.beginTransaction();
      await zombie.send([{ topic, key: 'z', value: 'zombie-before' }]);

      await successor.initTransactions();
      expect(successor.producerEpoch()).toBeGreaterThan(zombie.producerEpoch()!);
      await expect(zombie.send([{ topic, key: 'z', value: 'zombie-after' }])).rejects.toBeInstanceOf(
        ProducerFencedError,
      );
      await expect(zombie.commitTransaction()).rejects.toBeInstanceOf(ProducerFencedError);
      await expect(zombie.beginTransaction()).rejects.toBeInstanceOf(ProducerFencedError);
      await zombie.abortTransaction();

      await successor.beginTransaction();
      await successor.send([{ topic, key: 's', value: 'successor' }]);
      await successor.commitTransaction();
      expect(values(await readTopic(topic, { readCommitted: true }))).toEqual(['successor']);
    } finally {
      await zombie.close().catch(() => {});
      await successor.close();
    }
  });
});
