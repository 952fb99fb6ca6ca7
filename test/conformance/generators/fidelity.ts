// Cases for the data-plane differences that need Java's own semantics to see: numbers (Long vs
// Double, Float precision and spelling, -0.0, extremes, longs beyond 2^53, BigDecimal text, Java's
// string parsing), values that could crash an encoder, java.util.regex constructs, SimpleDateFormat
// parsing, the exception class of each failure, and Jackson's leniency. Most run the data path end
// to end (bytes → converter → SMTs → converter → bytes, headers through a header converter), so a
// transform's output is always fed into a converter.
import type { BytesSpec, ConformanceCase, PipelineSpec, PluginSpec, StageSpec } from '../case.ts';
import { FIDELITY_NOTES } from './fidelity-notes.ts';

const T = 'org.apache.kafka.connect.transforms.';
const P = 'org.apache.kafka.connect.transforms.predicates.';
const JSON_CONVERTER = 'org.apache.kafka.connect.json.JsonConverter';
const SIMPLE_HEADER = 'org.apache.kafka.connect.storage.SimpleHeaderConverter';
const DECIMAL = 'org.apache.kafka.connect.data.Decimal';

const schemaless: PluginSpec = { class: JSON_CONVERTER, config: { 'schemas.enable': 'false' } };
const enveloped: PluginSpec = { class: JSON_CONVERTER, config: { 'schemas.enable': 'true' } };
const numeric: PluginSpec = {
  class: JSON_CONVERTER,
  config: { 'schemas.enable': 'true', 'decimal.format': 'NUMERIC' },
};

const text = (value: string): BytesSpec => ({ text: value });

function pipeline(
  id: string,
  value: string,
  stages: StageSpec[],
  converter: PluginSpec = schemaless,
  extra: Partial<PipelineSpec> = {},
): ConformanceCase {
  return { id: `fidelity/${id}`, kind: 'pipeline', converter, value: text(value), stages, ...extra };
}

const stage = (name: string, config: Record<string, string>): StageSpec => ({
  class: `${T}${name}`,
  config,
});

/** JSON number literals across Java's number model: whole doubles, extremes, longs past 2^53. */
const NUMBERS: Record<string, string> = {
  'one-point-zero': '1.0',
  five: '5',
  'minus-zero': '-0.0',
  zero: '0.0',
  'ten-million-point-zero': '10000000.0',
  'exp-1e7': '1e7',
  'exp-1E-4': '1E-4',
  thousandth: '0.001',
  'one-and-half': '1.5',
  'whole-123456789': '123456789.0',
  'long-2^53+1': '9007199254740993',
  // Just above a point halfway between two floats (2^60 + 2^36 + 1): (float) long rounds once, up;
  // through the nearest double (2^60 + 2^36, the tie itself) it would round to even, down.
  'long-float-midpoint+1': '1152921573326323713',
  'long-float-midpoint-1': '-1152921573326323713',
  // A decimal whose nearest double is a float tie: floatValue() rounds the decimal itself, up.
  'decimal-float-midpoint+': '1.00000005960464477539062500000001',
  'long-max': '9223372036854775807',
  'long-max+1': '9223372036854775808',
  'long-min-1': '-9223372036854775809',
  'exp-1e300': '1e300',
  'double-min': '4.9E-324',
  'double-max': '1.7976931348623157E308',
  'overflow-1e400': '1e400',
  'overflow-minus-1e400': '-1e400',
  tenth: '0.1',
  'hundred-point-00': '100.00',
  'exp-2.5e-3': '2.5e-3',
  'exp-1e-7': '1e-7',
  'big-fraction': '12345678901234567890.5',
  'float-max': '3.4028235E38',
  'exp-1.0e0': '1.0e0',
  'float-denormal': '1.4E-45',
  third: '0.3333333333333333',
  // Fractions so small next to the whole part that the nearest double is whole: Doubles, not Longs.
  'fraction-rounds-away': '100000000000000.001',
  'fraction-rounds-to-one': '0.99999999999999999',
};

/** Ways the value's field `a` goes through SMTs before it is written back. */
const NUMBER_STAGES: Record<string, StageSpec[]> = {
  identity: [],
  'cast-float32': [stage('Cast$Value', { spec: 'a:float32' })],
  'cast-float64': [stage('Cast$Value', { spec: 'a:float64' })],
  'cast-string': [stage('Cast$Value', { spec: 'a:string' })],
  'cast-int64': [stage('Cast$Value', { spec: 'a:int64' })],
  'cast-int32': [stage('Cast$Value', { spec: 'a:int32' })],
  'cast-boolean': [stage('Cast$Value', { spec: 'a:boolean' })],
  'cast-float32-float64': [
    stage('Cast$Value', { spec: 'a:float32' }),
    stage('Cast$Value', { spec: 'a:float64' }),
  ],
  mask: [stage('MaskField$Value', { fields: 'a' })],
  'mask-replacement': [stage('MaskField$Value', { fields: 'a', replacement: '7' })],
  'timestamp-unix': [
    stage('TimestampConverter$Value', {
      field: 'a',
      'target.type': 'Timestamp',
      'unix.precision': 'seconds',
    }),
  ],
  'flatten-hoist': [stage('HoistField$Value', { field: 'outer' }), stage('Flatten$Value', {})],
};

