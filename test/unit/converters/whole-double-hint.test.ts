import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mayHoldWholeDouble } from '../../../shared/converters/json/to-connect.ts';

// The rule as one regular expression: what the two scans must answer exactly.
const RULE = /\d\.0*(?!\d)|\d[eE]|\d{16}/;

describe('mayHoldWholeDouble', () => {
  it('spots whole float literals and long digit runs, and nothing else', () => {
    for (const text of ['{"a":5.0}', '{"a":5.}', '{"a":1e3}', '{"a":2E-1}', '[1234567890123456]', '7.000'])
      expect(mayHoldWholeDouble(text), text).toBe(true);
    for (const text of [
      '{"a":5.01}',
      '{"a":"e5"}',
      '[123456789012345]',
      '{"amount":2.14,"note":"lorem"}',
      '',
    ])
      expect(mayHoldWholeDouble(text), text).toBe(false);
  });

  it('answers as the regular expression does on any text of digits, marks and letters', () => {
    const text = fc
      .array(fc.constantFrom('0', '1', '9', '.', 'e', 'E', 'x', ' ', '"', '00', '1234567'), { maxLength: 60 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, (t) => mayHoldWholeDouble(t) === RULE.test(t)),
      { numRuns: 20_000 },
    );
  });
});
