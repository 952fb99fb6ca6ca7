// Runs each task invocation in its own worker thread (standalone's task.threads=true), so several
// tasks and connectors in one process use several cores, as Kafka Connect's thread per task does.
// The main thread keeps the stores and answers the thread's calls; a stop request (Ctrl-C,
// shutdown) is passed on at the same point the in-thread loop would see it, and the invocation
// ends only when the thread has ended, so at most one thread per task is alive.
//
// Loading the engine is most of a thread's start-up, so threads for the tasks known at start can be
// started ahead (prewarm), while the main thread connects and validates; each still runs a single
// invocation, as a Lambda with provisioned concurrency would.
import { Worker } from 'node:worker_threads';
import { ConfigError } from '../../api/errors.ts';
import type { TaskInvocationRequest } from '../../runtime/coordination/task-invoker.ts';
import type { InvocationOutcome, TaskInvocationDeps } from '../../runtime/tasks/task-invocation.ts';
import { answerCall, type CallMessage } from './thread-calls.ts';
import { type FromThread, receiveOutcome, type TaskThreadData, type ToThread } from './thread-messages.ts';

/**
 * The worker key task.threads: `true` (default) runs each task invocation in a worker thread of its
 * own, so tasks use several cores; `false` runs every task in the main thread, as async loops.
 */
export function taskThreads(worker: Readonly<Record<string, string>>): boolean {
  const value = (worker['task.threads'] ?? 'true').trim().toLowerCase();
  if (value !== 'true' && value !== 'false')
    throw new ConfigError('task.threads', value, 'Expected value to be either true or false');
  return value === 'true';
}

const THREAD_ENTRY = new URL('./task-thread-start.ts', import.meta.url);

/** How long a thread that reported its outcome may take to end by itself before it is terminated. */
const EXIT_GRACE_MS = 5000;

interface Started {
  readonly thread: Worker;
  readonly spawnedAt: number;
  /** Set when the thread ended before it was given an invocation. */
  ended: boolean;
}

export class TaskThreads {
  readonly #spares: Started[] = [];

  /** Starts `count` threads that load the engine now and wait for an invocation. */
  prewarm(count: number): void {
    for (let i = 0; i < count; i++) {
      const started: Started = {
        thread: new Worker(THREAD_ENTRY),
        spawnedAt: performance.now(),
        ended: false,
      };
      // A spare that fails to load is dropped; the invocation that would have used it starts its own.
      started.thread.once('error', () => {});
      started.thread.once('exit', () => {
        started.ended = true;
      });
      // Waiting for an invocation is no reason to keep the process alive.
      started.thread.unref();
      this.#spares.push(started);
    }
  }

  /** Ends the threads prewarmed and never used (on shutdown). */
  async close(): Promise<void> {
    await Promise.all(this.#spares.splice(0).map((s) => s.thread.terminate()));
  }

  /** Runs one invocation in a thread of its own; resolves when the thread has ended. */
  run(request: TaskInvocationRequest, deps: TaskInvocationDeps): Promise<InvocationOutcome> {
    let started = this.#spares.shift();
    while (started?.ended) started = this.#spares.shift();
    started?.thread.ref();
    return runInTaskThread(
      request,
      deps,
      started ?? { thread: new Worker(THREAD_ENTRY), spawnedAt: performance.now(), ended: false },
    );
  }
}

function runInTaskThread(
  request: TaskInvocationRequest,
  deps: TaskInvocationDeps,
  { thread, spawnedAt }: Started,
): Promise<InvocationOutcome> {
  if (deps.remainingMs) throw new Error('A time budget (remainingMs) cannot be passed to a task thread');
  const data: TaskThreadData = {
    request,
    worker: deps.worker,
    workerId: deps.workerId,
    leaseTtlMs: deps.leaseTtlMs,
    skewMs: deps.skewMs,
    ...(deps.idlePolls !== undefined ? { idlePolls: deps.idlePolls } : {}),
    ...(deps.safetyMarginMs !== undefined ? { safetyMarginMs: deps.safetyMarginMs } : {}),
    ...(deps.drainMs !== undefined ? { drainMs: deps.drainMs } : {}),
    ...(deps.mirrorIntervalMs !== undefined ? { mirrorIntervalMs: deps.mirrorIntervalMs } : {}),
    hasStatuses: deps.statuses !== undefined,
    resolvesConfig: deps.resolveConfig !== undefined,
  };
  const targets = {
    configs: deps.configs,
    leases: deps.leases,
    state: deps.state,
    statuses: deps.statuses,
    invoker: deps.invoker,
    resolver: deps.resolveConfig ? { resolveConfig: deps.resolveConfig } : undefined,
  };
  return new Promise((resolve) => {
    thread.postMessage({ kind: 'run', data } satisfies ToThread);
    let outcome: InvocationOutcome | undefined;
    let crash: Error | undefined;
    let exitTimer: NodeJS.Timeout | undefined;
    thread.on('message', (message: FromThread | CallMessage) => {
      switch (message.kind) {
        case 'call':
          void answerCall(thread, targets, message);
          break;
        case 'log':
          deps.logger[message.level](message.message, message.fields);
          break;
        case 'started':
          deps.logger.debug('task thread started', {
            ...request,
            startupMs: Math.round(performance.now() - spawnedAt),
          });
          deps.onStart?.({ stop: () => thread.postMessage({ kind: 'stop' } satisfies ToThread) });
          break;
        case 'outcome':
          outcome = receiveOutcome(message.outcome);
          // Its clients are closed by now; a handle left open must not keep the invocation alive.
          exitTimer = setTimeout(() => {
            deps.logger.debug('task thread still had work scheduled after its task ended; terminated', {
              ...request,
            });
            void thread.terminate();
          }, EXIT_GRACE_MS);
          exitTimer.unref();
          break;
      }
    });
    // An exception the task loop did not catch ends the thread; the invocation fails, as it does
    // when runTaskInvocation itself throws in the main thread.
    thread.on('error', (error) => {
      crash = error;
      deps.logger.error('task thread crashed', { ...request, error: error.message });
    });
    thread.on('exit', (code) => {
      clearTimeout(exitTimer);
      resolve(
        outcome ?? {
          status: 'failed',
          error: crash ?? new Error(`The task thread exited (code ${code}) before the task ended`),
        },
      );
    });
  });
}
