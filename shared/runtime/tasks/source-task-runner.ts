// The loop of one source task, the sink's turned around: poll the task → transformation chain →
// converters → produce → once Kafka acknowledged, commit the source offsets on the task's lease
// (fenced by its epoch) → task.commit(). Offsets only ever name records Kafka has, so a crash at any
// point re-delivers at most what was produced after the last commit and never skips a record.
//
// The task runs only while this invocation holds the task's lease: it is claimed before the task
// starts, and given up when the coordinator unassigns it (pause, stop, fewer task configs) or lost
// when another invocation took it over (then nothing more is produced or committed).
import type { SourceTask, SourceTaskContext, TaskConfig, TopicPartition } from '../../api/connector.ts';
import { ConnectError, RetriableError } from '../../api/errors.ts';
import type { SourceRecord } from '../../api/record.ts';
import {
  ProducerFencedError,
  type RecordPosition,
  type SourceProducer,
  type SourceProducerRecord,
} from '../../kafka/types.ts';
import { LeaseLostError, sourceTaskLease } from '../../leases/lease.ts';
import { type SourceOffsetWrite, sourcePartitionKey } from '../../leases/source-offsets.ts';
import type { Logger } from '../logger.ts';
import { retryDelay, sleep } from './errors/backoff.ts';
import type { RecordErrorHandler } from './errors/record-error-handler.ts';
import type { LeaseOffsetStorageReader } from './offset-storage-reader.ts';
import type { RunLimits, RunSummary } from './sink-task-runner.ts';
import type { SourceRecordPipeline } from './source-pipeline.ts';
import type { SourceTaskLease } from './source-task-ownership.ts';
import type { SourceTransactions } from './source-transactions.ts';
import { StageError } from './stage-error.ts';
import type { TopicCreator } from './topic-creation.ts';

export interface SourceTaskRunnerSettings {
  /** offset.flush.interval.ms: minimum time between two offset commits while records keep coming. */
  readonly commitIntervalMs: number;
  /** How often the lease is looked at again (revoked, taken over). */
  readonly ownershipRefreshMs: number;
  /** How long a send is retried on retriable errors before the task fails (delivery.timeout.ms). */
  readonly deliveryTimeoutMs: number;
}

export const defaultSourceRunnerSettings: SourceTaskRunnerSettings = {
  commitIntervalMs: 1000,
  ownershipRefreshMs: 500,
  deliveryTimeoutMs: 120_000,
};

export interface SourceTaskRunnerDeps {
  readonly connector: string;
  readonly taskId: number;
  readonly task: SourceTask;
  readonly taskConfig: TaskConfig;
  readonly pipeline: SourceRecordPipeline;
  readonly producer: SourceProducer;
  readonly lease: SourceTaskLease;
  readonly offsetReader: LeaseOffsetStorageReader;
  readonly topics: TopicCreator;
  /** errors.tolerance / retry / log; source records have no DLQ. */
  readonly errors: RecordErrorHandler<SourceRecord, SourceProducerRecord>;
  /** errors.tolerance=all: records Kafka refuses are skipped too (KIP-779). */
  readonly tolerateAll: boolean;
  readonly settings: SourceTaskRunnerSettings;
  readonly logger: Logger;
  /** Called with the topics of every acknowledged batch (KIP-558 topic tracking). */
  readonly onProduced?: (topics: ReadonlySet<string>) => void;
  /**
   * Exactly-once delivery (exactly.once.source.support=enabled): records and offsets commit
   * together in transactions of `producer`, which must then be the transactional one.
   */
  readonly transactions?: SourceTransactions;
}

/** This invocation was superseded: its lease or its transactional producer belongs to a newer one. */
const superseded = (error: unknown): boolean =>
  error instanceof LeaseLostError ||
  error instanceof ProducerFencedError ||
  (error instanceof StageError && error.cause instanceof ProducerFencedError);

/** A record to write, with the task's record it came from. */
interface Outgoing {
  readonly record: SourceRecord;
  readonly converted: SourceProducerRecord;
}

/** One polled batch on its way: each record with what it became (null: dropped or failed). */
interface Dispatch {
  readonly records: readonly SourceRecord[];
  readonly converted: readonly (SourceProducerRecord | null)[];
  readonly failed: number;
}

export class SourceTaskRunner {
  readonly #deps: SourceTaskRunnerDeps;
  /** Offsets of acknowledged (or dropped) records not committed yet, by source partition. */
  readonly #pending = new Map<string, SourceOffsetWrite>();
  /** The batch being sent while the task polls the next one. */
  #inFlight: Promise<void> | undefined;
  #uncommittedRecords = 0;
  #lastCommitAt = Date.now();
  #lastRefreshAt = Date.now();
  #stopRequested = false;
  #lost = false;
  #recordsPolled = 0;
  #recordsWritten = 0;
  #recordsFailed = 0;
  #commits = 0;

