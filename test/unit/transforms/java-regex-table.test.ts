// The regex translator against java.util.regex itself: every construct of Pattern's documentation
// in the table (generators/fidelity.ts) with the answer Java gave (regex-table.json, produced by
// the Java harness: node test/conformance/regex-table.ts). A pattern Java refuses must be refused
// at configure time; one Java accepts must match exactly the same input, or be a listed difference.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileJavaRegex } from '../../../shared/transforms/util/java-regex.ts';
import { REGEX_TABLE } from '../../conformance/generators/fidelity.ts';
import { FIDELITY_NOTES } from '../../conformance/generators/fidelity-notes.ts';
import type { RegexTable } from '../../conformance/regex-table.ts';
import { regexTableFile } from '../../conformance/regex-table.ts';

const table = JSON.parse(readFileSync(regexTableFile, 'utf8')) as RegexTable;

function ours(pattern: string, input: string): { matches: boolean } | { error: string } {
  try {
    return { matches: compileJavaRegex(pattern).matches(input) };
  } catch {
    return { error: 'org.apache.kafka.common.config.ConfigException' };
  }
}

describe("the Java regex translator against java.util.regex's own answers", () => {
  it('has a Java answer for every row of the table', () => {
    expect(table.rows.map((r) => [r.label, r.pattern, r.input])).toEqual(REGEX_TABLE);
  });

  for (const row of table.rows) {
    const note = FIDELITY_NOTES(`fidelity/regex/router/${row.label}`);
    const difference = note.difference ?? (table.jdk < 19 ? note.olderJdkDifference : undefined);
    it(`${row.label}: ${row.pattern} on ${JSON.stringify(row.input)}`, () => {
      if (difference) expect(ours(row.pattern, row.input), difference).not.toEqual(row.java);
      else expect(ours(row.pattern, row.input)).toEqual(row.java);
    });
  }
});
