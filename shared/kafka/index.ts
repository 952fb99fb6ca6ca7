// Chooses the client library behind the Kafka ports. The reader defaults to @platformatic/kafka
// (typed group-less Fetch, measured fastest in bench/); kafkajs is the alternative reader and
// serves admin and produce, where it is mature.
import { KafkajsAdmin } from './kafkajs/admin.ts';
import { KafkajsProducer } from './kafkajs/producer.ts';
import { KafkajsPartitionReader } from './kafkajs/reader.ts';
import { PlatformaticPartitionReader } from './platformatic/reader.ts';
import type {
  KafkaAdmin,
  KafkaClientName,
  KafkaConnection,
  PartitionReader,
  RecordProducer,
} from './types.ts';

export { kafkaConnectionFrom } from './connection-config.ts';
export * from './types.ts';

export const kafkaClientNames: readonly KafkaClientName[] = ['platformatic', 'kafkajs'];

export function createPartitionReader(
  connection: KafkaConnection,
  client: KafkaClientName = 'platformatic',
): PartitionReader {
  return client === 'kafkajs'
    ? new KafkajsPartitionReader(connection)
    : new PlatformaticPartitionReader(connection);
}

export function createProducer(connection: KafkaConnection): RecordProducer {
  return new KafkajsProducer(connection);
}

export function createAdmin(connection: KafkaConnection): KafkaAdmin {
  return new KafkajsAdmin(connection);
}
