// The conformance comparison must see real differences and ignore only number spelling and map
// order; otherwise the differential test could pass while the data differs.
import { describe, expect, it } from 'vitest';
import type { ConformanceCase } from '../../conformance/case.ts';
import { compareOutcomes, deepEqual, parsePrecise } from '../../conformance/compare.ts';

const testCase = { id: 'x', kind: 'converter', class: 'c', op: 'toConnect', input: null } as ConformanceCase;
const same = (a: string, b: string) => deepEqual(parsePrecise(a), parsePrecise(b));

describe('conformance comparison', () => {
  it('compares numbers by value, floats at float precision, and integers exactly', () => {
    expect(same('[1.0E7, 2.0, 0.1]', '[10000000, 2, 0.1]')).toBe(true);
    expect(same('9.223372E+18', '9223372036854775807')).toBe(true);
    expect(same('9223372036854775807', '9223372036854775806')).toBe(false);
    expect(same('1', '2')).toBe(false);
    expect(same('0.1', '0.2')).toBe(false);
  });

  it('ignores map entry order but not map content', () => {
    expect(same('{"map":[["a",1],["b",2]]}', '{"map":[["b",2],["a",1]]}')).toBe(true);
    expect(same('{"map":[["a",1],["b",2]]}', '{"map":[["a",1],["b",3]]}')).toBe(false);
    expect(same('{"struct":{"a":1}}', '{"struct":{"a":1,"b":null}}')).toBe(false);
  });

  it('compares JSON output bytes as JSON, and errors by class and message', () => {
    const ok = (text: string) => ({ id: 'x', ok: { bytes: Buffer.from(text).toString('base64'), text } });
    expect(compareOutcomes(testCase, ok('{"a":1.0E7}'), ok('{"a":10000000}')).same).toBe(true);
    expect(compareOutcomes(testCase, ok('{"a":1}'), ok('{"a":2}')).same).toBe(false);
    expect(compareOutcomes(testCase, ok('{"a":1}'), ok('{"b":1}')).same).toBe(false);
    expect(compareOutcomes(testCase, ok('not json'), ok('not json ')).same).toBe(false);
    const error = (cls: string, message: string) => ({ id: 'x', error: { class: cls, message } });
    expect(compareOutcomes(testCase, error('A', 'm'), error('A', 'm')).same).toBe(true);
    expect(compareOutcomes(testCase, error('A', 'm'), error('A', 'n')).same).toBe(false);
    expect(
      compareOutcomes({ ...testCase, compare: 'errorClass' }, error('A', 'm'), error('A', 'n')).same,
    ).toBe(true);
    expect(compareOutcomes(testCase, error('A', 'm'), error('B', 'm')).same).toBe(false);
  });
});
