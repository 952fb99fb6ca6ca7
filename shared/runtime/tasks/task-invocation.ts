// One invocation of one task (DESIGN.md §4): read the connector's desired state, build the
// pipeline, claim the leases assigned to this task, run the batch loop until the time budget ends
// or nothing is assigned any more, release, report status, and continue in a fresh invocation when
// work remains. Sink and source tasks share this frame and differ in their runner (sink-task-runner,
// source-task-runner). The same function runs inside a Lambda handler and inside standalone's process.
import { randomUUID } from 'node:crypto';
import type { SinkConnector, SinkTask } from '../../api/connector.ts';
import { ConnectError } from '../../api/errors.ts';
import type { SinkConnectorPlugin } from '../../api/plugin.ts';
import type {
  KafkaAdmin,
  PartitionReader,
  RecordProducer,
  SourceProducer,
  TransactionalSourceProducer,
} from '../../kafka/types.ts';
import type { LeaseStore } from '../../leases/lease.ts';
import type { CoordinatorStateStore } from '../coordination/coordinator-state.ts';
import type { TaskInvocationRequest, TaskInvoker } from '../coordination/task-invoker.ts';
import type { Logger } from '../logger.ts';
import type { PluginRegistry } from '../plugins/plugins.ts';
import type { ConfigStore, ConnectorRecord } from '../stores/config-store.ts';
import type { StatusStore } from '../stores/status-store.ts';
import { StoreUnavailableError } from '../stores/store-unavailable-error.ts';
import { runnerSettings, type WorkerConfig } from '../worker-config.ts';
import { sleep } from './errors/backoff.ts';
import { DeadLetterQueue } from './errors/dead-letter-queue.ts';
import { errorHandlingConfig } from './errors/error-handling-config.ts';
import { RetryWithTolerance } from './errors/record-error-handler.ts';
import { LeaseOwnership } from './lease-ownership.ts';
import { offsetMirror } from './offset-mirror.ts';
import type { SinkRecordPipeline } from './pipeline.ts';
import { createSinkPipeline } from './sink-pipeline-factory.ts';
import {
  type ControlEnd,
  type ControlSignal,
  type RunLimits,
  type RunSummary,
  SinkTaskRunner,
} from './sink-task-runner.ts';
import { runSourceTask } from './source-task-invocation.ts';
import { createTransformer } from './transformer-factory.ts';

export interface KafkaClients {
  reader(): PartitionReader;
  admin(): KafkaAdmin;
  producer(): RecordProducer;
  /** The producer source tasks write through. */
  sourceProducer(): SourceProducer;
  /** The producer of exactly-once source tasks; the id names the connector task. */
  transactionalSourceProducer(transactionalId: string): TransactionalSourceProducer;
}

export interface TaskInvocationDeps {
  readonly configs: ConfigStore;
  readonly leases: LeaseStore;
  readonly state: CoordinatorStateStore;
  readonly statuses?: StatusStore;
  /** Used to continue in a fresh invocation when the budget ends with work left. */
  readonly invoker: TaskInvoker;
  readonly registry: PluginRegistry;
  readonly worker: WorkerConfig;
  readonly kafka: KafkaClients;
  readonly logger: Logger;
  /** Resolves ${provider:path:key} references just before the task uses the config. */
  readonly resolveConfig?: (config: Readonly<Record<string, string>>) => Promise<Record<string, string>>;
  /** Names this process in statuses (worker_id). */
  readonly workerId: string;
  readonly leaseTtlMs: number;
  readonly skewMs: number;
  /** Milliseconds left in this invocation (Lambda's getRemainingTimeInMillis); absent: no limit. */
  readonly remainingMs?: () => number;
  /** Stop this long before the budget ends: the final flush, commit and release must fit. */
  readonly safetyMarginMs?: number;
  /**
   * For sinks that buffer across batches (preCommit): stop taking new work this much earlier and
   * use the time to finish the objects they have open.
   */
  readonly drainMs?: number;
  /** End after this many empty polls in a row (a Lambda should not idle); 0: keep polling. */
  readonly idlePolls?: number;
  /** Offsets are mirrored to consumer group connect-<name> at most this often. */
  readonly mirrorIntervalMs?: number;
  /** Lets standalone stop a running task at its next batch boundary. */
  readonly onStart?: (runner: StoppableRunner) => void;
}

