// Writes regex-table.json: for every row of the regex table (generators/fidelity.ts), what Java's
// Pattern.matches gives, produced by Kafka's TopicNameMatches in the Java harness (so through
// java.util.regex itself). The unit test java-regex-table.test.ts checks our translator against it
// without a JVM. Rerun after changing the table: node test/conformance/regex-table.ts
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { javaBinary, javaMajorVersion } from '../../scripts/infra/java.ts';
import type { ConformanceCase } from './case.ts';
import { REGEX_TABLE } from './generators/fidelity.ts';
import { runKafkaCases } from './java-harness.ts';

export const regexTableFile = path.join(path.dirname(fileURLToPath(import.meta.url)), 'regex-table.json');

export interface RegexTableRow {
  label: string;
  pattern: string;
  input: string;
  /** Java's answer: whether the whole input matches, or the exception class of a refused pattern. */
  java: { matches: boolean } | { error: string };
}

export interface RegexTable {
  /** The JDK the rows were produced on (Java's \b changed in JDK 19). */
  jdk: number;
  rows: RegexTableRow[];
}

async function main(): Promise<void> {
  const cases: ConformanceCase[] = REGEX_TABLE.map(([label, pattern, input]) => ({
    id: label,
    kind: 'predicate',
    class: 'org.apache.kafka.connect.transforms.predicates.TopicNameMatches',
    config: { pattern },
    record: { topic: input },
  }));
  const outcomes = await runKafkaCases(cases);
  const rows: RegexTableRow[] = REGEX_TABLE.map(([label, pattern, input]) => {
    const outcome = outcomes.get(label)!;
    const java = outcome.error
      ? { error: outcome.error.class }
      : { matches: (outcome.ok as { matches: boolean }).matches };
    return { label, pattern, input, java };
  });
  const table: RegexTable = { jdk: javaMajorVersion(javaBinary()), rows };
  writeFileSync(regexTableFile, `${JSON.stringify(table, null, 1)}\n`);
  console.log(`${rows.length} rows (JDK ${table.jdk})`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