  constructor(deps: SourceTaskRunnerDeps) {
    this.#deps = deps;
  }

  /** Ends the loop at the next batch boundary, after a final commit. */
  stop(): void {
    this.#stopRequested = true;
  }

  /** Runs until stop(), the limits, or the loss of the lease; rejects when the task fails. */
  async run(limits: RunLimits = {}): Promise<RunSummary> {
    const { task, taskConfig, lease, logger, connector, taskId } = this.#deps;
    const keepGoing = limits.keepGoing ?? (() => true);
    const claimed = await this.#claim(keepGoing);
    if (claimed !== 'held') return this.#summary(claimed, []);
    const held: TopicPartition[] = [sourceTaskLease(taskId)];
    let reason: RunSummary['reason'] = 'stopped';
    let started = false;
    let failed = false;
    try {
      const transactions = this.#deps.transactions;
      if (transactions) {
        try {
          // Fences older invocations' producers and settles a commit one of them left half done,
          // before the task reads its offsets.
          await transactions.start(lease);
        } catch (error) {
          if (!superseded(error)) throw error;
          this.#lost = true;
        }
      }
      if (this.#lost) {
        logger.warn('source task superseded before it started', { connector, task: taskId });
        reason = 'lease-lost';
      } else {
        await task.start(taskConfig, this.#context());
        started = true;
        logger.info('source task started', {
          connector,
          task: taskId,
          epoch: lease.epoch(),
          ...(transactions ? { producerEpoch: transactions.producerEpoch() } : {}),
        });
      }
      let idle = 0;
      const commitIntervalMs =
        transactions?.boundary === 'interval'
          ? transactions.intervalMs
          : this.#deps.settings.commitIntervalMs;
      while (started && !this.#stopRequested) {
        if (!keepGoing()) {
          reason = 'budget';
          break;
        }
        if (Date.now() - this.#lastRefreshAt >= this.#deps.settings.ownershipRefreshMs) {
          this.#lastRefreshAt = Date.now();
          const state = await lease.refresh();
          if (state === 'lost') this.#lost = true;
          else if (state === 'revoked') {
            reason = 'unassigned';
            break;
          }
          const end = state === 'held' ? await limits.endFor?.(lease.control()) : undefined;
          if (end) {
            logger.info('control plane asks the task to end', { connector, task: taskId, why: end });
            reason = end;
            break;
          }
        }
        if (this.#lost || !lease.stillValid()) {
          // Someone else may run this task now: producing more would only duplicate its records.
          logger.warn('source task lease lost; stopping', { connector, task: taskId });
          this.#lost = true;
          reason = 'lease-lost';
          break;
        }
        const polled = await this.#poll();
        if (polled.length > 0) {
          idle = 0;
          await this.#dispatch(this.#prepare(polled));
        } else idle++;
        const due = Date.now() - this.#lastCommitAt >= commitIntervalMs;
        const boundary = transactions?.boundary === 'poll' && polled.length > 0;
        if ((due && this.#uncommitted()) || boundary || lease.renewalDue()) await this.#commit();
        if (this.#lost) {
          reason = 'lease-lost';
          break;
        }
        if (limits.idlePolls && idle >= limits.idlePolls && !this.#uncommitted()) {
          reason = 'idle';
          break;
        }
      }
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      try {
        // After a failure the in-flight batch may still be acknowledged: its offsets are worth
        // keeping. Not in a transaction, which may hold part of a failed send: it is aborted.
        if (!this.#lost && !(failed && this.#deps.transactions))
          await this.#commit().catch((error) => {
            if (!failed) throw error;
            logger.warn('final offset commit of a failing task failed', {
              connector,
              task: taskId,
              error: String(error),
            });
          });
        // What was not committed must not become visible (a failing or superseded invocation).
        await this.#deps.transactions?.abort().catch((error) => {
          logger.warn('aborting the open transaction failed', {
            connector,
            task: taskId,
            error: String(error),
          });
        });
        await lease.release();
      } finally {
        if (started) await task.stop();
      }
    }
    logger.info('source task stopped', {
      connector,
      task: taskId,
      reason,
      recordsPolled: this.#recordsPolled,
      recordsWritten: this.#recordsWritten,
      commits: this.#commits,
    });
    return this.#summary(reason, held);
  }

  /** Waits for the task's lease; only its holder may start the task. */
  async #claim(keepGoing: () => boolean): Promise<'held' | RunSummary['reason']> {
    const { lease, logger, connector, taskId } = this.#deps;
    for (;;) {
      const state = await lease.refresh();
      this.#lastRefreshAt = Date.now();
      if (state === 'held') return 'held';
      if (state === 'unassigned') return 'unassigned';
      if (this.#stopRequested) return 'stopped';
      if (!keepGoing()) return 'budget';
      // Another invocation still holds it: released at its next batch boundary, or expired soon.
      logger.debug('waiting for the source task lease', { connector, task: taskId });
      await sleep(100);
    }
  }

