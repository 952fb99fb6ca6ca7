// The whole runtime in one process: a coordinator reconciling on an interval (and on demand) and
// task invocations as async loops. Standalone mode is this with in-memory stores; the distributed
// tests run it against DynamoDB Local, several at once, to play the part of many Lambdas.
import type { KafkaAdmin } from '../kafka/types.ts';
import type { LeaseStore } from '../leases/lease.ts';
import { Coordinator, type ReconcileResult } from './coordination/coordinator.ts';
import type { CoordinatorStateStore } from './coordination/coordinator-state.ts';
import { InProcessTaskInvoker } from './coordination/in-process-invoker.ts';
import type { TaskInvocationRequest } from './coordination/task-invoker.ts';
import type { Logger } from './logger.ts';
import type { PluginRegistry } from './plugins/plugins.ts';
import type { ConfigStore } from './stores/config-store.ts';
import type { StatusStore } from './stores/status-store.ts';
import {
  type InvocationOutcome,
  type KafkaClients,
  runTaskInvocation,
  type TaskInvocationDeps,
} from './tasks/task-invocation.ts';
import type { WorkerConfig } from './worker-config.ts';

export interface LocalRuntimeOptions {
  readonly configs: ConfigStore;
  readonly leases: LeaseStore;
  readonly state: CoordinatorStateStore;
  readonly statuses: StatusStore;
  readonly registry: PluginRegistry;
  readonly worker: WorkerConfig;
  readonly kafka: KafkaClients;
  /** The coordinator's admin client (kept open for the runtime's life). */
  readonly admin: KafkaAdmin;
  readonly logger: Logger;
  readonly workerId: string;
  readonly leaseTtlMs: number;
  readonly skewMs?: number;
  readonly reconcileIntervalMs: number;
  readonly invokeGraceMs?: number;
  /** Overrides for every task invocation (budgets, idle exit, config resolution). */
  readonly task?: Partial<Omit<TaskInvocationDeps, 'onStart'>>;
  /**
   * Runs one invocation with its dependencies; default: runTaskInvocation in this thread
   * (standalone passes one that runs it in a worker thread of its own).
   */
  readonly runInvocation?: (
    request: TaskInvocationRequest,
    deps: TaskInvocationDeps,
  ) => Promise<InvocationOutcome>;
  /** Called after every reconcile pass; returning true ends the loop. */
  readonly afterReconcile?: (results: readonly ReconcileResult[]) => boolean | Promise<boolean>;
}

export class LocalRuntime {
  readonly coordinator: Coordinator;
  readonly invoker: InProcessTaskInvoker;
  readonly leases: LeaseStore;
  readonly #options: LocalRuntimeOptions;
  #stopRequested = false;
  #wake: (() => void) | undefined;
  #loop: Promise<void> | undefined;

  constructor(options: LocalRuntimeOptions) {
    this.#options = options;
    this.leases = options.leases;
    const skewMs = options.skewMs ?? 0;
    const runInvocation = options.runInvocation ?? runTaskInvocation;
    this.invoker = new InProcessTaskInvoker(
      (request, register) =>
        runInvocation(request, {
          configs: options.configs,
          leases: options.leases,
          state: options.state,
          statuses: options.statuses,
          invoker: this.invoker,
          registry: options.registry,
          worker: options.worker,
          kafka: options.kafka,
          logger: options.logger,
          workerId: options.workerId,
          leaseTtlMs: options.leaseTtlMs,
          skewMs,
          ...options.task,
          onStart: register,
        }),
      options.logger,
    );
    this.coordinator = new Coordinator({
      configs: options.configs,
      leases: options.leases,
      state: options.state,
      statuses: options.statuses,
      invoker: this.invoker,
      admin: () => options.admin,
      logger: options.logger,
      workerId: options.workerId,
      skewMs,
      invokeGraceMs: options.invokeGraceMs ?? 0,
    });
  }

  /** Starts reconciling; resolves when stop() was called (or afterReconcile said so) and tasks ended. */
  run(): Promise<void> {
    this.#loop ??= this.#run();
    return this.#loop;
  }

  /** Reconciles now instead of at the next tick (what the REST API's trigger does). */
  reconcileSoon(): void {
    this.#wake?.();
  }

  async #run(): Promise<void> {
    try {
      while (!this.#stopRequested) {
        const results = await this.coordinator.reconcileAll();
        if (await this.#options.afterReconcile?.(results)) break;
        if (this.#stopRequested) break;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.#options.reconcileIntervalMs);
          this.#wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.#wake = undefined;
      }
    } finally {
      await this.invoker.stopAll();
    }
  }

  /** Every task finishes its batch, flushes, commits and releases; then run() resolves. */
  async stop(): Promise<void> {
    this.#stopRequested = true;
    this.#wake?.();
    await this.#loop;
  }
}
