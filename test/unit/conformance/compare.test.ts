// The conformance comparison must see every difference a user would see (an integer where Kafka
// writes a float, a float off in its last bit, struct fields reordered, other bytes) and ignore only
// what Kafka itself leaves unordered (map entries); otherwise the differential test could pass
// while the data differs.
import { describe, expect, it } from 'vitest';
import type { ConformanceCase } from '../../conformance/case.ts';
import { compareOutcomes, deepEqual, parsePrecise } from '../../conformance/compare.ts';

const testCase = { id: 'x', kind: 'converter', class: 'c', op: 'toConnect', input: null } as ConformanceCase;
const same = (a: string, b: string) => deepEqual(parsePrecise(a), parsePrecise(b));

describe('conformance comparison', () => {
  it('keeps integer and float literals apart and compares floats by exact value', () => {
    expect(same('[5]', '[5.0]')).toBe(false);
    expect(same('[1.0E7, 2.0, 0.1]', '[1.0E+7, 2.0, 0.1]')).toBe(true);
    expect(same('[1.0E7]', '[10000000]')).toBe(false);
    expect(same('9223372036854775807', '9223372036854775806')).toBe(false);
    expect(same('9.223372036854776E18', '9223372036854775807')).toBe(false);
    expect(same('0.1', '0.10000000149011612')).toBe(false);
    expect(same('-0.0', '0.0')).toBe(false);
    expect(same('{"float64":"NaN"}', '"NaN"')).toBe(false);
  });

  it('compares a float32 tag at float precision only', () => {
    expect(same('{"float32":0.1}', '{"float32":0.10000000149011612}')).toBe(true);
    expect(same('{"float32":0.1}', '{"float32":0.10000001}')).toBe(false);
    expect(same('{"float32":1.0}', '{"float32":1}')).toBe(false);
    expect(same('{"float32":"NaN"}', '{"float32":"NaN"}')).toBe(true);
    expect(same('{"float32":1.0}', '1.0')).toBe(false);
  });

  it('ignores map entry order but not struct field order', () => {
    expect(same('{"map":[["a",1],["b",2]]}', '{"map":[["b",2],["a",1]]}')).toBe(true);
    expect(same('{"map":[["a",1],["b",2]]}', '{"map":[["a",1],["b",3]]}')).toBe(false);
    expect(same('{"struct":{"a":1,"b":2}}', '{"struct":{"a":1,"b":2}}')).toBe(true);
    expect(same('{"struct":{"a":1,"b":2}}', '{"struct":{"b":2,"a":1}}')).toBe(false);
    expect(same('{"struct":{"a":1}}', '{"struct":{"a":1,"b":null}}')).toBe(false);
  });

  it('compares output bytes as text, and as JSON only for key order where no struct wrote it', () => {
    const ok = (text: string) => ({ id: 'x', ok: { bytes: Buffer.from(text).toString('base64'), text } });
    const verdict = (a: string, b: string, c: ConformanceCase = testCase) =>
      compareOutcomes(c, ok(a), ok(b)).same;
    expect(verdict('{"a":1.0E7}', '{"a":1.0E7}')).toBe(true);
    expect(verdict('{"a":1.0E7}', '{"a":10000000}')).toBe(false);
    expect(verdict('{"a":1.0}', '{"a":1}')).toBe(false);
    expect(verdict('{"a":1,"b":2}', '{"b":2,"a":1}')).toBe(true);
    expect(verdict('{"a":1}', '{"a":2}')).toBe(false);
    expect(verdict('not json', 'not json ')).toBe(false);
    const struct = {
      schema: {
        type: 'struct',
        fields: [
          { field: 'a', type: 'int32' },
          { field: 'b', type: 'int32' },
        ],
      },
      payload: { a: 1, b: 2 },
    };
    const fromStruct = { ...testCase, op: 'fromConnect', data: struct } as ConformanceCase;
    expect(verdict('{"a":1,"b":2}', '{"b":2,"a":1}', fromStruct)).toBe(false);
    const envelope = (payload: string) =>
      `{"schema":{"type":"struct","fields":[{"type":"int32","optional":false,"field":"a"},{"type":"int32","optional":false,"field":"b"}],"optional":false},"payload":${payload}}`;
    expect(verdict(envelope('{"a":1,"b":2}'), envelope('{"b":2,"a":1}'))).toBe(false);
  });

  it('compares errors by class and message', () => {
    const error = (cls: string, message: string) => ({ id: 'x', error: { class: cls, message } });
    expect(compareOutcomes(testCase, error('A', 'm'), error('A', 'm')).same).toBe(true);
    expect(compareOutcomes(testCase, error('A', 'm'), error('A', 'n')).same).toBe(false);
    expect(
      compareOutcomes({ ...testCase, compare: 'errorClass' }, error('A', 'm'), error('A', 'n')).same,
    ).toBe(true);
    expect(compareOutcomes(testCase, error('A', 'm'), error('B', 'm')).same).toBe(false);
  });
});