  async #poll(): Promise<readonly SourceRecord[]> {
    const { task, logger, connector, taskId } = this.#deps;
    const startedAt = Date.now();
    let records: readonly SourceRecord[] | null;
    try {
      records = await task.poll();
    } catch (error) {
      // As Kafka's AbstractWorkerSourceTask: a retriable failure is logged and polled again.
      if (!(error instanceof RetriableError)) throw error;
      logger.warn('failed to poll records from the source task; will retry', {
        connector,
        task: taskId,
        error: error.message,
      });
      records = null;
    }
    if (records === null || records.length === 0) {
      // A task that answers "nothing" at once must not make this loop spin.
      if (Date.now() - startedAt < 10) await sleep(50);
      return [];
    }
    this.#recordsPolled += records.length;
    return records;
  }

  /** Transforms and converts a batch; failures are retried, tolerated or thrown per errors.*. */
  #prepare(records: readonly SourceRecord[]): Promise<Dispatch> | Dispatch {
    const { pipeline } = this.#deps;
    // Registry converters look their schemas up once per batch, before the synchronous conversion.
    if (pipeline.needsPreparation) return pipeline.prepare(records).then(() => this.#convert(records, true));
    return this.#convert(records, false);
  }

  #convert(records: readonly SourceRecord[], lookups: boolean): Promise<Dispatch> | Dispatch {
    const { pipeline, errors } = this.#deps;
    const converted: (SourceProducerRecord | null)[] = [];
    let failed = 0;
    let slow: Promise<void> | undefined;
    for (const [index, record] of records.entries()) {
      // Fast path: no promise per record unless one failed.
      try {
        converted.push(pipeline.process(record));
      } catch (error) {
        converted.push(null);
        // A retry looks up again what the converters could not (a registry that was down).
        const retry = lookups
          ? async () => {
              await pipeline.prepare([record]);
              return pipeline.process(record);
            }
          : () => pipeline.process(record);
        const recovery = errors.recover(record, error, retry).then((outcome) => {
          converted[index] = outcome.record;
          if (outcome.failed) failed++;
        });
        slow = slow ? slow.then(() => recovery) : recovery;
      }
    }
    if (!slow) return { records, converted, failed };
    return slow.then(() => ({ records, converted, failed }));
  }

  /** Hands a batch to the producer once the previous one is acknowledged; does not wait for this one. */
  async #dispatch(prepared: Promise<Dispatch> | Dispatch): Promise<void> {
    const batch = await prepared;
    this.#recordsFailed += batch.failed;
    if (!(await this.#settled(this.#inFlight))) return;
    const sending = this.#send(batch);
    // Awaited before the next send or commit, which then report its failure in order.
    sending.catch(() => {});
    this.#inFlight = sending;
  }

  async #send(batch: Dispatch): Promise<void> {
    const { topics, task, logger, connector, taskId } = this.#deps;
    const outgoing: Outgoing[] = [];
    for (const [index, record] of batch.records.entries()) {
      const converted = batch.converted[index];
      if (converted) outgoing.push({ record, converted });
    }
    const positions = new Map<SourceRecord, RecordPosition | null>();
    if (outgoing.length > 0) {
      await topics.ensure(outgoing.map((o) => o.converted.topic));
      await this.#deps.transactions?.beforeSend();
      const sent = await this.#produce(outgoing);
      this.#deps.transactions?.sent(sent);
      for (const [index, o] of outgoing.entries()) positions.set(o.record, sent[index] ?? null);
    }
    // Acknowledged: every record of the batch, sent or dropped, now counts as done, in poll order.
    const written = new Set<string>();
    for (const record of batch.records) {
      const position = positions.get(record) ?? null;
      if (position) {
        written.add(position.topic);
        this.#recordsWritten++;
      }
      if (record.sourcePartition && record.sourceOffset) {
        this.#pending.set(sourcePartitionKey(record.sourcePartition), {
          partition: record.sourcePartition,
          offset: record.sourceOffset,
        });
      }
      if (!task.commitRecord) continue;
      try {
        await task.commitRecord(record, position && { ...position });
      } catch (error) {
        // Kafka logs and carries on: the record is in Kafka either way.
        logger.error('exception thrown while calling task.commitRecord()', {
          connector,
          task: taskId,
          error: String(error),
        });
      }
    }
    this.#uncommittedRecords += batch.records.length;
    if (written.size > 0) this.#deps.onProduced?.(written);
  }

  /**
   * Sends, retrying retriable failures up to delivery.timeout.ms. With errors.tolerance=all a record
   * that cannot be written is skipped and logged (KAFKA_PRODUCE, position null): the batch is sent
   * again one record at a time to find it. Otherwise the task fails.
   */
  async #produce(outgoing: readonly Outgoing[]): Promise<(RecordPosition | null)[]> {
    try {
      return await this.#sendWithRetries(outgoing.map((o) => o.converted));
    } catch (error) {
      const { errors, tolerateAll, transactions } = this.#deps;
      // As Kafka's WorkerSourceTask: without tolerance a failed send fails the task. In a
      // transaction it fails the task too: the transaction cannot commit after a failed send.
      if (superseded(error)) throw error;
      if (!tolerateAll || transactions)
        throw new ConnectError('Unrecoverable exception from producer send callback', { cause: error });
      if (outgoing.length > 1) {
        const positions: (RecordPosition | null)[] = [];
        for (const o of outgoing) positions.push(...(await this.#produce([o])));
        return positions;
      }
      await errors.recover(outgoing[0]!.record, error, () => null);
      this.#recordsFailed++;
      return [null];
    }
  }

  async #sendWithRetries(records: readonly SourceProducerRecord[]): Promise<RecordPosition[]> {
    const { producer, settings, logger, connector, taskId } = this.#deps;
    const deadline = Date.now() + settings.deliveryTimeoutMs;
    for (let attempt = 0; ; attempt++) {
      try {
        return await producer.send(records);
      } catch (error) {
        if (error instanceof ProducerFencedError) throw error;
        if (error instanceof RetriableError && Date.now() < deadline) {
          logger.warn('send to Kafka failed, retrying', {
            connector,
            task: taskId,
            attempt,
            error: error.message,
          });
          await sleep(retryDelay(attempt, 10_000, deadline - Date.now()));
          continue;
        }
        // Not retried again by the error handler: the producer's own retries are spent.
        const cause =
          error instanceof RetriableError
            ? new ConnectError(`Failed to send records to Kafka within ${settings.deliveryTimeoutMs} ms`, {
                cause: error,
              })
            : error;
        throw new StageError('KAFKA_PRODUCE', 'SourceTaskRunner', cause);
      }
    }
  }

  /** Waits for a send; false when it found this invocation superseded (then nothing more is sent). */
  async #settled(sending: Promise<void> | undefined): Promise<boolean> {
    try {
      await sending;
      return true;
    } catch (error) {
      if (!superseded(error)) throw error;
      this.#deps.logger.warn('source task superseded while sending', {
        connector: this.#deps.connector,
        task: this.#deps.taskId,
        error: (error as Error).message,
      });
      this.#lost = true;
      this.#inFlight = undefined;
      return false;
    }
  }

  #uncommitted(): boolean {
    return this.#pending.size > 0 || this.#uncommittedRecords > 0 || this.#inFlight !== undefined;
  }

  /** Waits for the batch in flight, then commits the offsets of everything acknowledged (fenced). */
  async #commit(): Promise<void> {
    const { lease, task, logger, connector, taskId } = this.#deps;
    if (this.#lost) return;
    const inFlight = this.#inFlight;
    this.#inFlight = undefined;
    if (!(await this.#settled(inFlight))) return;
    const writes = [...this.#pending.values()];
    const { transactions } = this.#deps;
    try {
      if (transactions) await transactions.commit(lease, writes);
      else await lease.commit(writes);
    } catch (error) {
      if (!superseded(error)) throw error;
      // Without transactions our records reached Kafka but our offsets never move: the new owner
      // resumes from the last committed offsets, so those records are delivered again
      // (at-least-once), never lost. With them, the records become visible only if the offsets
      // are (or will be, by the successor) committed too.
      logger.warn('superseded at commit', { connector, task: taskId, error: (error as Error).message });
      this.#lost = true;
      return;
    }
    const committedRecords = this.#uncommittedRecords;
    this.#pending.clear();
    this.#uncommittedRecords = 0;
    this.#lastCommitAt = Date.now();
    if (writes.length === 0 && committedRecords === 0) return;
    this.#commits++;
    try {
      await task.commit?.();
    } catch (error) {
      logger.error('exception thrown while calling task.commit()', {
        connector,
        task: taskId,
        error: String(error),
      });
    }
  }

  #context(): SourceTaskContext {
    return {
      configs: () => this.#deps.taskConfig,
      offsetStorageReader: () => this.#deps.offsetReader,
      transactionContext: () => null,
    };
  }

  #summary(reason: RunSummary['reason'], lastHeld: TopicPartition[]): RunSummary {
    return {
      reason,
      recordsRead: this.#recordsPolled,
      recordsPut: this.#recordsWritten,
      recordsFailed: this.#recordsFailed,
      commits: this.#commits,
      lastHeld,
    };
  }
}
