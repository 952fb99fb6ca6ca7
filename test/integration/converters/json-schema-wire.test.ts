// JsonSchemaConverter against Confluent's own JavaScript JSON Schema serializer and deserializer
// (@confluentinc/schemaregistry) on the real registry: what Confluent's client writes we read,
// what we write it reads (validating against the schema we registered), and Connect schemas of
// every kind survive the round trip through the registry.
import {
  JsonDeserializer,
  JsonSerializer,
  type SchemaRegistryClient,
  SerdeType,
} from '@confluentinc/schemaregistry';
import { beforeAll, describe, expect, it } from 'vitest';
import { endpoints } from '../../../scripts/infra/settings.ts';
import { BigDecimal, SchemaBuilder, Schemas, Struct, schemasEqual } from '../../../shared/api/schema.ts';
import { DATE_SCHEMA, decimalSchema, TIMESTAMP_SCHEMA } from '../../../shared/api/values/logical-schemas.ts';
import { JsonSchemaConverter } from '../../../shared/converters/schema-registry/json-schema/json-schema-converter.ts';
import { confluentRegistryClient, topicNameSubjects } from '../../support/confluent-registry.ts';
import { uniqueName } from '../../support/local.ts';
import { useServices } from '../../support/services.ts';

let client: SchemaRegistryClient;
const converter = (extra: Record<string, string> = {}) => {
  const json = new JsonSchemaConverter();
  json.configure({ 'schema.registry.url': endpoints.schemaRegistry, ...extra }, false);
  return json;
};

const ORDER_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'shop.Order',
  type: 'object',
  properties: {
    id: { type: 'integer' },
    customer: { type: 'string' },
    note: { oneOf: [{ type: 'null' }, { type: 'string' }] },
    total: { type: 'number' },
    tags: { type: 'array', items: { type: 'string' } },
    lines: { type: 'array', items: { $ref: '#/definitions/Line' } },
    status: { enum: ['NEW', 'PAID'] },
  },
  required: ['id', 'customer'],
  definitions: {
    Line: { type: 'object', properties: { sku: { type: 'string' }, qty: { type: 'integer' } } },
  },
};

beforeAll(async () => {
  await useServices('schema-registry');
  client = confluentRegistryClient();
});

