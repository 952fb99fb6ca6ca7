// The Ajv stand-in the Lambda bundles use for @platformatic/kafka (cdk/lib/bundling/lazy-ajv-2020.ts):
// compile() defers the work to the validator's first call, after which the validator answers as
// the eager one does, errors included.
import { Ajv2020 as EagerAjv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { Ajv2020 as LazyAjv2020 } from '../../../cdk/lib/bundling/lazy-ajv-2020.ts';

const options = { allErrors: true, coerceTypes: false, strict: true } as const;
const schema = {
  type: 'object',
  properties: {
    brokers: { type: 'array', items: { type: 'string' } },
    retries: { type: 'integer', minimum: 0 },
  },
  required: ['brokers'],
  additionalProperties: false,
};

describe('the lazily compiling Ajv', () => {
  it('compiles a schema only when its validator is first called', () => {
    // Eager Ajv refuses a broken schema at compile(); the lazy one only when it is used.
    const broken = { type: 'no-such-type' };
    expect(() => new EagerAjv2020(options).compile(broken)).toThrow();
    const validate = new LazyAjv2020(options).compile(broken);
    expect(() => validate({})).toThrow();
  });

  it('validates and reports errors as the eager Ajv does, call after call', () => {
    const eager = new EagerAjv2020(options).compile(schema);
    const lazy = new LazyAjv2020(options).compile(schema);
    for (const data of [{ brokers: ['a:9092'] }, { retries: -1 }, { brokers: [1], extra: true }, {}, null]) {
      expect(lazy(data)).toBe(eager(data));
      expect(lazy.errors).toEqual(eager.errors);
    }
    expect(lazy.schema).toEqual(eager.schema);
  });

  it('keeps the keywords added before compiling', () => {
    const ajv = new LazyAjv2020(options);
    ajv.addKeyword({ keyword: 'buffer', validate: (_: unknown, value: unknown) => Buffer.isBuffer(value) });
    const validate = ajv.compile({ buffer: true });
    expect(validate(Buffer.from('x'))).toBe(true);
    expect(validate('x')).toBe(false);
    expect(ajv.errorsText(validate.errors)).toContain('buffer');
  });
});
