import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../shared/api/errors.ts';
import { LeaseLostError } from '../../../shared/leases/lease.ts';
import { MemoryLeaseStore } from '../../../shared/leases/memory-lease-store.ts';
import { answerCall, type CallMessage } from '../../../shared/standalone/threads/thread-calls.ts';
import { receiveError, sendError } from '../../../shared/standalone/threads/thread-errors.ts';

type ProbeMessage =
  | CallMessage
  | { kind: 'claimed'; epoch: number | null }
  | { kind: 'committed' }
  | { kind: 'refused'; leaseLost: boolean; partitions: unknown; message: string };

describe('calls from a task thread to the main thread', () => {
  it('a commit from a thread whose lease was taken over is refused with a LeaseLostError in that thread', async () => {
    const leases = new MemoryLeaseStore();
    await leases.ensure('probe', [{ topic: 't', partition: 0 }], Date.now());
    await leases.assign('probe', [{ topic: 't', partition: 0, from: null, to: 0 }], Date.now());
    const thread = new Worker(new URL('../../support/thread-calls-probe.ts', import.meta.url));
    const outcome = await new Promise<ProbeMessage>((resolve, reject) => {
      thread.on('error', reject);
      thread.on('message', async (message: ProbeMessage) => {
        if (message.kind === 'call') await answerCall(thread, { leases }, message);
        else if (message.kind === 'claimed') {
          expect(message.epoch).toBe(1);
          // Another invocation of the task takes the lease over once it expired: the thread is a zombie.
          const [lease] = await leases.list('probe');
          const taken = await leases.claim(
            lease!,
            { invocation: 'successor', task: 0 },
            Date.now() + 60_000,
            1000,
            0,
          );
          expect(taken?.epoch).toBe(2);
          thread.postMessage({ kind: 'go' });
        } else resolve(message);
      });
    });
    await thread.terminate();
    expect(outcome).toMatchObject({
      kind: 'refused',
      leaseLost: true,
      partitions: [{ topic: 't', partition: 0 }],
    });
    const [lease] = await leases.list('probe');
    expect(lease).toMatchObject({ owner: 'successor', epoch: 2, offset: null });
  });

  it('errors keep their class, message and fields across threads', () => {
    const lost = receiveError(
      structuredClone(sendError(new LeaseLostError('c', [{ topic: 't', partition: 3 }]))),
    );
    expect(lost).toBeInstanceOf(LeaseLostError);
    expect((lost as LeaseLostError).partitions).toEqual([{ topic: 't', partition: 3 }]);
    expect(lost.message).toContain('t-3');
    const config = receiveError(structuredClone(sendError(new ConfigError('k', 'v', 'bad'))));
    expect(config).toBeInstanceOf(ConfigError);
    expect((config as ConfigError).key).toBe('k');
    const plain = receiveError(structuredClone(sendError(new TypeError('x', { cause: new Error('y') }))));
    expect(plain.message).toBe('x');
    expect((plain.cause as Error).message).toBe('y');
  });
});
