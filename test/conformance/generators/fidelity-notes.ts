// Where the fidelity cases still differ from Kafka, and why: each rule names a family of case ids
// (a regular expression) and the reason. The conformance test requires these cases to still
// differ, so a rule is removed as soon as the difference is fixed.
import type { ConformanceCase } from '../case.ts';

type Note = Pick<ConformanceCase, 'difference' | 'compare' | 'olderJdkDifference'>;

const BEYOND_DATE =
  "Java's Date holds any long of milliseconds; a JavaScript Date only ±8.64e15 ms (about ±275,760 years), so beyond that ours fails with a DataException where Kafka converts";
const JULIAN =
  "Java's default calendar is Julian before 1582-10-15 (GregorianCalendar's cut-over); ours reads and writes dates in the proleptic Gregorian calendar";

const RULES: [RegExp, Note][] = [
  // Float.toString before JDK 19 (FloatingDecimal) sometimes prints more digits than the shortest
  // that round-trip; JDK 19 and later (and ours) print the shortest: 1.2345679E8 vs 1.23456792E8.
  [
    /^fidelity\/number\/((schemaless|double)\/(whole-123456789|long-2\^53\+1)\/cast-float32|float\/(whole-123456789|long-2\^53\+1)\/(identity|cast-string))$|^fidelity\/number-text\/long-past-2\^53\/float32$/,
    {
      olderJdkDifference:
        'before JDK 19, Float.toString prints digits beyond the shortest that round-trip (1.23456792E8); JDK 19 and later, and ours, print 1.2345679E8',
    },
  ],
  [
    /^fidelity\/number\/schemaless\/(long-2\^53\+1|long-max|long-max\+1|long-min-1)\/timestamp-unix$/,
    { difference: BEYOND_DATE },
  ],
  [
    /^fidelity\/timestamp-edge\/((long-max|long-min)\/(seconds|milliseconds|microseconds)|(seconds-near-limit|past-date-range)\/(seconds|milliseconds)|year-10000\/seconds)\//,
    { difference: BEYOND_DATE },
  ],
  [/^fidelity\/date\/format\/(before-1582|year-1000|year-1)\//, { difference: JULIAN }],
  [/^fidelity\/date\/parse\/(julian|gregorian-gap|ancient|era)$/, { difference: JULIAN }],
  [
    /^fidelity\/date\/parse\/zone-z-PST$/,
    {
      difference: 'SimpleDateFormat reads time-zone names (PST) with `z`; ours reads only GMT offsets there',
    },
  ],
  [
    /^fidelity\/date\/parse\/leading-space$/,
    { difference: 'SimpleDateFormat skips leading whitespace before a number field; ours does not' },
  ],
  [
    /^fidelity\/number-text\/hex-float\/float(32|64)$/,
    { difference: "Java's Float/Double.parseFloat read hexadecimal floating point (0x1p3); ours refuses it" },
  ],
  [
    /^fidelity\/number-text\/(arabic|fullwidth)-digits\/int(8|32|64)$/,
    {
      difference:
        "Java's Long/Integer/Byte.parseX read any Unicode decimal digit (١٢); ours only ASCII digits",
    },
  ],
  [
    /^fidelity\/jackson\/(leading-zero|leading-zero-negative|leading-zero-fraction)\//,
    { difference: "Kafka's Jackson reads numbers with leading zeros (01); JSON.parse refuses them" },
  ],
  [
    /^fidelity\/jackson\/(two-values|two-objects|trailing-text|object-garbage)\/schemaless$/,
    {
      difference:
        "Kafka's Jackson reads the first JSON value and ignores what follows; JSON.parse refuses the document",
    },
  ],
  // Values.parseString infers a Byte for a small integer; ours holds every integer as a Long, which
  // only the message of this failure shows.
  [/^fidelity\/insert-header\/map-of-maps\/json$/, { compare: 'errorClass' }],
  [
    /^fidelity\/insert-header\/empty-map\/json$/,
    {
      difference:
        'Kafka fails with a NullPointerException on the missing key schema; ours with a DataException saying so',
    },
  ],
  [
    /^fidelity\/exception\/header-from-(move-)?missing-struct$/,
    {
      difference:
        'Kafka fails with a NullPointerException on the missing field; ours with a DataException naming it',
    },
  ],
  [
    /^fidelity\/exception\/timestamp-converter-no-format$/,
    {
      difference:
        'a string input without "format" fails with a DataException naming the missing option, where Kafka fails with a NullPointerException',
    },
  ],
];

/** java.util.regex constructs our translation does not yet read as Java does, by case label. */
const REGEX_DIFFERENCES: Record<string, string> = {
  'posix-lower-unicode': '\\p{Lower} is ASCII-only in Java; ours matches any lowercase letter',
  'posix-alpha-unicode': '\\p{Alpha} is ASCII-only in Java; ours matches any letter',
  'posix-digit': 'POSIX class \\p{Digit} is refused at configure time',
  'posix-punct': 'POSIX class \\p{Punct} is refused at configure time',
  'posix-alnum': 'POSIX class \\p{Alnum} is refused at configure time',
  'posix-space': 'POSIX class \\p{Space} is refused at configure time',
  'posix-xdigit': 'POSIX class \\p{XDigit} is refused at configure time',
  'not-class': 'POSIX class \\P{Digit} is refused at configure time',
  'is-alphabetic': '\\p{IsAlphabetic} is refused at configure time',
  'is-latin': '\\p{IsLatin} is refused at configure time',
  'java-lowercase': '\\p{javaLowerCase} is refused at configure time',
  'in-greek': 'block \\p{InGreek} is refused at configure time',
  'script-name': '\\p{script=Greek} is refused at configure time',
  'block-name': '\\p{block=Greek} is refused at configure time',
  'comments-x': 'the (?x) flag is refused at configure time',
  'word-unicode-on': 'the (?U) flag is refused at configure time',
  possessive: 'possessive quantifiers are refused at configure time',
  'possessive-fails': 'possessive quantifiers are refused at configure time',
  atomic: 'atomic groups are refused at configure time',
  intersection: 'class intersection (&&) is refused at configure time',
  'intersection-miss': 'class intersection (&&) is refused at configure time',
  'case-insensitive-unicode-off': "(?i) is ASCII-only in Java unless (?u); ours folds every letter's case",
  'horizontal-space': '\\h (horizontal whitespace) reads as the letter h',
  linebreak: '\\R (any line break) reads as the letter R',
  octal: 'octal escapes (\\0141) read differently',
  'hex-escape': '\\x{61} reads differently',
  bell: '\\a (bell) reads as the letter a',
  'escape-char': '\\e (escape) reads as the letter e',
  'class-union': 'a nested class [a-c[x-z]] (union) reads differently',
  'boundary-unicode': "\\b uses JavaScript's ASCII word characters; Java's \\b sees letters",
  multiline: 'with (?m), matches() must still span the whole input; ours matches one line',
  'unix-lines': '(?d) (UNIX_LINES: only \\n ends a line for .) is ignored',
  'brace-min-missing': 'a{,3} is an error in Java; ours reads it literally',
  'literal-brace': 'a lone { is an error in Java; ours reads it literally',
};

export function FIDELITY_NOTES(id: string): Note {
  const regex = /^fidelity\/regex\/(router|filter)\/(.+)$/.exec(id);
  if (regex) {
    const reason = REGEX_DIFFERENCES[regex[2]!];
    return reason === undefined ? {} : { difference: reason };
  }
  for (const [pattern, note] of RULES) if (pattern.test(id)) return note;
  return {};
}
