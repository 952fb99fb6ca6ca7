// The batch loop of one sink task: fetch from Kafka by explicit offset → convert → transform →
// put → flush → commit. Offsets advance only after the sink's flush returned, so a crash at any
// point re-delivers at most what was not committed and never skips a record.
//
// Which partitions the task reads is not its decision: a PartitionOwnership (leases) says what it
// acquired, what it must hand over at the next batch boundary, and what was taken from it.
import type {
  ErrantRecordReporter,
  JsonValue,
  SinkTask,
  SinkTaskContext,
  TaskConfig,
  TaskLogger,
  TopicPartition,
} from '../../api/connector.ts';
import { topicPartitionKey } from '../../api/connector.ts';
import { ConnectError } from '../../api/errors.ts';
import type { SinkRecord } from '../../api/record.ts';
import type {
  FetchPosition,
  KafkaAdmin,
  KafkaRecord,
  PartitionFetch,
  PartitionReader,
} from '../../kafka/types.ts';
import { LeaseLostError } from '../../leases/lease.ts';
import type { Logger } from '../logger.ts';
import { StoreUnavailableError } from '../stores/store-unavailable-error.ts';
import { retryDelay } from './errors/backoff.ts';
import type { RecordErrorHandler } from './errors/record-error-handler.ts';
import type { SinkRecordPipeline } from './pipeline.ts';
import { StageError } from './stage-error.ts';

export interface OwnedPartition extends TopicPartition {
  /** The next offset to read as last committed; null when nothing was ever committed. */
  readonly committedOffset: number | null;
}

export interface OwnershipChanges {
  /** Newly claimed: start reading at their committed offset. */
  readonly acquired: readonly OwnedPartition[];
  /** Still ours but wanted elsewhere: commit, close and release at this batch boundary. */
  readonly revoke: readonly TopicPartition[];
  /** Already someone else's (we were too slow): drop without committing. */
  readonly lost: readonly TopicPartition[];
  /** Partitions assigned to this task, held or still waiting for their previous owner to let go. */
  readonly assigned: number;
  /** What the control plane asks of this invocation, read with the leases (absent: nothing). */
  readonly control?: ControlSignal;
}

/** Signals from the control plane that travel with the leases (see LeaseSignal). */
export interface ControlSignal {
  /** A restart was requested for this task since its leases were claimed. */
  readonly restartRequested: boolean;
  /** The highest connector config version stamped on this task's leases; null when none is. */
  readonly configVersion: number | null;
}

/** Why a control signal ends an invocation: a restart was asked for, or the config changed. */
export type ControlEnd = 'restart' | 'reconfigured';

/** Where a task's partitions and committed offsets come from: DynamoDB or in-memory leases. */
export interface PartitionOwnership {
  /** The sink checkpoint stored with this task's last commit. */
  checkpoint(): Promise<JsonValue | undefined>;
  refresh(): Promise<OwnershipChanges>;
  /** Commits next-offsets (topicPartitionKey → offset) and renews every held lease; throws LeaseLostError. */
  commit(offsets: ReadonlyMap<string, number>, checkpoint: JsonValue | undefined): Promise<void>;
  release(partitions: readonly TopicPartition[]): Promise<void>;
  /** True when leases must be renewed soon even without new offsets. */
  renewalDue(): boolean;
  /** False once a held lease is close enough to expiry that another task may take it. */
  stillValid(): boolean;
  held(): TopicPartition[];
  /** Forgets every held lease without a write: they expired, and may be someone else's by now. */
  abandon(): void;
  /** Releases whatever is still held. */
  close(): Promise<void>;
}

export type OffsetResetPolicy = 'earliest' | 'latest' | 'none';

export interface SinkTaskRunnerSettings {
  /** How long the broker may hold a fetch that has no data yet. */
  readonly fetchMaxWaitMs: number;
  readonly fetchMaxBytes: number;
  readonly partitionMaxBytes: number;
  /** Minimum time between two flush+commit cycles while records keep coming. */
  readonly commitIntervalMs: number;
  /** How often ownership is looked up again (new assignments, revocations). */
  readonly ownershipRefreshMs: number;
  readonly offsetReset: OffsetResetPolicy;
  /**
   * Most records per put(), the Java consumer's max.poll.records (500 unless set). A fetch of
   * thousands of records is put in slices of this size as they are converted, so each record's
   * converted form dies young instead of living, with the whole fetch's, until one big put.
   */
  readonly maxPutRecords?: number;
}

