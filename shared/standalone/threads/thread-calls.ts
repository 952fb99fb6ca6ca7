// Calls from a task thread to objects that live in the main thread (the lease, config, status and
// coordinator stores, the invoker, config providers): one message out, one reply back. The stores
// stay single-threaded in the main thread, so leases keep fencing exactly as they do in one thread.
import type { MessagePort, Worker } from 'node:worker_threads';
import { receiveError, type SentError, sendError } from './thread-errors.ts';

export interface CallMessage {
  readonly kind: 'call';
  readonly id: number;
  readonly target: string;
  readonly method: string;
  readonly args: readonly unknown[];
}

export interface ReplyMessage {
  readonly kind: 'reply';
  readonly id: number;
  readonly value?: unknown;
  readonly error?: SentError;
}

/** The thread's side: sends calls, settles them when the replies come. */
export class ThreadCalls {
  readonly #port: MessagePort;
  readonly #pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  #next = 0;

  constructor(port: MessagePort) {
    this.#port = port;
  }

  call(target: string, method: string, args: readonly unknown[]): Promise<unknown> {
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#port.postMessage({ kind: 'call', id, target, method, args } satisfies CallMessage);
    });
  }

  /** Settles the call a reply answers. */
  settle(reply: ReplyMessage): void {
    const pending = this.#pending.get(reply.id);
    if (!pending) return;
    this.#pending.delete(reply.id);
    if (reply.error) pending.reject(receiveError(reply.error));
    else pending.resolve(reply.value);
  }

  /** An object whose every method is a call to `target` in the main thread. */
  proxy<T extends object>(target: string): T {
    return new Proxy({} as T, {
      get: (_, method) =>
        // Not a thenable (awaiting the proxy itself must not call the main thread).
        typeof method !== 'string' || method === 'then'
          ? undefined
          : (...args: unknown[]) => this.call(target, method, args),
    });
  }
}

/** The main thread's side: runs a call on its target and replies, with the error if it threw. */
export async function answerCall(
  worker: Worker,
  targets: Readonly<Record<string, object | undefined>>,
  call: CallMessage,
): Promise<void> {
  let reply: ReplyMessage;
  try {
    const target = targets[call.target] as Record<string, unknown> | undefined;
    const method = target?.[call.method];
    if (typeof method !== 'function') throw new Error(`${call.target}.${call.method} is not available`);
    reply = { kind: 'reply', id: call.id, value: await method.apply(target, call.args) };
  } catch (error) {
    reply = { kind: 'reply', id: call.id, error: sendError(error) };
  }
  try {
    worker.postMessage(reply);
  } catch (error) {
    // A value that does not clone (none of the stores returns one) fails the call, not the process.
    worker.postMessage({ kind: 'reply', id: call.id, error: sendError(error) } satisfies ReplyMessage);
  }
}
