// Where the fidelity cases still differ from Kafka, and why: each rule names a family of case ids
// (a regular expression) and the reason. The conformance test requires these cases to still
// differ, so a rule is removed as soon as the difference is fixed.
import type { ConformanceCase } from '../case.ts';

type Note = Pick<ConformanceCase, 'difference' | 'compare' | 'olderJdkDifference'>;

const RULES: [RegExp, Note][] = [
  // Float.toString before JDK 19 (FloatingDecimal) sometimes prints more digits than the shortest
  // that round-trip; JDK 19 and later (and ours) print the shortest: 1.2345679E8 vs 1.23456792E8.
  [
    /^fidelity\/number\/((schemaless|double)\/(whole-123456789|long-2\^53\+1)\/cast-float32|float\/(whole-123456789|long-2\^53\+1)\/(identity|cast-string))$|^fidelity\/number-text\/(long-past-2\^53|int-overflow)\/float32$/,
    {
      olderJdkDifference:
        'before JDK 19, Float.toString prints digits beyond the shortest that round-trip (1.23456792E8); JDK 19 and later, and ours, print 1.2345679E8',
    },
  ],
  // The same for Double.toString before JDK 19: 1.15292157332632371E18 where the shortest is
  // 1.1529215733263237E18 (these values come from longs just past a float tie).
  [
    /^fidelity\/number\/(schemaless\/long-float-midpoint[+-]1\/cast-(float32|float64|float32-float64)|float\/long-float-midpoint[+-]1\/(identity|cast-string|cast-float64)|double\/long-float-midpoint[+-]1\/(identity|cast-string))$/,
    {
      olderJdkDifference:
        'before JDK 19, Float/Double.toString print digits beyond the shortest that round-trip (1.15292164E18); JDK 19 and later, and ours, print 1.1529216E18',
    },
  ],
  [
    /^fidelity\/jackson\/(scale-past-int|scale-past-int-fraction|zero-exponent-past-int|exponent-past-int-in-array)\/envelope$/,
    {
      difference:
        "with a schema, a float literal that Java's BigDecimal refuses (an exponent or scale beyond an int) passes where Kafka's Jackson fails the whole record, if it reads as 0 (1e-2147483648) or sits where the schema reads nothing (an array for an int64): only the number's text shows it, and reading that for every such number would slow the fast path. Without a schema, and wherever a schema reads it as an infinity, ours fails as Kafka does",
    },
  ],
  // Values.parseString infers a Byte for a small integer; ours holds every integer as a Long, which
  // only the message of this failure shows.
  [/^fidelity\/insert-header\/map-of-maps\/json$/, { compare: 'errorClass' }],
  // Kafka dereferences something missing and fails with a NullPointerException; ours throws the
  // same class with a message saying what is missing, where Kafka's is the JVM's "Cannot invoke
  // ... because ... is null" (whose wording depends on the JDK and its flags).
  [
    /^fidelity\/insert-header\/empty-map\/json$|^fidelity\/exception\/(header-from-(move-|second-)?missing-struct|timestamp-converter-no-format(-unix|-date|-whole-value)?)$/,
    { compare: 'errorClass' },
  ],
];

/** java.util.regex constructs our translation does not yet read as Java does, by case label. */
const REGEX_DIFFERENCES: Record<string, string> = {
  grapheme: '\\X (a grapheme cluster) has no JavaScript equivalent: refused at configure time, naming it',
  'grapheme-boundary':
    '\\b{g} (a grapheme boundary) has no JavaScript equivalent: refused at configure time, naming it',
  // Kafka's own topic names are ASCII ([a-zA-Z0-9._-]), so these show only on a topic an earlier
  // SMT renamed to non-ASCII text.
  'case-insensitive-backref-non-ascii':
    "under (?i) without (?u) Java compares a back-reference ignoring the case of ASCII letters only; ours (JavaScript's (?i:\\1)) ignores the case of other letters too",
  'case-insensitive-backref-kelvin':
    "under (?i) without (?u) Java compares a back-reference ignoring the case of ASCII letters only; ours (JavaScript's (?i:\\1)) also equates k and the Kelvin sign",
};

/** Regex cases whose error message quotes the pattern with a caret under it, as Java's does. */
const REGEX_MESSAGE_ONLY = new Set(['brace-min-missing', 'literal-brace']);

export function FIDELITY_NOTES(id: string): Note {
  const regex = /^fidelity\/regex\/(router|filter)\/(.+)$/.exec(id);
  if (regex) {
    const label = regex[2]!;
    if (REGEX_MESSAGE_ONLY.has(label)) return { compare: 'errorClass' };
    if (label === 'boundary-unicode')
      return {
        olderJdkDifference:
          "before JDK 19, Java's \\b saw any letter as a word character; JDK 19 and later, and ours, use \\w's ASCII word characters",
      };
    const reason = REGEX_DIFFERENCES[label];
    return reason === undefined ? {} : { difference: reason };
  }
  for (const [pattern, note] of RULES) if (pattern.test(id)) return note;
  return {};
}
