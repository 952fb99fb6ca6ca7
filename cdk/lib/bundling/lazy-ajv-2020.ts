// Stands in for `ajv/dist/2020.js` in the Lambda bundles (an esbuild alias, connect-function.ts).
// @platformatic/kafka compiles about forty option validators when its module loads, one per client
// method, though a task calls a handful: that compile was the largest single cost of the task
// function's cold start. Here `compile` returns a validator that compiles its schema on its first
// call and from then on is the eager one's twin (same result, same `errors`).
//
// The real class is imported through `dist/../dist/`: the same file, by a path the alias does not
// match, so this module does not extend itself.
import { Ajv2020 as EagerAjv2020, type ValidateFunction } from 'ajv/dist/../dist/2020.js';

export class Ajv2020 extends EagerAjv2020 {}

const eagerCompile = EagerAjv2020.prototype.compile;

function lazyCompile(this: EagerAjv2020, schema: unknown, meta?: boolean): ValidateFunction {
  let compiled: ValidateFunction | undefined;
  const real = (): ValidateFunction => {
    compiled ??= (eagerCompile as (schema: unknown, meta?: boolean) => ValidateFunction).call(
      this,
      schema,
      meta,
    );
    return compiled;
  };
  const validate = function (this: unknown, data: unknown, dataCxt?: unknown): boolean {
    const check = real();
    const valid = (check as (this: unknown, data: unknown, dataCxt?: unknown) => boolean).call(
      this,
      data,
      dataCxt,
    );
    validate.errors = check.errors;
    return valid;
  } as ValidateFunction;
  validate.errors = null;
  Object.defineProperty(validate, 'schema', { get: () => real().schema });
  return validate;
}

Ajv2020.prototype.compile = lazyCompile as EagerAjv2020['compile'];

export default Ajv2020;
