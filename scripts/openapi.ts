// npm run openapi: writes docs/openapi.json from shared/runtime/management/openapi.ts (a unit test
// fails when the file and the code disagree).
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { openApiDocument } from '../shared/runtime/management/openapi.ts';

const target = new URL('../docs/openapi.json', import.meta.url);
await writeFile(target, `${JSON.stringify(openApiDocument(), null, 2)}\n`);
// In the project's format, so `npm run lint` stays clean after a regeneration.
execFileSync('npx', ['biome', 'format', '--write', fileURLToPath(target)], { stdio: 'ignore' });
console.log(`wrote ${target.pathname}`);