function numberCases(cases: ConformanceCase[]): void {
  for (const [label, literal] of Object.entries(NUMBERS)) {
    for (const [how, stages] of Object.entries(NUMBER_STAGES))
      cases.push(pipeline(`number/schemaless/${label}/${how}`, `{"a":${literal}}`, stages));
    cases.push(pipeline(`number/schemaless/${label}/top-level`, literal, []));
    cases.push(pipeline(`number/schemaless/${label}/in-array`, `[${literal},1]`, []));
    // Typed payloads: a float (FLOAT32) and a double (FLOAT64) field, written back and widened.
    for (const type of ['float', 'double']) {
      const value = `{"schema":{"type":"struct","fields":[{"type":"${type}","optional":false,"field":"a"}],"optional":false},"payload":{"a":${literal}}}`;
      cases.push(pipeline(`number/${type}/${label}/identity`, value, [], enveloped));
      cases.push(
        pipeline(
          `number/${type}/${label}/cast-string`,
          value,
          [stage('Cast$Value', { spec: 'a:string' })],
          enveloped,
        ),
      );
      cases.push(
        pipeline(
          `number/${type}/${label}/cast-${type === 'float' ? 'float64' : 'float32'}`,
          value,
          [stage('Cast$Value', { spec: `a:${type === 'float' ? 'float64' : 'float32'}` })],
          enveloped,
        ),
      );
    }
  }
}

/** Java's string → number parsing through Cast (Float.parseFloat, Double.parseDouble, Long.parseLong). */
const NUMBER_TEXTS: Record<string, string> = {
  plain: '12.5',
  padded: ' 12.5 ',
  'hex-float': '0x1p3',
  'float-suffix': '1e3f',
  'double-suffix': '2.5d',
  'arabic-digits': '\u0661\u0662',
  'fullwidth-digits': '\uff11\uff12',
  plus: '+7',
  'leading-zero': '007',
  nan: 'NaN',
  infinity: '-Infinity',
  'long-past-2^53': '9007199254740993',
  empty: '',
  'dot-only': '.',
  'exp-only': '1e',
  // Hexadecimal floating point (Double.parseDouble's HexFloatingPointLiteral).
  'hex-float-fraction': '0X1.8P-2',
  'hex-float-negative': '-0x1p3',
  'hex-float-plus-suffix': '+0x1P+3f',
  'hex-float-double-suffix': '0x1.8p1d',
  'hex-float-no-whole': '0x.8p1',
  'hex-float-no-fraction-digits': '0x1.p1',
  'hex-float-letters': '0xAbp0',
  'hex-float-padded': ' 0x1p3\t',
  'hex-float-min-double': '0x1p-1074',
  'hex-float-below-min-double': '0x1p-1076',
  'hex-float-half-min-double': '0x1.8p-1075',
  'hex-float-max-double': '0x1.fffffffffffffp1023',
  'hex-float-overflow': '0x1p1024',
  'hex-float-min-float': '0x1p-149',
  'hex-float-float-tie': '0x1.000001p0',
  'hex-float-float-above-tie': '0x1.0000011p0',
  'hex-float-long-mantissa': '0x123456789abcdef123p0',
  'hex-float-huge-exponent': '0x1p99999999999',
  'hex-float-without-exponent': '0x1',
  'hex-float-empty-exponent': '0x1p',
  'hex-float-no-digits': '0xp1',
  'hex-float-trailing': '0x1p3x',
  'hex-float-zero': '-0x0p0',
  // Java's other decimal forms.
  'fraction-only': '.5',
  'dot-ending': '5.',
  'dot-ending-suffix': '5.f',
  'upper-suffix': '1.5F',
  'exponent-suffix': '1e-2D',
  'plus-infinity': '+Infinity',
  'infinity-suffix': 'Infinityf',
  'negative-nan': '-NaN',
  'lowercase-nan': 'nan',
  'control-padded': '\u000112.5\u001f',
  'nbsp-padded': '\u00a012.5',
  'float-midpoint-above': '1.00000005960464477539062500000001',
  'float-midpoint-tie': '1.000000059604644775390625',
  'float-overflow': '3.4028236e38',
  'double-overflow': '1e309',
  'double-underflow': '1e-400',
  // Character.digit: any Unicode decimal digit, one UTF-16 unit at a time, for the integer parsers.
  'arabic-negative': '-\u0661\u0662',
  'fullwidth-plus': '+\uff11\uff12',
  'devanagari-digits': '\u0967\u0968',
  'mixed-digits': '1\u0662',
  'padded-arabic': ' \u0661\u0662',
  'arabic-fraction': '\u0661\u0662.\u0665',
  'arabic-out-of-byte': '\u0662\u0660\u0660',
  'arabic-long-max':
    '\u0669\u0662\u0662\u0663\u0663\u0667\u0662\u0660\u0663\u0666\u0668\u0665\u0664\u0667\u0667\u0665\u0668\u0660\u0667',
  'math-digits-astral': '\u{1d7cf}\u{1d7d0}',
  'fullwidth-sign': '\uff0b\uff11',
  'sign-only': '-',
  'int-overflow': '2147483648',
  'byte-underflow': '-129',
  'short-overflow': '32768',
  'long-overflow': '9223372036854775808',
};

function numberTextCases(cases: ConformanceCase[]): void {
  // MaskField's replacement reads through Values.convertToLong/Double (new BigDecimal(String)).
  for (const label of [
    'plain',
    'padded',
    'arabic-digits',
    'fullwidth-digits',
    'arabic-negative',
    'arabic-fraction',
    'hex-float',
    'float-suffix',
    'control-padded',
    'float-midpoint-above',
    'leading-zero',
    'plus',
  ]) {
    const replacement = NUMBER_TEXTS[label]!;
    for (const [type, input] of Object.entries({ long: '{"a":5}', double: '{"a":5.5}' }))
      cases.push(
        pipeline(`number-text/${label}/mask-${type}`, input, [
          stage('MaskField$Value', { fields: 'a', replacement }),
        ]),
      );
  }
  for (const [label, value] of Object.entries(NUMBER_TEXTS)) {
    for (const type of ['float32', 'float64', 'int64', 'int32', 'int16', 'int8', 'boolean']) {
      cases.push(
        pipeline(`number-text/${label}/${type}`, JSON.stringify({ a: value }), [
          stage('Cast$Value', { spec: `a:${type}` }),
        ]),
      );
    }
  }
}

