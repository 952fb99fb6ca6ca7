// Servers beyond the default pair (Kafka, DynamoDB Local) are started by the test files that need
// them, in their beforeAll: `await useServices('opensearch')`. Whatever a test run starts is
// written down here, so the global teardown stops it at the end of the run and a server that was
// already running (a developer's `npm run infra:up`) is reused and left alone.
import { existsSync } from 'node:fs';
import { appendFile, mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { ensureInfra, type Service } from '../../scripts/infra/index.ts';
import { infraDir } from '../../scripts/infra/settings.ts';

const ledger = path.join(infraDir, 'run', 'started-by-tests');

export async function useServices(...names: Service[]): Promise<void> {
  const started = await ensureInfra(names, (line) => console.log(`infra: ${line}`));
  await recordStarted(started.filter((s) => s.started).map((s) => s.name as Service));
}

export async function recordStarted(names: readonly Service[]): Promise<void> {
  if (names.length === 0) return;
  await mkdir(path.dirname(ledger), { recursive: true });
  await appendFile(ledger, names.map((n) => `${n}\n`).join(''));
}

/** Names started during this run, read once by the global teardown (and the ledger cleared). */
export async function takeStarted(): Promise<Service[]> {
  if (!existsSync(ledger)) return [];
  const names = (await readFile(ledger, 'utf8')).split('\n').filter((n) => n !== '');
  await rm(ledger, { force: true });
  return [...new Set(names)] as Service[];
}
