// Kafka keeps a Long and a Double apart even when the Double is whole: schemaless JSON `5.0` reads
// back as a Double, is written back as `5.0` and maps to FLOAT64, where `5` is a Long and INT64.
// JavaScript has one number type, so a schemaless double whose value is whole (5.0, -0.0, 1.0E20)
// is boxed in a JavaDouble; every other double stays a plain number, which cannot be mistaken for
// an integer. A schemaless Float (Cast to float32 without a schema) is boxed in a JavaFloat, since
// Java prints it with Float.toString (0.1, not 0.10000000149011612). Values with a schema are never
// boxed: their schema already says FLOAT32 or FLOAT64.
import { javaDoubleToString, javaFloatToString } from './java-number-text.ts';
import { rawJson } from './raw-json.ts';

export class JavaDouble {
  readonly value: number;

  constructor(value: number) {
    this.value = value;
  }

  /** Arithmetic and comparisons see the number. */
  valueOf(): number {
    return this.value;
  }

  /** Double.toString: 5.0, -0.0, 1.0E20. */
  toString(): string {
    return javaDoubleToString(this.value);
  }

  /** JSON.stringify writes it as Jackson does: 5.0, not 5. */
  toJSON(): unknown {
    return rawJson(javaDoubleToString(this.value));
  }
}

/** A Float without a schema; the value is already rounded to float precision. */
export class JavaFloat {
  readonly value: number;

  constructor(value: number) {
    this.value = Math.fround(value);
  }

  valueOf(): number {
    return this.value;
  }

  /** Float.toString: 0.1, 1.0E10. */
  toString(): string {
    return javaFloatToString(this.value);
  }

  /** JSON.stringify writes it as Jackson writes a FloatNode; NaN and infinities as strings. */
  toJSON(): unknown {
    return Number.isFinite(this.value) ? rawJson(this.toString()) : this.toString();
  }
}

/** A double without a schema, boxed where a plain number would pass for a Long. */
export function schemalessDouble(value: number): number | JavaDouble {
  return Number.isInteger(value) ? new JavaDouble(value) : value;
}

/** Whether a schemaless value is a Java Double (a boxed whole double or any non-integer number). */
export function isSchemalessDouble(value: unknown): value is number | JavaDouble {
  return value instanceof JavaDouble || (typeof value === 'number' && !Number.isInteger(value));
}

/** The number a value holds, unboxing a JavaDouble or JavaFloat; anything else is returned as it is. */
export function unboxNumber<T>(value: T | JavaDouble | JavaFloat): T | number {
  return value instanceof JavaDouble || value instanceof JavaFloat ? value.value : value;
}