/** Decimal values and their text (BigDecimal.toString: 1.2E+3, 1E-10). */
const DECIMALS: [string, string, string][] = [
  ['e-plus-3', '1.2E+3', '-2'],
  ['e-minus-10', '1E-10', '10'],
  ['small', '0.00000012', '8'],
  ['trailing-zero', '123.450', '3'],
  ['zero', '0', '0'],
  ['minus-e2', '-5E+2', '-2'],
  ['scale-0', '42', '0'],
  ['tiny-scaled', '0.0000001', '7'],
];

function decimalCases(cases: ConformanceCase[]): void {
  for (const [label, payload, scale] of DECIMALS) {
    const value = `{"schema":{"type":"struct","fields":[{"type":"bytes","name":"${DECIMAL}","parameters":{"scale":"${scale}"},"optional":false,"field":"a"}],"optional":false},"payload":{"a":${payload}}}`;
    cases.push(pipeline(`decimal/${label}/identity`, value, [], numeric));
    cases.push(
      pipeline(`decimal/${label}/cast-string`, value, [stage('Cast$Value', { spec: 'a:string' })], numeric),
    );
    cases.push(
      pipeline(`decimal/${label}/cast-float64`, value, [stage('Cast$Value', { spec: 'a:float64' })], numeric),
    );
    cases.push(
      pipeline(
        `decimal/${label}/header`,
        value,
        [stage('HeaderFrom$Value', { fields: 'a', headers: 'h', operation: 'copy' })],
        numeric,
        {
          headerConverter: { class: SIMPLE_HEADER },
        },
      ),
    );
  }
}

/** InsertHeader literals (Values.parseString) through both header converters. */
const HEADER_LITERALS: Record<string, string> = {
  'float-1.5': '1.5',
  'float-1e10': '1e10',
  'float-0.1': '0.1',
  'double-precision': '0.30000000000000004',
  'whole-1.0': '1.0',
  'float-overflow': '1e39',
  'minus-zero': '-0.0',
  'long-past-max': '9223372036854775808',
  'mixed-array': '[1,"a"]',
  'empty-array': '[]',
  'empty-map': '{}',
  'mixed-map': '{"a":1,"b":"x"}',
  'number-array': '[1,2.5]',
  'nested-arrays': '[[1],[2]]',
  boolean: 'true',
  'bad-map': '{"a":}',
  'map-of-maps': '{"a":{"b":1},"c":{"d":"x"}}',
  'int-keys': '{1:"a",2:"b"}',
  // new BigDecimal(String) reads any Unicode decimal digit; floatValue rounds the decimal once.
  'arabic-digits': '\u0661\u0662',
  'fullwidth-digits': '\uff11\uff12',
  'fullwidth-fraction': '\uff11.\uff15',
  'arabic-exponent': '1e\u0662',
  'arabic-long': '\u0669'.repeat(12),
  'float-midpoint': '1.00000005960464477539062500000001',
};

function headerCases(cases: ConformanceCase[]): void {
  for (const [label, literal] of Object.entries(HEADER_LITERALS)) {
    const stages = [stage('InsertHeader', { header: 'h', 'value.literal': literal })];
    cases.push(
      pipeline(`insert-header/${label}/simple`, '{"a":1}', stages, schemaless, {
        headerConverter: { class: SIMPLE_HEADER },
      }),
    );
    cases.push(
      pipeline(`insert-header/${label}/json`, '{"a":1}', stages, schemaless, {
        headerConverter: { class: JSON_CONVERTER },
      }),
    );
    cases.push(pipeline(`insert-header/${label}/data`, '{"a":1}', stages, schemaless));
  }
}

/** TimestampConverter at the edges of a long: saturation, overflow, precision. */
function timestampEdgeCases(cases: ConformanceCase[]): void {
  const values: Record<string, string> = {
    'long-max': '9223372036854775807',
    'long-min': '-9223372036854775808',
    'seconds-near-limit': '9223372036854775',
    'past-date-range': '8640000000000001',
    'year-10000': '253402300800000',
    negative: '-1',
  };
  for (const [label, value] of Object.entries(values)) {
    for (const precision of ['seconds', 'milliseconds', 'microseconds', 'nanoseconds']) {
      for (const target of ['Timestamp', 'string', 'unix']) {
        const config: Record<string, string> = {
          field: 'a',
          'target.type': target,
          'unix.precision': precision,
        };
        if (target === 'string') config.format = "yyyy-MM-dd'T'HH:mm:ss.SSS";
        cases.push(
          pipeline(`timestamp-edge/${label}/${precision}/${target}`, `{"a":${value}}`, [
            stage('TimestampConverter$Value', config),
          ]),
        );
      }
    }
  }
}

/** SimpleDateFormat parsing and formatting that JavaScript's Date does not share. */
const DATES: [string, string, string][] = [
  ['zone-X', "yyyy-MM-dd'T'HH:mmX", '2024-03-01T10:15+02'],
  ['zone-XX', "yyyy-MM-dd'T'HH:mmXX", '2024-03-01T10:15-0530'],
  ['zone-XXX', "yyyy-MM-dd'T'HH:mmXXX", '2024-03-01T10:15+05:30'],
  ['zone-X-Z', "yyyy-MM-dd'T'HH:mmX", '2024-03-01T10:15Z'],
  ['zone-z-PST', 'yyyy-MM-dd HH:mm z', '2024-03-01 10:15 PST'],
  ['zone-z-GMT-offset', 'yyyy-MM-dd HH:mm z', '2024-03-01 10:15 GMT+03:00'],
  ['zone-Z', 'yyyy-MM-dd HH:mm Z', '2024-03-01 10:15 -0800'],
  ['leading-space', 'yyyy-MM-dd', ' 2024-03-01'],
  ['trailing-text', 'yyyy-MM-dd', '2024-03-01xyz'],
  ['lenient-month', 'yyyy-MM-dd', '2024-13-01'],
  ['week-year', "YYYY-'W'ww-u", '2024-W01-1'],
  ['julian', 'yyyy-MM-dd', '1582-10-04'],
  ['gregorian-gap', 'yyyy-MM-dd', '1582-10-10'],
  ['ancient', 'yyyy-MM-dd', '0100-03-01'],
  ['era', 'yyyy-MM-dd G', '0044-03-15 BC'],
  ['day-of-year', 'yyyy-DDD', '2024-060'],
  ['am-pm', 'yyyy-MM-dd hh:mm a', '2024-03-01 10:15 PM'],
  ['month-name', 'dd MMM yyyy', '01 Mar 2024'],
  ['two-digit-year', 'yy-MM-dd', '24-03-01'],
  ['millis-many', 'yyyy-MM-dd HH:mm:ss.SSS', '2024-03-01 10:15:00.1234'],
];

