// The coordinator turns each connector's desired state into leases and running tasks:
//   1. which partitions the connector reads (topics / topics.regex; new topics and partitions),
//   2. how many tasks should run (target state, task configs, partitions, autoscaling on lag),
//   3. who should own which partition (sticky, balanced, incremental assignment → lease assignees),
//   4. which tasks must be started (assigned work, not running, something to read) → TaskInvoker.
// A source connector leases its task configs instead (one lease per task, assigned to that task
// while the connector runs); it has no lag to scale on, so every task runs, and a task that is not
// running is started.
// It never moves ownership itself: it only changes assignees, and tasks hand partitions over at
// batch boundaries (or take them after expiry). So two coordinators racing can at worst disagree
// about assignees for a moment; every assignee write is conditional, and ownership stays exclusive.
import { randomUUID } from 'node:crypto';
import { topicPartitionKey } from '../../api/connector.ts';
import type { KafkaAdmin } from '../../kafka/types.ts';
import { assignPartitions } from '../../leases/assignment.ts';
import type { CoordinatorLock } from '../../leases/coordinator-lock.ts';
import {
  type Lease,
  type LeaseStore,
  leaseKey,
  SOURCE_TASK_TOPIC,
  sourceTaskLease,
} from '../../leases/lease.ts';
import type { Logger } from '../logger.ts';
import { builtinPlugins } from '../plugins/builtin-plugins.ts';
import type { PluginRegistry } from '../plugins/plugins.ts';
import type { ConfigStore, ConnectorRecord } from '../stores/config-store.ts';
import type { StatusStore, TaskStatus } from '../stores/status-store.ts';
import { autoscaleSettings, decideScale, type ScalingState } from './autoscaler.ts';
import { stampConfigVersion } from './control-signals.ts';
import type { CoordinatorStateStore } from './coordinator-state.ts';
import { takeOverOffsets } from './kafka-connect-group.ts';
import {
  type DeadLetterQueueObservation,
  type ObservedPartition,
  type ObservedScalingState,
  observe,
} from './scaling-observation.ts';
import type { TaskInvoker } from './task-invoker.ts';
import { selectedPartitions, topicSelection } from './topic-partitions.ts';

export interface CoordinatorDeps {
  readonly configs: ConfigStore;
  readonly leases: LeaseStore;
  readonly state: CoordinatorStateStore;
  readonly statuses?: StatusStore;
  readonly invoker: TaskInvoker;
  /** Admin client for a connector's cluster (one cluster per deployment today). */
  readonly admin: (connector: ConnectorRecord) => KafkaAdmin;
  readonly logger: Logger;
  /** Identifies this coordinator in statuses (worker_id). */
  readonly workerId: string;
  /** Clock difference tolerated when judging lease expiry (same as the tasks'). */
  readonly skewMs: number;
  /** A task invoked this recently is assumed to be starting, and is not invoked again. */
  readonly invokeGraceMs: number;
  /**
   * One reconciler at a time across processes (scheduled, API-triggered and task-triggered
   * coordinators overlap). Safety does not depend on it — every write is conditional — but it
   * keeps coordinators from doing the same work twice and flip-flopping assignees.
   */
  readonly lock?: CoordinatorLock;
  /** How long a reconcile pass may hold the lock. */
  readonly lockTtlMs?: number;
  /** How long to wait for another coordinator's pass to finish before giving up. */
  readonly lockWaitMs?: number;
  /** Tells source connectors from sinks (by connector.class); the built-in plugins when absent. */
  readonly registry?: PluginRegistry;
  readonly now?: () => number;
}

export interface ReconcileResult {
  readonly connector: string;
  readonly partitions: number;
  readonly activeTasks: number;
  /** Records between the committed offsets and the log end, over all selected partitions. */
  readonly lag: number;
  readonly moved: number;
  readonly invoked: readonly number[];
  readonly scaling?: ScalingState;
}

export class Coordinator {
  readonly #deps: CoordinatorDeps;
  readonly #now: () => number;

  constructor(deps: CoordinatorDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
  }

