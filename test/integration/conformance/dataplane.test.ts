// Differential conformance of the data plane: every case of the corpus (converters, header
// converters, SMTs, predicates, chains) runs through Apache Kafka Connect's own classes (one JVM,
// batch mode) and through ours; the outcomes must be the same, except for the deliberate
// differences the corpus lists with their reasons, which must still differ (so the list stays true).
import { beforeAll, describe, expect, it } from 'vitest';
import { javaBinary, javaMajorVersion } from '../../../scripts/infra/java.ts';
import type { CaseOutcome, ConformanceCase } from '../../conformance/case.ts';
import { compareOutcomes, parsePrecise } from '../../conformance/compare.ts';
import { loadCorpus } from '../../conformance/corpus.ts';
import { runKafkaCases } from '../../conformance/java-harness.ts';
import { runOurCase } from '../../conformance/run-ours.ts';

// Before JDK 19 Java printed some floats with more digits than the shortest; cases that show it
// are listed differences only when the harness runs on such a JDK.
const olderJdk = javaMajorVersion(javaBinary()) < 19;
const corpus = loadCorpus().map((c) =>
  olderJdk && c.olderJdkDifference ? { ...c, difference: c.olderJdkDifference } : c,
);
let kafka: Map<string, CaseOutcome>;

function ours(testCase: ConformanceCase): CaseOutcome {
  // Through JSON, like Kafka's outcome, so both are compared in the same parsed form.
  return parsePrecise(JSON.stringify(runOurCase(testCase))) as CaseOutcome;
}

describe('data plane conformance with Apache Kafka Connect', () => {
  beforeAll(async () => {
    kafka = await runKafkaCases(corpus);
    const differences = corpus.filter((c) => c.difference).length;
    console.log(
      `conformance corpus: ${corpus.length} cases (${corpus.length - differences} must match, ${differences} deliberate differences)`,
    );
  });

  it('has a large corpus with unique ids', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(300);
    expect(new Set(corpus.map((c) => c.id)).size).toBe(corpus.length);
  });

  it('Kafka answered every case', () => {
    const missing = corpus.filter((c) => !kafka.has(c.id)).map((c) => c.id);
    expect(missing).toEqual([]);
  });

  it('matches Kafka on every case that is not a listed difference', () => {
    const mismatches: string[] = [];
    for (const testCase of corpus.filter((c) => !c.difference)) {
      const verdict = compareOutcomes(testCase, ours(testCase), kafka.get(testCase.id)!);
      if (!verdict.same) mismatches.push(`${testCase.id}\n${verdict.detail}`);
    }
    expect(mismatches, mismatches.join('\n\n')).toEqual([]);
  });

  it('still differs where the corpus says we differ on purpose', () => {
    const nowMatching = corpus
      .filter((c) => c.difference)
      .filter((c) => compareOutcomes(c, ours(c), kafka.get(c.id)!).same)
      .map((c) => c.id);
    expect(nowMatching, 'these now match Kafka: remove their "difference" note').toEqual([]);
  });
});