function dateCases(cases: ConformanceCase[]): void {
  for (const [label, format, input] of DATES) {
    cases.push(
      pipeline(`date/parse/${label}`, JSON.stringify({ a: input }), [
        stage('TimestampConverter$Value', { field: 'a', 'target.type': 'unix', format }),
      ]),
    );
  }
  // Formatting, including dates before the Gregorian switch (Java's calendar is Julian there).
  const instants: Record<string, string> = {
    epoch: '0',
    'before-1582': '-12219292800001',
    'year-1000': '-30610224000000',
    'year-1': '-62135596800000',
    'leap-1900': '-2203891200000',
  };
  for (const [label, millis] of Object.entries(instants)) {
    for (const format of ['yyyy-MM-dd HH:mm:ss.SSS', 'yyyy-MM-dd G EEE', "YYYY-'W'ww-u D"]) {
      cases.push(
        pipeline(`date/format/${label}/${format.replace(/[^A-Za-z]+/g, '-')}`, `{"a":${millis}}`, [
          stage('TimestampConverter$Value', { field: 'a', 'target.type': 'string', format }),
        ]),
      );
    }
  }
}

/** java.util.regex constructs in RegexRouter and TopicNameMatches, with a topic that shows the reading. */
export const REGEX_TABLE: [string, string, string][] = [
  ['posix-lower', '\\p{Lower}+', 'abc'],
  ['posix-lower-unicode', '\\p{Lower}+', 'ábc'],
  ['posix-digit', '\\p{Digit}+', '123'],
  ['posix-punct', 'a\\p{Punct}b', 'a-b'],
  ['posix-alnum', '\\p{Alnum}+', 'ab12'],
  ['posix-alpha-unicode', '\\p{Alpha}+', 'é'],
  ['is-alphabetic', '\\p{IsAlphabetic}+', 'é'],
  ['java-lowercase', '\\p{javaLowerCase}+', 'é'],
  ['in-greek', '\\p{InGreek}+', 'αβ'],
  ['is-latin', '\\p{IsLatin}+', 'abc'],
  ['comments-x', '(?x) a b # comment', 'ab'],
  ['possessive', 'a++b', 'aab'],
  ['possessive-fails', 'a++a', 'aaa'],
  ['atomic', '(?>a+)b', 'aab'],
  ['intersection', '[a-z&&[^aeiou]]+', 'bcd'],
  ['intersection-miss', '[a-z&&[^aeiou]]+', 'bad'],
  ['case-insensitive-ascii', '(?i)straße', 'STRASSE'],
  ['case-insensitive-unicode-off', '(?i)é', 'É'],
  ['case-insensitive-unicode-on', '(?iu)é', 'É'],
  ['horizontal-space', 'a\\hb', 'a b'],
  ['linebreak', 'a\\Rb', 'a\nb'],
  ['octal', '\\0141', 'a'],
  ['quote', '\\Qa.b\\E', 'a.b'],
  ['quote-miss', '\\Qa.b\\E', 'axb'],
  ['brace-min-missing', 'a{,3}', 'aa'],
  ['word-unicode-off', '\\w+', 'é'],
  ['word-unicode-on', '(?U)\\w+', 'é'],
  ['dot-newline', 'a.b', 'a\nb'],
  ['dotall', '(?s)a.b', 'a\nb'],
  ['backreference', '(a)\\1', 'aa'],
  ['named-group', '(?<x>a)\\k<x>', 'aa'],
  ['lookbehind', '(?<=a)b', 'ab'],
  ['control-char', '\\cJ', '\n'],
  ['hex-escape', '\\x{61}', 'a'],
  ['unicode-escape', '\\u0061', 'a'],
  ['bell', '\\a', '\u0007'],
  ['escape-char', '\\e', '\u001b'],
  ['class-union', '[a-c[x-z]]+', 'bx'],
  ['end-of-input-Z', 'a\\Z', 'a\n'],
  ['boundary-unicode', '\\bé', 'é'],
  ['multiline', '(?m)^b', 'a\nb'],
  ['unix-lines', '(?d)a.b', 'a\rb'],
  ['literal-brace', 'a{', 'a{'],
  ['posix-space', '\\p{Space}', ' '],
  ['posix-xdigit', '\\p{XDigit}+', 'fF0'],
  ['general-category', '\\p{Lu}+', 'ÀB'],
  ['script-name', '\\p{script=Greek}+', 'αβ'],
  ['block-name', '\\p{block=Greek}+', 'αβ'],
  ['not-class', '\\P{Digit}+', 'ab'],
  ['vertical-space', 'a\\vb', 'a\u000bb'],
  // The rest of Pattern's documented constructs, each with an input that shows its reading.
  ['octal-short', '\\041', '!'],
  ['tab-escape', 'a\\tb', 'a\tb'],
  ['form-feed', '\\f', '\f'],
  ['negated-class', '[^abc]+', 'xyz'],
  ['range-union', '[a-zA-Z]+', 'aZ'],
  ['subtraction', '[a-z&&[^m-p]]+', 'an'],
  ['subtraction-miss', '[a-z&&[^m-p]]+', 'am'],
  ['dot-cr', 'a.b', 'a\rb'],
  ['dot-nel', 'a.b', 'a\u0085b'],
  ['digit-ascii', '\\d+', '١٢'],
  ['digit-unicode', '(?U)\\d+', '١٢'],
  ['space-ascii', '\\s', '\u00a0'],
  ['space-unicode', '(?U)\\s', '\u2003'],
  ['not-word', '\\W+', '-!'],
  ['not-horizontal', '\\H+', 'ab'],
  ['posix-ascii', '\\p{ASCII}+', 'a~'],
  ['posix-graph', '\\p{Graph}+', 'a!'],
  ['posix-print', '\\p{Print}+', 'a b'],
  ['posix-blank', '\\p{Blank}', '\t'],
  ['posix-cntrl', '\\p{Cntrl}', '\u0001'],
  ['posix-upper-unicode-flag', '(?U)\\p{Upper}+', 'ÀB'],
  ['java-uppercase', '\\p{javaUpperCase}+', 'ÀB'],
  ['java-whitespace', '\\p{javaWhitespace}', '\u001c'],
  ['java-mirrored', '\\p{javaMirrored}', '('],
  ['is-lowercase', '\\p{IsLowercase}+', 'ß'],
  ['is-punctuation', '\\p{IsPunctuation}', '¿'],
  ['category-short', '\\pL+', 'ab'],
  ['category-is', '\\p{IsLu}', 'A'],
  ['category-gc', '\\p{gc=Nd}+', '12'],
  ['category-sc', '\\p{sc=Latin}+', 'ab'],
  ['in-cyrillic', '\\p{InCyrillic}+', 'жд'],
  ['in-basic-latin', '\\p{InBasic_Latin}+', 'ab'],
  ['lu-or-digit', '[\\p{Lu}\\d]+', 'A1'],
  ['start-end', '^abc$', 'abc'],
  ['begin-input', '\\Aab', 'ab'],
  ['end-input', 'ab\\z', 'ab'],
  ['non-boundary', 'a\\Bb', 'ab'],
  ['dollar-before-newline', 'a$', 'a\n'],
  ['reluctant', 'a+?b', 'aab'],
  ['reluctant-brace', 'a{1,3}?', 'aa'],
  ['possessive-brace', 'a{1,3}+a', 'aaa'],
  ['possessive-question', 'a?+a', 'a'],
  ['possessive-star', 'a*+b', 'aab'],
  ['exact-count', 'a{2}', 'aa'],
  ['at-least', 'a{2,}', 'aaa'],
  ['alternation', 'ab|cd', 'cd'],
  ['non-capturing', '(?:ab)+', 'abab'],
  ['flag-group', 'a(?i:b)c', 'aBc'],
  ['flag-group-scope', 'a(?i:b)c', 'aBC'],
  ['flag-off', '(?i)a(?-i)b', 'Ab'],
  ['flag-off-miss', '(?i)a(?-i)b', 'AB'],
  ['lookahead', 'a(?=b)b', 'ab'],
  ['negative-lookahead', 'a(?!c)b', 'ab'],
  ['negative-lookbehind', '(?<!c)ab', 'ab'],
  ['backreference-two-digit', '(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)\\10', 'abcdefghijj'],
  ['comments-class', '(?x)[ a ]+', 'aa'],
  ['comments-escaped-space', '(?x)a\\ b', 'a b'],
  ['quote-in-class', '[\\Q.\\E]', '.'],
  ['grapheme', '\\X', 'a'],
  ['grapheme-boundary', 'a\\b{g}', 'a'],
  ['unknown-property', '\\p{NotAProperty}', 'a'],
  ['unclosed-class', '[abc', 'a'],
  ['dangling', '*a', 'a'],
  ['bad-range', '[z-a]', 'a'],
  ['end-of-previous', '\\Ga', 'a'],
  ['illegal-escape', '\\y', 'y'],
  ['case-insensitive-class', '(?i)[a-c]+', 'ABC'],
  ['case-insensitive-class-unicode', '(?iu)[à-â]+', 'ÀÂ'],
  ['case-insensitive-backref', '(?i)(a)\\1', 'aA'],
  // Back-references under (?i) compare ignoring case: ASCII letters only, unless (?u).
  ['case-insensitive-backref-upper-first', '(?i)(A)\\1', 'Aa'],
  ['case-insensitive-backref-word', '(?i)(ab)\\1', 'abAB'],
  ['case-insensitive-backref-mismatch', '(?i)(a)\\1', 'ab'],
  ['case-insensitive-backref-digits', '(?i)(1)\\1', '11'],
  ['case-insensitive-backref-flag-off', '(?i)(a)(?-i)\\1', 'aA'],
  ['case-insensitive-backref-flag-group', '(a)(?i:\\1)', 'aA'],
  ['case-insensitive-backref-scoped-group', '(?i:(a))\\1', 'aA'],
  ['case-insensitive-backref-named', '(?i)(?<x>a)\\k<x>', 'aA'],
  ['case-insensitive-backref-two-digit', '(?i)(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)\\10', 'abcdefghijJ'],
  ['case-insensitive-backref-repeated', '(?i)(a+)\\1', 'aaAA'],
  ['case-insensitive-backref-non-ascii', '(?i)(é)\\1', 'éÉ'],
  ['case-insensitive-backref-non-ascii-same', '(?i)(é)\\1', 'éé'],
  ['case-insensitive-backref-unicode', '(?iu)(é)\\1', 'éÉ'],
  ['case-insensitive-backref-kelvin', '(?i)(k)\\1', 'k\u212a'],
  ['case-insensitive-backref-kelvin-unicode', '(?iu)(k)\\1', 'k\u212a'],
  ['case-insensitive-backref-sharp-s-unicode', '(?iu)(ß)\\1', 'ß\u1e9e'],
  // \G: Kafka only runs fresh matchers, where the previous match ends at the input's start.
  ['end-of-previous-middle', 'a\\Gb', 'ab'],
  ['end-of-previous-alternation', 'x|\\Gab', 'ab'],
  ['end-of-previous-repeated', '(?:\\Ga)+', 'aa'],
  ['end-of-previous-twice', '\\G\\Ga', 'a'],
  ['end-of-previous-lookbehind', '(?<=\\G)a', 'a'],
  ['end-of-previous-in-class', '[\\G]', 'G'],
  ['end-of-previous-multiline', '(?m)a\\n\\Gb', 'a\nb'],
];

