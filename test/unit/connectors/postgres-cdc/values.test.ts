// Text forms → Connect values, checked against what Debezium 3.6.1 emitted for the same values.
import { describe, expect, it } from 'vitest';
import { parseArrayLiteral } from '../../../../shared/connectors/postgres-cdc/array-literal.ts';
import {
  bitsFromText,
  numericPrecisionScale,
  parseMoney,
} from '../../../../shared/connectors/postgres-cdc/column-types.ts';
import {
  epochMicros,
  epochMillis,
  intervalMicros,
  parseDate,
  parseInterval,
  parseTime,
  parseTimestamp,
  parseTimestampTz,
  parseTimeTzAsUtc,
  zonedTimestampText,
  zonedTimeText,
} from '../../../../shared/connectors/postgres-cdc/temporal.ts';

describe('temporal text forms', () => {
  it('counts days, micros and millis as Debezium does', () => {
    expect(parseDate('2024-02-29')).toBe(19782);
    expect(parseDate('1970-01-01')).toBe(0);
    expect(parseDate('1969-12-31')).toBe(-1);
    expect(parseDate('0001-12-31 BC')).toBe(parseDate('0001-01-01') - 1);
    expect(parseTime('13:14:15.123456')).toBe(47655123456);
    expect(parseTime('24:00:00')).toBe(86_400_000_000);
    expect(epochMicros(parseTimestamp('2024-01-02 03:04:05.123456'))).toBe(1704164645123456);
    expect(epochMillis(parseTimestamp('1999-12-31 23:59:59'))).toBe(946684799000);
    expect(epochMillis(parseTimestamp('1969-12-31 23:59:59.999'))).toBe(-1);
    expect(epochMicros(parseTimestamp('9999-12-31 23:59:59.999999'))).toBe(253402300799999999n);
  });

  it('writes zoned values in UTC with the column precision', () => {
    expect(zonedTimestampText(parseTimestampTz('2024-01-02 03:04:05.123456+02'), 6)).toBe(
      '2024-01-02T01:04:05.123456Z',
    );
    expect(zonedTimestampText(parseTimestampTz('2024-01-02 03:04:05.1+00'), 3)).toBe(
      '2024-01-02T03:04:05.100Z',
    );
    expect(zonedTimestampText(parseTimestampTz('2024-01-02 03:04:05-05'), 0)).toBe('2024-01-02T08:04:05Z');
    expect(zonedTimestampText(parseTimestampTz('2000-01-01 00:00:00+14'), 6)).toBe(
      '1999-12-31T10:00:00.000000Z',
    );
    expect(zonedTimeText(parseTimeTzAsUtc('13:14:15+02'))).toBe('11:14:15Z');
    expect(zonedTimeText(parseTimeTzAsUtc('00:00:00.5-12'))).toBe('12:00:00.5Z');
  });

  it('turns intervals into MicroDuration with 365.25/12 days a month', () => {
    expect(intervalMicros(parseInterval('1 year 2 mons 3 days 04:05:06.7'))).toBe(37091106700000);
    expect(intervalMicros(parseInterval('-1 days +02:03:04'))).toBe(-86_400_000_000 + 7_384_000_000);
    expect(intervalMicros(parseInterval('00:00:00'))).toBe(0);
  });
});

describe('other text forms', () => {
  it('parses array literals with quotes, escapes and NULL', () => {
    expect(parseArrayLiteral('{1,2,NULL}')).toEqual(['1', '2', null]);
    expect(parseArrayLiteral('{"x","y z","q\\"uote",NULL}')).toEqual(['x', 'y z', 'q"uote', null]);
    expect(parseArrayLiteral('{}')).toEqual([]);
    expect(parseArrayLiteral('{{1,2},{3,4}}')).toEqual(['1', '2', '3', '4']);
    expect(parseArrayLiteral('{"",NULL}')).toEqual(['', null]);
  });

  it('writes bit strings as little-endian bytes of their value, as Debezium Bits', () => {
    expect(bitsFromText('1010')).toEqual(Buffer.from([0x0a]));
    expect(bitsFromText('1111111111')).toEqual(Buffer.from([0xff, 0x03]));
    expect(bitsFromText('0000')).toEqual(Buffer.alloc(0));
  });

  it('reads numeric type modifiers and money text', () => {
    expect(numericPrecisionScale((10 << 16) + 2 + 4)).toEqual({ precision: 10, scale: 2 });
    expect(numericPrecisionScale(-1)).toEqual({ precision: null, scale: null });
    expect(parseMoney('$1,234.56')?.toString()).toBe('1234.56');
    expect(parseMoney('-$0.01')?.toString()).toBe('-0.01');
  });
});
