// Small Connect-schema helpers the registry formats share.
import { type Schema, SchemaBuilder } from '../../api/schema.ts';

/** The same schema, required (Confluent's nonOptional, which keeps the default). */
export function nonOptional(schema: Schema): Schema {
  if (!schema.optional) return schema;
  return SchemaBuilder.from(schema).required().defaultValue(schema.defaultValue).build();
}
