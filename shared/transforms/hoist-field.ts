// org.apache.kafka.connect.transforms.HoistField$Key / $Value: wraps the key or value in a struct
// (or, without a schema, a map) with one field.
import { ConfigDef } from '../api/config-def.ts';
import type { ConnectRecord } from '../api/record.ts';
import { SchemaBuilder, Struct } from '../api/schema.ts';
import type { Transformation } from '../api/transformation.ts';
import { SchemaUpdateCache } from './util/schema-cache.ts';
import { operatingSchema, operatingValue, type Side, withSide } from './util/side.ts';

export const hoistFieldConfigDef = (): ConfigDef =>
  new ConfigDef().define({
    name: 'field',
    type: 'STRING',
    importance: 'MEDIUM',
    documentation: 'Field name for the single field that will be created in the resulting Struct or Map.',
  });

abstract class HoistField implements Transformation {
  readonly #side: Side;
  #fieldName = '';
  readonly #schemaCache = new SchemaUpdateCache();

  constructor(side: Side) {
    this.#side = side;
  }

  config(): ConfigDef {
    return hoistFieldConfigDef();
  }

  configure(configs: Readonly<Record<string, unknown>>): void {
    this.#fieldName = this.config().parse(configs).field as string;
    this.#schemaCache.clear();
  }

  apply<R extends ConnectRecord>(record: R): R {
    const schema = operatingSchema(record, this.#side);
    const value = operatingValue(record, this.#side);
    if (schema === null) return withSide(record, this.#side, null, new Map([[this.#fieldName, value]]));
    const updatedSchema = this.#schemaCache.getOrBuild(schema, (s) =>
      SchemaBuilder.struct().field(this.#fieldName, s).build(),
    );
    return withSide(record, this.#side, updatedSchema, new Struct(updatedSchema).put(this.#fieldName, value));
  }
}

export class HoistFieldKey extends HoistField {
  constructor() {
    super('key');
  }
}

export class HoistFieldValue extends HoistField {
  constructor() {
    super('value');
  }
}