/** RegexRouter's replaceFirst after a match, where \G and (?i) back-references decide the topic. */
const REGEX_REPLACEMENTS: [string, string, string, string][] = [
  ['end-of-previous-groups', '\\G(a)(.*)', '$2$1', 'abc'],
  ['end-of-previous-optional', '(?:\\Gx)?(.*)', '[$1]', 'xyz'],
  ['end-of-previous-not-at-start', '(.)(?:\\G(.))?(.*)', '$1|$2|$3', 'abc'],
  ['case-insensitive-backref-groups', '(?i)(ab)\\1(.*)', '$2-$1', 'abABcd'],
  // A named group in the replacement: $ and { written apart, not as a template placeholder.
  ['case-insensitive-backref-named-groups', '(?i)(?<x>k)\\k<x>(.*)', `$\{x}$2`, 'kKz'],
];

function regexCases(cases: ConformanceCase[]): void {
  for (const [label, regex, replacement, topic] of REGEX_REPLACEMENTS)
    cases.push(
      pipeline(
        `regex/replace/${label}`,
        '{"a":1}',
        [stage('RegexRouter', { regex, replacement })],
        schemaless,
        {
          topic,
        },
      ),
    );
  for (const [label, regex, topic] of REGEX_TABLE) {
    cases.push(
      pipeline(
        `regex/router/${label}`,
        '{"a":1}',
        [stage('RegexRouter', { regex, replacement: 'matched' })],
        schemaless,
        {
          topic,
        },
      ),
    );
    cases.push(
      pipeline(
        `regex/filter/${label}`,
        '{"a":1}',
        [{ class: `${T}Filter`, predicate: { class: `${P}TopicNameMatches`, config: { pattern: regex } } }],
        schemaless,
        { topic },
      ),
    );
  }
}

