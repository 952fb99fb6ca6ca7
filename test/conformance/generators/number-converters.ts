// Cases for Kafka's number converters (Short, Integer, Long, Float, Double) and BooleanConverter:
// the exact bytes written, the values read back, and the errors for wrong sizes and wrong types, as
// key/value converters and as header converters.
import type { BytesSpec, ConformanceCase, DataSpec } from '../case.ts';
import { exact } from './exact.ts';

const PACKAGE = 'org.apache.kafka.connect.converters';

/** Bytes to read, per converter: valid widths with edge values, and wrong widths. */
const READS: Record<string, Record<string, string>> = {
  ShortConverter: { zero: 'AAA=', max: 'f/8=', min: 'gAA=', minusOne: '//8=', short: 'AA==', long: 'AAAA' },
  IntegerConverter: {
    zero: 'AAAAAA==',
    max: 'f////w==',
    min: 'gAAAAA==',
    value: 'AAEA/w==',
    short: 'AAAA',
    long: 'AAAAAAA=',
  },
  LongConverter: {
    zero: 'AAAAAAAAAAA=',
    max: 'f/////////8=',
    min: 'gAAAAAAAAAA=',
    safe: 'AB//////////',
    unsafe: 'ACAAAAAAAAE=',
    minusOne: '//////////8=',
    short: 'AAAAAA==',
  },
  FloatConverter: {
    one: 'P4AAAA==',
    fraction: 'PczMzQ==',
    negativeZero: 'gAAAAA==',
    nan: 'f8AAAA==',
    infinity: 'f4AAAA==',
    max: 'f3///w==',
    short: 'AAA=',
  },
  DoubleConverter: {
    one: 'P/AAAAAAAAA=',
    fraction: 'P7mZmZmZmZo=',
    negativeZero: 'gAAAAAAAAAA=',
    nan: 'f/gAAAAAAAA=',
    negativeInfinity: '//AAAAAAAAA=',
    tiny: 'AAAAAAAAAAE=',
    short: 'AAAAAA==',
  },
  BooleanConverter: { true: 'AQ==', false: 'AA==', two: 'Ag==', empty: '', long: 'AAE=' },
};

/** Connect data to write, for every converter (each accepts only its own Java type). */
const WRITES: Record<string, DataSpec> = {
  int8: { schema: { type: 'int8' }, payload: 5 },
  int16: { schema: { type: 'int16' }, payload: -300 },
  int16max: { schema: { type: 'int16' }, payload: 32767 },
  int32: { schema: { type: 'int32' }, payload: 65791 },
  int32min: { schema: { type: 'int32' }, payload: -2147483648 },
  int64: { schema: { type: 'int64' }, payload: 1234567890123 },
  int64big: { schema: { type: 'int64' }, payload: exact('9007199254740993') },
  int64min: { schema: { type: 'int64' }, payload: exact('-9223372036854775808') },
  float: { schema: { type: 'float' }, payload: 0.1 },
  floatWhole: { schema: { type: 'float' }, payload: 3 },
  double: { schema: { type: 'double' }, payload: 0.1 },
  doubleWhole: { schema: { type: 'double' }, payload: 3 },
  boolean: { schema: { type: 'boolean' }, payload: true },
  booleanFalse: { schema: { type: 'boolean' }, payload: false },
  string: { schema: { type: 'string' }, payload: '12' },
  optionalNull: { schema: { type: 'int32', optional: true }, payload: null },
  optionalBooleanNull: { schema: { type: 'boolean', optional: true }, payload: null },
  schemalessWhole: { schema: null, payload: 7 },
  schemalessFraction: { schema: null, payload: 2.5 },
  schemalessWholeDouble: { schema: null, payload: exact('2.0') },
  schemalessString: { schema: null, payload: 'x' },
  schemalessBoolean: { schema: null, payload: false },
  null: null,
};

export function numberConverterCases(): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const [name, reads] of Object.entries(READS)) {
    const className = `${PACKAGE}.${name}`;
    const inputs: Record<string, BytesSpec> = { ...mapValues(reads), null: null };
    for (const [label, input] of Object.entries(inputs)) {
      cases.push({
        id: `number/${name}/to/${label}`,
        kind: 'converter',
        class: className,
        config: {},
        op: 'toConnect',
        input,
      });
    }
    for (const [label, data] of Object.entries(WRITES)) {
      cases.push({
        id: `number/${name}/from/${label}`,
        kind: 'converter',
        class: className,
        config: {},
        op: 'fromConnect',
        data,
      });
    }
    // As header converters, and as a key converter.
    const [firstRead] = Object.values(reads);
    cases.push(
      {
        id: `number/${name}/header/to`,
        kind: 'headerConverter',
        class: className,
        config: {},
        op: 'toConnectHeader',
        input: { base64: firstRead! },
      },
      {
        id: `number/${name}/header/from-int32`,
        kind: 'headerConverter',
        class: className,
        config: {},
        op: 'fromConnectHeader',
        data: WRITES.int32!,
      },
      {
        id: `number/${name}/header/from-boolean`,
        kind: 'headerConverter',
        class: className,
        config: {},
        op: 'fromConnectHeader',
        data: WRITES.boolean!,
      },
      {
        id: `number/${name}/key/to`,
        kind: 'converter',
        isKey: true,
        class: className,
        config: {},
        op: 'toConnect',
        input: { base64: firstRead! },
      },
    );
  }
  return cases;
}

function mapValues(reads: Record<string, string>): Record<string, BytesSpec> {
  return Object.fromEntries(Object.entries(reads).map(([k, v]) => [k, { base64: v }]));
}
