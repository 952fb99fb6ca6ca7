// Where the fidelity cases still differ from Kafka, and why: each rule names a family of case ids
// (a regular expression) and the reason. The conformance test requires these cases to still
// differ, so a rule is removed as soon as the difference is fixed.
import type { ConformanceCase } from '../case.ts';

type Note = Pick<ConformanceCase, 'difference' | 'compare' | 'olderJdkDifference'>;

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
  grapheme: '\\X (a grapheme cluster) has no JavaScript equivalent: refused at configure time, naming it',
  'grapheme-boundary':
    '\\b{g} (a grapheme boundary) has no JavaScript equivalent: refused at configure time, naming it',
  'end-of-previous': '\\G (the end of the previous match) is refused at configure time, naming it',
  'case-insensitive-backref':
    'under (?i) Java compares a back-reference case-insensitively; ours compares it exactly',
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
