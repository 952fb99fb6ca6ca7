// Writes the conformance corpus (cases/*.jsonl) from the generators, one case per line. The
// corpus is committed so that a reviewer sees exactly what is compared; rerun this script after
// changing a generator: node test/conformance/generate-cases.ts
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConformanceCase } from './case.ts';
import { debeziumTransformCases } from './generators/debezium-transforms.ts';
import { jsonConverterCases } from './generators/json-converter.ts';
import { numberConverterCases } from './generators/number-converters.ts';
import { simpleConverterCases } from './generators/simple-converters.ts';
import { transformCases } from './generators/transforms.ts';

const casesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cases');

const files: Record<string, ConformanceCase[]> = {
  'json-converter.jsonl': jsonConverterCases(),
  'simple-converters.jsonl': simpleConverterCases(),
  'number-converters.jsonl': numberConverterCases(),
  'transforms.jsonl': transformCases(),
  // Run against Debezium's jar set, not Kafka's alone: a folder of their own.
  'debezium/extract-new-record-state.jsonl': debeziumTransformCases(),
};

const seen = new Set<string>();
for (const [file, cases] of Object.entries(files)) {
  for (const c of cases) {
    if (seen.has(c.id)) throw new Error(`duplicate case id ${c.id}`);
    seen.add(c.id);
  }
  writeFileSync(path.join(casesDir, file), cases.map((c) => JSON.stringify(c)).join('\n') + '\n');
  console.log(`${file}: ${cases.length} cases`);
}
