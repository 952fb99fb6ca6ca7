// The committed corpus is what the generators produce: a case edited by hand, or a generator
// changed without regenerating (node test/conformance/generate-cases.ts), fails here.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { casesDir } from '../../conformance/corpus.ts';
import { corpusFileText, generatedCorpus } from '../../conformance/generated-corpus.ts';

describe('conformance corpus', () => {
  for (const [file, cases] of Object.entries(generatedCorpus())) {
    it(`${file} matches its generator`, () => {
      const committed = readFileSync(path.join(casesDir, file), 'utf8');
      expect(committed === corpusFileText(cases), `${file}: regenerate the corpus`).toBe(true);
    });
  }
});
