// The Kafka clients a standalone task uses, built from the worker config alone: the main thread and
// each task thread build their own (a client and its sockets belong to the thread that made it).
import {
  createAdmin,
  createPartitionReader,
  createProducer,
  createSourceProducer,
  createTransactionalSourceProducer,
} from '../kafka/index.ts';
import type { KafkaClients } from '../runtime/tasks/task-invocation.ts';
import { kafkaClient, kafkaConnection, type WorkerConfig } from '../runtime/worker-config.ts';

export function standaloneKafkaClients(worker: WorkerConfig): KafkaClients {
  const connection = kafkaConnection(worker);
  return {
    reader: () => createPartitionReader(connection, kafkaClient(worker)),
    admin: () => createAdmin(connection),
    producer: () => createProducer(connection),
    sourceProducer: () => createSourceProducer(connection),
    transactionalSourceProducer: (id) => createTransactionalSourceProducer(connection, id),
  };
}