export const defaultRunnerSettings: SinkTaskRunnerSettings = {
  fetchMaxWaitMs: 500,
  fetchMaxBytes: 16 << 20,
  partitionMaxBytes: 1 << 20,
  commitIntervalMs: 1000,
  ownershipRefreshMs: 500,
  offsetReset: 'earliest',
  maxPutRecords: 500,
};

export interface SinkTaskRunnerDeps {
  readonly connector: string;
  readonly taskId: number;
  readonly task: SinkTask;
  readonly taskConfig: TaskConfig;
  readonly pipeline: SinkRecordPipeline;
  readonly reader: PartitionReader;
  readonly admin: KafkaAdmin;
  readonly ownership: PartitionOwnership;
  /** errors.tolerance / retry / log / DLQ; absent: every record error fails the task. */
  readonly errors?: RecordErrorHandler;
  readonly settings: SinkTaskRunnerSettings;
  readonly logger: Logger;
  /** Called after every successful commit (offset mirroring, metrics). */
  readonly onCommit?: (offsets: ReadonlyMap<string, number>) => void;
}

export interface RunSummary {
  /** Why the loop ended: stop(), the time budget, idleness, superseded, or nothing assigned. */
  readonly reason: 'stopped' | 'budget' | 'idle' | 'lease-lost' | 'unassigned' | ControlEnd;
  readonly recordsRead: number;
  readonly recordsPut: number;
  readonly recordsFailed: number;
  readonly commits: number;
  /** The partitions this run still owned when it ended (all released now). */
  readonly lastHeld: readonly TopicPartition[];
}

export interface RunLimits {
  /** Checked between batches; false ends the run (the invocation's time budget). */
  readonly keepGoing?: () => boolean;
  /** End after this many consecutive empty polls with nothing left to commit (0: never). */
  readonly idlePolls?: number;
  /** End when this task owns nothing and nothing is assigned to it. */
  readonly exitWhenUnassigned?: boolean;
  /**
   * After keepGoing turned false: while this holds, a sink with preCommit keeps reading to finish
   * the objects it has open (so the budget does not cut them), as long as records keep coming.
   */
  readonly drainWhile?: () => boolean;
  /**
   * Judges a control signal (checked with every ownership refresh): a reason ends the run after the
   * batch in flight, with a final flush and commit, so a fresh invocation can take over.
   */
  readonly endFor?: (signal: ControlSignal) => Promise<ControlEnd | undefined>;
}

export class SinkTaskRunner {
  readonly #deps: SinkTaskRunnerDeps;
  /** Next offset to read, per owned partition. */
  readonly #positions = new Map<string, FetchPosition>();
  /** Per owned partition, the next offset as of the last flush/preCommit (all handed to the sink). */
  readonly #committed = new Map<string, number>();
  /** Per owned partition, the offset last written to the ownership store (preCommit sinks lag). */
  readonly #written = new Map<string, number>();
  #lastCommitAt = 0;
  #lastRefreshAt = 0;
  /** Until when the lease store rests after it was unavailable, and how many times in a row. */
  #storeRetryAt = 0;
  #storeFailures = 0;
  /** Whether a listing of the leases ever completed: until then, nothing says the task is unassigned. */
  #listed = false;
  #stopRequested = false;
  /** Set when a control signal ends the run. */
  #controlEnd: ControlEnd | undefined;
  #endFor: RunLimits['endFor'];
  #commitRequested = false;
  #assigned = 0;
  /** Another invocation took partitions from this one: it is the task now, this one should go. */
  #superseded = false;
  /** Set when the leases ran out before a flush: the batch in hand was dropped, the run ends. */
  #expiredBeforeFlush = false;
  /** A checkpointing sink started with no checkpoint stored: commit one before its first put. */
  #baselinePending = false;
  /** A fetch already on its way for the positions it names. */
  #prefetch: { positions: Map<string, number>; response: Promise<PartitionFetch[]> } | undefined;
  #recordsRead = 0;
  #recordsPut = 0;
  #recordsFailed = 0;
  #commits = 0;
  /**
   * With a dead letter queue, the raw records handed to the sink since the last commit, by partition
   * key and offset: a record the sink reports goes to the DLQ with its original bytes.
   */
  readonly #uncommittedRaw: Map<string, Map<number, KafkaRecord>> | undefined;

