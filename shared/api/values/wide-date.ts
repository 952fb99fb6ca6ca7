// java.util.Date beyond the range of a JavaScript Date, and the one way to read a Date's time that
// works for both (kept apart from logical-schemas.ts so that schema.ts can compare dates).
import { DataError } from '../errors.ts';

/** The largest distance from the epoch, in milliseconds, that a JavaScript Date can hold (±273,790 years). */
export const MAX_DATE_MILLIS = 8_640_000_000_000_000;

const outOfRange = (millis: bigint) =>
  new DataError(
    `Timestamp ${millis} ms from the epoch is outside the range a JavaScript Date can represent (±${MAX_DATE_MILLIS} ms)`,
  );

/**
 * A java.util.Date beyond JavaScript's range: Java's Date holds any long of milliseconds (up to
 * year 292,278,994), a JavaScript Date only ±8.64e15 ms. It carries the exact milliseconds as a
 * bigint for the code that converts dates as Kafka does (TimestampConverter, SimpleDateFormat,
 * Values, JsonConverter, Cast), which reads them with `epochMillis`; anything else that asks it for
 * its time or calendar fields gets a DataException rather than NaN or a RangeError.
 */
export class WideDate extends Date {
  readonly millis: bigint;

  constructor(millis: bigint) {
    super(Number.NaN);
    this.millis = millis;
  }
}

for (const method of [
  'getTime',
  'valueOf',
  'toISOString',
  'toJSON',
  'getUTCFullYear',
  'getUTCMonth',
  'getUTCDate',
  'getUTCDay',
  'getUTCHours',
  'getUTCMinutes',
  'getUTCSeconds',
  'getUTCMilliseconds',
  'getFullYear',
  'getMonth',
  'getDate',
  'getDay',
  'getHours',
  'getMinutes',
  'getSeconds',
  'getMilliseconds',
]) {
  Object.defineProperty(WideDate.prototype, method, {
    value(this: WideDate): never {
      throw outOfRange(this.millis);
    },
  });
}

/** Java's Date.getTime(): a number within JavaScript's range, a bigint beyond it. */
export function epochMillis(date: Date): number | bigint {
  return date instanceof WideDate ? date.millis : date.getTime();
}
