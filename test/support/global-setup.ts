// Starts the real Kafka broker and DynamoDB Local when they are not running, reuses them when they
// are, and stops at the end only what it started (so `npm run infra:up` keeps them for the next run).
import { ensureInfra, type Service, stopInfra } from '../../scripts/infra/index.ts';

let startedHere: Service[] = [];

export async function setup(): Promise<void> {
  const started = await ensureInfra(undefined, (line) => console.log(`infra: ${line}`));
  startedHere = started.filter((s) => s.started).map((s) => s.name as Service);
}

export async function teardown(): Promise<void> {
  if (startedHere.length > 0) await stopInfra(startedHere);
}
