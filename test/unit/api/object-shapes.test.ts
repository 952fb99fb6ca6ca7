// ObjectShapes must build exactly the object that storing each key in turn builds (same own keys in
// the same order, same values, same prototype), before and after it compiles a literal for a key
// list, and must not compile for key lists that do not recur.
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ObjectShapes } from '../../../shared/api/values/object-shapes.ts';

function assignedOneByOne(keys: readonly string[], values: readonly unknown[]): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  keys.forEach((key, i) => {
    object[key] = values[i];
  });
  return object;
}

function expectSameObject(actual: Record<string, unknown>, expected: Record<string, unknown>): void {
  expect(Reflect.ownKeys(actual)).toEqual(Reflect.ownKeys(expected));
  expect(Object.getPrototypeOf(actual)).toBe(Object.getPrototypeOf(expected));
  for (const key of Reflect.ownKeys(expected)) expect(actual[key as string]).toBe(expected[key as string]);
  expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
}

describe('ObjectShapes', () => {
  it('builds what assignments build, on the keyed path and from a compiled literal', () => {
    const key = fc.oneof(
      fc.string(),
      // Lone surrogates and control characters: JSON.stringify must still give a literal of the same key.
      fc.string({ unit: 'binary' }),
      fc.constantFrom('__proto__', '0', '1', '10', '-1', '01', 'toString', '', '"', '\\', '\u2028', '}'),
    );
    const values = fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.object()), {
      minLength: 12,
      maxLength: 12,
    });
    fc.assert(
      fc.property(fc.array(key, { maxLength: 12 }), values, (keys, vals) => {
        const shapes = new ObjectShapes();
        const used = vals.slice(0, keys.length);
        for (let i = 0; i < 3; i++)
          expectSameObject(shapes.object([...keys], used), assignedOneByOne(keys, used));
      }),
      { numRuns: 1500 },
    );
  });

  it('compiles a key list once it came again, and not for keys that keep changing', () => {
    const shapes = new ObjectShapes();
    shapes.object(['a', 'b'], [1, 2]);
    expect(shapes.compiledShapes).toBe(0);
    shapes.object(['a', 'b'], [3, 4]);
    expect(shapes.compiledShapes).toBe(1);
    expect(shapes.object(['a', 'b'], [5, 6])).toEqual({ a: 5, b: 6 });
    expect(shapes.compiledShapes).toBe(1);

    // A record's map and a nested map of the same size, in turn: both get their literal.
    const alternating = new ObjectShapes();
    for (let i = 0; i < 4; i++) {
      alternating.object(['id', 'address'], [i, null]);
      alternating.object(['street', 'city'], ['s', 'c']);
    }
    expect(alternating.compiledShapes).toBe(2);

    const changing = new ObjectShapes();
    for (let i = 0; i < 1000; i++) changing.object([`id-${i}`, 'v'], [i, i]);
    expect(changing.compiledShapes).toBe(0);
  });

  it('keeps building objects where the process refuses to compile code', () => {
    const moduleUrl = new URL('../../../shared/api/values/object-shapes.ts', import.meta.url).href;
    const script = `
      const { ObjectShapes } = await import(${JSON.stringify(moduleUrl)});
      const shapes = new ObjectShapes();
      const built = [1, 2, 3].map((n) => shapes.object(['b', 'a', '7'], [n, n + 1, n + 2]));
      console.log(JSON.stringify({ built, compiled: shapes.compiledShapes }));`;
    const output = execFileSync(
      process.execPath,
      ['--disallow-code-generation-from-strings', '--input-type=module', '-e', script],
      { encoding: 'utf8' },
    );
    expect(JSON.parse(output)).toEqual({
      built: [
        { 7: 3, b: 1, a: 2 },
        { 7: 4, b: 2, a: 3 },
        { 7: 5, b: 3, a: 4 },
      ],
      compiled: 0,
    });
  });
});
