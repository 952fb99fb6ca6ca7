// A struct payload written by V8's native JSON.stringify wherever that gives exactly the text the
// compiled writers of to-json.ts give. Those writers concatenate a string per field; the native
// writer builds one flat string in a single pass, and a flat string also encodes to UTF-8 faster.
// Every envelope record (schemas.enable=true) is written through here.
//
// Per schema, a "plainer" turns a value into what JSON.stringify must be given: the value itself
// where JavaScript prints it as Java does (strings, booleans, whole numbers, doubles in Java's
// plain range), Java's own text as raw JSON for the rest of a leaf (1.0, 1.0E7, base64 bytes,
// Date and Time), an object built from one literal per struct schema, arrays element by element.
// Where an object could not keep Kafka's field order or a value is not what its schema says, the
// plainer answers NOT_PLAIN and the caller falls back to the compiled writer, which then writes the
// value or throws Kafka's error for it.
import { LogicalTypeNames, type Schema, Struct, schemasEqual } from '../../api/schema.ts';
import { shortestFloatDecimal } from '../../api/values/java-number-text.ts';
import { assigned, compileLiteral, ObjectShapes } from '../../api/values/object-shapes.ts';
import { rawJson } from '../../api/values/raw-json.ts';
import { epochMillis } from '../../api/values/wide-date.ts';
import { NOT_PLAIN, toPlain } from './plain-json.ts';
import type { Writer } from './to-json.ts';

type Plainer = (value: unknown) => unknown;

/** A schema whose values are never plain (a map keyed by numbers) stops costing a try per record. */
const GIVE_UP_AFTER_MISSES = 32;

/** Keys an object would not keep in place (integer-like ones go first) or cannot hold. */
const movesInObject = (key: string) =>
  key === '__proto__' || (key.charCodeAt(0) >= 0x30 && key.charCodeAt(0) <= 0x39);

export class PlainPayloads {
  readonly #writerOf: (schema: Schema) => Writer;
  readonly #replaceNullWithDefault: boolean;
  readonly #plainers = new WeakMap<Schema, Plainer>();
  /** Misses in a row per top-level schema; a schema that keeps missing is left to the writer. */
  readonly #misses = new WeakMap<Schema, number>();
  readonly #mapObjects = new ObjectShapes();

  constructor(writerOf: (schema: Schema) => Writer, replaceNullWithDefault: boolean) {
    this.#writerOf = writerOf;
    this.#replaceNullWithDefault = replaceNullWithDefault;
  }

  /** The JSON text of a struct `value`, or undefined when the compiled writer must write it. */
  text(schema: Schema, value: unknown): string | undefined {
    const misses = this.#misses.get(schema) ?? 0;
    if (misses >= GIVE_UP_AFTER_MISSES) return undefined;
    const plain = this.#plainer(schema)(value);
    if (plain !== NOT_PLAIN) {
      if (misses !== 0) this.#misses.set(schema, 0);
      return JSON.stringify(plain);
    }
    this.#misses.set(schema, misses + 1);
    return undefined;
  }

