// Produces sample orders in Confluent's wire format with Confluent's own JavaScript serializer
// (magic byte, schema id, Avro), as any Confluent-ecosystem producer would, for the schema
// registry walkthrough (docs/schema-registry.md):
//   node scripts/produce-avro.ts [topic] [count] [registry URL]
import {
  AvroSerializer,
  SchemaRegistryClient,
  SerdeType,
  TopicNameStrategy,
} from '@confluentinc/schemaregistry';
import { createAdmin, createProducer } from '../shared/kafka/index.ts';
import { endpoints } from './infra/settings.ts';

const [topic = 'avro-orders', count = '20', registry = endpoints.schemaRegistry] = process.argv.slice(2);

const ORDER = {
  type: 'record',
  name: 'Order',
  namespace: 'shop',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'product', type: 'string' },
    { name: 'quantity', type: 'int' },
    { name: 'price', type: { type: 'bytes', logicalType: 'decimal', precision: 8, scale: 2 } },
    { name: 'note', type: ['null', 'string'], default: null },
    { name: 'placed_at', type: { type: 'long', logicalType: 'timestamp-millis' } },
  ],
};

const client = new SchemaRegistryClient({ baseURLs: [registry] });
const id = await client.register(`${topic}-value`, { schemaType: 'AVRO', schema: JSON.stringify(ORDER) });
const serializer = new AvroSerializer(client, SerdeType.VALUE, {
  // `<topic>-value`, as Kafka Connect's converters name subjects; the client's default first
  // asks the registry for subject associations, which only Confluent's own registry answers.
  subjectNameStrategy: TopicNameStrategy,
  useLatestVersion: true,
  autoRegisterSchemas: false,
});
const connection = { brokers: [endpoints.kafkaBootstrap], clientId: 'produce-avro' };
const admin = createAdmin(connection);
const producer = createProducer(connection);
try {
  if ((await admin.partitionCounts([topic])).size === 0)
    await admin.createTopics([{ topic, partitions: 1, replicationFactor: 1 }]);
  const products = ['espresso', 'flat white', 'cortado', 'chai latte'];
  const records = [];
  for (let i = 0; i < Number(count); i++) {
    const cents = 250 + 50 * (i % 4);
    const value = await serializer.serialize(topic, {
      id: 1000 + i,
      product: products[i % products.length],
      quantity: 1 + (i % 3),
      price: Buffer.from([cents >> 8, cents & 0xff]),
      note: i % 5 === 0 ? 'extra hot' : null,
      placed_at: Date.now(),
    });
    records.push({ topic, key: `customer-${i % 7}`, value });
  }
  await producer.send(records);
  console.log(`produced ${count} orders to ${topic} with schema id ${id} (subject ${topic}-value)`);
} finally {
  await producer.close();
  await admin.close();
}