  /**
   * Reconciles every connector (or just `only`) under the coordinator lock; one failing connector
   * does not stop the others. Returns nothing when another coordinator kept the lock too long: its
   * pass started after ours was requested, so it covers the change.
   */
  async reconcileAll(only?: string): Promise<ReconcileResult[]> {
    const { lock } = this.#deps;
    if (!lock) return this.#reconcileEach(only);
    const holder = `${this.#deps.workerId}/${randomUUID()}`;
    const deadline = this.#now() + (this.#deps.lockWaitMs ?? 5000);
    for (;;) {
      const grant = await lock.tryAcquire(holder, this.#deps.lockTtlMs ?? 60_000, this.#now());
      if (grant.acquired) {
        try {
          return await this.#reconcileEach(only);
        } finally {
          await lock.release(holder, grant.fencingToken);
        }
      }
      if (this.#now() >= deadline) {
        this.#deps.logger.info('another coordinator is reconciling; leaving it to that one', {
          holder: grant.holder,
        });
        return [];
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  async #reconcileEach(only: string | undefined): Promise<ReconcileResult[]> {
    const results: ReconcileResult[] = [];
    for (const name of only === undefined ? await this.#deps.configs.list() : [only]) {
      try {
        const result = await this.reconcile(name);
        if (result) results.push(result);
      } catch (error) {
        this.#deps.logger.error('reconcile failed', { connector: name, error: (error as Error).message });
      }
    }
    return results;
  }

  /** Reconciles one connector; undefined when it does not exist (any leftovers are cleaned up). */
  async reconcile(name: string): Promise<ReconcileResult | undefined> {
    const { configs, leases, state, logger } = this.#deps;
    const record = await configs.get(name);
    if (!record) {
      await state.deleteConnector(name);
      return undefined;
    }
    await this.#handleRestarts(record);
    const registry = this.#deps.registry ?? builtinPlugins();
    if (registry.find(record.config['connector.class'] ?? '', 'source')) return this.#reconcileSource(record);
    const admin = this.#deps.admin(record);
    const selected = await selectedPartitions(admin, topicSelection(record.config), false);
    const now = this.#now();
    let current = await leases.list(name);
    const known = new Set(current.map((lease) => leaseKey(lease.topic, lease.partition)));
    const unleased = selected.filter((tp) => !known.has(leaseKey(tp.topic, tp.partition)));
    if (unleased.length > 0) {
      // New leases start where a Kafka Connect connector of the same name stopped, if there was one.
      // When that cannot be read they wait for the next pass; the existing leases are reconciled
      // meanwhile (a pause or a stop must not wait for the group).
      try {
        await leases.ensure(name, await takeOverOffsets(admin, name, unleased, logger), now);
        current = await leases.list(name);
      } catch (error) {
        logger.error('new partitions not leased yet', { connector: name, error: (error as Error).message });
      }
    }
    await this.#stampConfigVersion(record, current);
    const selectedKeys = new Set(selected.map((tp) => topicPartitionKey(tp.topic, tp.partition)));

    // How many tasks: none unless RUNNING; never more than task configs or partitions.
    const running = record.targetState === 'RUNNING';
    const maxTasks = Math.min(record.taskConfigs.length, selected.length);
    let scaling: ScalingState | undefined;
    let lagByPartition = new Map<string, number>();
    let lag = 0;
    if (running && maxTasks > 0) {
      const observed = await this.#lag(admin, current, selectedKeys);
      lagByPartition = new Map(observed.map((p) => [leaseKey(p.topic, p.partition), p.lag]));
      for (const value of lagByPartition.values()) lag += value;
      let committedTotal = 0;
      for (const lease of current)
        if (selectedKeys.has(leaseKey(lease.topic, lease.partition))) committedTotal += lease.offset ?? 0;
      const previous: ObservedScalingState | undefined = await state.scaling(name);
      const decided = decideScale({
        maxTasks,
        lag,
        committedTotal,
        now,
        previous,
        settings: autoscaleSettings(record.config),
      });
      // What the decision was based on is kept with it, for the REST API's lease view.
      const deadLetterQueue = await this.#deadLetterQueue(admin, record);
      scaling = observe({
        previous,
        decided,
        partitions: observed,
        ...(deadLetterQueue ? { deadLetterQueue } : {}),
      });
      await state.saveScaling(name, scaling);
    }
    const activeTasks = running && maxTasks > 0 ? (scaling?.activeTasks ?? 1) : 0;

    // Assignees: balanced over the active tasks; partitions no longer selected get none.
    const currentAssignees = new Map<string, number | null>();
    for (const lease of current) currentAssignees.set(leaseKey(lease.topic, lease.partition), lease.assignee);
    const wanted =
      activeTasks > 0
        ? assignPartitions({ partitions: [...selectedKeys], current: currentAssignees, tasks: activeTasks })
        : new Map<string, number>();
    const changes: { topic: string; partition: number; from: number | null; to: number | null }[] = [];
    for (const lease of current) {
      const to = wanted.get(leaseKey(lease.topic, lease.partition)) ?? null;
      if (to !== lease.assignee)
        changes.push({ topic: lease.topic, partition: lease.partition, from: lease.assignee, to });
    }
    const moved = changes.length > 0 ? await leases.assign(name, changes, now) : 0;
    if (moved > 0) logger.info('partitions re-leased', { connector: name, moved, activeTasks });

    // Read once for both uses: which tasks are FAILED (not invoked) and which states to report.
    const taskStatuses = this.#deps.statuses ? await this.#deps.statuses.taskStatuses(name) : [];
    const invoked =
      activeTasks > 0
        ? await this.#invokeTasks(record, await leases.list(name), lagByPartition, taskStatuses, now)
        : [];
    await this.#reportStatus(record, 'sink', scaling, now);
    await this.#reportTaskStates(record, activeTasks, taskStatuses, now);
    return { connector: name, partitions: selected.length, activeTasks, lag, moved, invoked, scaling };
  }

  /**
   * A source connector: lease i is assigned to task i while the connector runs, to nobody otherwise
   * (paused, stopped, or i no longer a task config). Leases are kept, as sink leases of deselected
   * partitions are: a task invocation still running hands its lease back at its next batch boundary.
   */
  async #reconcileSource(record: ConnectorRecord): Promise<ReconcileResult> {
    const { leases, logger } = this.#deps;
    const name = record.name;
    const now = this.#now();
    const running = record.targetState === 'RUNNING';
    const tasks = record.taskConfigs.length;
    await leases.ensure(
      name,
      Array.from({ length: tasks }, (_, task) => sourceTaskLease(task)),
      now,
    );
    const current = await leases.list(name);
    await this.#stampConfigVersion(record, current);
    const changes: { topic: string; partition: number; from: number | null; to: number | null }[] = [];
    for (const lease of current) {
      const wanted =
        running && lease.topic === SOURCE_TASK_TOPIC && lease.partition < tasks ? lease.partition : null;
      if (wanted !== lease.assignee)
        changes.push({ topic: lease.topic, partition: lease.partition, from: lease.assignee, to: wanted });
    }
    const moved = changes.length > 0 ? await leases.assign(name, changes, now) : 0;
    if (moved > 0) logger.info('source task leases assigned', { connector: name, moved, running });
    const taskStatuses = this.#deps.statuses ? await this.#deps.statuses.taskStatuses(name) : [];
    const invoked = running
      ? await this.#invokeSourceTasks(record, await leases.list(name), taskStatuses, now)
      : [];
    await this.#reportStatus(record, 'source', undefined, now);
    await this.#reportTaskStates(record, running ? tasks : 0, taskStatuses, now);
    return { connector: name, partitions: tasks, activeTasks: running ? tasks : 0, lag: 0, moved, invoked };
  }

