// The entry of a task thread: one task invocation, as a Lambda runs one, on its own core. It builds
// its own Kafka clients and plugins; the stores, the invoker, config providers and the log stay in
// the main thread and are reached through calls, so leases fence this thread's task as they would
// fence a task in the main thread.
import { parentPort, threadId } from 'node:worker_threads';
import type { TaskInvoker } from '../../runtime/coordination/task-invoker.ts';
import type { LogFields, Logger } from '../../runtime/logger.ts';
import { builtinPlugins } from '../../runtime/plugins/builtin-plugins.ts';
import {
  runTaskInvocation,
  type StoppableRunner,
  type TaskInvocationDeps,
} from '../../runtime/tasks/task-invocation.ts';
import { standaloneKafkaClients } from '../kafka-clients.ts';
import { type ReplyMessage, ThreadCalls } from './thread-calls.ts';
import { type FromThread, sendOutcome, type TaskThreadData, type ToThread } from './thread-messages.ts';

const port = parentPort!;
const calls = new ThreadCalls(port);
const post = (message: FromThread) => port.postMessage(message);
// Built while the thread waits for its invocation (a prewarmed thread waits before it is needed).
const registry = builtinPlugins();

let runner: StoppableRunner | undefined;
let stopRequested = false;
let received: ((data: TaskThreadData) => void) | undefined;
const invocation = new Promise<TaskThreadData>((resolve) => {
  received = resolve;
});
port.on('message', (message: ReplyMessage | ToThread) => {
  if (message.kind === 'reply') calls.settle(message);
  else if (message.kind === 'run') received?.(message.data);
  else if (message.kind === 'stop') {
    stopRequested = true;
    runner?.stop();
  }
});
const data = await invocation;

/** Log lines go to the main thread's logger (its level, its output), naming this thread. */
const log =
  (level: 'debug' | 'info' | 'warn' | 'error') =>
  (message: string, fields?: LogFields): void => {
    const withThread = { ...fields, thread: threadId };
    try {
      post({ kind: 'log', level, message, fields: withThread });
    } catch {
      // A field that does not clone (a function, a socket) is sent as its text.
      post({ kind: 'log', level, message, fields: JSON.parse(JSON.stringify(withThread)) as LogFields });
    }
  };
const logger: Logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };

const deps: TaskInvocationDeps = {
  configs: calls.proxy('configs'),
  leases: calls.proxy('leases'),
  state: calls.proxy('state'),
  ...(data.hasStatuses ? { statuses: calls.proxy('statuses') } : {}),
  invoker: calls.proxy<TaskInvoker>('invoker'),
  registry,
  worker: data.worker,
  kafka: standaloneKafkaClients(data.worker),
  logger,
  ...(data.resolvesConfig
    ? {
        resolveConfig: (config: Readonly<Record<string, string>>) =>
          calls.call('resolver', 'resolveConfig', [config]) as Promise<Record<string, string>>,
      }
    : {}),
  workerId: data.workerId,
  leaseTtlMs: data.leaseTtlMs,
  skewMs: data.skewMs,
  ...(data.idlePolls !== undefined ? { idlePolls: data.idlePolls } : {}),
  ...(data.safetyMarginMs !== undefined ? { safetyMarginMs: data.safetyMarginMs } : {}),
  ...(data.drainMs !== undefined ? { drainMs: data.drainMs } : {}),
  ...(data.mirrorIntervalMs !== undefined ? { mirrorIntervalMs: data.mirrorIntervalMs } : {}),
  onStart: (started) => {
    runner = started;
    post({ kind: 'started' });
    if (stopRequested) started.stop();
  },
};

const outcome = await runTaskInvocation(data.request, deps);
post({ kind: 'outcome', outcome: sendOutcome(outcome) });
// Nothing more is needed from the main thread: unreferenced, the port lets the thread end by itself.
port.unref();
