// Chooses the client library behind the Kafka ports. The reader defaults to @platformatic/kafka
// (typed group-less Fetch, measured fastest in bench/); kafkajs is the alternative reader and
// serves admin and the DLQ's produce, where it is mature. Source tasks produce through
// @platformatic/kafka, which returns every partition's base offset and lets us fetch metadata.
import { LazyKafkajsAdmin, LazyKafkajsProducer, LazyKafkajsReader } from './lazy-clients.ts';
import {
  PlatformaticSourceProducer,
  PlatformaticTransactionalSourceProducer,
} from './platformatic/producer.ts';
import { PlatformaticPartitionReader } from './platformatic/reader.ts';
import type {
  KafkaAdmin,
  KafkaClientName,
  KafkaConnection,
  PartitionReader,
  RecordProducer,
  SourceProducer,
  TransactionalSourceProducer,
} from './types.ts';

export { kafkaConnectionFrom } from './connection-config.ts';
export * from './types.ts';

export const kafkaClientNames: readonly KafkaClientName[] = ['platformatic', 'kafkajs'];

export function createPartitionReader(
  connection: KafkaConnection,
  client: KafkaClientName = 'platformatic',
): PartitionReader {
  return client === 'kafkajs'
    ? new LazyKafkajsReader(connection)
    : new PlatformaticPartitionReader(connection);
}

export function createProducer(connection: KafkaConnection): RecordProducer {
  return new LazyKafkajsProducer(connection);
}

/** Source tasks produce through @platformatic/kafka: it reports each record's position (see README). */
export function createSourceProducer(connection: KafkaConnection): SourceProducer {
  return new PlatformaticSourceProducer(connection);
}

export function createAdmin(connection: KafkaConnection): KafkaAdmin {
  return new LazyKafkajsAdmin(connection);
}

/**
 * A transactional source producer for exactly.once.source.support=enabled; `transactionalId` names
 * one connector task, so a newer invocation of the task fences the older ones.
 */
export function createTransactionalSourceProducer(
  connection: KafkaConnection,
  transactionalId: string,
): TransactionalSourceProducer {
  return new PlatformaticTransactionalSourceProducer(connection, transactionalId);
}
