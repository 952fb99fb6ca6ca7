// The corpus as the generators build it, file by file: written by generate-cases.ts and compared
// with the committed files by a unit test, so a committed case cannot drift from its generator.
import type { ConformanceCase } from './case.ts';
import { dateCases } from './generators/dates.ts';
import { debeziumTransformCases } from './generators/debezium-transforms.ts';
import { fidelityCases } from './generators/fidelity.ts';
import { jsonConverterCases } from './generators/json-converter.ts';
import { numberConverterCases } from './generators/number-converters.ts';
import { simpleConverterCases } from './generators/simple-converters.ts';
import { transformCases } from './generators/transforms.ts';

/** File name under cases/ → its cases; throws on a duplicate case id. */
export function generatedCorpus(): Record<string, ConformanceCase[]> {
  const files: Record<string, ConformanceCase[]> = {
    'json-converter.jsonl': jsonConverterCases(),
    'simple-converters.jsonl': simpleConverterCases(),
    'number-converters.jsonl': numberConverterCases(),
    'transforms.jsonl': transformCases(),
    'fidelity.jsonl': fidelityCases(),
    'dates.jsonl': dateCases(),
    // Run against Debezium's jar set, not Kafka's alone: a folder of their own.
    'debezium/extract-new-record-state.jsonl': debeziumTransformCases(),
  };
  const seen = new Set<string>();
  for (const cases of Object.values(files)) {
    for (const c of cases) {
      if (seen.has(c.id)) throw new Error(`duplicate case id ${c.id}`);
      seen.add(c.id);
    }
  }
  return files;
}

/** A file's text: one case per line. */
export function corpusFileText(cases: readonly ConformanceCase[]): string {
  return cases.map((c) => JSON.stringify(c)).join('\n') + '\n';
}
