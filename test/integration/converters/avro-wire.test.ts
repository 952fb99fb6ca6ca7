// Wire-level compatibility of our AvroConverter with Confluent's own JavaScript serializer and
// deserializer (@confluentinc/schemaregistry) against the real registry: what Confluent's client
// writes we read, what we write it reads, and a warm converter asks the registry nothing.
import {
  AvroDeserializer,
  AvroSerializer,
  type SchemaRegistryClient,
  SerdeType,
} from '@confluentinc/schemaregistry';
import { beforeAll, describe, expect, it } from 'vitest';
import { endpoints } from '../../../scripts/infra/settings.ts';
import { BigDecimal, SchemaBuilder, Schemas, Struct } from '../../../shared/api/schema.ts';
import { decimalSchema, TIMESTAMP_SCHEMA } from '../../../shared/api/values/logical-schemas.ts';
import { AvroConverter } from '../../../shared/converters/schema-registry/avro/avro-converter.ts';
import { confluentRegistryClient, topicNameSubjects } from '../../support/confluent-registry.ts';
import { uniqueName } from '../../support/local.ts';
import { useServices } from '../../support/services.ts';

const SCHEMA = {
  type: 'record',
  name: 'Reading',
  namespace: 'sensors',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'big', type: 'long' },
    { name: 'label', type: ['null', 'string'], default: null },
    { name: 'celsius', type: 'double' },
    { name: 'ratio', type: 'float' },
    { name: 'ok', type: 'boolean' },
    { name: 'raw', type: 'bytes' },
    { name: 'kind', type: { type: 'enum', name: 'Kind', symbols: ['A', 'B'] } },
    { name: 'tags', type: { type: 'array', items: 'string' } },
    { name: 'attrs', type: { type: 'map', values: ['null', 'int'] } },
    { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'day', type: { type: 'int', logicalType: 'date' } },
    {
      name: 'place',
      type: ['null', { type: 'record', name: 'Place', fields: [{ name: 'lat', type: 'double' }] }],
      default: null,
    },
  ],
};

let client: SchemaRegistryClient;
const converter = () => {
  const avro = new AvroConverter();
  avro.configure({ 'schema.registry.url': endpoints.schemaRegistry }, false);
  return avro;
};

beforeAll(async () => {
  await useServices('schema-registry');
  client = confluentRegistryClient();
});

