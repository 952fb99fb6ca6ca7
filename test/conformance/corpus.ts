// Reads the committed conformance corpus.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConformanceCase } from './case.ts';

export const casesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cases');

/** The cases of every `*.jsonl` file in `dir` (Kafka's own by default; `cases/debezium` for Debezium's). */
export function loadCorpus(dir: string = casesDir): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()) {
    for (const line of readFileSync(path.join(dir, file), 'utf8').split('\n')) {
      if (line.trim() !== '') cases.push(JSON.parse(line) as ConformanceCase);
    }
  }
  return cases;
}
