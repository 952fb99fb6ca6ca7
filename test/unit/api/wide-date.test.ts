// A java.util.Date beyond JavaScript's range keeps its exact milliseconds, converts where Kafka's
// classes convert it, and fails with a DataException (never NaN or a RangeError) anywhere else.
import { describe, expect, it } from 'vitest';
import { DataError } from '../../../shared/api/errors.ts';
import { dateFromMillis } from '../../../shared/api/values/logical-schemas.ts';
import { SimpleDateFormat } from '../../../shared/api/values/simple-date-format.ts';
import { epochMillis, WideDate } from '../../../shared/api/values/wide-date.ts';

describe('dates beyond ±8.64e15 ms', () => {
  it('keeps JavaScript Dates within the range and the exact long beyond it', () => {
    expect(dateFromMillis(8_640_000_000_000_000)).not.toBeInstanceOf(WideDate);
    const max = dateFromMillis(9223372036854775807n);
    expect(max).toBeInstanceOf(WideDate);
    expect(max).toBeInstanceOf(Date);
    expect(epochMillis(max)).toBe(9223372036854775807n);
    expect(epochMillis(dateFromMillis(-8640000000000001n))).toBe(-8640000000000001n);
  });

  it('formats in the hybrid calendar as Java does at the ends of a long', () => {
    const format = new SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSS G");
    expect(format.format(dateFromMillis(9223372036854775807n))).toBe('292278994-08-17T07:12:55.807 AD');
    expect(format.format(dateFromMillis(-9223372036854775808n))).toBe('292269055-12-02T16:47:04.192 BC');
  });

  it('parses text beyond the range to the exact long', () => {
    const date = new SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSS").parse('292278994-08-17T07:12:55.807');
    expect(date && epochMillis(date)).toBe(9223372036854775807n);
  });

  it('fails with a DataException, not NaN or a RangeError, where its time is read as a number', () => {
    const date = dateFromMillis(9223372036854775807n);
    for (const read of [
      () => date.getTime(),
      () => date.toISOString(),
      () => JSON.stringify({ date }),
      () => date.getUTCFullYear(),
      () => +date,
    ]) {
      expect(read).toThrow(DataError);
    }
    expect(() => dateFromMillis(Number.NaN)).toThrow(DataError);
  });
});
