import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mayHoldWholeDouble } from '../../../shared/converters/json/to-connect.ts';

// The rule, written independently of the scans: a digit, e/E, then a sign or a digit (an exponent);
// or a `.` after a digit whose fraction is only zeros, or whose digits before and after the point
// number 15 or more.
const EXPONENT = /[0-9][eE][-+0-9]/;
const POINT = /(?<=(?<!\d)(\d+))\.(\d*)/g;
function rule(text: string): boolean {
  if (EXPONENT.test(text)) return true;
  for (const [, whole = '', fraction = ''] of text.matchAll(POINT)) {
    if (/^0*$/.test(fraction) || whole.length + fraction.length >= 15) return true;
  }
  return false;
}

describe('mayHoldWholeDouble', () => {
  it('spots whole float literals and fractions long enough to round away, and nothing else', () => {
    for (const text of [
      '{"a":5.0}',
      '{"a":5.}',
      '{"a":1e3}',
      '{"a":2E-1}',
      '{"a":2.5e+1}',
      '7.000',
      // Reads as the double 1.0E14: the fraction is below half a unit in the last place.
      '{"a":100000000000000.001}',
      '{"a":0.99999999999999999}',
    ])
      expect(mayHoldWholeDouble(text), text).toBe(true);
    for (const text of [
      '{"a":5.01}',
      '{"a":"e5"}',
      '{"id":"4e","hex":"0xfe"}',
      // A long integer literal is an unsafe integer after JSON.parse: the readers catch it.
      '[1234567890123456789]',
      '{"amount":2.14,"note":"lorem"}',
      '{"a":1234567.1234567}',
      '',
    ])
      expect(mayHoldWholeDouble(text), text).toBe(false);
  });

  it('answers as the rule does on any text of digits, marks and letters', () => {
    const text = fc
      .array(
        fc.constantFrom('0', '1', '9', '.', 'e', 'E', '+', '-', 'x', ' ', '"', '00', '1234567', '000000'),
        {
          maxLength: 60,
        },
      )
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, (t) => mayHoldWholeDouble(t) === rule(t)),
      { numRuns: 20_000 },
    );
  });

  it('no literal with at most 14 digits around the point and a non-zero fraction reads as a whole double', () => {
    const literal = fc
      .tuple(fc.stringMatching(/^[1-9]\d{0,12}$/), fc.stringMatching(/^\d{0,12}[1-9]$/))
      .filter(([whole, fraction]) => whole.length + fraction.length <= 14);
    fc.assert(
      fc.property(literal, ([whole, fraction]) => !Number.isInteger(Number(`${whole}.${fraction}`))),
      { numRuns: 20_000 },
    );
  });
});
