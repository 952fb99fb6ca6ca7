// Kafka Connect's RetryWithToleranceOperator: converter and transformation failures are retried
// while retriable and within errors.retry.timeout, then either fail the task (errors.tolerance=none)
// or are skipped, logged and, for sink records, sent to the DLQ (all). A sink put() that throws a
// RetriableError is retried with the same backoff; any other put() failure fails the task. Source
// records use the same operator without a DLQ (Kafka has none for sources).
import { ConnectError, RetriableError } from '../../../api/errors.ts';
import type { SinkRecord } from '../../../api/record.ts';
import type { KafkaRecord } from '../../../kafka/types.ts';
import type { Logger } from '../../logger.ts';
import { StageError } from '../stage-error.ts';
import { retryDelay, sleep } from './backoff.ts';
import type { FailureContext } from './dead-letter-queue.ts';
import type { ErrorHandlingConfig } from './error-handling-config.ts';

export interface RecordOutcome<Out = SinkRecord> {
  /** True when the record failed and was tolerated (skipped, logged, maybe in the DLQ). */
  readonly failed: boolean;
  readonly record: Out | null;
}

export interface RecordErrorHandler<Raw = KafkaRecord, Out = SinkRecord> {
  process(raw: Raw, operation: () => Out | null): Promise<RecordOutcome<Out>>;
  /** The slow path of process(), for a caller that already ran `operation` once and saw it fail. */
  recover(raw: Raw, first: unknown, operation: RecordOperation<Out>): Promise<RecordOutcome<Out>>;
  /** Makes tolerated failures durable (DLQ) before the runner commits past them. */
  flush(): Promise<void>;
  /** True when records can be reported to a dead letter queue (Kafka's errant record reporter). */
  readonly reportsToDeadLetterQueue: boolean;
  /**
   * A record the sink could not write (Kafka's ErrantRecordReporter.report): logged, then sent to
   * the DLQ with errors.tolerance=all; throws ToleranceExceededError with none.
   */
  reportSinkFailure(raw: Raw, error: Error): void;
  retryPut(put: () => void | Promise<void>): Promise<void>;
  close(): Promise<void>;
}

/** Converts and transforms one record; asynchronous when a retry must look something up again. */
export type RecordOperation<Out = SinkRecord> = () => Out | null | Promise<Out | null>;

/** Thrown when errors.tolerance=none meets a failure, wrapping it (Kafka's wording). */
export class ToleranceExceededError extends ConnectError {}

const isRetriable = (error: unknown) =>
  error instanceof RetriableError || (error instanceof StageError && error.cause instanceof RetriableError);

/**
 * False for failures that are not the record's fault (`tolerable: false`, e.g. a schema registry
 * that is down or refuses our credentials): those fail the task even under errors.tolerance=all,
 * rather than sending good records to the dead letter queue.
 */
const isTolerable = (error: unknown): boolean => {
  const cause = error instanceof StageError ? error.cause : error;
  return (cause as { tolerable?: unknown } | null)?.tolerable !== false;
};

/** What an error log shows of a failed record: where it came from, and (on request) its contents. */
export interface RecordDescriber<Raw> {
  coordinates(raw: Raw): Record<string, unknown>;
  contents(raw: Raw): Record<string, unknown>;
}

const kafkaRecordDescriber: RecordDescriber<KafkaRecord> = {
  coordinates: (raw) => ({ topic: raw.topic, partition: raw.partition, offset: raw.offset }),
  contents: (raw) => ({ key: raw.key?.toString('utf8') ?? null, value: raw.value?.toString('utf8') ?? null }),
};

/** Where tolerated failures go besides the log: the sink's DeadLetterQueue. */
export interface FailedRecordReporter<Raw> {
  add(raw: Raw, error: StageError): void;
  flush(): Promise<void>;
  close(): Promise<void>;
}