/** A running task's loop, as standalone and tests see it: it can be asked to stop. */
export interface StoppableRunner {
  stop(): void;
}

export type InvocationOutcome =
  | { readonly status: 'skipped'; readonly why: string }
  | { readonly status: 'finished'; readonly summary: RunSummary; readonly continued: boolean }
  /** Ended early by an unavailable store, nothing committed since; continued when it could invoke. */
  | { readonly status: 'interrupted'; readonly why: string; readonly continued: boolean }
  | { readonly status: 'failed'; readonly error: Error };

/** What both kinds of task get from the invocation around them. */
export interface InvocationContext {
  readonly connector: string;
  /** When the connector this invocation runs was created (a re-created one is another connector). */
  readonly createdAt: number;
  readonly taskId: number;
  /** Names this invocation in leases (fencing is per invocation). */
  readonly invocation: string;
  /** Connector and task config, references resolved. */
  readonly config: Readonly<Record<string, string>>;
  readonly taskConfig: Record<string, string>;
  readonly limits: RunLimits;
  readonly reportRunning: () => Promise<void>;
}

/**
 * Runs one invocation of a sink or a source task (whichever the connector class is): the same
 * lookup, config resolution, status reports and continuation around the kind's own runner.
 */
export async function runTaskInvocation(
  request: TaskInvocationRequest,
  deps: TaskInvocationDeps,
): Promise<InvocationOutcome> {
  const { connector: name, task: taskId } = request;
  const { configs, registry, logger, statuses, workerId } = deps;
  // An invocation that ends without continuing forgets its invocation mark, so the next nudge
  // (a resume, new records) is not held back by the coordinator's grace for a task starting up.
  const ended = async <T>(outcome: T): Promise<T> => {
    await deps.state.clearInvoked(name, taskId).catch(() => {});
    return outcome;
  };
  let record: ConnectorRecord | undefined;
  try {
    record = await configs.get(name);
  } catch (error) {
    if (error instanceof StoreUnavailableError) return interrupted(request, deps, error);
    throw error;
  }
  if (!record) return ended({ status: 'skipped', why: `connector ${name} does not exist` });
  if (record.targetState !== 'RUNNING')
    return ended({ status: 'skipped', why: `connector ${name} is ${record.targetState}` });
  const storedTaskConfig = record.taskConfigs[taskId];
  if (!storedTaskConfig) return ended({ status: 'skipped', why: `connector ${name} has no task ${taskId}` });

  const report = async (state: 'RUNNING' | 'FAILED' | 'RESTARTING', trace?: string) => {
    await statuses?.putTaskStatus({
      connector: name,
      task: taskId,
      state,
      workerId,
      ...(trace ? { trace } : {}),
      // Time of writing orders reports from coordinators and invocations alike: the latest wins.
      generation: Date.now(),
      updatedAt: Date.now(),
    });
  };

  try {
    // Secrets are resolved here, in the task's memory only; the stored config keeps the references.
    const config = deps.resolveConfig ? await deps.resolveConfig(record.config) : { ...record.config };
    const taskConfig = deps.resolveConfig
      ? await deps.resolveConfig(storedTaskConfig)
      : { ...storedTaskConfig };
    const plugin = registry.find(config['connector.class'] ?? '', 'sink', 'source');
    if (!plugin) throw new ConnectError(`Connector class ${config['connector.class']} could not be found`);
    const margin = deps.safetyMarginMs ?? 10_000;
    const context: InvocationContext = {
      connector: name,
      createdAt: record.createdAt,
      taskId,
      invocation: `${workerId}/${randomUUID()}`,
      config,
      taskConfig,
      limits: {
        keepGoing: deps.remainingMs ? () => deps.remainingMs!() > margin : () => true,
        idlePolls: deps.idlePolls ?? 0,
        exitWhenUnassigned: true,
        endFor: controlJudge(configs, record, taskId, logger),
      },
      reportRunning: () => report('RUNNING'),
    };
    const summary =
      plugin.type === 'source'
        ? await runSourceTask(plugin, context, deps)
        : await runSinkTask(plugin, context, deps);
    // A restart or a new config continues at once in a fresh invocation, with a new lease epoch; so
    // does a task whose budget ended with work assigned, or that was unassigned (a pause) and has
    // been given its partitions back (a resume) while it was letting them go.
    const continues = ['restart', 'reconfigured', 'budget', 'unassigned'].includes(summary.reason);
    const continued = continues && (await stillAssigned(deps.leases, name, taskId));
    const restarting = continued && (summary.reason === 'restart' || summary.reason === 'reconfigured');
    if (restarting) await report('RESTARTING');
    if (!continued) return ended({ status: 'finished', summary, continued });
    await deps.state.markInvoked(name, taskId, Date.now(), 0, record.version);
    await deps.invoker.invoke({
      connector: name,
      task: taskId,
      reason: restarting ? 'restart' : 'continuation',
    });
    return { status: 'finished', summary, continued };
  } catch (error) {
    if (error instanceof StoreUnavailableError) return interrupted(request, deps, error);
    const failure = error instanceof Error ? error : new Error(String(error));
    logger.error('task failed', { connector: name, task: taskId, error: messages(failure) });
    await report('FAILED', traceOf(failure)).catch(() => {});
    return ended({ status: 'failed', error: failure });
  }
}

