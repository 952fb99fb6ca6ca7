// The logical-type schemas Values infers and SMTs produce (Kafka's Date.SCHEMA, Time.SCHEMA,
// Timestamp.SCHEMA, Decimal.schema(scale)).
import { LogicalTypeNames, type Schema, SchemaBuilder } from '../schema.ts';

export const DATE_SCHEMA = SchemaBuilder.int32().name(LogicalTypeNames.DATE).version(1).build();
export const TIME_SCHEMA = SchemaBuilder.int32().name(LogicalTypeNames.TIME).version(1).build();
export const TIMESTAMP_SCHEMA = SchemaBuilder.int64().name(LogicalTypeNames.TIMESTAMP).version(1).build();
export const OPTIONAL_DATE_SCHEMA = SchemaBuilder.int32()
  .name(LogicalTypeNames.DATE)
  .version(1)
  .optional()
  .build();
export const OPTIONAL_TIME_SCHEMA = SchemaBuilder.int32()
  .name(LogicalTypeNames.TIME)
  .version(1)
  .optional()
  .build();
export const OPTIONAL_TIMESTAMP_SCHEMA = SchemaBuilder.int64()
  .name(LogicalTypeNames.TIMESTAMP)
  .version(1)
  .optional()
  .build();

export function decimalSchema(scale: number): Schema {
  return SchemaBuilder.bytes()
    .name(LogicalTypeNames.DECIMAL)
    .version(1)
    .parameter('scale', String(scale))
    .build();
}
