// The one Values port (shared/api/values) as both SimpleHeaderConverter and the SMTs use it; the
// expected texts and types are what org.apache.kafka.connect.data.Values 4.1 gives.
import { describe, expect, it } from 'vitest';
import { SchemaBuilder, Schemas } from '../../../shared/api/schema.ts';
import { convertToString, isoDateText } from '../../../shared/api/values/convert-to-string.ts';
import { javaClassOf } from '../../../shared/api/values/java-class.ts';
import { javaDoubleToString } from '../../../shared/api/values/java-number-text.ts';
import { parseString } from '../../../shared/api/values/parse-string.ts';

describe('Values', () => {
  it('prints a FLOAT32 as Float.toString does, a FLOAT64 as Double.toString does', () => {
    expect(convertToString(Schemas.FLOAT32, Math.fround(0.1))).toBe('0.1');
    expect(convertToString(Schemas.FLOAT64, Math.fround(0.1))).toBe('0.10000000149011612');
    expect(convertToString(Schemas.INT32, 7)).toBe('7');
    expect(convertToString(null, 1e7)).toBe('10000000');
    expect(javaDoubleToString(1e7)).toBe('1.0E7');
    expect(javaDoubleToString(Number.NaN)).toBe('NaN');
  });

  it('holds a parsed float at float precision and widens mixed arrays to it', () => {
    expect(parseString('0.1')).toEqual({ schema: Schemas.FLOAT32, value: Math.fround(0.1) });
    const mixed = parseString('[1, 0.1]');
    expect(mixed.schema).toEqual(SchemaBuilder.array(Schemas.FLOAT32).build());
    expect(mixed.value).toEqual([1, Math.fround(0.1)]);
  });

  it('writes dates in the ISO form it reads back', () => {
    const timestamp = new Date(Date.UTC(2024, 0, 15, 10, 15, 30, 5));
    expect(isoDateText(timestamp)).toBe('2024-01-15T10:15:30.005Z');
    expect(parseString(isoDateText(timestamp)).value).toEqual(timestamp);
    expect(isoDateText(new Date(Date.UTC(2024, 0, 15)))).toBe('2024-01-15');
    expect(isoDateText(new Date(3_600_000))).toBe('01:00:00.000Z');
  });

  it('names the Java class Kafka would hold', () => {
    expect(javaClassOf('x')).toBe('class java.lang.String');
    expect(javaClassOf(new Uint8Array(1))).toBe('class [B');
    expect(javaClassOf(1.5)).toBe('class java.lang.Double');
  });
});
