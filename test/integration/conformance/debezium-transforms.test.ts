// Differential conformance with Debezium's own ExtractNewRecordState (3.6.1, run by the same Java
// harness on the Debezium jar set): every case of cases/debezium must give the same record, headers,
// topic or error as Debezium's class.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CaseOutcome, ConformanceCase } from '../../conformance/case.ts';
import { compareOutcomes, parsePrecise } from '../../conformance/compare.ts';
import { casesDir, loadCorpus } from '../../conformance/corpus.ts';
import { runKafkaCases } from '../../conformance/java-harness.ts';
import { runOurCase } from '../../conformance/run-ours.ts';

const corpus = loadCorpus(path.join(casesDir, 'debezium'));
let debezium: Map<string, CaseOutcome>;

const ours = (testCase: ConformanceCase): CaseOutcome =>
  parsePrecise(JSON.stringify(runOurCase(testCase))) as CaseOutcome;

describe('ExtractNewRecordState conformance with Debezium 3.6.1', () => {
  beforeAll(async () => {
    debezium = await runKafkaCases(corpus, 'debezium');
  });

  it('covers every mode and option with Debezium answering each case', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(150);
    expect(corpus.filter((c) => !debezium.has(c.id)).map((c) => c.id)).toEqual([]);
  });

  it('matches Debezium on every case that is not a listed difference', () => {
    const mismatches: string[] = [];
    for (const testCase of corpus.filter((c) => !c.difference)) {
      const verdict = compareOutcomes(testCase, ours(testCase), debezium.get(testCase.id)!);
      if (!verdict.same) mismatches.push(`${testCase.id}\n${verdict.detail}`);
    }
    expect(mismatches, mismatches.join('\n\n')).toEqual([]);
  });
});