  constructor(deps: SinkTaskRunnerDeps) {
    this.#deps = deps;
    this.#uncommittedRaw = deps.errors?.reportsToDeadLetterQueue ? new Map() : undefined;
  }

  /** Ends the loop at the next batch boundary, after a final flush and commit. */
  stop(): void {
    this.#stopRequested = true;
  }

  /** Runs until stop(), the limits, or the loss of every lease; rejects when the task fails. */
  async run(limits: RunLimits = {}): Promise<RunSummary> {
    const { task, taskConfig, ownership, logger, connector, taskId } = this.#deps;
    const keepGoing = limits.keepGoing ?? (() => true);
    this.#endFor = limits.endFor;
    await task.start(taskConfig, this.#context());
    let failed = false;
    let reason: RunSummary['reason'] = 'stopped';
    let lastHeld: TopicPartition[] = [];
    try {
      const checkpoint = await ownership.checkpoint();
      await task.restore?.(checkpoint);
      await this.#storeStep(() => this.#refresh());
      // A sink that checkpoints gets a baseline commit before its first write, so a crash before
      // the first regular commit can still be rolled back to a known point. With no partition yet,
      // the baseline waits for the first one (before anything of it is put).
      this.#baselinePending = task.checkpoint !== undefined && checkpoint === undefined;
      await this.#storeStep(() => this.#commitBaseline());
      logger.info('task started', { connector, task: taskId, partitions: this.#positions.size });

      let idle = 0;
      while (!this.#stopRequested && !this.#controlEnd) {
        // Nothing more of this run may reach the sink: not even what a refresh would re-acquire.
        if (this.#expiredBeforeFlush) {
          reason = 'lease-lost';
          break;
        }
        if (!keepGoing()) {
          reason = 'budget';
          if (limits.drainWhile) await this.#drain(limits.drainWhile);
          break;
        }
        if (Date.now() - this.#lastRefreshAt >= this.#refreshInterval())
          await this.#storeStep(() => this.#refresh());
        if (this.#controlEnd) break;
        if (this.#baselinePending) await this.#storeStep(() => this.#commitBaseline());
        if (this.#positions.size > 0 && !ownership.stillValid()) {
          // We could not renew in time: someone may own these partitions now. Writing more to the
          // sink would only create duplicates, and the commit would be refused anyway.
          logger.warn('leases about to expire without renewal; stopping', { connector, task: taskId });
          this.#dropAll();
          reason = 'lease-lost';
          break;
        }
        if (
          limits.exitWhenUnassigned &&
          this.#listed &&
          this.#positions.size === 0 &&
          (this.#assigned === 0 || this.#superseded)
        ) {
          reason = this.#superseded ? 'lease-lost' : 'unassigned';
          break;
        }
        const progressed = await this.#pollOnce();
        // Polls before the first listing are not idle: the task does not know its partitions yet.
        idle = progressed || !this.#listed ? 0 : idle + 1;
        const due = Date.now() - this.#lastCommitAt >= this.#deps.settings.commitIntervalMs;
        if ((this.#uncommitted() && (due || this.#commitRequested || !progressed)) || ownership.renewalDue())
          await this.#storeStep(() => this.#commit());
        if (limits.idlePolls && idle >= limits.idlePolls && !this.#uncommitted()) {
          reason = 'idle';
          break;
        }
      }
      if (this.#controlEnd) reason = this.#controlEnd;
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      lastHeld = ownership.held();
      try {
        // After a failure nothing is flushed or committed: the sink may hold a partial batch.
        // Nor after the leases ran out before a flush: the sink may still hold that batch.
        if (!failed && !this.#expiredBeforeFlush && (this.#uncommitted() || task.preCommit))
          await this.#commit(true);
        await task.close?.(this.#owned());
        await ownership.close();
      } finally {
        await task.stop();
      }
    }
    logger.info('task stopped', {
      connector,
      task: taskId,
      reason,
      recordsRead: this.#recordsRead,
      commits: this.#commits,
    });
    return {
      reason,
      recordsRead: this.#recordsRead,
      recordsPut: this.#recordsPut,
      recordsFailed: this.#recordsFailed,
      commits: this.#commits,
      lastHeld,
    };
  }

  /** One fetch, put in slices of maxPutRecords. Returns whether any partition moved forward. */
  async #pollOnce(): Promise<boolean> {
    const { pipeline, task, settings, errors } = this.#deps;
    if (this.#positions.size === 0) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(settings.fetchMaxWaitMs, 200)));
      return false;
    }
    const fetched = await this.#takeFetch();
    let progressed = false;
    const todo: PartitionFetch[] = [];
    for (const partition of fetched) {
      const key = topicPartitionKey(partition.topic, partition.partition);
      const position = this.#positions.get(key);
      if (!position) continue;
      if (partition.outOfRange) {
        await this.#resetOutOfRange(position);
        progressed = true;
        continue;
      }
      todo.push(partition);
      if (partition.nextOffset > position.offset) {
        this.#positions.set(key, { ...position, offset: partition.nextOffset });
        progressed = true;
      }
    }
    // The next fetch travels while these records are converted and put and the offsets commit.
    // Positions moved ahead already; they are committed only after the sink has every record.
    this.#startPrefetch();
    const maxPut = settings.maxPutRecords ?? defaultRunnerSettings.maxPutRecords!;
    let batch: SinkRecord[] = [];
    for (const partition of todo) {
      const raws = this.#rawsOf(partition.topic, partition.partition);
      const prepare = pipeline.needsPreparation;
      if (prepare && partition.records.length > 0) await pipeline.prepare(partition.topic, partition.records);
      for (const raw of partition.records) {
        // Fast path: no promise per record; the error handler only runs once something failed.
        let record: SinkRecord | null;
        try {
          record = pipeline.process(raw);
        } catch (error) {
          if (!errors) throw error;
          // A retry looks up again what the converters could not (a registry that was down).
          const retry = prepare
            ? async () => {
                await pipeline.prepare(raw.topic, [raw]);
                return pipeline.process(raw);
              }
            : () => pipeline.process(raw);
          const outcome = await errors.recover(raw, error, retry);
          if (outcome.failed) this.#recordsFailed++;
          record = outcome.record;
        }
        if (record !== null) {
          batch.push(record);
          raws?.set(raw.offset, raw);
          if (batch.length >= maxPut) {
            await this.#putSlice(task, batch);
            batch = [];
          }
        }
      }
      this.#recordsRead += partition.records.length;
    }
    await this.#putSlice(task, batch);
    return progressed;
  }

  /**
   * The prefetched response when it was asked for exactly the positions we are at now (nothing
   * moved, was acquired or handed over since); otherwise a fresh fetch.
   */
  async #takeFetch(): Promise<PartitionFetch[]> {
    const prefetch = this.#prefetch;
    this.#prefetch = undefined;
    if (prefetch && samePositions(prefetch.positions, this.#positions)) {
      try {
        return await prefetch.response;
      } catch {
        // A failed prefetch is retried below, now that its failure can be reported in order.
      }
    }
    return this.#fetch([...this.#positions.values()]);
  }

  #startPrefetch(): void {
    if (this.#positions.size === 0 || this.#stopRequested) return;
    const positions = [...this.#positions.values()];
    const response = this.#fetch(positions);
    // Unconsumed prefetches must not surface as unhandled rejections.
    response.catch(() => {});
    this.#prefetch = {
      positions: new Map(positions.map((p) => [topicPartitionKey(p.topic, p.partition), p.offset])),
      response,
    };
  }

  #fetch(positions: FetchPosition[]): Promise<PartitionFetch[]> {
    const { reader, settings } = this.#deps;
    return reader.fetch(positions, {
      maxWaitMs: settings.fetchMaxWaitMs,
      maxBytes: settings.fetchMaxBytes,
      partitionMaxBytes: settings.partitionMaxBytes,
    });
  }

  /** Failed records reach the DLQ before anything after them can be committed, then the put. */
  async #putSlice(task: SinkTask, batch: SinkRecord[]): Promise<void> {
    await this.#deps.errors?.flush();
    if (batch.length === 0) return;
    await this.#put(task, batch);
    this.#recordsPut += batch.length;
  }

  async #put(task: SinkTask, batch: SinkRecord[]): Promise<void> {
    const retry = this.#deps.errors;
    try {
      if (retry) await retry.retryPut(() => task.put(batch));
      else await task.put(batch);
    } catch (error) {
      throw error instanceof StageError ? error : new StageError('TASK_PUT', task.constructor.name, error);
    }
  }

  #owned(): TopicPartition[] {
    return [...this.#positions.values()].map((p) => ({ topic: p.topic, partition: p.partition }));
  }

  #uncommitted(): boolean {
    for (const [key, position] of this.#positions)
      if (this.#committed.get(key) !== position.offset) return true;
    return false;
  }

  /**
   * The time budget is over but a preCommit sink holds records it has not written yet: keep
   * reading until every partition's committable offset passed where it stood (its open objects
   * were completed and uploaded), records stop coming, or drainWhile says stop. Records read past
   * those objects start new ones, which are dropped with the invocation and read again next time.
   */
  async #drain(drainWhile: () => boolean): Promise<void> {
    const { task } = this.#deps;
    if (!task.preCommit || this.#positions.size === 0) return;
    await this.#commit(true);
    const targets = new Map<string, number>();
    for (const [key, position] of this.#positions)
      if ((this.#written.get(key) ?? -1) < position.offset) targets.set(key, position.offset);
    while (targets.size > 0 && drainWhile() && !this.#stopRequested && this.#deps.ownership.stillValid()) {
      const progressed = await this.#pollOnce();
      await this.#commit(true);
      for (const [key, target] of targets) {
        if (!this.#positions.has(key) || (this.#written.get(key) ?? -1) >= target) targets.delete(key);
      }
      if (!progressed) break;
    }
  }

  /**
   * A lease-store step of the loop (refresh, commit). A store unavailable for now only postpones it,
   * with a growing rest: the records stay uncommitted (the next commit covers them), and leases not
   * renewed meanwhile stop the writes before they can expire (stillValid). Anything else throws.
   */
  async #storeStep(step: () => Promise<void>): Promise<void> {
    if (Date.now() < this.#storeRetryAt) return;
    try {
      await step();
      this.#storeFailures = 0;
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      this.#storeFailures++;
      this.#storeRetryAt = Date.now() + retryDelay(this.#storeFailures - 1, 2000, Number.POSITIVE_INFINITY);
      const { logger, connector, taskId } = this.#deps;
      logger.warn('lease store unavailable; trying again shortly', {
        connector,
        task: taskId,
        failures: this.#storeFailures,
        error: error.message,
      });
    }
  }

  /** The baseline commit of a checkpointing sink, once it holds a partition. */
  async #commitBaseline(): Promise<void> {
    if (!this.#baselinePending || this.#positions.size === 0) return;
    await this.#commit();
    this.#baselinePending = false;
  }

  /**
   * flush (or preCommit, after a flush when `final`), then the fenced commit; partitions found lost
   * are dropped, the rest retried.
   */
  async #commit(final = false): Promise<void> {
    const { task, ownership, logger, connector, taskId } = this.#deps;
    if (this.#positions.size > 0 && !ownership.stillValid()) {
      // Frozen past the leases' expiry (a paused process, a stalled call): another invocation may
      // own these partitions and be writing the same records now. The commit below would be
      // refused, but the flush before it would already have handed the batch to the sink (a
      // file gets the lines twice): drop the batch unwritten instead, and end.
      logger.warn('leases expired before the flush; dropping the batch', { connector, task: taskId });
      this.#dropAll();
      ownership.abandon();
      this.#expiredBeforeFlush = true;
      return;
    }
    const handed = new Map<string, number>();
    for (const [key, position] of this.#positions) handed.set(key, position.offset);
    let offsets: Map<string, number> = handed;
    if (task.preCommit) {
      if (final) await task.flush(handed);
      offsets = new Map(await task.preCommit(handed));
      for (const key of offsets.keys()) if (!handed.has(key)) offsets.delete(key);
      const moved = [...offsets].some(([key, offset]) => this.#written.get(key) !== offset);
      if (!moved && !ownership.renewalDue()) {
        for (const [key, offset] of handed) this.#committed.set(key, offset);
        this.#lastCommitAt = Date.now();
        this.#commitRequested = false;
        return;
      }
    } else {
      await task.flush(handed);
    }
    // Records the sink reported while writing reach the DLQ before the offsets after them commit.
    await this.#deps.errors?.flush();
    for (let attempt = 0; ; attempt++) {
      try {
        await ownership.commit(offsets, task.checkpoint?.());
        break;
      } catch (error) {
        if (!(error instanceof LeaseLostError) || attempt > 0) throw error;
        // A zombie's records reached the sink but its offsets never move: the new owner re-reads
        // them from the last committed offset. Keep going with what is still ours.
        logger.warn('lease lost at commit', { connector, task: taskId, error: error.message });
        this.#superseded = true;
        for (const tp of error.partitions) {
          const key = topicPartitionKey(tp.topic, tp.partition);
          offsets.delete(key);
          handed.delete(key);
          this.#forget(key);
        }
        await task.close?.(error.partitions);
        if (offsets.size === 0 && ownership.held().length === 0) return;
      }
    }
    for (const [key, offset] of handed) this.#committed.set(key, offset);
    for (const [key, offset] of offsets) this.#written.set(key, offset);
    this.#forgetReportable(offsets);
    this.#lastCommitAt = Date.now();
    this.#commitRequested = false;
    this.#commits++;
    this.#deps.onCommit?.(offsets);
  }

  /**
   * While partitions assigned to this task are still held by their previous owner, look again
   * soon: the hand-over completes the moment they are released, and every poll of delay counts.
   */
  #refreshInterval(): number {
    const base = this.#deps.settings.ownershipRefreshMs;
    return this.#assigned > this.#positions.size ? Math.min(base, 100) : base;
  }

  #dropAll(): void {
    this.#positions.clear();
    this.#committed.clear();
    this.#written.clear();
  }

  #forget(key: string): void {
    this.#positions.delete(key);
    this.#committed.delete(key);
    this.#written.delete(key);
  }

  async #refresh(): Promise<void> {
    this.#lastRefreshAt = Date.now();
    const { ownership, task, logger, connector, taskId } = this.#deps;
    const changes = await ownership.refresh();
    this.#listed = true;
    this.#assigned = changes.assigned;
    if (changes.control && this.#endFor && !this.#controlEnd) {
      this.#controlEnd = await this.#endFor(changes.control);
      if (this.#controlEnd)
        logger.info('control plane asks the task to end', { connector, task: taskId, why: this.#controlEnd });
    }
    if (changes.lost.length > 0) {
      this.#superseded = true;
      logger.warn('partitions taken over', { connector, task: taskId, lost: changes.lost.length });
      for (const tp of changes.lost) this.#forget(topicPartitionKey(tp.topic, tp.partition));
      await task.close?.(changes.lost);
    }
    if (changes.revoke.length > 0) {
      if (this.#uncommitted() || task.preCommit) await this.#commit(true);
      const open = changes.revoke.filter((tp) =>
        this.#positions.has(topicPartitionKey(tp.topic, tp.partition)),
      );
      await task.close?.(open);
      for (const tp of open) this.#forget(topicPartitionKey(tp.topic, tp.partition));
      // After the close: if the release fails (a store unavailable for now), the next listing
      // revokes the same leases again, and only the release is left to do.
      await ownership.release(changes.revoke);
      logger.info('partitions handed over', { connector, task: taskId, released: changes.revoke.length });
    }
    if (changes.acquired.length > 0) {
      const starts = await this.#startOffsets(changes.acquired);
      for (const tp of changes.acquired) {
        const key = topicPartitionKey(tp.topic, tp.partition);
        const offset = starts.get(key)!;
        this.#positions.set(key, { topic: tp.topic, partition: tp.partition, offset });
        // Only a committed offset counts as committed: a reset position must still be written.
        if (tp.committedOffset !== null) {
          this.#committed.set(key, tp.committedOffset);
          this.#written.set(key, tp.committedOffset);
        }
      }
      await task.open?.(changes.acquired.map((tp) => ({ topic: tp.topic, partition: tp.partition })));
      logger.info('partitions acquired', { connector, task: taskId, acquired: changes.acquired.length });
    }
  }

  /** Committed offsets where there are any; otherwise where the reset policy says. */
  async #startOffsets(partitions: readonly OwnedPartition[]): Promise<Map<string, number>> {
    const starts = new Map<string, number>();
    const missing = new Set<string>();
    for (const tp of partitions) {
      const key = topicPartitionKey(tp.topic, tp.partition);
      if (tp.committedOffset !== null) starts.set(key, tp.committedOffset);
      else missing.add(tp.topic);
    }
    if (missing.size > 0) {
      const policy = this.#deps.settings.offsetReset;
      if (policy === 'none') {
        throw new ConnectError(
          `No committed offset for partitions of ${[...missing].join(', ')} and auto.offset.reset is none`,
        );
      }
      for (const o of await this.#deps.admin.listOffsets([...missing], policy)) {
        const key = topicPartitionKey(o.topic, o.partition);
        if (!starts.has(key)) starts.set(key, o.offset);
      }
    }
    return starts;
  }

  async #resetOutOfRange(position: FetchPosition): Promise<void> {
    const policy = this.#deps.settings.offsetReset;
    if (policy === 'none') {
      throw new ConnectError(
        `Offset ${position.offset} is out of range for ${position.topic}-${position.partition} and auto.offset.reset is none`,
      );
    }
    const offsets = await this.#deps.admin.listOffsets([position.topic], policy);
    const target = offsets.find((o) => o.partition === position.partition);
    if (target === undefined) return;
    this.#deps.logger.warn('offset out of range, resetting', {
      connector: this.#deps.connector,
      topic: position.topic,
      partition: position.partition,
      from: position.offset,
      to: target.offset,
      policy,
    });
    this.#positions.set(topicPartitionKey(position.topic, position.partition), {
      ...position,
      offset: target.offset,
    });
  }

  #context(): SinkTaskContext {
    return {
      offset: (tp, offset) => {
        const key = topicPartitionKey(tp.topic, tp.partition);
        if (this.#positions.has(key))
          this.#positions.set(key, { topic: tp.topic, partition: tp.partition, offset });
      },
      requestCommit: () => {
        this.#commitRequested = true;
      },
      errantRecordReporter: () => this.#errantRecordReporter(),
      stillOwned: () => this.#positions.size === 0 || this.#deps.ownership.stillValid(),
      logger: () =>
        taskLogger(this.#deps.logger, { connector: this.#deps.connector, task: this.#deps.taskId }),
    };
  }

  /** The reportable records of one partition (with a DLQ), looked up once per fetched partition. */
  #rawsOf(topic: string, partition: number): Map<number, KafkaRecord> | undefined {
    const all = this.#uncommittedRaw;
    if (!all) return undefined;
    const key = topicPartitionKey(topic, partition);
    const known = all.get(key);
    if (known) return known;
    const raws = new Map<number, KafkaRecord>();
    all.set(key, raws);
    return raws;
  }

  /** Records before committed offsets were written (or reported): they cannot be reported any more. */
  #forgetReportable(committed: ReadonlyMap<string, number>): void {
    const all = this.#uncommittedRaw;
    if (!all || all.size === 0) return;
    for (const [key, offset] of committed) {
      const raws = all.get(key);
      if (!raws) continue;
      for (const rawOffset of raws.keys()) if (rawOffset < offset) raws.delete(rawOffset);
      if (raws.size === 0) all.delete(key);
    }
  }

  #errantRecordReporter(): ErrantRecordReporter | null {
    const { errors } = this.#deps;
    const raws = this.#uncommittedRaw;
    if (!errors || !raws) return null;
    return {
      report: (record, error) => {
        const raw = raws
          .get(topicPartitionKey(record.originalTopic, record.originalKafkaPartition))
          ?.get(record.originalKafkaOffset);
        if (raw === undefined) {
          throw new ConnectError(
            `Cannot report ${record.originalTopic}-${record.originalKafkaPartition}@${record.originalKafkaOffset}: it is not a record of this task since its last commit`,
            { cause: error },
          );
        }
        errors.reportSinkFailure(raw, error);
        this.#recordsFailed++;
      },
    };
  }
}

function taskLogger(logger: Logger, context: Readonly<Record<string, unknown>>): TaskLogger {
  const withContext = (fields?: Readonly<Record<string, unknown>>) =>
    fields ? { ...context, ...fields } : context;
  return {
    debug: (message, fields) => logger.debug(message, withContext(fields)),
    info: (message, fields) => logger.info(message, withContext(fields)),
    warn: (message, fields) => logger.warn(message, withContext(fields)),
    error: (message, fields) => logger.error(message, withContext(fields)),
  };
}

function samePositions(
  fetched: ReadonlyMap<string, number>,
  now: ReadonlyMap<string, FetchPosition>,
): boolean {
  if (fetched.size !== now.size) return false;
  for (const [key, position] of now) if (fetched.get(key) !== position.offset) return false;
  return true;
}
