import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../shared/api/errors.ts';
import { LogicalTypeNames, SchemaBuilder, Schemas, Struct } from '../../../shared/api/schema.ts';
import { javaDoubleToString, javaFloatToString } from '../../../shared/api/values/java-number-text.ts';
import { parseString } from '../../../shared/api/values/parse-string.ts';
import { SimpleDateFormat } from '../../../shared/api/values/simple-date-format.ts';
import { SingleFieldPath } from '../../../shared/transforms/util/field-path.ts';
import { compileJavaRegex, JavaReplacement } from '../../../shared/transforms/util/java-regex.ts';
import { map } from './records.ts';

describe('SingleFieldPath', () => {
  it('keeps a V1 path as one field name, dots included', () => {
    expect(new SingleFieldPath('a.b', 'V1').steps).toEqual(['a.b']);
  });

  it('splits V2 paths at dots, with backticks quoting names that hold dots', () => {
    expect(new SingleFieldPath('a.b.c', 'V2').steps).toEqual(['a', 'b', 'c']);
    expect(new SingleFieldPath('`foo.bar`.baz', 'V2').steps).toEqual(['foo.bar', 'baz']);
    expect(new SingleFieldPath('foo.`bar.baz`', 'V2').steps).toEqual(['foo', 'bar.baz']);
    expect(new SingleFieldPath('a.', 'V2').steps).toEqual(['a', '']);
    expect(new SingleFieldPath('`a\\`.b`.c', 'V2').steps).toEqual(['a`.b', 'c']);
  });

  it("rejects an unclosed backtick with Kafka's message", () => {
    expect(() => new SingleFieldPath('`foo.bar', 'V2')).toThrow(ConfigError);
    expect(() => new SingleFieldPath('`foo.bar', 'V2')).toThrow(
      'Incomplete backtick pair in path: [`foo.bar], consider adding a backslash before backtick at position 0 to escape it',
    );
  });

  it('reads nested struct and map values, null when a step is missing', () => {
    const inner = SchemaBuilder.struct().field('c', Schemas.INT32).build();
    const outer = SchemaBuilder.struct().field('b', inner).build();
    const struct = new Struct(outer).put('b', new Struct(inner).put('c', 7));
    const path = new SingleFieldPath('b.c', 'V2');
    expect(path.valueFromStruct(struct)).toBe(7);
    expect(path.fieldFrom(outer)?.schema).toBe(Schemas.INT32);
    expect(new SingleFieldPath('b.x', 'V2').valueFromStruct(struct)).toBeNull();
    expect(new SingleFieldPath('b.x', 'V2').fieldFrom(outer)).toBeUndefined();
    expect(path.valueFromMap(map({ b: map({ c: 9 }) }))).toBe(9);
    expect(path.valueFromMap(map({ a: 1 }))).toBeNull();
  });
});