describe('AvroConverter and Confluent’s JavaScript serializer', () => {
  it('reads what Confluent’s serializer writes', async () => {
    const topic = uniqueName('avro-wire-in');
    await client.register(`${topic}-value`, { schemaType: 'AVRO', schema: JSON.stringify(SCHEMA) });
    const serializer = new AvroSerializer(client, SerdeType.VALUE, {
      ...topicNameSubjects,
      useLatestVersion: true,
      autoRegisterSchemas: false,
    });
    const bytes = await serializer.serialize(topic, {
      id: 7,
      big: 4_000_000_000_000,
      label: 'north',
      celsius: -3.25,
      ratio: 0.5,
      ok: true,
      raw: Buffer.from([1, 2, 3]),
      kind: 'B',
      tags: ['x', 'y'],
      attrs: { a: 1, b: null },
      at: 1_700_000_000_000,
      day: 19_700,
      place: { lat: 48.5 },
    });
    const avro = converter();
    await avro.prepareToConnect(topic, [bytes]);
    const { schema, value } = avro.toConnectData(topic, null, bytes);
    const struct = value as Struct;
    expect(schema?.name).toBe('sensors.Reading');
    expect(struct.get('id')).toBe(7);
    expect(struct.get('big')).toBe(4_000_000_000_000);
    expect(struct.get('label')).toBe('north');
    expect(struct.get('celsius')).toBe(-3.25);
    expect(struct.get('ratio')).toBe(0.5);
    expect(struct.get('ok')).toBe(true);
    expect(struct.get('raw')).toEqual(Buffer.from([1, 2, 3]));
    expect(struct.get('kind')).toBe('B');
    expect(schema?.field('kind')?.schema.parameters?.['io.confluent.connect.avro.Enum']).toBe('sensors.Kind');
    expect(struct.get('tags')).toEqual(['x', 'y']);
    expect(struct.get('attrs')).toEqual(
      new Map([
        ['a', 1],
        ['b', null],
      ]),
    );
    expect((struct.get('at') as Date).toISOString()).toBe('2023-11-14T22:13:20.000Z');
    expect((struct.get('day') as Date).getTime()).toBe(19_700 * 86_400_000);
    expect((struct.get('place') as Struct).get('lat')).toBe(48.5);
  });

  it('writes what Confluent’s deserializer reads', async () => {
    const topic = uniqueName('avro-wire-out');
    const place = SchemaBuilder.struct().name('geo.Place').field('lat', Schemas.FLOAT64).optional().build();
    const schema = SchemaBuilder.struct()
      .name('geo.Sample')
      .field('id', Schemas.INT64)
      .field('huge', Schemas.INT64)
      .field('small', Schemas.INT8)
      .field('note', Schemas.OPTIONAL_STRING)
      .field('price', decimalSchema(2))
      .field('at', TIMESTAMP_SCHEMA)
      .field('scores', SchemaBuilder.map(Schemas.STRING, Schemas.FLOAT32).build())
      .field('byNumber', SchemaBuilder.map(Schemas.INT32, Schemas.STRING).build())
      .field('place', place)
      .build();
    const value = new Struct(schema)
      .put('id', 1)
      .put('huge', 2n ** 50n)
      .put('small', -5)
      .put('note', null)
      .put('price', new BigDecimal(-1999n, 2))
      .put('at', new Date(1_700_000_000_123))
      .put('scores', new Map([['a', 1.5]]))
      .put('byNumber', new Map([[3, 'three']]))
      .put('place', new Struct(place).put('lat', 1.25));
    const avro = converter();
    await avro.prepareFromConnect(topic, [{ schema, value }]);
    const bytes = avro.fromConnectData(topic, null, schema, value)!;
    const deserializer = new AvroDeserializer(client, SerdeType.VALUE, { ...topicNameSubjects });
    const read = await deserializer.deserialize(topic, bytes);
    expect(read.id).toBe(1);
    // Confluent's client reads longs as JavaScript numbers (and refuses those beyond 2^53).
    expect(read.huge).toBe(2 ** 50);
    expect(read.small).toBe(-5);
    expect(read.note).toBeNull();
    expect(Buffer.from(read.price).toString('hex')).toBe(Buffer.from([0xf8, 0x31]).toString('hex'));
    expect(Number(read.at)).toBe(1_700_000_000_123);
    expect(read.scores).toEqual({ a: 1.5 });
    expect(read.byNumber).toEqual([{ key: 3, value: 'three' }]);
    expect(read.place.lat).toBe(1.25);
  });

  it('asks the registry nothing once its caches are warm', async () => {
    const topic = uniqueName('avro-wire-warm');
    const schema = SchemaBuilder.struct().name('warm.Value').field('n', Schemas.INT32).build();
    const avro = converter();
    const batch = Array.from({ length: 50 }, (_, n) => ({ schema, value: new Struct(schema).put('n', n) }));
    await avro.prepareFromConnect(topic, batch);
    const bytes = batch.map((d) => avro.fromConnectData(topic, null, d.schema, d.value)!);
    await avro.prepareToConnect(topic, bytes);
    const cold = avro.registry.requests;
    expect(cold).toBeGreaterThan(0);
    for (let round = 0; round < 3; round++) {
      await avro.prepareFromConnect(topic, batch);
      await avro.prepareToConnect(topic, bytes);
      expect(bytes.map((b) => (avro.toConnectData(topic, null, b).value as Struct).get('n'))).toEqual(
        batch.map((_, n) => n),
      );
    }
    expect(avro.registry.requests).toBe(cold);
  });
});
