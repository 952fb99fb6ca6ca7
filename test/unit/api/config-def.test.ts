import { describe, expect, it } from 'vitest';
import { ConfigDef, Password, parseType } from '../../../shared/api/config-def.ts';
import { Range, validString } from '../../../shared/api/validators.ts';

const def = () =>
  new ConfigDef()
    .define({
      name: 'tasks.max',
      type: 'INT',
      defaultValue: 1,
      validator: Range.atLeast(1),
      importance: 'HIGH',
      documentation: 'max tasks',
    })
    .define({ name: 'file', type: 'STRING', importance: 'HIGH', documentation: 'output file' })
    .define({ name: 'topics', type: 'LIST', defaultValue: '', importance: 'HIGH', documentation: 'topics' })
    .define({
      name: 'errors.tolerance',
      type: 'STRING',
      defaultValue: 'none',
      validator: validString('none', 'all'),
      importance: 'MEDIUM',
      documentation: 'tolerance',
    })
    .define({
      name: 'secret',
      type: 'PASSWORD',
      defaultValue: null,
      importance: 'LOW',
      documentation: 'a password',
    });

describe('ConfigDef', () => {
  it('parses strings into typed values and applies defaults', () => {
    const parsed = def().parse({ file: ' /tmp/out.txt ', topics: 'a, b ,c', 'tasks.max': '3', secret: 'p' });
    expect(parsed).toMatchObject({
      file: '/tmp/out.txt',
      topics: ['a', 'b', 'c'],
      'tasks.max': 3,
      'errors.tolerance': 'none',
    });
    expect(parsed.secret).toBeInstanceOf(Password);
    expect(String(parsed.secret)).toBe('[hidden]');
    expect(JSON.stringify({ s: parsed.secret })).toBe('{"s":"[hidden]"}');
  });

  it('words errors as Kafka does, naming the key', () => {
    expect(() => def().parse({})).toThrow(
      'Missing required configuration "file" which has no default value.',
    );
    expect(() => def().parse({ file: 'x', 'tasks.max': 'dog' })).toThrow(
      'Invalid value dog for configuration tasks.max: Not a number of type INT',
    );
    expect(() => def().parse({ file: 'x', 'tasks.max': '0' })).toThrow(
      'Invalid value 0 for configuration tasks.max: Value must be at least 1',
    );
    expect(() => def().parse({ file: 'x', 'errors.tolerance': 'some' })).toThrow(
      'Invalid value some for configuration errors.tolerance: String must be one of: none, all',
    );
  });

  it('validate() collects every error instead of stopping at the first', () => {
    const result = def().validate({ 'tasks.max': '-1', 'errors.tolerance': 'x' });
    const errors = [...result.values()].filter((v) => v.errors.length > 0).map((v) => v.name);
    expect(errors.sort()).toEqual(['errors.tolerance', 'file', 'tasks.max']);
  });

  it('rejects integers outside their type', () => {
    expect(() => def().parse({ file: 'x', 'tasks.max': '2147483648' })).toThrow('Not a number of type INT');
    expect(() => def().parse({ file: 'x', 'tasks.max': '1.5' })).toThrow('Not a number of type INT');
  });

  it("parses numbers as Java's Integer.parseInt and Double.parseDouble do", () => {
    expect(parseType('n', '\u0661\u0662', 'INT')).toBe(12);
    expect(parseType('n', '\u0001+12 ', 'INT')).toBe(12);
    expect(() => parseType('n', '\u00a012', 'INT')).toThrow('Not a number of type INT');
    expect(() => parseType('n', '32768', 'SHORT')).toThrow('Not a number of type SHORT');
    expect(parseType('n', ' 0x1.8p1 ', 'DOUBLE')).toBe(3);
    expect(parseType('n', '1f', 'DOUBLE')).toBe(1);
    expect(parseType('n', 'NaN', 'DOUBLE')).toBeNaN();
    expect(() => parseType('n', '0x10', 'DOUBLE')).toThrow('Not a number of type DOUBLE');
    expect(() => parseType('n', '', 'DOUBLE')).toThrow('Not a number of type DOUBLE');
  });
});
