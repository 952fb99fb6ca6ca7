// org.apache.kafka.connect.transforms.Flatten$Key / $Value: nested structs (or maps without a
// schema) become top-level fields named parent<delimiter>child; arrays are kept as they are.
import { ConfigDef } from '../api/config-def.ts';
import { DataError } from '../api/errors.ts';
import type { ConnectRecord } from '../api/record.ts';
import { type Schema, SchemaBuilder, Struct } from '../api/schema.ts';
import type { Transformation } from '../api/transformation.ts';
import { javaClassOf } from '../api/values/java-class.ts';
import { JavaDouble, JavaFloat } from '../api/values/java-double.ts';
import { requireMap, requireStructOrNull } from './util/requirements.ts';
import { SchemaUpdateCache } from './util/schema-cache.ts';
import { copySchemaBasics } from './util/schema-util.ts';
import { operatingSchema, operatingValue, type Side, withSide } from './util/side.ts';

const PURPOSE = 'flattening';

export const flattenConfigDef = (): ConfigDef =>
  new ConfigDef().define({
    name: 'delimiter',
    type: 'STRING',
    defaultValue: '.',
    importance: 'MEDIUM',
    documentation:
      'Delimiter to insert between field names from the input record when generating field names for the output record',
  });

const isLeafValue = (value: unknown) =>
  typeof value === 'number' ||
  typeof value === 'bigint' ||
  typeof value === 'boolean' ||
  typeof value === 'string' ||
  value instanceof JavaDouble ||
  value instanceof JavaFloat ||
  value instanceof Uint8Array ||
  Array.isArray(value);

const isLeafType = (type: Schema['type']) => type !== 'STRUCT' && type !== 'MAP';

abstract class Flatten implements Transformation {
  readonly #side: Side;
  #delimiter = '.';
  readonly #schemaCache = new SchemaUpdateCache();

  constructor(side: Side) {
    this.#side = side;
  }

  config(): ConfigDef {
    return flattenConfigDef();
  }

  configure(configs: Readonly<Record<string, unknown>>): void {
    this.#delimiter = this.config().parse(configs).delimiter as string;
    this.#schemaCache.clear();
  }

  #name(prefix: string, name: string): string {
    return prefix === '' ? name : prefix + this.#delimiter + name;
  }

  apply<R extends ConnectRecord>(record: R): R {
    const value = operatingValue(record, this.#side);
    if (value === null || value === undefined) return record;
    const schema = operatingSchema(record, this.#side);
    if (schema === null) {
      const flat = new Map<string, unknown>();
      this.#flattenMap(requireMap(value, PURPOSE), '', flat);
      return withSide(record, this.#side, null, flat);
    }
    const struct = requireStructOrNull(value, PURPOSE);
    const updatedSchema = this.#schemaCache.getOrBuild(schema, (s) => {
      const builder = copySchemaBasics(s, SchemaBuilder.struct());
      this.#flattenSchema(s, '', builder, s.optional, (s.defaultValue as Struct | undefined) ?? null);
      return builder.build();
    });
    if (struct === null) return withSide(record, this.#side, updatedSchema, null);
    const flat = new Struct(updatedSchema);
    this.#flattenStruct(struct, '', flat);
    return withSide(record, this.#side, updatedSchema, flat);
  }

  #flattenMap(map: Map<unknown, unknown>, prefix: string, out: Map<string, unknown>): void {
    for (const [key, value] of map) {
      const name = this.#name(prefix, String(key));
      if (value === null || value === undefined || isLeafValue(value)) {
        out.set(name, value ?? null);
      } else if (value instanceof Map) {
        this.#flattenMap(value, name, out);
      } else if (value instanceof Struct) {
        throw new DataError(
          `Flatten transformation does not support ${javaClassOf(value)} for record without schemas (for field ${name}).`,
        );
      } else {
        throw new DataError(
          `Flatten transformation was passed a value of type ${javaClassOf(value)} which is not supported by Connect's data API`,
        );
      }
    }
  }

  #flattenSchema(
    schema: Schema,
    prefix: string,
    builder: SchemaBuilder,
    optional: boolean,
    parentDefault: Struct | null,
  ): void {
    for (const field of schema.fields) {
      const name = this.#name(prefix, field.name);
      const fieldOptional = optional || field.schema.optional;
      let fieldDefault: unknown = null;
      if (field.schema.defaultValue !== undefined && field.schema.defaultValue !== null)
        fieldDefault = field.schema.defaultValue;
      else if (parentDefault !== null) fieldDefault = parentDefault.get(field.name);
      if (field.schema.type === 'STRUCT') {
        this.#flattenSchema(field.schema, name, builder, fieldOptional, fieldDefault as Struct | null);
      } else if (isLeafType(field.schema.type)) {
        builder.field(name, leafSchema(field.schema, fieldOptional, fieldDefault));
      } else {
        throw new DataError(
          `Flatten transformation does not support ${field.schema.type} for record with schemas (for field ${name}).`,
        );
      }
    }
  }

  #flattenStruct(struct: Struct, prefix: string, out: Struct): void {
    for (const field of struct.schema.fields) {
      const name = this.#name(prefix, field.name);
      if (field.schema.type === 'STRUCT') {
        const nested = struct.get(field.name) as Struct | null;
        if (nested !== null && nested !== undefined) this.#flattenStruct(nested, name, out);
      } else if (isLeafType(field.schema.type)) {
        out.put(name, struct.get(field.name));
      } else {
        throw new DataError(
          `Flatten transformation does not support ${field.schema.type} for record with schemas (for field ${name}).`,
        );
      }
    }
  }
}

/** The field's schema with the optionality and default it gets from its parents. */
function leafSchema(original: Schema, optional: boolean, defaultValue: unknown): Schema {
  const builder = copySchemaBasics(
    original,
    original.type === 'ARRAY'
      ? SchemaBuilder.array(original.valueSchema!)
      : SchemaBuilder.type(original.type),
  );
  if (optional) builder.optional();
  if (defaultValue !== null && defaultValue !== undefined) builder.defaultValue(defaultValue);
  return builder.build();
}

export class FlattenKey extends Flatten {
  constructor() {
    super('key');
  }
}

export class FlattenValue extends Flatten {
  constructor() {
    super('value');
  }
}