/** Failures whose Java exception class and phase (configure or apply) reach task traces and the DLQ. */
function exceptionCases(cases: ConformanceCase[]): void {
  const value = '{"a":1,"b":"x"}';
  const structValue = `{"schema":{"type":"struct","fields":[{"type":"int32","optional":false,"field":"a"}],"optional":false},"payload":{"a":1}}`;
  const failures: [string, StageSpec[], string, PluginSpec][] = [
    [
      'regex-router-missing-group',
      [stage('RegexRouter', { regex: '(.*)', replacement: '$2' })],
      value,
      schemaless,
    ],
    [
      'regex-router-trailing-backslash',
      [stage('RegexRouter', { regex: '(.*)', replacement: 'x\\' })],
      value,
      schemaless,
    ],
    [
      'regex-router-unknown-name',
      [stage('RegexRouter', { regex: '(.*)', replacement: '$' + '{name}' })],
      value,
      schemaless,
    ],
    [
      'regex-router-dollar-only',
      [stage('RegexRouter', { regex: '(.*)', replacement: 'a$' })],
      value,
      schemaless,
    ],
    [
      'timestamp-router-bad-letter',
      [stage('TimestampRouter', { 'timestamp.format': 'yyyy-qq' })],
      value,
      schemaless,
    ],
    [
      'timestamp-router-unterminated-quote',
      [stage('TimestampRouter', { 'timestamp.format': "yyyy'x" })],
      value,
      schemaless,
    ],
    [
      'timestamp-router-ok',
      [stage('TimestampRouter', { 'timestamp.format': 'yyyyMMdd' })],
      value,
      schemaless,
    ],
    [
      'header-from-missing-schemaless',
      [stage('HeaderFrom$Value', { fields: 'zz', headers: 'h', operation: 'copy' })],
      value,
      schemaless,
    ],
    [
      'header-from-missing-struct',
      [stage('HeaderFrom$Value', { fields: 'zz', headers: 'h', operation: 'copy' })],
      structValue,
      enveloped,
    ],
    [
      'header-from-move-missing-struct',
      [stage('HeaderFrom$Value', { fields: 'zz', headers: 'h', operation: 'move' })],
      structValue,
      enveloped,
    ],
    [
      'timestamp-converter-no-format',
      [stage('TimestampConverter$Value', { field: 'b', 'target.type': 'Timestamp' })],
      value,
      schemaless,
    ],
    [
      'header-from-second-missing-struct',
      [stage('HeaderFrom$Value', { fields: 'a,zz', headers: 'h1,h2', operation: 'copy' })],
      structValue,
      enveloped,
    ],
    [
      'timestamp-converter-no-format-unix',
      [stage('TimestampConverter$Value', { field: 'b', 'target.type': 'unix' })],
      value,
      schemaless,
    ],
    [
      'timestamp-converter-no-format-date',
      [stage('TimestampConverter$Value', { field: 'b', 'target.type': 'Date' })],
      value,
      schemaless,
    ],
    [
      'timestamp-converter-no-format-whole-value',
      [stage('TimestampConverter$Value', { 'target.type': 'Timestamp' })],
      '"2020-01-01"',
      schemaless,
    ],
    [
      'timestamp-converter-no-format-to-string',
      [stage('TimestampConverter$Value', { field: 'a', 'target.type': 'string' })],
      value,
      schemaless,
    ],
    [
      'timestamp-converter-bad-format',
      [stage('TimestampConverter$Value', { field: 'b', 'target.type': 'Timestamp', format: 'yyyy-qq' })],
      value,
      schemaless,
    ],
    ['cast-bad-string', [stage('Cast$Value', { spec: 'b:int32' })], value, schemaless],
    ['extract-missing-struct', [stage('ExtractField$Value', { field: 'zz' })], structValue, enveloped],
    ['replace-missing-rename', [stage('ReplaceField$Value', { renames: 'zz:y' })], structValue, enveloped],
    ['value-to-key-missing', [stage('ValueToKey', { fields: 'zz' })], structValue, enveloped],
    [
      'insert-field-on-primitive',
      [stage('InsertField$Value', { 'static.field': 's', 'static.value': 'v' })],
      '5',
      schemaless,
    ],
  ];
  for (const [label, stages, input, converter] of failures)
    cases.push(pipeline(`exception/${label}`, input, stages, converter, { timestamp: 1700000000123 }));
}

