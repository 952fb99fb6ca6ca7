// org.apache.kafka.connect.transforms.ValueToKey: the key becomes a struct (or map) of some of the
// value's fields. Kafka has no $Key/$Value variants of this one.
import { ConfigDef } from '../api/config-def.ts';
import { DataError } from '../api/errors.ts';
import type { ConnectRecord } from '../api/record.ts';
import { type Schema, SchemaBuilder, Struct } from '../api/schema.ts';
import type { Transformation } from '../api/transformation.ts';
import { defineReplaceNullWithDefault, nonEmptyList, REPLACE_NULL_WITH_DEFAULT } from './util/config.ts';
import { requireMap, requireStruct } from './util/requirements.ts';
import { SchemaUpdateCache } from './util/schema-cache.ts';

const PURPOSE = 'copying fields from value to key';

export const valueToKeyConfigDef = (): ConfigDef =>
  defineReplaceNullWithDefault(
    new ConfigDef().define({
      name: 'fields',
      type: 'LIST',
      validator: nonEmptyList,
      importance: 'HIGH',
      documentation: 'Field names on the record value to extract as the record key.',
    }),
  );

export class ValueToKey implements Transformation {
  #fields: string[] = [];
  #replaceNullWithDefault = true;
  readonly #schemaCache = new SchemaUpdateCache();

  config(): ConfigDef {
    return valueToKeyConfigDef();
  }

  configure(configs: Readonly<Record<string, unknown>>): void {
    const parsed = this.config().parse(configs);
    this.#fields = parsed.fields as string[];
    this.#replaceNullWithDefault = parsed[REPLACE_NULL_WITH_DEFAULT] as boolean;
    this.#schemaCache.clear();
  }

  apply<R extends ConnectRecord>(record: R): R {
    if (record.valueSchema === null) {
      const value = requireMap(record.value, PURPOSE);
      const key = new Map<unknown, unknown>();
      for (const field of this.#fields) key.set(field, value.get(field) ?? null);
      return { ...record, keySchema: null, key };
    }
    const value = requireStruct(record.value, PURPOSE);
    const keySchema = this.#schemaCache.getOrBuild(value.schema, (s) => this.#buildKeySchema(s));
    const key = new Struct(keySchema);
    for (const field of this.#fields) {
      const from = value.fieldNamed(field);
      key.putFrom(from, value.fieldValue(from, this.#replaceNullWithDefault));
    }
    return { ...record, keySchema, key, valueSchema: value.schema };
  }

  #buildKeySchema(valueSchema: Schema): Schema {
    const builder = SchemaBuilder.struct();
    for (const name of this.#fields) {
      const field = valueSchema.field(name);
      if (field === undefined) throw new DataError(`Field does not exist: ${name}`);
      builder.field(name, field.schema);
    }
    return builder.build();
  }
}