  /** Starts every assigned source task whose lease nobody holds (a FAILED one waits for a restart). */
  async #invokeSourceTasks(
    record: ConnectorRecord,
    leases: readonly Lease[],
    taskStatuses: readonly TaskStatus[],
    now: number,
  ): Promise<number[]> {
    const { state, invoker, skewMs, invokeGraceMs } = this.#deps;
    const { name, version } = record;
    const failed = new Set(taskStatuses.filter((s) => s.state === 'FAILED').map((s) => s.task));
    const invoked: number[] = [];
    for (const lease of leases) {
      if (lease.topic !== SOURCE_TASK_TOPIC || lease.assignee === null || failed.has(lease.assignee))
        continue;
      const live = lease.owner !== null && lease.expiresAt + skewMs >= now;
      if (live && lease.ownerTask === lease.assignee) continue;
      if (!(await state.markInvoked(name, lease.assignee, now, invokeGraceMs, version))) continue;
      await invoker.invoke({ connector: name, task: lease.assignee, reason: 'assigned' });
      invoked.push(lease.assignee);
    }
    return invoked;
  }

  /** Log end and lag per selected partition: log end minus committed (or log start when nothing was committed). */
  async #lag(
    admin: KafkaAdmin,
    leases: readonly Lease[],
    selected: ReadonlySet<string>,
  ): Promise<ObservedPartition[]> {
    const topics = [
      ...new Set(leases.filter((l) => selected.has(leaseKey(l.topic, l.partition))).map((l) => l.topic)),
    ];
    if (topics.length === 0) return [];
    const [latest, earliest] = await Promise.all([
      admin.listOffsets(topics, 'latest'),
      admin.listOffsets(topics, 'earliest'),
    ]);
    const end = new Map(latest.map((o) => [leaseKey(o.topic, o.partition), o.offset]));
    const start = new Map(earliest.map((o) => [leaseKey(o.topic, o.partition), o.offset]));
    const observed: ObservedPartition[] = [];
    for (const lease of leases) {
      const key = leaseKey(lease.topic, lease.partition);
      if (!selected.has(key)) continue;
      const from = lease.offset ?? start.get(key) ?? 0;
      const endOffset = end.get(key) ?? 0;
      observed.push({
        topic: lease.topic,
        partition: lease.partition,
        endOffset,
        lag: Math.max(0, endOffset - from),
      });
    }
    return observed;
  }

  /** How many records the connector's dead letter queue topic holds; undefined without one (or unreadable). */
  async #deadLetterQueue(
    admin: KafkaAdmin,
    record: ConnectorRecord,
  ): Promise<DeadLetterQueueObservation | undefined> {
    const topic = record.config['errors.deadletterqueue.topic.name']?.trim();
    if (!topic) return undefined;
    try {
      if (!(await admin.partitionCounts([topic])).has(topic)) return { topic, records: 0 };
      const [latest, earliest] = await Promise.all([
        admin.listOffsets([topic], 'latest'),
        admin.listOffsets([topic], 'earliest'),
      ]);
      const sum = (offsets: readonly { offset: number }[]) =>
        offsets.reduce((total, o) => total + o.offset, 0);
      return { topic, records: Math.max(0, sum(latest) - sum(earliest)) };
    } catch (error) {
      // A count for the console only: never let it stop the reconciliation.
      this.#deps.logger.debug('dead letter queue not readable', { topic, error: (error as Error).message });
      return undefined;
    }
  }

  /**
   * Starts every task that has assigned work it is not doing: some assigned partition has lag or
   * is still held by another task (the hand-over needs the new owner running), and the task holds
   * no live lease (a running task claims new assignments itself).
   */
  async #invokeTasks(
    record: ConnectorRecord,
    leases: readonly Lease[],
    lag: ReadonlyMap<string, number>,
    taskStatuses: readonly TaskStatus[],
    now: number,
  ): Promise<number[]> {
    const { state, invoker, skewMs, invokeGraceMs, logger } = this.#deps;
    const { name, version } = record;
    // A FAILED task stays down until a restart request clears it, as in Kafka Connect.
    const failed = new Set(taskStatuses.filter((s) => s.state === 'FAILED').map((s) => s.task));
    const live = (l: Lease) => l.owner !== null && l.expiresAt + skewMs >= now;
    const runningTasks = new Set(leases.filter(live).map((l) => l.ownerTask));
    const needsWork = new Set<number>();
    for (const lease of leases) {
      if (lease.assignee === null || runningTasks.has(lease.assignee) || failed.has(lease.assignee)) continue;
      const key = leaseKey(lease.topic, lease.partition);
      const pendingHandover = live(lease) && lease.ownerTask !== lease.assignee;
      if ((lag.get(key) ?? 0) > 0 || pendingHandover) needsWork.add(lease.assignee);
    }
    const invoked: number[] = [];
    for (const task of [...needsWork].sort((a, b) => a - b)) {
      if (!(await state.markInvoked(name, task, now, invokeGraceMs, version))) continue;
      await invoker.invoke({ connector: name, task, reason: 'assigned' });
      invoked.push(task);
    }
    if (invoked.length > 0) logger.debug('tasks invoked', { connector: name, tasks: invoked });
    return invoked;
  }

  /**
   * Stamps the connector's config version on leases that carry an older one: the invocations
   * holding them read it with their next lease refresh, and restart if their config really changed.
   */
  async #stampConfigVersion(record: ConnectorRecord, current: readonly Lease[]): Promise<void> {
    await stampConfigVersion(this.#deps.leases, record.name, current, record.version, this.#now());
  }

  /**
   * Restart requests: a task not running is invoked afresh and FAILED statuses are cleared. A task
   * running was already told by the API (a restart signal on its leases) and restarts by itself.
   */
  async #handleRestarts(record: ConnectorRecord): Promise<void> {
    const { configs, statuses, state } = this.#deps;
    const requests = await configs.restartRequests(record.name);
    if (requests.length === 0) return;
    const taskStatuses = statuses ? await statuses.taskStatuses(record.name) : [];
    const now = this.#now();
    for (const request of requests) {
      const tasks =
        request.task !== undefined
          ? [request.task]
          : request.includeTasks
            ? record.taskConfigs.map((_, task) => task)
            : [];
      for (const task of tasks) {
        const status = taskStatuses.find((s) => s.task === task);
        if (request.onlyFailed && status?.state !== 'FAILED') continue;
        await state.clearInvoked(record.name, task);
        await statuses?.putTaskStatus({
          connector: record.name,
          task,
          state: 'UNASSIGNED',
          workerId: this.#deps.workerId,
          generation: (status?.generation ?? 0) + 1,
          updatedAt: now,
        });
      }
      await configs.clearRestartRequest(record.name, request.id);
    }
  }

  /**
   * Task states as Kafka Connect users read them: PAUSED tasks of a paused connector; tasks the
   * autoscaler keeps inactive UNASSIGNED; active tasks RUNNING even between invocations (they are
   * started whenever there is something to read). A FAILED task stays FAILED until restarted.
   */
  async #reportTaskStates(
    record: ConnectorRecord,
    activeTasks: number,
    taskStatuses: readonly TaskStatus[],
    now: number,
  ): Promise<void> {
    const { statuses, workerId } = this.#deps;
    if (!statuses || record.targetState === 'STOPPED') return;
    const current = new Map(taskStatuses.map((s) => [s.task, s]));
    for (let task = 0; task < record.taskConfigs.length; task++) {
      const previous = current.get(task);
      if (previous?.state === 'FAILED') continue;
      const state =
        record.targetState === 'PAUSED' ? 'PAUSED' : task < activeTasks ? 'RUNNING' : 'UNASSIGNED';
      if (previous?.state === state) continue;
      await statuses.putTaskStatus({
        connector: record.name,
        task,
        state,
        workerId: previous?.state === 'RUNNING' && state === 'RUNNING' ? previous.workerId : workerId,
        generation: Math.max(now, (previous?.generation ?? 0) + 1),
        updatedAt: now,
      });
    }
  }

  async #reportStatus(
    record: ConnectorRecord,
    type: 'sink' | 'source',
    scaling: ScalingState | undefined,
    now: number,
  ): Promise<void> {
    const { statuses, workerId } = this.#deps;
    if (!statuses) return;
    const previous = await statuses.connectorStatus(record.name);
    const state = record.targetState;
    if (previous?.state === state && previous.autoscaling?.reason === scaling?.reason) return;
    await statuses.putConnectorStatus({
      connector: record.name,
      type,
      state,
      workerId,
      // The autoscaler's reason travels with the status, so `GET .../status` says why N tasks run.
      ...(scaling ? { autoscaling: { activeTasks: scaling.activeTasks, reason: scaling.reason } } : {}),
      generation: (previous?.generation ?? 0) + 1,
      updatedAt: now,
    });
  }
}
