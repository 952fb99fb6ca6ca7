// A lease store that is unavailable now and then (DynamoDB throttling or a 5xx after the SDK's
// retries) postpones a listing, a claim or a commit; it never fails the task, never loses a record
// and never hands one to the sink twice.
import { describe, expect, it } from 'vitest';
import type { SinkTask } from '../../../shared/api/connector.ts';
import type { SinkRecord } from '../../../shared/api/record.ts';
import { MemoryLeaseStore } from '../../../shared/leases/memory-lease-store.ts';
import { StoreUnavailableError } from '../../../shared/runtime/stores/store-unavailable-error.ts';
import { memoryReader, runSinkRunner } from '../../support/sink-runner.ts';

const flakyOperations = ['generation', 'list', 'claim', 'commit'] as const;

/** One call in three of each flaky operation is refused as unavailable, while armed. */
class FlakyLeaseStore extends MemoryLeaseStore {
  readonly refused = new Map<string, number>();
  readonly #calls = new Map<string, number>();
  armed = false;

  constructor() {
    super();
    for (const operation of flakyOperations) {
      const real = this[operation].bind(this) as (...args: unknown[]) => Promise<unknown>;
      Object.defineProperty(this, operation, {
        value: async (...args: unknown[]) => {
          this.#maybeRefuse(operation);
          return real(...args);
        },
      });
    }
  }

  #maybeRefuse(operation: string): void {
    if (!this.armed) return;
    const calls = (this.#calls.get(operation) ?? 0) + 1;
    this.#calls.set(operation, calls);
    if (calls % 3 === 1) {
      this.refused.set(operation, (this.refused.get(operation) ?? 0) + 1);
      throw new StoreUnavailableError(`injected: ${operation} throttled`);
    }
  }
}

class CollectingSink implements SinkTask {
  readonly values: string[] = [];
  start(): void {}
  put(records: readonly SinkRecord[]): void {
    for (const record of records) this.values.push(`${record.kafkaPartition}:${String(record.value)}`);
  }
  flush(): void {}
  stop(): void {
    this.onStop();
  }
  readonly onStop: () => void;
  constructor(onStop: () => void) {
    this.onStop = onStop;
  }
}

describe('SinkTaskRunner with a lease store unavailable now and then', () => {
  it('drains every record exactly once and commits every offset', { timeout: 30_000 }, async () => {
    const leases = new FlakyLeaseStore();
    // Disarmed once the task stops, so the test reads the outcome undisturbed.
    const sink = new CollectingSink(() => (leases.armed = false));
    const { summary, offsets } = await runSinkRunner(
      sink,
      memoryReader(50, 10),
      { commitIntervalMs: 0, ownershipRefreshMs: 20 },
      { keepGoing: () => true, idlePolls: 20 },
      { leases, assignLater: (assign) => void assign().then(() => (leases.armed = true)) },
    );
    expect(summary.reason).toBe('idle');
    expect([...offsets.values()]).toEqual([50, 50]);
    const expected = [0, 1].flatMap((p) => Array.from({ length: 50 }, (_, i) => `${p}:v${i}`));
    expect([...sink.values].sort()).toEqual(expected.sort());
    // The faults were met where they matter.
    for (const operation of flakyOperations) expect(leases.refused.get(operation) ?? 0).toBeGreaterThan(0);
  });
});