/**
 * A store could not answer (after its client's retries): not the task's fault, so its status stays
 * RUNNING. The sink committed nothing past the last commit, so a fresh invocation resumes from
 * there, as after a crash; it starts after a pause, so a store that is down is not hammered. If
 * even the invoke fails, the task holds no live lease any more and the coordinator starts it.
 */
async function interrupted(
  request: TaskInvocationRequest,
  deps: TaskInvocationDeps,
  error: Error,
): Promise<InvocationOutcome> {
  const { connector, task } = request;
  deps.logger.warn('task interrupted: a store is unavailable; continuing shortly', {
    connector,
    task,
    error: messages(error),
  });
  await sleep(1000);
  try {
    await deps.invoker.invoke({ connector, task, reason: 'continuation' });
    return { status: 'interrupted', why: error.message, continued: true };
  } catch (invokeError) {
    deps.logger.warn('continuation not invoked; the coordinator will start the task', {
      connector,
      task,
      error: messages(invokeError as Error),
    });
    await deps.state.clearInvoked(connector, task).catch(() => {});
    return { status: 'interrupted', why: error.message, continued: false };
  }
}

async function runSinkTask(
  plugin: SinkConnectorPlugin,
  context: InvocationContext,
  deps: TaskInvocationDeps,
): Promise<RunSummary> {
  const { connector: name, taskId, config, taskConfig } = context;
  const { registry, logger, statuses } = deps;
  const admin = deps.kafka.admin();
  const reader = deps.kafka.reader();
  let errors: RetryWithTolerance | undefined;
  let pipeline: SinkRecordPipeline | undefined;
  try {
    const connector: SinkConnector = plugin.create();
    const errorConfig = errorHandlingConfig(config);
    const failureContext = { connector: name, task: taskId };
    const dlq = errorConfig.dlqTopic
      ? new DeadLetterQueue(errorConfig, deps.kafka.producer(), admin, failureContext)
      : undefined;
    errors = new RetryWithTolerance(errorConfig, dlq, logger, failureContext);
    const ownership = new LeaseOwnership({
      store: deps.leases,
      connector: name,
      claimant: { invocation: context.invocation, task: taskId },
      ttlMs: deps.leaseTtlMs,
      skewMs: deps.skewMs,
    });
    const mirror = offsetMirror({
      admin,
      connector: name,
      intervalMs: deps.mirrorIntervalMs ?? 5000,
      logger,
      exists: async () => (await deps.configs.get(name))?.createdAt === context.createdAt,
    });
    const topics = activeTopicTracker(name, statuses);
    pipeline = createSinkPipeline(config, deps.worker, registry, createTransformer(config, registry));
    const task = connector.createTask();
    const runner = new SinkTaskRunner({
      connector: name,
      taskId,
      task,
      taskConfig,
      pipeline,
      reader,
      admin,
      ownership,
      errors,
      settings: runnerSettings(deps.worker, config),
      logger,
      onCommit: (offsets) => {
        mirror.offer(offsets);
        topics.offer([...offsets.keys()].map((key) => key.slice(0, key.lastIndexOf(':'))));
      },
    });
    deps.onStart?.(runner);
    await context.reportRunning();
    const summary = await runner.run(sinkLimits(task, context, deps));
    await mirror.flush();
    await topics.flush();
    return summary;
  } finally {
    pipeline?.close();
    await errors?.close().catch(() => {});
    await reader.close().catch(() => {});
    await admin.close().catch(() => {});
  }
}

