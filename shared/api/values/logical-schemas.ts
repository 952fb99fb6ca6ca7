// The logical-type schemas Values infers and SMTs produce (Kafka's Date.SCHEMA, Time.SCHEMA,
// Timestamp.SCHEMA, Decimal.schema(scale)), and the Date a logical value is held in.
import { DataError } from '../errors.ts';
import { LogicalTypeNames, type Schema, SchemaBuilder } from '../schema.ts';
import { MAX_DATE_MILLIS, WideDate } from './wide-date.ts';

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

/** A Date for `millis`, as Java's new Date(long): a WideDate beyond JavaScript's range. */
export function dateFromMillis(millis: number | bigint): Date {
  const value = Number(millis);
  if (Math.abs(value) <= MAX_DATE_MILLIS) return new Date(value);
  if (typeof millis === 'number' && !Number.isInteger(millis))
    throw new DataError(`Timestamp ${millis} ms from the epoch is not a long`);
  return new WideDate(BigInt(millis));
}
