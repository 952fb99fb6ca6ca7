// ProtobufConverter on the real registry: Connect data round trips through it, protobufjs reads
// our bytes with the schema we registered to the same values, and we read messages that use
// schema references (imports), nested messages and Confluent's message indexes.
import protobuf from 'protobufjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { endpoints } from '../../../scripts/infra/settings.ts';
import { BigDecimal, SchemaBuilder, Schemas, Struct } from '../../../shared/api/schema.ts';
import {
  DATE_SCHEMA,
  decimalSchema,
  TIME_SCHEMA,
  TIMESTAMP_SCHEMA,
} from '../../../shared/api/values/logical-schemas.ts';
import { ProtobufConverter } from '../../../shared/converters/schema-registry/protobuf/protobuf-converter.ts';
import { addWellKnown } from '../../../shared/converters/schema-registry/protobuf/well-known.ts';
import { uniqueName } from '../../support/local.ts';
import { useServices } from '../../support/services.ts';

const converter = (extra: Record<string, string> = {}) => {
  const converter = new ProtobufConverter();
  converter.configure({ 'schema.registry.url': endpoints.schemaRegistry, ...extra }, false);
  return converter;
};

async function register(subject: string, schema: string, references: unknown[] = []): Promise<number> {
  const response = await fetch(`${endpoints.schemaRegistry}/subjects/${subject}/versions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/vnd.schemaregistry.v1+json' },
    body: JSON.stringify({ schemaType: 'PROTOBUF', schema, references }),
  });
  expect(response.status, await response.clone().text()).toBe(200);
  return ((await response.json()) as { id: number }).id;
}

const frame = (id: number, indexes: Buffer, message: Uint8Array) => {
  const header = Buffer.alloc(5);
  header.writeUInt32BE(id, 1);
  return Buffer.concat([header, indexes, message]);
};

beforeAll(async () => {
  await useServices('schema-registry');
});

const address = SchemaBuilder.struct()
  .name('geo.Address')
  .field('city', Schemas.STRING)
  .field('zip', Schemas.INT32)
  .optional()
  .build();
const person = SchemaBuilder.struct()
  .name('geo.Person')
  .field('id', Schemas.INT64)
  .field('big', Schemas.INT64)
  .field('small', Schemas.INT16)
  .field('name', Schemas.STRING)
  .field('score', Schemas.FLOAT64)
  .field('ratio', Schemas.FLOAT32)
  .field('active', Schemas.BOOLEAN)
  .field('photo', Schemas.BYTES)
  .field('price', decimalSchema(2))
  .field('born', DATE_SCHEMA)
  .field('wakes', TIME_SCHEMA)
  .field('seen', TIMESTAMP_SCHEMA)
  .field('tags', SchemaBuilder.array(Schemas.STRING).build())
  .field('scores', SchemaBuilder.map(Schemas.STRING, Schemas.FLOAT64).build())
  .field('byId', SchemaBuilder.map(Schemas.INT64, Schemas.STRING).build())
  .field('home', address)
  .field('others', SchemaBuilder.array(address).build())
  .build();
const home = new Struct(address).put('city', 'Lyon').put('zip', 69001);
const value = new Struct(person)
  .put('id', 7)
  .put('big', 2n ** 62n + 1n)
  .put('small', -300)
  .put('name', 'Ada')
  .put('score', 0.1)
  .put('ratio', 0.5)
  .put('active', true)
  .put('photo', Buffer.from([1, 2, 3]))
  .put('price', new BigDecimal(-123456n, 2))
  .put('born', new Date(Date.UTC(1990, 4, 17)))
  .put('wakes', new Date(6 * 3_600_000 + 30 * 60_000 + 15_250))
  .put('seen', new Date(1_700_000_000_123))
  .put('tags', ['a', 'b'])
  .put('scores', new Map([['math', 1.5]]))
  .put('byId', new Map([[9_007_199_254_740_993n, 'far']]))
  .put('home', home)
  .put('others', [new Struct(address).put('city', 'Oslo').put('zip', 150)]);

describe('ProtobufConverter on a real registry', () => {
  it('round trips Connect data of every kind through the registry', async () => {
    const topic = uniqueName('pb-roundtrip');
    const pb = converter();
    await pb.prepareFromConnect(topic, [{ schema: person, value }]);
    const bytes = pb.fromConnectData(topic, null, person, value)!;
    expect(bytes[5]).toBe(0); // message index [0]
    await pb.prepareToConnect(topic, [bytes]);
    const { schema, value: back } = pb.toConnectData(topic, null, bytes);
    expect(schema?.name).toBe('Person');
    expect(schema?.field('small')?.schema.type).toBe('INT16');
    expect(schema?.field('price')?.schema.parameters?.scale).toBe('2');
    expect(schema?.field('home')?.schema.parameters?.['io.confluent.connect.protobuf.Tag']).toBe('16');
    const struct = back as Struct;
    for (const field of ['id', 'big', 'small', 'name', 'score', 'ratio', 'active', 'tags'])
      expect(struct.get(field), field).toEqual(value.get(field));
    expect(struct.get('photo')).toEqual(Buffer.from([1, 2, 3]));
    expect(String(struct.get('price'))).toBe('-1234.56');
    for (const field of ['born', 'wakes', 'seen'])
      expect((struct.get(field) as Date).getTime(), field).toBe((value.get(field) as Date).getTime());
    expect(struct.get('scores')).toEqual(new Map([['math', 1.5]]));
    expect(struct.get('byId')).toEqual(new Map([[9_007_199_254_740_993n, 'far']]));
    expect((struct.get('home') as Struct).get('city')).toBe('Lyon');
    expect(((struct.get('others') as Struct[])[0] as Struct).get('zip')).toBe(150);
  });

  it('writes bytes that protobufjs decodes with the registered schema to the same values', async () => {
    const topic = uniqueName('pb-decode');
    const pb = converter();
    await pb.prepareFromConnect(topic, [{ schema: person, value }]);
    const bytes = pb.fromConnectData(topic, null, person, value)!;
    const id = bytes.readUInt32BE(1);
    const registered = (await (await fetch(`${endpoints.schemaRegistry}/schemas/ids/${id}`)).json()) as {
      schema: string;
    };
    const root = new protobuf.Root();
    const parsed = protobuf.parse(registered.schema, root, { keepCase: true });
    const added = new Set<string>();
    for (const file of parsed.imports ?? []) expect(addWellKnown(root, file, added), file).toBe(true);
    root.resolveAll();
    const Person = root.lookupType('geo.Person');
    const decoded = Person.toObject(Person.decode(bytes.subarray(6)), {
      longs: String,
      bytes: Array,
      defaults: true,
    });
    expect(decoded.id).toBe('7');
    expect(decoded.big).toBe(String(2n ** 62n + 1n));
    expect(decoded.small).toBe(-300);
    expect(decoded.name).toBe('Ada');
    expect(decoded.score).toBe(0.1);
    expect(decoded.active).toBe(true);
    expect(decoded.photo).toEqual([1, 2, 3]);
    expect(decoded.price).toEqual({ value: [0xfe, 0x1d, 0xc0], precision: 6, scale: 2 });
    expect(decoded.born).toEqual({ year: 1990, month: 5, day: 17 });
    expect(decoded.wakes).toEqual({ hours: 6, minutes: 30, seconds: 15, nanos: 250_000_000 });
    expect(decoded.seen).toEqual({ seconds: '1700000000', nanos: 123_000_000 });
    expect(decoded.tags).toEqual(['a', 'b']);
    expect(decoded.scores).toEqual({ math: 1.5 });
    expect(decoded.home).toEqual({ city: 'Lyon', zip: 69001 });
    expect(decoded.others).toEqual([{ city: 'Oslo', zip: 150 }]);
  });

  it('reads messages whose schema imports another registered schema, nested and by message index', async () => {
    const topic = uniqueName('pb-imports');
    const common = `syntax = "proto3";
package common;
message Money { string currency = 1; int64 cents = 2; }
`;
    const commonSubject = uniqueName('pb-common');
    await register(commonSubject, common);
    const main = `syntax = "proto3";
package shop;
import "common/money.proto";
import "google/protobuf/timestamp.proto";
message Ignored { string x = 1; }
message Order {
  int64 id = 1;
  common.Money total = 2;
  repeated Line lines = 3;
  google.protobuf.Timestamp at = 4;
  oneof payment { string card = 5; string iban = 6; }
  message Line { string sku = 1; int32 qty = 2; common.Money price = 3; }
}
`;
    const id = await register(`${topic}-value`, main, [
      { name: 'common/money.proto', subject: commonSubject, version: 1 },
    ]);
    const root = new protobuf.Root();
    protobuf.parse(common, root, { keepCase: true });
    addWellKnown(root, 'google/protobuf/timestamp.proto', new Set());
    protobuf.parse(main, root, { keepCase: true });
    root.resolveAll();
    const Order = root.lookupType('shop.Order');
    const Line = root.lookupType('shop.Order.Line');
    const order = Order.encode(
      Order.fromObject({
        id: 42,
        total: { currency: 'EUR', cents: 1999 },
        lines: [{ sku: 'tea', qty: 2, price: { currency: 'EUR', cents: 450 } }],
        at: { seconds: 1_700_000_000, nanos: 5_000_000 },
        iban: 'FR76',
      }),
    ).finish();
    const line = Line.encode(Line.fromObject({ sku: 'cake', qty: 1 })).finish();
    // Message indexes: [1] (Order, the second message) and [1, 0] (Order.Line), zigzag varints.
    const orderBytes = frame(id, Buffer.from([0x02, 0x02]), order);
    const lineBytes = frame(id, Buffer.from([0x04, 0x02, 0x00]), line);

    const pb = converter();
    await pb.prepareToConnect(topic, [orderBytes, lineBytes]);
    const read = pb.toConnectData(topic, null, orderBytes);
    expect(read.schema?.name).toBe('Order');
    expect(read.schema?.fields.map((f) => f.name)).toEqual(['payment_0', 'id', 'total', 'lines', 'at']);
    expect(read.schema?.field('payment_0')?.schema.name).toBe('io.confluent.connect.protobuf.Union.payment');
    const struct = read.value as Struct;
    expect(struct.get('id')).toBe(42);
    expect((struct.get('total') as Struct).get('cents')).toBe(1999);
    expect(((struct.get('lines') as Struct[])[0] as Struct).get('sku')).toBe('tea');
    expect((struct.get('at') as Date).getTime()).toBe(1_700_000_000_005);
    expect((struct.get('payment_0') as Struct).get('iban')).toBe('FR76');
    expect((struct.get('payment_0') as Struct).get('card')).toBeNull();

    const nested = pb.toConnectData(topic, null, lineBytes);
    expect(nested.schema?.name).toBe('Line');
    expect((nested.value as Struct).get('sku')).toBe('cake');
    expect((nested.value as Struct).get('price')).toBeNull();
  });

  it('keeps nulls of optional primitives with optional.for.nullables, and defaults them without', async () => {
    const schema = SchemaBuilder.struct()
      .name('n.Nullable')
      .field('n', Schemas.OPTIONAL_INT32)
      .field('s', Schemas.OPTIONAL_STRING)
      .build();
    const data = { schema, value: new Struct(schema) };
    for (const [optionalForNullables, expected] of [
      ['true', [null, null]],
      ['false', [0, '']],
    ] as const) {
      const topic = uniqueName('pb-nulls');
      const pb = converter({ 'optional.for.nullables': optionalForNullables });
      await pb.prepareFromConnect(topic, [data]);
      const bytes = pb.fromConnectData(topic, null, schema, data.value)!;
      await pb.prepareToConnect(topic, [bytes]);
      const back = pb.toConnectData(topic, null, bytes).value as Struct;
      expect([back.get('n'), back.get('s')]).toEqual(expected);
    }
  });
});
