// The registry converters' pure parts: Confluent's wire format, subject names, the shared config,
// Avro schema text as Java's Avro writes it, and the Connect ↔ Avro schema mapping's round trip.
import { describe, expect, it } from 'vitest';
import { ConfigError, DataError } from '../../../shared/api/errors.ts';
import { SchemaBuilder, Schemas, schemasEqual } from '../../../shared/api/schema.ts';
import { decimalSchema, TIMESTAMP_SCHEMA } from '../../../shared/api/values/logical-schemas.ts';
import {
  fromConnectSchema,
  toConnectSchema,
} from '../../../shared/converters/schema-registry/avro/avro-data.ts';
import {
  avroSchemaText,
  parseAvroSchema,
} from '../../../shared/converters/schema-registry/avro/avro-schema.ts';
import { avroIncompatibility } from '../../../shared/converters/schema-registry/avro/compatibility.ts';
import {
  parseRegistrySettings,
  registryConfigDef,
} from '../../../shared/converters/schema-registry/config.ts';
import { subjectNameStrategy } from '../../../shared/converters/schema-registry/subject-name.ts';
import { frameHeader, schemaIdOf } from '../../../shared/converters/schema-registry/wire-format.ts';

const settings = {
  connectMetaData: true,
  enhancedSchemaSupport: false,
  scrubInvalidNames: false,
  ignoreDefaultForNullables: false,
  allowOptionalMapKeys: false,
};

const parse = (config: Record<string, string>, isKey = false) =>
  parseRegistrySettings(registryConfigDef().parse({ ...config, 'converter.type': 'value' }), isKey);

describe('Confluent wire format', () => {
  it('frames and reads a schema id', () => {
    const framed = Buffer.concat([frameHeader(305419896), Buffer.from([9])]);
    expect(framed.subarray(0, 5).toString('hex')).toBe('0012345678');
    expect(schemaIdOf(framed)).toBe(305419896);
  });

  it('refuses anything without the magic byte or too short', () => {
    expect(() => schemaIdOf(Buffer.from('{"a":1}'))).toThrow(new DataError('Unknown magic byte!'));
    expect(() => schemaIdOf(Buffer.from([0, 0, 1]))).toThrow('Unknown magic byte!');
  });
});

describe('subject name strategies', () => {
  it('names subjects as Confluent does', () => {
    expect(
      subjectNameStrategy('io.confluent.kafka.serializers.subject.TopicNameStrategy')('t', true, 'x.R'),
    ).toBe('t-key');
    expect(subjectNameStrategy('RecordNameStrategy')('t', false, 'x.R')).toBe('x.R');
    expect(subjectNameStrategy('TopicRecordNameStrategy')('t', false, 'x.R')).toBe('t-x.R');
  });

  it('refuses a record strategy for a schema that is not a record', () => {
    expect(() => subjectNameStrategy('RecordNameStrategy')('t', false, null)).toThrow(
      /must only be a record schema/,
    );
  });
});

describe('registry settings', () => {
  it('needs schema.registry.url', () => {
    expect(() => parse({})).toThrow('Missing required configuration "schema.registry.url"');
  });

  it('takes several URLs and basic auth from user info or from the URL', () => {
    const fromInfo = parse({
      'schema.registry.url': 'https://a.example/, https://b.example',
      'basic.auth.credentials.source': 'USER_INFO',
      'basic.auth.user.info': 'me:secret',
    });
    expect(fromInfo.urls).toEqual(['https://a.example', 'https://b.example']);
    expect(fromInfo.userInfo).toBe('me:secret');
    expect(parse({ 'schema.registry.url': 'https://u%40x:p@reg.example' }).userInfo).toBe('u@x:p');
    expect(parse({ 'schema.registry.url': 'http://reg.example' }).userInfo).toBeNull();
  });

  it('refuses what it cannot honour, naming the key', () => {
    expect(() =>
      parse({ 'schema.registry.url': 'http://r', 'basic.auth.credentials.source': 'SASL_INHERIT' }),
    ).toThrow(ConfigError);
    expect(() =>
      parse({ 'schema.registry.url': 'http://r', 'basic.auth.credentials.source': 'USER_INFO' }),
    ).toThrow(/basic.auth.user.info/);
    expect(() => parse({ 'schema.registry.url': 'ftp://r' })).toThrow(/schema.registry.url/);
    expect(() => parse({ 'schema.registry.url': 'http://r', 'value.subject.name.strategy': 'Nope' })).toThrow(
      /value.subject.name.strategy/,
    );
  });
});

describe('Avro schemas', () => {
  it('writes a named type once, then by name, with namespaces only where they change', () => {
    const text =
      '{"type":"record","name":"Outer","namespace":"a.b","fields":[{"name":"x","type":{"type":"record","name":"In","fields":[{"name":"n","type":"int"}]}},{"name":"y","type":"In"},{"name":"z","type":{"type":"record","name":"c.Other","fields":[]}}]}';
    expect(avroSchemaText(parseAvroSchema(text))).toBe(
      '{"type":"record","name":"Outer","namespace":"a.b","fields":[{"name":"x","type":{"type":"record","name":"In","fields":[{"name":"n","type":"int"}]}},{"name":"y","type":"In"},{"name":"z","type":{"type":"record","name":"Other","namespace":"c","fields":[]}}]}',
    );
  });

  it('maps Connect schemas to Avro and back to the same Connect schema', () => {
    const inner = SchemaBuilder.struct().name('com.x.Inner').field('n', Schemas.INT16).build();
    const schema = SchemaBuilder.struct()
      .name('com.x.Outer')
      .version(4)
      .doc('outer')
      .parameter('k', 'v')
      .field('price', decimalSchema(3))
      .field('at', TIMESTAMP_SCHEMA)
      .field('maybe', SchemaBuilder.string().optional().defaultValue('d').build())
      .field('inner', inner)
      .field('again', inner)
      .field('byId', SchemaBuilder.map(Schemas.INT64, Schemas.OPTIONAL_STRING).build())
      .field('tags', SchemaBuilder.array(Schemas.STRING).build())
      .build();
    const avro = fromConnectSchema(schema, settings);
    const text = avroSchemaText(avro);
    expect(text).toContain('"logicalType":"decimal"');
    expect(text).toContain('{"name":"again","type":"Inner"}');
    expect(text).toContain('"type":[{"type":"string","connect.default":"d"},"null"],"default":"d"');
    const back = toConnectSchema(parseAvroSchema(text), null, settings);
    expect(schemasEqual(back, schema)).toBe(true);
  });

  it('refuses names Avro cannot carry unless they are scrubbed', () => {
    const schema = SchemaBuilder.struct().name('x.R').field('my-field', Schemas.INT32).build();
    expect(() => fromConnectSchema(schema, settings)).toThrow('Illegal character in: my-field');
    const scrubbed = avroSchemaText(fromConnectSchema(schema, { ...settings, scrubInvalidNames: true }));
    expect(scrubbed).toContain('"name":"my_field"');
  });

  it('tells why a reader schema cannot read a writer schema', () => {
    const reader = parseAvroSchema(
      '{"type":"record","name":"R","fields":[{"name":"a","type":"long"},{"name":"b","type":"string"}]}',
    );
    const writer = parseAvroSchema('{"type":"record","name":"R","fields":[{"name":"a","type":"int"}]}');
    expect(avroIncompatibility(reader, writer)).toMatch(/b: reader field has no default/);
    expect(
      avroIncompatibility(
        writer,
        parseAvroSchema(
          '{"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"c","type":"string"}]}',
        ),
      ),
    ).toBeUndefined();
  });
});
