// A thread that uses a lease store living in the main thread through ThreadCalls, as a task thread
// does: it claims a lease, waits to be told to go on, commits, and reports what the commit did.
import { parentPort } from 'node:worker_threads';
import { LeaseLostError, type LeaseStore } from '../../shared/leases/lease.ts';
import { type ReplyMessage, ThreadCalls } from '../../shared/standalone/threads/thread-calls.ts';

const port = parentPort!;
const calls = new ThreadCalls(port);
let go: (() => void) | undefined;
port.on('message', (message: ReplyMessage | { kind: 'go' }) => {
  if (message.kind === 'reply') calls.settle(message);
  else go?.();
});
const leases = calls.proxy<LeaseStore>('leases');
const claimant = { invocation: 'thread-invocation', task: 0 };
const [lease] = await leases.list('probe');
const claimed = await leases.claim(lease!, claimant, Date.now(), 1000, 0);
const proceed = new Promise<void>((resolve) => {
  go = resolve;
});
port.postMessage({ kind: 'claimed', epoch: claimed?.epoch ?? null });
await proceed;
try {
  await leases.commit(
    'probe',
    claimant,
    [{ topic: 't', partition: 0, epoch: claimed!.epoch, offset: 5 }],
    undefined,
    Date.now(),
    1000,
  );
  port.postMessage({ kind: 'committed' });
} catch (error) {
  port.postMessage({
    kind: 'refused',
    leaseLost: error instanceof LeaseLostError,
    partitions: (error as LeaseLostError).partitions,
    message: (error as Error).message,
  });
}
port.unref();
