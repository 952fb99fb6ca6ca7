// The logical-type schemas Values infers and SMTs produce (Kafka's Date.SCHEMA, Time.SCHEMA,
// Timestamp.SCHEMA, Decimal.schema(scale)), and the Date a logical value is held in.
import { DataError } from '../errors.ts';
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

/** The largest distance from the epoch, in milliseconds, that a JavaScript Date can hold (±273,790 years). */
const MAX_DATE_MILLIS = 8_640_000_000_000_000;

/**
 * A Date for `millis`. Java's Date holds any long; a JavaScript Date only ±8.64e15 ms, so beyond
 * that the value is refused with a DataException (rather than an Invalid Date that would be
 * written as NaN).
 */
export function dateFromMillis(millis: number | bigint): Date {
  const value = Number(millis);
  if (!(Math.abs(value) <= MAX_DATE_MILLIS)) {
    throw new DataError(
      `Timestamp ${String(millis)} ms from the epoch is outside the range this runtime can represent (±${MAX_DATE_MILLIS} ms)`,
    );
  }
  return new Date(value);
}
