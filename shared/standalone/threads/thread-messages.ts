// What a task thread and the main thread say to each other besides calls and replies.
import type { TaskInvocationRequest } from '../../runtime/coordination/task-invoker.ts';
import type { LogFields } from '../../runtime/logger.ts';
import type { InvocationOutcome } from '../../runtime/tasks/task-invocation.ts';
import type { WorkerConfig } from '../../runtime/worker-config.ts';
import { receiveError, type SentError, sendError } from './thread-errors.ts';

/** What a task thread runs: everything but the stores, which stay in the main thread. */
export interface TaskThreadData {
  readonly request: TaskInvocationRequest;
  readonly worker: WorkerConfig;
  readonly workerId: string;
  readonly leaseTtlMs: number;
  readonly skewMs: number;
  readonly idlePolls?: number;
  readonly safetyMarginMs?: number;
  readonly drainMs?: number;
  readonly mirrorIntervalMs?: number;
  /** Whether the main thread has a status store and a config resolver to call. */
  readonly hasStatuses: boolean;
  readonly resolvesConfig: boolean;
}

export type FromThread =
  | {
      readonly kind: 'log';
      readonly level: 'debug' | 'info' | 'warn' | 'error';
      readonly message: string;
      readonly fields?: LogFields;
    }
  /** The task loop runs and can be asked to stop. */
  | { readonly kind: 'started' }
  | { readonly kind: 'outcome'; readonly outcome: SentOutcome };

/**
 * The invocation to run (the first message a thread gets), and the main thread asking the task to
 * finish its batch, commit and stop (Ctrl-C, shutdown).
 */
export type ToThread = { readonly kind: 'run'; readonly data: TaskThreadData } | { readonly kind: 'stop' };

export type SentOutcome =
  | Exclude<InvocationOutcome, { status: 'failed' }>
  | { readonly status: 'failed'; readonly error: SentError };

export function sendOutcome(outcome: InvocationOutcome): SentOutcome {
  return outcome.status === 'failed' ? { status: 'failed', error: sendError(outcome.error) } : outcome;
}

export function receiveOutcome(sent: SentOutcome): InvocationOutcome {
  return sent.status === 'failed' ? { status: 'failed', error: receiveError(sent.error) } : sent;
}