/** Inputs Jackson reads differently from JSON.parse. */
const LENIENCY: Record<string, string> = {
  'leading-zero': '01',
  'leading-zero-negative': '-01',
  'leading-zero-fraction': '00.5',
  'trailing-text': '1 x',
  'two-values': '1 2',
  'two-objects': '{"a":1} {"b":2}',
  'trailing-comma': '[1,]',
  'single-quotes': "{'a':1}",
  'nan-literal': 'NaN',
  'dot-ending': '1.',
  'dot-leading': '.5',
  plus: '+1',
  hex: '0x10',
  'object-garbage': '{"a":1}garbage',
  'partial-literal': 'tru',
  comment: '/* c */ 1',
  'control-char-in-string': '"a\u0001b"',
  'lone-surrogate': '"\\ud800"',
  'whitespace-only': '   ',
  'duplicate-keys': '{"a":1,"a":2}',
  // Leading zeros, which Jackson skips (ALLOW_LEADING_ZEROS_FOR_NUMBERS), in every number form.
  'leading-zeros-many': '007',
  'leading-zeros-only': '000',
  'leading-zeros-negative-only': '-000',
  'leading-zero-negative-fraction': '-00.5',
  'leading-zero-exponent': '01e2',
  'leading-zeros-zero-exponent': '00e1',
  'leading-zero-whole-fraction': '01.0',
  'leading-zero-decimal-scale': '00.10',
  'leading-zero-small-exponent': '0001.5e-3',
  'leading-zeros-long-run': `${'0'.repeat(1000)}1`,
  'leading-zeros-past-long': '0009223372036854775808',
  'leading-zeros-in-array': '[01,002]',
  'leading-zeros-in-object': '{"a":0012}',
  'leading-zeros-nested': '[[01]]',
  'negative-zero': '-0',
  'negative-zero-fraction': '-0.0',
  'zero-exponent': '0e1',
  'minus-alone': '-',
  'minus-dot': '-.5',
  'zero-dot': '0.',
  // What follows the first value: ignored, except right after a root-level number or literal.
  'number-then-letter': '1x',
  'number-then-comma': '1,2',
  'number-then-bracket': '1]',
  'number-then-control': '1\u0001',
  'number-then-form-feed': '1\f',
  'number-then-tab-text': '\t1\tx',
  'number-then-newline-text': '1\nx',
  'number-then-return-text': '1\rx',
  'number-then-nbsp': '1 \u00a0',
  'three-numbers': '1 2 3',
  'padded-leading-zero': ' 01 ',
  'whitespace-then-garbage': '  {"a":1}  ]',
  'incomplete-second-value': '{"a":1} {"b":',
  'trailing-bracket': '[1]]',
  'trailing-brace': '{"a":1}}',
  'trailing-comma-after-object': '{"a":1},',
  'two-arrays': '[1][2]',
  'array-garbage': '[1]x',
  'object-then-number': '{"a":1}1',
  'two-empty-objects': '{}{}',
  'string-garbage': '"a"x',
  'two-strings': '"a""b"',
  'number-then-open-string': '1 "abc',
  'true-garbage': 'truex',
  'true-digit': 'true1',
  'true-underscore': 'true_',
  'true-bracket': 'true]',
  'true-space-text': 'true x',
  'true-dollar': 'true$',
  'true-colon': 'true:',
  'true-tilde': 'true~',
  'true-accented': 'true\u00e9',
  'true-nbsp': 'true\u00a0',
  'false-quote': 'false"',
  'null-brace': 'null}',
  'null-digit': 'null1',
  'two-nulls': 'null null',
  'bom-leading-zero': '\ufeff{"a":01}',
  'bom-space-text': '\ufeff 1 x',
  'nbsp-only': '\u00a0',
  'form-feed-only': '\f',
  'line-separator-only': '\u2028',
  'vertical-tab-only': '\u000b',
  // Jackson's maxNumberLength (1000): digits of an integer, or of a float's parts together.
  'number-1000-digits': '1'.repeat(1000),
  'number-1001-digits': '1'.repeat(1001),
  'negative-1001-digits': `-${'1'.repeat(1001)}`,
  'fraction-1000-digits': `0.${'1'.repeat(999)}`,
  'fraction-1001-digits': `0.${'1'.repeat(1000)}`,
  'float-1001-digits-with-exponent': `${'1'.repeat(1000)}e1`,
  'float-1000-digits-with-exponent': `1.${'1'.repeat(997)}e55`,
  'leading-zeros-then-1000-digits': `00000${'1'.repeat(1000)}`,
  'leading-zeros-then-1001-digits': `00000${'1'.repeat(1001)}`,
  'number-1001-digits-in-array': `[1,${'1'.repeat(1001)}]`,
  'number-1001-digits-after-value': `1 ${'1'.repeat(1001)}`,
  'digit-string-1001': `"${'1'.repeat(1001)}"`,
  // new BigDecimal(String) limits: an exponent and a scale within an int.
  'exponent-int-max': '1e2147483647',
  'exponent-past-int': '1e2147483648',
  'exponent-past-int-negative': '-1e2147483648',
  'exponent-leading-zeros': '1e000000000001',
  'exponent-eleven-digits': '1e10000000000',
  'scale-past-int': '1e-2147483648',
  'scale-past-int-fraction': '1.5e-2147483647',
  'zero-exponent-past-int': '0e9999999999',
  'exponent-past-int-in-array': '[1,1e2147483648]',
};

