// Java's string → number parsers; the conformance corpus checks the same forms against Java itself,
// these pin the rounding corners that JavaScript's Number() and Math.fround get wrong.
import { describe, expect, it } from 'vitest';
import {
  asciiDigits,
  bigintToFloat,
  decimalIntegralPart,
  JavaNumberFormatError,
  javaDecimalScale,
  javaParseFloating,
  javaParseInteger,
} from '../../../shared/api/values/java-parse-number.ts';
import { JsonConverter } from '../../../shared/converters/json/json-converter.ts';

const LONG: [bigint, bigint] = [-(2n ** 63n), 2n ** 63n - 1n];

describe('Java number parsing', () => {
  it('reads any Unicode decimal digit in the integer parsers, without trimming', () => {
    expect(javaParseInteger('\u0661\u0662', ...LONG)).toBe(12n);
    expect(javaParseInteger('-\uff11\uff12', ...LONG)).toBe(-12n);
    expect(javaParseInteger('\u0967\u0968', ...LONG)).toBe(12n);
    expect(() => javaParseInteger(' 12', ...LONG)).toThrow(JavaNumberFormatError);
    expect(() => javaParseInteger('\u{1d7cf}', ...LONG)).toThrow(JavaNumberFormatError);
    expect(() => javaParseInteger('200', -128n, 127n)).toThrow('Value out of range. Value:"200" Radix:10');
    expect(asciiDigits('a\u0661.\uff15')).toBe('a1.5');
  });

  it('reads hexadecimal floating point, rounding once', () => {
    expect(javaParseFloating('0X1.8P-2', false)).toBe(0.375);
    expect(javaParseFloating(' +0x1P+3f\t', false)).toBe(8);
    expect(javaParseFloating('0x1p-1074', false)).toBe(Number.MIN_VALUE);
    expect(javaParseFloating('0x1p-1075', false)).toBe(0); // a tie, to the even zero
    expect(javaParseFloating('0x1.8p-1075', false)).toBe(Number.MIN_VALUE);
    expect(javaParseFloating('0x1p1024', false)).toBe(Number.POSITIVE_INFINITY);
    expect(javaParseFloating('0x1.000001p0', true)).toBe(1);
    expect(javaParseFloating('0x1.0000011p0', true)).toBe(Math.fround(1 + 2 ** -23));
    expect(() => javaParseFloating('0x1', false)).toThrow(JavaNumberFormatError);
  });

  it('rounds decimal text to a float directly, not through a double', () => {
    // The nearest double is exactly halfway between two floats; the digits beyond it decide.
    expect(javaParseFloating('1.00000005960464477539062500000001', true)).toBe(Math.fround(1 + 2 ** -23));
    expect(javaParseFloating('1.000000059604644775390625', true)).toBe(1);
    expect(javaParseFloating('1e3f', true)).toBe(1000);
    expect(() => javaParseFloating('Infinityf', false)).toThrow(JavaNumberFormatError);
    expect(() => javaParseFloating('\u00a01', false)).toThrow(JavaNumberFormatError);
  });

  it('rounds a long, and a FLOAT32 payload, to a float once', () => {
    // 2^60 + 2^36 + 1: just above a float tie; the nearest double is the tie itself.
    expect(bigintToFloat(1152921573326323713n)).toBe(2 ** 60 + 2 ** 37);
    expect(bigintToFloat(-1152921573326323713n)).toBe(-(2 ** 60 + 2 ** 37));
    expect(bigintToFloat(1152921573326323712n)).toBe(2 ** 60);
    const converter = new JsonConverter();
    converter.configure({}, false);
    const read = (payload: string) =>
      converter.toConnectData(
        't',
        null,
        Buffer.from(`{"schema":{"type":"float","optional":false},"payload":${payload}}`),
      ).value;
    expect(read('1.00000005960464477539062500000001')).toBe(Math.fround(1 + 2 ** -23));
    expect(read('1.000000059604644775390625')).toBe(1);
    expect(read('1152921573326323713')).toBe(2 ** 60 + 2 ** 37);
  });

  it("keeps BigDecimal's exponent and scale limits without computing huge powers of ten", () => {
    expect(javaDecimalScale(0, '2147483647')).toBe(-2147483647);
    expect(javaDecimalScale(0, '2147483648')).toBeNull();
    expect(javaDecimalScale(0, '-2147483648')).toBeNull(); // scale 2^31
    expect(javaDecimalScale(1, '-2147483647')).toBeNull();
    expect(javaDecimalScale(0, '000000000001')).toBe(-1);
    expect(javaDecimalScale(0, '10000000000')).toBeNull();
    expect(BigInt.asIntN(64, decimalIntegralPart(7n, -2147483647))).toBe(0n);
    expect(decimalIntegralPart(-7n, -2147483647) < 0n).toBe(true);
    expect(decimalIntegralPart(7n, 2147483647)).toBe(0n);
    expect(decimalIntegralPart(12345n, 2)).toBe(123n);
    expect(decimalIntegralPart(-12345n, -2)).toBe(-1234500n);
  });
});
