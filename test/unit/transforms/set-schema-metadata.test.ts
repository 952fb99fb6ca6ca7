import { describe, expect, it } from 'vitest';
import { SchemaBuilder, Schemas, Struct } from '../../../shared/api/schema.ts';
import {
  SetSchemaMetadataKey,
  SetSchemaMetadataValue,
} from '../../../shared/transforms/set-schema-metadata.ts';
import { configured, PERSON, person, sinkRecord } from './records.ts';

describe('SetSchemaMetadata', () => {
  it('renames the schema and rebuilds the struct against it', () => {
    const transform = configured(new SetSchemaMetadataValue(), {
      'schema.name': 'com.acme.Person',
      'schema.version': 7,
    });
    const result = transform.apply(sinkRecord({ valueSchema: PERSON, value: person(1, 'Ann') }));
    expect(result.valueSchema?.name).toBe('com.acme.Person');
    expect(result.valueSchema?.version).toBe(7);
    expect(result.valueSchema?.fields.map((f) => f.name)).toEqual(['id', 'name', 'email']);
    const value = result.value as Struct;
    expect(value.schema).toBe(result.valueSchema);
    expect(value.get('name')).toBe('Ann');
  });

  it('keeps what is not configured', () => {
    const schema = SchemaBuilder.struct().name('old').version(1).optional().field('n', Schemas.INT64).build();
    const value = new Struct(schema).put('n', 5);
    const result = configured(new SetSchemaMetadataValue(), { 'schema.version': '2' }).apply(
      sinkRecord({ valueSchema: schema, value }),
    );
    expect(result.valueSchema?.name).toBe('old');
    expect(result.valueSchema?.version).toBe(2);
    expect(result.valueSchema?.optional).toBe(true);
    expect((result.value as Struct).get('n')).toBe(5);
  });

  it('fails on a schema that is not a struct, as Kafka 4.1 does (it copies schema.fields())', () => {
    const schema = SchemaBuilder.int64().name('old').version(1).optional().build();
    const transform = configured(new SetSchemaMetadataValue(), { 'schema.version': '2' });
    expect(() => transform.apply(sinkRecord({ valueSchema: schema, value: 5 }))).toThrow(
      'Cannot list fields on non-struct type',
    );
  });

  it('lets a null value without schema through, and requires a schema otherwise', () => {
    const transform = configured(new SetSchemaMetadataValue(), { 'schema.name': 'x' });
    const tombstone = sinkRecord();
    expect(transform.apply(tombstone)).toBe(tombstone);
    expect(() => transform.apply(sinkRecord({ value: 5 }))).toThrow(
      'Schema required for [updating schema metadata]',
    );
    expect(() => new SetSchemaMetadataValue().configure({})).toThrow(
      'Neither schema name nor version configured',
    );
  });

  it('updates the key schema with SetSchemaMetadata$Key', () => {
    const result = configured(new SetSchemaMetadataKey(), { 'schema.name': 'k' }).apply(
      sinkRecord({ keySchema: PERSON, key: person(1, 'Ann'), valueSchema: Schemas.STRING, value: 'b' }),
    );
    expect(result.keySchema?.name).toBe('k');
    expect((result.key as Struct).get('name')).toBe('Ann');
    expect(result.valueSchema).toBe(Schemas.STRING);
  });
});