describe('Java regular expressions', () => {
  it('matches the whole input, as Matcher.matches does', () => {
    const pattern = compileJavaRegex('orders-.*');
    expect(pattern.matches('orders-eu')).toBe(true);
    expect(pattern.matches('x-orders-eu')).toBe(false);
  });

  it('translates leading inline flags and \\Q...\\E quoting', () => {
    expect(compileJavaRegex('(?i)ORDERS').matches('orders')).toBe(true);
    expect(compileJavaRegex('\\Qa.b\\E').matches('a.b')).toBe(true);
    expect(compileJavaRegex('\\Qa.b\\E').matches('axb')).toBe(false);
    expect(compileJavaRegex('\\Aab\\z').matches('ab')).toBe(true);
  });

  it('translates Java-only constructs and refuses, naming it, what JavaScript cannot express', () => {
    expect(compileJavaRegex('[a-z&&[^b]]+').matches('acd')).toBe(true);
    expect(compileJavaRegex('[a-z&&[^b]]+').matches('abc')).toBe(false);
    expect(compileJavaRegex('a++a').matches('aaa')).toBe(false);
    expect(compileJavaRegex('(a)(?>b)(c)').find('abc')?.[0]).toBe('abc');
    expect(() => compileJavaRegex('\\X')).toThrow('\\X (grapheme cluster) is not supported');
    expect(() => compileJavaRegex('\\p{InNoSuchBlock}')).toThrow(
      'Unknown character block name {InNoSuchBlock}',
    );
    expect(() => compileJavaRegex('a{,3}')).toThrow('Illegal repetition near index 1');
  });

  it('keeps Java group numbers for replacements when atomic groups add their own', () => {
    const pattern = compileJavaRegex('(?>x)(a)(b++)');
    expect(new JavaReplacement('$2-$1', pattern).replaceFirst(pattern, 'xabb')).toBe('bb-a');
  });

  it("expands replacements with Java's group numbers, group names and backslash rules", () => {
    const pattern = compileJavaRegex('(?<region>\\w+)-(\\w+)');
    const expand = (replacement: string) =>
      new JavaReplacement(replacement, pattern).replaceFirst(pattern, 'eu-orders');
    expect(expand('$2_$1')).toBe('orders_eu');
    // Java's named group reference, dollar and braces around the name.
    expect(expand('$' + '{region}.x')).toBe('eu.x');
    expect(expand('\\$1')).toBe('$1');
    // $12 with two groups reads as group 1 followed by a literal 2.
    expect(expand('$12')).toBe('eu2');
    expect(() => expand('$3')).toThrow('No group 3');
    expect(() => expand('$')).toThrow('Illegal group reference: group index is missing');
  });
});

describe('SimpleDateFormat (UTC)', () => {
  // Expected strings produced by java.text.SimpleDateFormat with the UTC time zone.
  const pattern = "EEE, d MMM yyyy HH:mm:ss z Z X YYYY-'W'ww-u a h k K D F W";

  it('formats every pattern letter as Java does', () => {
    const format = new SimpleDateFormat(pattern);
    expect(format.format(new Date(1704067199000))).toBe(
      'Sun, 31 Dec 2023 23:59:59 UTC +0000 Z 2024-W01-7 PM 11 23 11 365 5 6',
    );
    expect(format.format(new Date(1735603200000))).toBe(
      'Tue, 31 Dec 2024 00:00:00 UTC +0000 Z 2025-W01-2 AM 12 24 0 366 5 5',
    );
    expect(new SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSS''").format(new Date(5))).toBe(
      "1970-01-01T00:00:00.005'",
    );
  });

  it('parses abutting numeric fields and ignores trailing text, leniently', () => {
    expect(new SimpleDateFormat('yyyyMMddHHmmss').parse('20240115103000')?.getTime()).toBe(1705314600000);
    // Month 13 and day 45 roll over, as Java's lenient calendar does.
    expect(new SimpleDateFormat('yyyy-MM-dd').parse('2024-13-45trailing')?.getTime()).toBe(1739491200000);
    expect(
      new SimpleDateFormat('dd/MMM/yyyy:HH:mm:ss Z').parse('15/Jan/2024:10:30:00 +0100')?.getTime(),
    ).toBe(Date.UTC(2024, 0, 15, 9, 30));
    expect(new SimpleDateFormat('hh:mm a').parse('12:15 AM')?.getTime()).toBe(15 * 60_000);
    expect(new SimpleDateFormat('yyyy-MM-dd').parse('15.01.2024')).toBeNull();
    // The hour field set last wins, as in Java's calendar; long zone names parse.
    expect(new SimpleDateFormat('h H').parse('11 23')?.getTime()).toBe(23 * 3_600_000);
    expect(new SimpleDateFormat('zzzz').parse('Coordinated Universal Time')?.getTime()).toBe(0);
  });

  it("refuses unknown pattern letters with Java's message", () => {
    expect(() => new SimpleDateFormat('yyyy-bb')).toThrow("Illegal pattern character 'b'");
  });
});

