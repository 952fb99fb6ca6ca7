// Starts the real Kafka broker and DynamoDB Local when they are not running, reuses them when they
// are, and at the end stops only what this run started: the default pair here, and any server a test
// file started through useServices (so `npm run infra:up` keeps them for the next run).
import { ensureInfra, stopInfra } from '../../scripts/infra/index.ts';
import { recordStarted, takeStarted } from './services.ts';

export async function setup(): Promise<void> {
  await takeStarted(); // a ledger left by an interrupted run names servers that run no more
  const started = await ensureInfra(undefined, (line) => console.log(`infra: ${line}`));
  await recordStarted(started.filter((s) => s.started).map((s) => s.name as never));
}

export async function teardown(): Promise<void> {
  const started = await takeStarted();
  if (started.length > 0) await stopInfra(started);
}
