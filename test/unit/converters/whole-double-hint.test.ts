import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mayHoldWholeDouble } from '../../../shared/converters/json/whole-double-scan.ts';

// The rule as one regular expression, applied where numbers can be: outside JSON strings (their
// contents blanked), and "yes" for text with a string that never ends.
const RULE = /\d\.0*(?!\d)|\d[eE]|\d{16}/;
const STRING = /"(?:[^"\\]|\\[\s\S])*"/y;
function reference(text: string): boolean {
  let outside = '';
  for (let i = 0; i < text.length; ) {
    if (text[i] !== '"') {
      outside += text[i++];
      continue;
    }
    STRING.lastIndex = i;
    if (STRING.exec(text) === null) return true;
    outside += '""';
    i = STRING.lastIndex;
  }
  return RULE.test(outside);
}

describe('mayHoldWholeDouble', () => {
  it('spots whole float literals and long digit runs, and nothing else', () => {
    for (const text of [
      '{"a":5.0}',
      '{"a":5.}',
      '{"a":1e3}',
      '{"a":2E-1}',
      '[1234567890123456]',
      '7.000',
      '{"a":"x","b":[1,2.00]}',
      '{"s":"say \\"hi\\"","n":3e0}',
      '{"s":"a\\\\","n":-0.0}',
      '{"s":"never ends 5',
    ])
      expect(mayHoldWholeDouble(text), text).toBe(true);
    for (const text of [
      '{"a":5.01}',
      '{"a":"e5"}',
      '[123456789012345]',
      '{"amount":2.14,"note":"lorem"}',
      '{"note":"version 5.0, 1e3 and 12345678901234567 inside a string"}',
      '{"s":"quoted \\"5.0\\" inside","n":7}',
      '',
    ])
      expect(mayHoldWholeDouble(text), text).toBe(false);
  });

  it('answers as the regular expression does outside strings, on any text of digits, marks, quotes and escapes', () => {
    const text = fc
      .array(fc.constantFrom('0', '1', '9', '.', 'e', 'E', 'x', ' ', '"', '\\', '\\"', '00', '1234567'), {
        maxLength: 60,
      })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, (t) => mayHoldWholeDouble(t) === reference(t)),
      { numRuns: 20_000 },
    );
  });
});
