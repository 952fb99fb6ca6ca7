// Kafka's transforms.util.SchemaUtil.
import type { Schema, SchemaBuilder } from '../../api/schema.ts';

/** Copies name, version, doc and parameters (not optionality, default or fields) onto `builder`. */
export function copySchemaBasics(source: Schema, builder: SchemaBuilder): SchemaBuilder {
  builder.name(source.name).version(source.version).doc(source.doc);
  if (source.parameters !== null) builder.parameters(source.parameters);
  return builder;
}
