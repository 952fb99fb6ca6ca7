// org.apache.kafka.connect.transforms.SetSchemaMetadata$Key / $Value: sets the schema name and/or
// version of the key or value (which must have a schema).
import { ConfigDef } from '../api/config-def.ts';
import { ConfigError } from '../api/errors.ts';
import type { ConnectRecord } from '../api/record.ts';
import { type Schema, SchemaBuilder, Struct } from '../api/schema.ts';
import type { Transformation } from '../api/transformation.ts';
import { defineReplaceNullWithDefault, REPLACE_NULL_WITH_DEFAULT } from './util/config.ts';
import { requireSchema } from './util/requirements.ts';
import { SchemaUpdateCache } from './util/schema-cache.ts';
import { structFields } from './util/schema-util.ts';
import { operatingSchema, operatingValue, type Side, withSide } from './util/side.ts';

export const setSchemaMetadataConfigDef = (): ConfigDef =>
  defineReplaceNullWithDefault(
    new ConfigDef()
      .define({
        name: 'schema.name',
        type: 'STRING',
        defaultValue: null,
        importance: 'HIGH',
        documentation: 'Schema name to set.',
      })
      .define({
        name: 'schema.version',
        type: 'INT',
        defaultValue: null,
        importance: 'HIGH',
        documentation: 'Schema version to set.',
      }),
  );

abstract class SetSchemaMetadata implements Transformation {
  readonly #side: Side;
  #schemaName: string | null = null;
  #schemaVersion: number | null = null;
  #replaceNullWithDefault = true;
  readonly #schemaCache = new SchemaUpdateCache();

  constructor(side: Side) {
    this.#side = side;
  }

  config(): ConfigDef {
    return setSchemaMetadataConfigDef();
  }

  configure(configs: Readonly<Record<string, unknown>>): void {
    const parsed = this.config().parse(configs);
    this.#schemaName = (parsed['schema.name'] as string | null) ?? null;
    this.#schemaVersion = (parsed['schema.version'] as number | null) ?? null;
    this.#replaceNullWithDefault = parsed[REPLACE_NULL_WITH_DEFAULT] as boolean;
    if (this.#schemaName === null && this.#schemaVersion === null) {
      throw new ConfigError('Neither schema name nor version configured');
    }
    this.#schemaCache.clear();
  }

  apply<R extends ConnectRecord>(record: R): R {
    const value = operatingValue(record, this.#side);
    const schema = operatingSchema(record, this.#side);
    if ((value === null || value === undefined) && schema === null) return record;
    const updatedSchema = this.#schemaCache.getOrBuild(
      requireSchema(schema, 'updating schema metadata'),
      (s) => this.#buildSchema(s),
    );
    return withSide(record, this.#side, updatedSchema, this.#withSchema(value, updatedSchema));
  }

  #buildSchema(schema: Schema): Schema {
    // The same schema (fields, optionality, default, doc, parameters) under a new name or version.
    // Kafka 4.1 copies the fields with schema.fields(), so a schema that is not a struct fails.
    structFields(schema);
    const builder = SchemaBuilder.from(schema);
    builder.name(this.#schemaName ?? schema.name).version(this.#schemaVersion ?? schema.version);
    // A struct default would have to be rebuilt against the schema that holds it, which a built schema
    // cannot express; Kafka carries it over unchecked. Primitive and collection defaults carry over.
    if (schema.defaultValue !== undefined && !(schema.defaultValue instanceof Struct))
      builder.defaultValue(schema.defaultValue);
    return builder.build();
  }

  /** A struct must carry its schema, so it is rebuilt against the renamed one. */
  #withSchema(value: unknown, updatedSchema: Schema): unknown {
    if (!(value instanceof Struct)) return value;
    const updated = new Struct(updatedSchema);
    for (const field of updatedSchema.fields) {
      const from = value.fieldNamed(field.name);
      updated.putFrom(from, value.fieldValue(from, this.#replaceNullWithDefault));
    }
    return updated;
  }
}

export class SetSchemaMetadataKey extends SetSchemaMetadata {
  constructor() {
    super('key');
  }
}

export class SetSchemaMetadataValue extends SetSchemaMetadata {
  constructor() {
    super('value');
  }
}
