// Float.toString's fast path (one multiplication and rounding per digit count) against the decimal
// conversions it stands in for: every float it answers must be spelled exactly as the reference
// spells it, and JSON must print the double it returns with Java's digits.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  exactFloatToString,
  javaFloatToString,
  shortestFloatDecimal,
} from '../../../shared/api/values/java-number-text.ts';

const float32 = fc.float({ noNaN: true, noDefaultInfinity: true });
/** Floats of the plain range, where the fast path answers: decimals with a few digits, as data has. */
const plainRangeFloat = fc
  .tuple(fc.integer({ min: 1, max: 99_999_999 }), fc.integer({ min: 0, max: 10 }), fc.boolean())
  .map(([digits, scale, negative]) => Math.fround((negative ? -digits : digits) / 10 ** scale))
  .filter((value) => Math.abs(value) >= 1e-3 && Math.abs(value) < 1e7);

describe('javaFloatToString', () => {
  it('spells every float as the decimal-conversion reference does', () => {
    fc.assert(
      fc.property(float32, (value) => {
        expect(javaFloatToString(value)).toBe(exactFloatToString(value));
      }),
      { numRuns: 20_000 },
    );
  });

  it('spells floats of the plain range as the reference does', () => {
    fc.assert(
      fc.property(plainRangeFloat, (value) => {
        expect(javaFloatToString(value)).toBe(exactFloatToString(value));
      }),
      { numRuns: 20_000 },
    );
  });

  it('keeps Java spellings at the edges of the plain range and for one-digit values', () => {
    const cases: [number, string][] = [
      [0.001, '0.001'],
      [0.0009999999, '9.999999E-4'],
      [9999999, '9999999.0'],
      [1e7, '1.0E7'],
      [0.5, '0.5'],
      [0.1, '0.1'],
      [0.3, '0.3'],
      [12.35, '12.35'],
      [100, '100.0'],
      [-2.5, '-2.5'],
      [1.4e-45, '1.4E-45'],
    ];
    for (const [value, text] of cases) expect(javaFloatToString(Math.fround(value))).toBe(text);
  });

  it('gives a double that JSON prints with the digits of Float.toString', () => {
    fc.assert(
      fc.property(plainRangeFloat, (value) => {
        const shortest = shortestFloatDecimal(Math.abs(value));
        if (shortest === undefined || Number.isInteger(shortest)) return;
        expect(JSON.stringify(value < 0 ? -shortest : shortest)).toBe(exactFloatToString(value));
      }),
      { numRuns: 20_000 },
    );
  });

  it('answers most floats of the plain range itself', () => {
    const answered = Array.from({ length: 1000 }, (_, i) => Math.fround(i / 10 + 0.25)).filter(
      (value) => shortestFloatDecimal(value) !== undefined,
    );
    expect(answered.length).toBe(1000);
  });
});