  #plainer(schema: Schema): Plainer {
    let plainer = this.#plainers.get(schema);
    if (plainer === undefined) {
      plainer = this.#compile(schema);
      this.#plainers.set(schema, plainer);
    }
    return plainer;
  }

  #compile(schema: Schema): Plainer {
    const nonNull = this.#compileNonNull(schema);
    // A null the writer replaces with the default, or refuses: the writer does it.
    const writerDecidesNull =
      !schema.optional ||
      (this.#replaceNullWithDefault && schema.defaultValue !== undefined && schema.defaultValue !== null);
    return (value) => {
      if (value === null || value === undefined) return writerDecidesNull ? NOT_PLAIN : null;
      return nonNull(value);
    };
  }

  #compileNonNull(schema: Schema): Plainer {
    const write = this.#writerOf(schema);
    // A leaf's text from its writer, which also throws Kafka's error for a value of the wrong type.
    // Raw JSON must be valid JSON: text that is not (NaN written for an integer field) stays the
    // writer's to write.
    const javaText: Plainer = (value) => {
      const text = write(value);
      try {
        return rawJson(text);
      } catch {
        return NOT_PLAIN;
      }
    };
    switch (schema.name) {
      case LogicalTypeNames.TIMESTAMP:
        return (value) => {
          if (value instanceof Date) {
            const millis = epochMillis(value);
            if (Number.isInteger(millis)) return millis;
          }
          return javaText(value);
        };
      case LogicalTypeNames.DECIMAL:
      case LogicalTypeNames.DATE:
      case LogicalTypeNames.TIME:
        return javaText;
    }
    switch (schema.type) {
      case 'INT8':
      case 'INT16':
      case 'INT32':
      case 'INT64':
        // JavaScript and Java print whole numbers alike; a bigint or a fraction takes Java's text.
        return (value) => (Number.isInteger(value) ? value : javaText(value));
      case 'FLOAT32':
        return (value) => {
          if (typeof value === 'number') {
            const float = Math.fround(value);
            // Float.toString's digits as the double JavaScript prints with those digits; a whole
            // one (12 for Java's 12.0), zero and the rest of the floats take Java's text.
            const shortest = float === 0 ? undefined : shortestFloatDecimal(Math.abs(float));
            if (shortest !== undefined && !Number.isInteger(shortest))
              return float < 0 ? -shortest : shortest;
          }
          return javaText(value);
        };
      case 'FLOAT64':
        return (value) => {
          if (typeof value === 'number' && !Number.isInteger(value)) {
            // Java's Double.toString switches to an exponent outside this range; JavaScript does not.
            const abs = Math.abs(value);
            if (abs >= 1e-3 && abs < 1e7) return value;
          }
          return javaText(value);
        };
      case 'BOOLEAN':
        return (value) => (typeof value === 'boolean' ? value : javaText(value));
      case 'STRING':
        // JSON.stringify escapes exactly as the writer's quote does (which calls it when in doubt).
        return (value) => (typeof value === 'string' ? value : javaText(value));
      case 'BYTES':
        return javaText;
      case 'ARRAY':
        return this.#arrayPlainer(schema);
      case 'MAP':
        return this.#mapPlainer(schema);
      case 'STRUCT':
        return this.#structPlainer(schema);
    }
  }

  #arrayPlainer(schema: Schema): Plainer {
    // No element schema: the elements are written as schemaless values (see to-json.ts).
    const element = schema.valueSchema === null ? toPlain : this.#plainer(schema.valueSchema);
    return (value) => {
      if (!Array.isArray(value)) return NOT_PLAIN;
      const result = new Array<unknown>(value.length);
      for (let i = 0; i < value.length; i++) {
        const plain = element(value[i]);
        if (plain === NOT_PLAIN) return NOT_PLAIN;
        result[i] = plain;
      }
      return result;
    };
  }

  /** Maps with string keys are JSON objects; any other key schema makes [key, value] pairs: the writer's. */
  #mapPlainer(schema: Schema): Plainer {
    if (schema.keySchema?.type !== 'STRING' || schema.keySchema.name !== null) return () => NOT_PLAIN;
    const entry = schema.valueSchema === null ? toPlain : this.#plainer(schema.valueSchema);
    return (value) => {
      if (!(value instanceof Map)) return NOT_PLAIN;
      const keys = new Array<string>(value.size);
      const values = new Array<unknown>(value.size);
      let i = 0;
      for (const [key, fieldValue] of value) {
        if (typeof key !== 'string' || movesInObject(key)) return NOT_PLAIN;
        const plain = entry(fieldValue);
        if (plain === NOT_PLAIN) return NOT_PLAIN;
        keys[i] = key;
        values[i++] = plain;
      }
      return this.#mapObjects.object(keys, values);
    };
  }

  #structPlainer(schema: Schema): Plainer {
    const names = schema.fields.map((field) => field.name);
    if (names.some(movesInObject)) return () => NOT_PLAIN;
    const fields = schema.fields.map((field) => this.#plainer(field.schema));
    // One literal per schema, every field in place; a process that refuses to compile code stores
    // the fields one by one.
    const build = compileLiteral(names) ?? ((values: readonly unknown[]) => assigned(names, values));
    return (value) => {
      if (!(value instanceof Struct)) return NOT_PLAIN;
      if (value.schema !== schema && !schemasEqual(value.schema, schema)) return NOT_PLAIN;
      const values = new Array<unknown>(fields.length);
      for (let i = 0; i < fields.length; i++) {
        const plain = fields[i]!(value.valueAt(i));
        if (plain === NOT_PLAIN) return NOT_PLAIN;
        values[i] = plain;
      }
      return build(values);
    };
  }
}
