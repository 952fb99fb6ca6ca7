// Helpers for integration tests against the real local broker.
import {
  createAdmin,
  createPartitionReader,
  createProducer,
  type KafkaConnection,
  type KafkaRecord,
  type ProducerRecord,
} from '../../shared/kafka/index.ts';
import { kafkaBootstrap } from './local.ts';

export const testConnection: KafkaConnection = { brokers: [kafkaBootstrap], clientId: 'sc-test' };

export async function createTopic(topic: string, partitions: number): Promise<void> {
  const admin = createAdmin(testConnection);
  try {
    await admin.createTopics([{ topic, partitions, replicationFactor: 1 }]);
  } finally {
    await admin.close();
  }
}

export async function produce(records: readonly ProducerRecord[], chunk = 2000): Promise<void> {
  const producer = createProducer(testConnection);
  try {
    for (let i = 0; i < records.length; i += chunk) await producer.send(records.slice(i, i + chunk));
  } finally {
    await producer.close();
  }
}

/** What one fetch from the start of a partition returns (enough for the few records of a DLQ). */
export async function readPartition(topic: string, partition = 0): Promise<KafkaRecord[]> {
  const reader = createPartitionReader(testConnection);
  try {
    const [fetched] = await reader.fetch([{ topic, partition, offset: 0 }], { maxWaitMs: 2000 });
    return [...(fetched?.records ?? [])];
  } finally {
    await reader.close();
  }
}