function leniencyCases(cases: ConformanceCase[]): void {
  for (const [label, input] of Object.entries(LENIENCY)) {
    cases.push(pipeline(`jackson/${label}/schemaless`, input, []));
    cases.push(
      pipeline(
        `jackson/${label}/envelope`,
        `{"schema":{"type":"int64","optional":true},"payload":${input}}`,
        [],
        enveloped,
      ),
    );
    // A Decimal keeps the number's written scale, so the skipped zeros must not change it.
    if (label.startsWith('leading-zero'))
      cases.push(
        pipeline(
          `jackson/${label}/decimal-envelope`,
          `{"schema":{"type":"bytes","name":"org.apache.kafka.connect.data.Decimal","parameters":{"scale":"2"},"optional":true},"payload":${input}}`,
          [],
          enveloped,
        ),
      );
  }
  // Bytes: Jackson guesses UTF-16/32 from zero bytes or a byte order mark, and decodes UTF-8 inside
  // the first value without checking overlong forms or surrogates, failing on bytes that cannot be.
  const utf16le = (t: string) => Buffer.from(t, 'utf16le');
  const utf32 = (t: string, littleEndian: boolean) => {
    const out = Buffer.alloc(t.length * 4);
    for (let i = 0; i < t.length; i++)
      if (littleEndian) out.writeUInt32LE(t.charCodeAt(i), i * 4);
      else out.writeUInt32BE(t.charCodeAt(i), i * 4);
    return out;
  };
  const bytes = (...parts: (string | number[] | Buffer)[]) =>
    Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));
  const BYTES: Record<string, Buffer> = {
    'utf16le-object': utf16le('{"a":1}'),
    'utf16be-object': utf16le('{"a":1}').swap16(),
    'utf16le-bom': bytes([0xff, 0xfe], utf16le('{"a":"\u00e9"}')),
    'utf16be-bom': bytes([0xfe, 0xff], utf16le('[1,2]').swap16()),
    'utf16le-number': utf16le('01'),
    'utf16le-odd-length': bytes(utf16le('"ab"'), [0x20]),
    'utf16le-literal-then-letter': utf16le('true\u00e9'),
    'utf16le-envelope': utf16le('{"schema":{"type":"int32"},"payload":7}'),
    'utf32be-object': utf32('{"a":1}', false),
    'utf32le-object': utf32('{"a":1}', true),
    'utf32be-bom': bytes([0, 0, 0xfe, 0xff], utf32('7', false)),
    'utf32-truncated': bytes(utf32('{"a":1}', false), [0, 0]),
    'ucs4-2143': bytes([0, 0, 0xff, 0xfe], utf32('1', false)),
    'number-then-nul': bytes('1', [0]),
    'invalid-utf8-in-string': bytes('{"a":"x', [0xff], '"}'),
    'invalid-utf8-middle-byte': bytes('"x', [0xc3, 0x28], '"'),
    'invalid-utf8-truncated': bytes('"x', [0xe2, 0x82], '"'),
    'invalid-utf8-continuation-first': bytes('"x', [0x80], '"'),
    'invalid-utf8-after-value': bytes('{"a":"x"}', [0xff]),
    'invalid-utf8-in-envelope': bytes('{"schema":{"type":"string"},"payload":"x', [0xfe], '"}'),
    'overlong-slash': bytes('"x', [0xc0, 0xaf], '"'),
    'utf8-four-bytes': bytes('"', [0xf0, 0x9f, 0x98, 0x80], '"'),
    'utf8-valid-two-bytes': bytes('"', [0xc3, 0xa9], '"'),
    'replacement-char-itself': bytes('"', [0xef, 0xbf, 0xbd], '"'),
    'utf8-bom': bytes([0xef, 0xbb, 0xbf], '{"a":01}'),
    'literal-then-invalid-byte': bytes('true', [0xff]),
  };
  for (const [label, value] of Object.entries(BYTES))
    cases.push(
      pipeline(`jackson/bytes/${label}`, '', [], schemaless, { value: { base64: value.toString('base64') } }),
    );

  // After a whole envelope, Jackson ignores anything at all.
  for (const [label, trailing] of Object.entries({
    text: ' x',
    brace: '}',
    garbage: 'garbage',
    'second-envelope': '{"schema":{"type":"int64"},"payload":2}',
    'incomplete-value': '{"a":',
  }))
    cases.push(
      pipeline(
        `jackson/envelope-then-${label}`,
        `{"schema":{"type":"int64","optional":true},"payload":1}${trailing}`,
        [],
        enveloped,
      ),
    );
}

export function fidelityCases(): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  numberCases(cases);
  numberTextCases(cases);
  decimalCases(cases);
  headerCases(cases);
  timestampEdgeCases(cases);
  dateCases(cases);
  regexCases(cases);
  exceptionCases(cases);
  leniencyCases(cases);
  return cases.map((c) => ({ ...c, ...FIDELITY_NOTES(c.id) }));
}
