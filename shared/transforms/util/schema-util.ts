// Kafka's transforms.util.SchemaUtil, and the checks Kafka's schema accessors make.
import { DataError } from '../../api/errors.ts';
import type { Field, Schema, SchemaBuilder } from '../../api/schema.ts';

/** Copies name, version, doc and parameters (not optionality, default or fields) onto `builder`. */
export function copySchemaBasics(source: Schema, builder: SchemaBuilder): SchemaBuilder {
  builder.name(source.name).version(source.version).doc(source.doc);
  if (source.parameters !== null) builder.parameters(source.parameters);
  return builder;
}

/**
 * Kafka's ConnectSchema.fields(): the fields of a struct schema, and a DataException for any other
 * type. Our schemas hold an empty list instead, so SMTs that Kafka lets fail here call this.
 */
export function structFields(schema: Schema): readonly Field[] {
  if (schema.type !== 'STRUCT') throw new DataError('Cannot list fields on non-struct type');
  return schema.fields;
}
