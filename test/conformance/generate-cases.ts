// Writes the conformance corpus (cases/*.jsonl) from the generators, one case per line. The
// corpus is committed so that a reviewer sees exactly what is compared; rerun this script after
// changing a generator: node test/conformance/generate-cases.ts
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { casesDir } from './corpus.ts';
import { corpusFileText, generatedCorpus } from './generated-corpus.ts';

for (const [file, cases] of Object.entries(generatedCorpus())) {
  writeFileSync(path.join(casesDir, file), corpusFileText(cases));
  console.log(`${file}: ${cases.length} cases`);
}
