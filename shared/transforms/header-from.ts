// org.apache.kafka.connect.transforms.HeaderFrom$Key / $Value: copies or moves fields of the key or
// value into headers.
import { ConfigDef } from '../api/config-def.ts';
import { ConfigError, NullPointerError } from '../api/errors.ts';
import type { ConnectRecord } from '../api/record.ts';
import { type Schema, SchemaBuilder, Struct } from '../api/schema.ts';
import type { Transformation } from '../api/transformation.ts';
import { validString } from '../api/validators.ts';
import { defineReplaceNullWithDefault, nonEmptyList, REPLACE_NULL_WITH_DEFAULT } from './util/config.ts';
import { requireMap, requireStruct } from './util/requirements.ts';
import { SchemaUpdateCache } from './util/schema-cache.ts';
import { copySchemaBasics } from './util/schema-util.ts';
import { operatingSchema, operatingValue, type Side } from './util/side.ts';

export const headerFromConfigDef = (): ConfigDef =>
  defineReplaceNullWithDefault(
    new ConfigDef()
      .define({
        name: 'fields',
        type: 'LIST',
        validator: nonEmptyList,
        importance: 'HIGH',
        documentation: 'Field names in the record whose values are to be copied or moved to headers.',
      })
      .define({
        name: 'headers',
        type: 'LIST',
        validator: nonEmptyList,
        importance: 'HIGH',
        documentation:
          'Header names, in the same order as the field names listed in the fields configuration property.',
      })
      .define({
        name: 'operation',
        type: 'STRING',
        validator: validString('move', 'copy'),
        importance: 'HIGH',
        documentation:
          'Either <code>move</code> if the fields are to be moved to the headers (removed from the key/value), or <code>copy</code> if the fields are to be copied to the headers (retained in the key/value).',
      }),
  );

abstract class HeaderFrom implements Transformation {
  readonly #side: Side;
  #fields: string[] = [];
  #headers: string[] = [];
  #move = false;
  #replaceNullWithDefault = true;
  readonly #moveSchemaCache = new SchemaUpdateCache();

  constructor(side: Side) {
    this.#side = side;
  }

  config(): ConfigDef {
    return headerFromConfigDef();
  }

  configure(configs: Readonly<Record<string, unknown>>): void {
    const parsed = this.config().parse(configs);
    this.#fields = parsed.fields as string[];
    this.#headers = parsed.headers as string[];
    if (this.#fields.length !== this.#headers.length) {
      throw new ConfigError("'fields' config must have the same number of elements as 'headers' config.");
    }
    this.#move = parsed.operation === 'move';
    this.#replaceNullWithDefault = parsed[REPLACE_NULL_WITH_DEFAULT] as boolean;
    this.#moveSchemaCache.clear();
  }

  get #purpose(): string {
    return `header ${this.#move ? 'move' : 'copy'}`;
  }

  #fieldValue(struct: Struct, name: string): unknown {
    return this.#replaceNullWithDefault ? struct.get(name) : struct.getWithoutDefault(name);
  }

  apply<R extends ConnectRecord>(record: R): R {
    const value = operatingValue(record, this.#side);
    const schema = operatingSchema(record, this.#side);
    const headers = record.headers.duplicate();
    let updatedSchema: Schema | null = schema;
    let updatedValue: unknown;
    if (schema === null) {
      const map = requireMap(value, this.#purpose);
      const updated = new Map(map);
      this.#fields.forEach((field, i) => {
        if (this.#move) updated.delete(field);
        headers.add(this.#headers[i]!, map.get(field) ?? null, null);
      });
      updatedValue = updated;
    } else {
      const struct = requireStruct(value, this.#purpose);
      updatedValue = struct;
      if (this.#move) {
        updatedSchema = this.#moveSchemaCache.getOrBuild(schema, (s) => {
          const builder = copySchemaBasics(s, SchemaBuilder.struct());
          for (const field of s.fields)
            if (!this.#fields.includes(field.name)) builder.field(field.name, field.schema);
          return builder.build();
        });
        const moved = new Struct(updatedSchema);
        for (const field of updatedSchema.fields) moved.put(field.name, this.#fieldValue(struct, field.name));
        updatedValue = moved;
      }
      this.#fields.forEach((name, i) => {
        const field = schema.field(name);
        // Kafka dereferences the missing field (a NullPointerException): same class, our message
        // names the field.
        if (field === undefined) throw new NullPointerError(`Field does not exist: ${name}`);
        headers.add(this.#headers[i]!, this.#fieldValue(struct, name), field.schema);
      });
    }
    return this.#side === 'key'
      ? { ...record, keySchema: updatedSchema, key: updatedValue, headers }
      : { ...record, valueSchema: updatedSchema, value: updatedValue, headers };
  }
}

export class HeaderFromKey extends HeaderFrom {
  constructor() {
    super('key');
  }
}

export class HeaderFromValue extends HeaderFrom {
  constructor() {
    super('value');
  }
}