describe('Java number text', () => {
  it('prints doubles and floats as Double.toString and Float.toString do', () => {
    expect(javaFloatToString(Math.fround(1.1))).toBe('1.1');
    expect(javaFloatToString(Math.fround(3.4028235e38))).toBe('3.4028235E38');
    expect(javaDoubleToString(1e10)).toBe('1.0E10');
    expect(javaDoubleToString(0.0001)).toBe('1.0E-4');
    expect(javaDoubleToString(123456789)).toBe('1.23456789E8');
    expect(javaDoubleToString(100)).toBe('100.0');
    expect(javaDoubleToString(-0.5)).toBe('-0.5');
  });
});

describe('Values.parseString', () => {
  // Expected schemas and values from org.apache.kafka.connect.data.Values 4.1.
  it('reads the narrowest type', () => {
    expect(parseString('12')).toEqual({ schema: Schemas.INT8, value: 12 });
    expect(parseString('300')).toEqual({ schema: Schemas.INT16, value: 300 });
    expect(parseString('1e3')).toEqual({ schema: Schemas.INT16, value: 1000 });
    expect(parseString('1.5')).toEqual({ schema: Schemas.FLOAT32, value: 1.5 });
    expect(parseString('0.5')).toEqual({ schema: Schemas.FLOAT32, value: 0.5 });
    expect(parseString('true')).toEqual({ schema: Schemas.BOOLEAN, value: true });
    expect(parseString('hello world')).toEqual({ schema: Schemas.STRING, value: 'hello world' });
    expect(parseString('')).toEqual({ schema: Schemas.STRING, value: '' });
    expect(parseString('null')).toEqual({ schema: null, value: null });
    expect(parseString('99999999999999999999').schema?.name).toBe(LogicalTypeNames.DECIMAL);
  });

  it('reads a leading number and ignores what follows a delimiter, as Kafka does', () => {
    expect(parseString('12,5')).toEqual({ schema: Schemas.INT8, value: 12 });
  });

  it('reads ISO dates, times and timestamps as logical types', () => {
    const date = parseString('2024-01-15');
    expect(date.schema?.name).toBe(LogicalTypeNames.DATE);
    expect(date.value).toEqual(new Date(Date.UTC(2024, 0, 15)));
    expect(parseString('10:15:30.000Z').value).toEqual(new Date(Date.UTC(1970, 0, 1, 10, 15, 30)));
    expect(parseString('2024-01-15T10:15:30.000Z').schema?.name).toBe(LogicalTypeNames.TIMESTAMP);
  });

  it('reads arrays and maps, with a common element schema when there is one', () => {
    const array = parseString('[1,2,300]');
    expect(array.schema?.type).toBe('ARRAY');
    expect(array.schema?.valueSchema?.type).toBe('INT16');
    expect(array.value).toEqual([1, 2, 300]);
    const mixed = parseString('[1, "a"]');
    expect(mixed.value).toEqual([1, 'a']);
    expect(mixed.schema?.valueSchema).toBeNull();
    const parsedMap = parseString('{"a":1,"b":2}');
    expect(parsedMap.schema?.type).toBe('MAP');
    expect(parsedMap.value).toEqual(map({ a: 1, b: 2 }));
    expect(parseString('[1,2').value).toBe('[1,2');
  });

  it('keeps arrays holding nulls as strings, and gives maps of mixed values no value schema', () => {
    expect(parseString('[1, null, 3]')).toEqual({ schema: Schemas.STRING, value: '[1, null, 3]' });
    const mixed = parseString('{"a":1,"b":"x"}');
    expect(mixed.schema?.keySchema).toBe(Schemas.STRING);
    expect(mixed.schema?.valueSchema).toBeNull();
    expect(parseString('{"k": null}').value).toEqual(map({ k: null }));
  });
});