describe('JsonSchemaConverter and Confluent’s JavaScript JSON Schema serializer', () => {
  it('reads what Confluent’s serializer writes', async () => {
    const topic = uniqueName('json-wire-in');
    await client.register(`${topic}-value`, { schemaType: 'JSON', schema: JSON.stringify(ORDER_SCHEMA) });
    const serializer = new JsonSerializer(client, SerdeType.VALUE, {
      ...topicNameSubjects,
      useLatestVersion: true,
      autoRegisterSchemas: false,
      validate: true,
    });
    const bytes = await serializer.serialize(topic, {
      id: 42,
      customer: 'ada',
      note: null,
      total: 12.5,
      tags: ['a'],
      lines: [{ sku: 'x', qty: 2 }],
      status: 'PAID',
    });
    const json = converter();
    await json.prepareToConnect(topic, [bytes]);
    const { schema, value } = json.toConnectData(topic, null, bytes);
    const struct = value as Struct;
    expect(schema?.name).toBe('shop.Order');
    expect(schema?.fields.map((f) => [f.name, f.schema.type, f.schema.optional])).toEqual([
      ['id', 'INT64', false],
      ['customer', 'STRING', false],
      ['note', 'STRING', true],
      ['total', 'FLOAT64', false],
      ['tags', 'ARRAY', false],
      ['lines', 'ARRAY', false],
      ['status', 'STRING', false],
    ]);
    expect(struct.get('id')).toBe(42);
    expect(struct.get('note')).toBeNull();
    expect(struct.get('total')).toBe(12.5);
    expect(((struct.get('lines') as Struct[])[0] as Struct).get('qty')).toBe(2);
    expect(struct.get('status')).toBe('PAID');
  });

  it('writes what Confluent’s deserializer reads and validates, and reads its own bytes back to the same Connect data', async () => {
    const topic = uniqueName('json-wire-out');
    const address = SchemaBuilder.struct()
      .name('geo.Address')
      .field('city', Schemas.STRING)
      .optional()
      .build();
    const schema = SchemaBuilder.struct()
      .name('geo.Person')
      .version(2)
      .doc('a person')
      .field('id', Schemas.INT64)
      .field('big', Schemas.INT64)
      .field('small', Schemas.INT8)
      .field('ratio', Schemas.FLOAT32)
      .field('ok', Schemas.BOOLEAN)
      .field('photo', Schemas.OPTIONAL_BYTES)
      .field('price', decimalSchema(2))
      .field('born', DATE_SCHEMA)
      .field('seen', TIMESTAMP_SCHEMA)
      .field('tags', SchemaBuilder.array(Schemas.STRING).build())
      .field('scores', SchemaBuilder.map(Schemas.STRING, Schemas.FLOAT64).build())
      .field('byId', SchemaBuilder.map(Schemas.INT32, Schemas.STRING).build())
      .field('address', address)
      .field('level', SchemaBuilder.int32().defaultValue(3).build())
      .build();
    const value = new Struct(schema)
      .put('id', 1)
      .put('big', 2n ** 62n)
      .put('small', -7)
      .put('ratio', 0.5)
      .put('ok', true)
      .put('photo', Buffer.from([1, 2]))
      .put('price', new BigDecimal(12345n, 2))
      .put('born', new Date(19_000 * 86_400_000))
      .put('seen', new Date(1_700_000_000_123))
      .put('tags', ['x'])
      .put('scores', new Map([['math', 1.5]]))
      .put('byId', new Map([[7, 'seven']]))
      .put('address', new Struct(address).put('city', 'Lyon'));
    // Confluent declares a Decimal "type": "number" but writes it base64 by default, which a
    // validating reader refuses; NUMERIC writes the number the schema promises.
    const json = converter({ 'decimal.format': 'NUMERIC' });
    await json.prepareFromConnect(topic, [{ schema, value }]);
    const bytes = json.fromConnectData(topic, null, schema, value)!;

    // Confluent's connect.* keywords are not JSON Schema's: Ajv must not be strict about them.
    const deserializer = new JsonDeserializer(client, SerdeType.VALUE, {
      ...topicNameSubjects,
      validate: true,
      strict: false,
    });
    const read = await deserializer.deserialize(topic, bytes);
    expect(read.id).toBe(1);
    expect(read.small).toBe(-7);
    expect(read.photo).toBe('AQI=');
    expect(read.price).toBe(123.45);
    expect(read.born).toBe(19_000);
    expect(read.seen).toBe(1_700_000_000_123);
    expect(read.scores).toEqual({ math: 1.5 });
    expect(read.byId).toEqual([{ key: 7, value: 'seven' }]);
    expect(read.address).toEqual({ city: 'Lyon' });
    expect(read.level).toBe(3);

    await json.prepareToConnect(topic, [bytes]);
    const back = json.toConnectData(topic, null, bytes);
    expect(schemasEqual(back.schema, schema)).toBe(true);
    const struct = back.value as Struct;
    expect(struct.get('big')).toBe(2n ** 62n);
    expect(String(struct.get('price'))).toBe('123.45');
    expect(struct.get('byId')).toEqual(new Map([[7, 'seven']]));
    expect((struct.get('address') as Struct).get('city')).toBe('Lyon');
  });

  it('refuses a payload that does not fit its schema when json.fail.invalid.schema=true', async () => {
    const topic = uniqueName('json-wire-invalid');
    await client.register(`${topic}-value`, { schemaType: 'JSON', schema: JSON.stringify(ORDER_SCHEMA) });
    const serializer = new JsonSerializer(client, SerdeType.VALUE, {
      ...topicNameSubjects,
      useLatestVersion: true,
      autoRegisterSchemas: false,
      validate: false,
    });
    const bytes = await serializer.serialize(topic, { id: 'not a number', customer: 'x' });
    const strict = converter({ 'json.fail.invalid.schema': 'true' });
    await strict.prepareToConnect(topic, [bytes]);
    expect(() => strict.toConnectData(topic, null, bytes)).toThrow(
      /Failed to deserialize data for topic .* to JSON Schema: Validation error/,
    );
  });
});