/**
 * A sink that buffers across batches (preCommit) stops taking new work drainMs before the usual
 * end of its budget and uses that time to finish the objects it has open.
 */
function sinkLimits(task: SinkTask, context: InvocationContext, deps: TaskInvocationDeps): RunLimits {
  const margin = deps.safetyMarginMs ?? 10_000;
  const remainingMs = deps.remainingMs;
  const drainMs = task.preCommit ? (deps.drainMs ?? 10_000) : 0;
  if (!remainingMs || drainMs === 0) return context.limits;
  return {
    ...context.limits,
    keepGoing: () => remainingMs() > margin + drainMs,
    drainWhile: () => remainingMs() > margin,
  };
}

/**
 * Decides what a control signal means for an invocation that read `record`: a requested restart
 * ends it; a higher config version ends it only when the connector's config or this task's config
 * really changed (a pause/resume also bumps the version, and PUT of the same config changes nothing).
 * Pause, stop and delete need no judging here: they take the leases away.
 */
function controlJudge(
  configs: ConfigStore,
  record: ConnectorRecord,
  taskId: number,
  logger: Logger,
): (signal: ControlSignal) => Promise<ControlEnd | undefined> {
  let known = record.version;
  return async (signal) => {
    if (signal.restartRequested) return 'restart';
    if (signal.configVersion === null || signal.configVersion <= known) return undefined;
    const now = await configs.get(record.name);
    if (
      now?.targetState !== 'RUNNING' ||
      (sameStrings(now.config, record.config) &&
        sameStrings(now.taskConfigs[taskId], record.taskConfigs[taskId]))
    ) {
      // Paused, stopped or deleted: the leases go, and the task ends through them. Unchanged: carry on.
      known = Math.max(now?.version ?? 0, signal.configVersion);
      return undefined;
    }
    logger.info('connector config changed; the task restarts with it', {
      connector: record.name,
      task: taskId,
      from: record.version,
      to: now.version,
    });
    return 'reconfigured';
  };
}

function sameStrings(
  a: Readonly<Record<string, string>> | undefined,
  b: Readonly<Record<string, string>> | undefined,
): boolean {
  if (a === undefined || b === undefined) return a === b;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => b[key] === a[key]);
}

async function stillAssigned(leases: LeaseStore, connector: string, task: number): Promise<boolean> {
  return (await leases.list(connector)).some((l) => l.assignee === task);
}

/** The message and its causes' messages, for one log line. */
function messages(error: Error): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    parts.push(current.message);
    current = current.cause;
  }
  return parts.join(': caused by: ');
}

/** A Java-like stack trace with causes, for the status's `trace` field. */
function traceOf(error: Error): string {
  const lines: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    lines.push(
      `${depth === 0 ? '' : 'Caused by: '}${current.stack ?? `${current.name}: ${current.message}`}`,
    );
    current = current.cause;
  }
  return lines.join('\n');
}

/** Records the topics a connector has read or written (GET /connectors/{name}/topics), once per topic. */
export function activeTopicTracker(connector: string, statuses: StatusStore | undefined) {
  const known = new Set<string>();
  let fresh: string[] = [];
  return {
    offer(topics: Iterable<string>): void {
      for (const topic of topics) {
        if (!known.has(topic)) {
          known.add(topic);
          fresh.push(topic);
        }
      }
      // Rare (once per topic), so written right away rather than only when the task ends.
      if (fresh.length > 0) void this.flush().catch(() => {});
    },
    async flush(): Promise<void> {
      if (!statuses || fresh.length === 0) return;
      const topics = fresh;
      fresh = [];
      await statuses.addActiveTopics(connector, topics, Date.now());
    },
  };
}