export class RetryWithTolerance<Raw = KafkaRecord, Out = SinkRecord> implements RecordErrorHandler<Raw, Out> {
  readonly #config: ErrorHandlingConfig;
  readonly #dlq: FailedRecordReporter<Raw> | undefined;
  readonly #logger: Logger;
  readonly #context: FailureContext;
  readonly #describe: RecordDescriber<Raw>;

  constructor(
    config: ErrorHandlingConfig,
    dlq: FailedRecordReporter<Raw> | undefined,
    logger: Logger,
    context: FailureContext,
    describe: RecordDescriber<Raw> = kafkaRecordDescriber as unknown as RecordDescriber<Raw>,
  ) {
    this.#config = config;
    this.#dlq = dlq;
    this.#logger = logger;
    this.#context = context;
    this.#describe = describe;
  }

  async process(raw: Raw, operation: () => Out | null): Promise<RecordOutcome<Out>> {
    try {
      return { failed: false, record: operation() };
    } catch (first) {
      return this.recover(raw, first, operation);
    }
  }

  /** After `operation` failed once with `first`: retries, then tolerates or rethrows. */
  async recover(raw: Raw, first: unknown, operation: RecordOperation<Out>): Promise<RecordOutcome<Out>> {
    let error = first;
    const deadline = this.#deadline();
    for (let attempt = 0; isRetriable(error) && Date.now() < deadline; attempt++) {
      await sleep(retryDelay(attempt, this.#config.retryDelayMaxMs, deadline - Date.now()));
      try {
        return { failed: false, record: await operation() };
      } catch (again) {
        error = again;
      }
    }
    const stageError =
      error instanceof StageError ? error : new StageError('TRANSFORMATION', 'unknown', error);
    this.#report(raw, stageError);
    if (this.#config.tolerance === 'none' || !isTolerable(stageError)) {
      throw new ToleranceExceededError('Tolerance exceeded in error handler', { cause: stageError });
    }
    this.#dlq?.add(raw, stageError);
    return { failed: true, record: null };
  }

  async flush(): Promise<void> {
    await this.#dlq?.flush();
  }

  get reportsToDeadLetterQueue(): boolean {
    return this.#dlq !== undefined;
  }

  reportSinkFailure(raw: Raw, error: Error): void {
    // Kafka names the SinkTask interface as the failing class of an errant record report.
    const stageError = new StageError('TASK_PUT', 'org.apache.kafka.connect.sink.SinkTask', error);
    this.#report(raw, stageError);
    if (this.#config.tolerance === 'none') {
      throw new ToleranceExceededError('Tolerance exceeded in error handler', { cause: stageError });
    }
    this.#dlq?.add(raw, stageError);
  }

  async retryPut(put: () => void | Promise<void>): Promise<void> {
    const deadline = this.#config.retryTimeoutMs === 0 ? Number.POSITIVE_INFINITY : this.#deadline();
    for (let attempt = 0; ; attempt++) {
      try {
        await put();
        return;
      } catch (error) {
        // Kafka Connect redelivers a batch whose put() threw a RetriableException; so do we.
        if (!(error instanceof RetriableError) || Date.now() >= deadline) throw error;
        this.#logger.warn('sink put failed, retrying the batch', {
          ...this.#context,
          attempt,
          error: error.message,
        });
        await sleep(retryDelay(attempt, this.#config.retryDelayMaxMs, deadline - Date.now()));
      }
    }
  }

  async close(): Promise<void> {
    await this.#dlq?.close();
  }

  #deadline(): number {
    const timeout = this.#config.retryTimeoutMs;
    return timeout < 0 ? Number.POSITIVE_INFINITY : Date.now() + timeout;
  }

  #report(raw: Raw, error: StageError): void {
    if (!this.#config.logEnable) return;
    // Record contents may be sensitive, so they are logged only on request (errors.log.include.messages).
    this.#logger.error('Error encountered in task', {
      ...this.#context,
      stage: error.stage,
      class: error.pluginClass,
      ...this.#describe.coordinates(raw),
      error: error.message,
      ...(this.#config.logIncludeMessages ? this.#describe.contents(raw) : {}),
    });
  }
}
