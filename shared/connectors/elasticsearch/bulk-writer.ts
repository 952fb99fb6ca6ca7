// Batches bulk operations and keeps up to max.in.flight.requests _bulk requests under way while
// the task keeps reading. A batch goes out when it holds batch.size actions or bulk.size.bytes,
// after linger.ms, or at a flush. Failed requests (unreachable node, 429, 5xx) and items the
// cluster was too busy for are retried with backoff; every other item failure is handled one by
// one (conflict, malformed, fatal), so one bad document never fails the others. flush() returns
// only when every operation added so far was confirmed: the runtime commits offsets after it.
import type { ErrantRecordReporter, TaskLogger } from '../../api/connector.ts';
import { ConnectError } from '../../api/errors.ts';
import type { BulkOperation } from './documents.ts';
import { recordString } from './documents.ts';
import { type ClusterTransport, HttpStatusError } from './http/transport.ts';
import { classifyItemFailure, describeItemError, type ItemError } from './item-outcome.ts';
import { retryWaitMs } from './retry.ts';
import type { SinkSettings } from './settings.ts';

const BULK_PATH = '/_bulk?filter_path=errors,items.*.status,items.*.error';
/** A response to a request without failures starts like this; no need to parse the items then. */
const NO_ERRORS = /^\{\s*"errors"\s*:\s*false/;

interface BulkItemResult {
  readonly status: number;
  readonly error?: ItemError;
}

/** Counters for logs, tests and the benchmark. */
export interface BulkStats {
  requests: number;
  documents: number;
  /** Requests or items sent again after a failure. */
  retries: number;
  /** Items the server rejected and the task skipped (malformed, conflicts, reported). */
  rejected: number;
}

export class BulkWriter {
  readonly #settings: SinkSettings;
  readonly #transport: ClusterTransport;
  readonly #logger: TaskLogger;
  readonly #reporter: ErrantRecordReporter | null;
  readonly stats: BulkStats = { requests: 0, documents: 0, retries: 0, rejected: 0 };
  #batch: BulkOperation[] = [];
  #batchBytes = 0;
  readonly #inFlight = new Set<Promise<void>>();
  /** Unversioned writes of a document in flight (index + id → their request): later writes wait. */
  readonly #unversioned = new Map<string, Promise<void>>();
  /** Operations queued or in flight. */
  #buffered = 0;
  #linger: NodeJS.Timeout | undefined;
  #failure: Error | undefined;
  #closed = false;
  #batchId = 0;
  #sending = 0;
  readonly #waitingForSlot: (() => void)[] = [];

  constructor(
    settings: SinkSettings,
    transport: ClusterTransport,
    logger: TaskLogger,
    reporter: ErrantRecordReporter | null,
  ) {
    this.#settings = settings;
    this.#transport = transport;
    this.#logger = logger;
    this.#reporter = reporter;
  }

  /** Queues one operation; returns a promise only when the caller must wait for buffer room. */
  add(operation: BulkOperation): Promise<void> | undefined {
    this.throwIfFailed();
    const { batchSize, bulkSizeBytes, maxBuffered, lingerMs } = this.#settings;
    if (bulkSizeBytes > 0 && this.#batch.length > 0 && this.#batchBytes + operation.size > bulkSizeBytes)
      this.#dispatch();
    this.#batch.push(operation);
    this.#batchBytes += operation.size;
    this.#buffered++;
    if (this.#batch.length >= batchSize) this.#dispatch();
    else if (this.#linger === undefined) this.#linger = setTimeout(() => this.#dispatch(), lingerMs);
    return this.#buffered >= maxBuffered ? this.#waitForRoom() : undefined;
  }

  /** Sends what is queued and waits until every operation added so far was confirmed. */
  async flush(): Promise<void> {
    this.#dispatch();
    const deadline = Date.now() + this.#settings.flushTimeoutMs;
    while (this.#inFlight.size > 0) {
      this.throwIfFailed();
      await this.#settleOne(
        deadline,
        () => `Flush timeout expired with unflushed records: ${this.#buffered}`,
      );
    }
    this.throwIfFailed();
  }

  throwIfFailed(): void {
    if (this.#failure) throw this.#failure;
  }

  /** Stops retrying; what is in flight is abandoned (its offsets were never committed). */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#linger);
    this.#linger = undefined;
  }

  async #waitForRoom(): Promise<void> {
    const deadline = Date.now() + this.#settings.flushTimeoutMs;
    while (this.#buffered >= this.#settings.maxBuffered && this.#inFlight.size > 0) {
      this.throwIfFailed();
      await this.#settleOne(deadline, () => 'Add timeout expired before buffer availability');
    }
    this.throwIfFailed();
  }

  /** Waits until one request in flight settles, or fails the task at the deadline. */
  async #settleOne(deadline: number, message: () => string): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now()));
    });
    const outcome = await Promise.race([Promise.race(this.#inFlight), timeout]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      this.#fail(new ConnectError(`${message()} (flush.timeout.ms=${this.#settings.flushTimeoutMs})`));
      throw this.#failure;
    }
  }

  #dispatch(): void {
    clearTimeout(this.#linger);
    this.#linger = undefined;
    if (this.#batch.length === 0) return;
    const batch = this.#batch;
    this.#batch = [];
    this.#batchBytes = 0;
    // Writes without an external version could land out of order if two requests raced: a batch
    // touching a document that an earlier request is still writing waits for that request.
    const waitFor = new Set<Promise<void>>();
    const guarded: string[] = [];
    for (const op of batch) {
      if (op.external || op.id === null || op.kind === 'create') continue;
      const key = `${op.index}\u0000${op.id}`;
      const earlier = this.#unversioned.get(key);
      if (earlier) waitFor.add(earlier);
      guarded.push(key);
    }
    const id = ++this.#batchId;
    const request: Promise<void> = (async () => {
      if (waitFor.size > 0) await Promise.allSettled(waitFor);
      await this.#acquireSlot();
      try {
        await this.#send(batch, id);
      } finally {
        this.#releaseSlot();
      }
    })()
      .catch((error: unknown) => this.#fail(error instanceof Error ? error : new Error(String(error))))
      .finally(() => {
        this.#inFlight.delete(request);
        this.#buffered -= batch.length;
        for (const key of guarded) if (this.#unversioned.get(key) === request) this.#unversioned.delete(key);
      });
    this.#inFlight.add(request);
    for (const key of guarded) this.#unversioned.set(key, request);
  }

  /** At most max.in.flight.requests requests on the wire; later batches queue in order. */
  #acquireSlot(): Promise<void> | undefined {
    if (this.#sending < this.#settings.maxInFlight) {
      this.#sending++;
      return undefined;
    }
    return new Promise((resolve) => this.#waitingForSlot.push(resolve));
  }

  #releaseSlot(): void {
    const next = this.#waitingForSlot.shift();
    // The slot passes straight to the next batch in line.
    if (next) next();
    else this.#sending--;
  }

  /** One batch, with retries: of the whole request, then of the items the cluster was too busy for. */
  async #send(batch: readonly BulkOperation[], batchId: number): Promise<void> {
    const { maxRetries, retryBackoffMs } = this.#settings;
    let pending = batch;
    for (let attempt = 1; ; attempt++) {
      if (this.#failure || this.#closed) return;
      let retry: BulkOperation[];
      let cause: string;
      try {
        retry = await this.#attempt(pending, batchId);
        if (retry.length === 0) return;
        cause = `${retry.length} of ${pending.length} documents rejected as busy (429/503)`;
      } catch (error) {
        if (error instanceof HttpStatusError && !error.retriable) throw this.#requestError(error);
        if (!(error instanceof Error)) throw error;
        if (attempt > maxRetries) {
          throw new ConnectError(
            `Failed to execute bulk request due to '${error.message}' after ${attempt} attempt(s)`,
            {
              cause: error,
            },
          );
        }
        retry = [...pending];
        cause = error.message;
      }
      if (attempt > maxRetries) {
        throw new ConnectError(
          `Failed to execute bulk request due to '${cause}' after ${attempt} attempt(s)`,
        );
      }
      const wait = retryWaitMs(attempt, retryBackoffMs);
      this.stats.retries++;
      this.#logger.warn(
        `Failed to execute bulk request due to ${cause}. Retrying attempt (${attempt}/${maxRetries + 1}) after backoff of ${wait} ms`,
        { batch: batchId, documents: retry.length },
      );
      await new Promise((resolve) => setTimeout(resolve, wait));
      pending = retry;
    }
  }

  /** One _bulk request; returns the operations to send again. */
  async #attempt(operations: readonly BulkOperation[], batchId: number): Promise<BulkOperation[]> {
    const parts: Buffer[] = [];
    let size = 0;
    for (const op of operations) {
      for (const part of op.bytes) parts.push(part);
      size += op.size;
    }
    this.stats.requests++;
    const response = await this.#transport.request(
      'POST',
      BULK_PATH,
      Buffer.concat(parts, size),
      'application/x-ndjson',
    );
    if (NO_ERRORS.test(response.text)) {
      this.stats.documents += operations.length;
      return [];
    }
    const items = (JSON.parse(response.text) as { items?: Record<string, BulkItemResult>[] }).items ?? [];
    if (items.length !== operations.length) {
      throw new ConnectError(
        `The _bulk response has ${items.length} items for ${operations.length} actions; cannot tell which documents were written`,
      );
    }
    const retry: BulkOperation[] = [];
    for (let i = 0; i < items.length; i++) {
      const result = Object.values(items[i]!)[0]!;
      const op = operations[i]!;
      if (!result.error) {
        this.stats.documents++;
        continue;
      }
      const kind = classifyItemFailure(this.#settings.flavour, result.status, result.error);
      if (kind === 'retry') retry.push(op);
      else this.#itemFailed(op, kind, result, batchId, operations.length);
    }
    return retry;
  }

  #itemFailed(
    op: BulkOperation,
    kind: 'conflict' | 'malformed' | 'fatal',
    result: BulkItemResult,
    batchId: number,
    batchSize: number,
  ): void {
    const confluent = this.#settings.flavour === 'elasticsearch';
    const reason = describeItemError(result.error!);
    const where = `${recordString(op.record)}, document ${op.index}/${op.id ?? '(generated id)'}`;
    const fields = { batch: batchId, status: result.status, index: op.index, id: op.id };
    if (kind === 'conflict') {
      if (confluent) {
        // A conflict on our own external version is a replayed or out-of-order offset: the newer
        // write stays, as it should. Any other conflict goes to the DLQ and is not fatal.
        if (op.external) return;
        this.#logger.warn(`Version conflict for ${op.kind} of ${where}`, fields);
        this.#report(op, `Indexing failed: ${reason}`);
        this.stats.rejected++;
        return;
      }
      this.#handle(this.#settings.versionConflict, op, reason, fields, {
        skipped: `Encountered a version conflict when executing batch ${batchId} of ${batchSize} records. Ignoring and will keep an existing record. Error was ${reason}`,
        reported: `Encountered a version conflict when executing batch ${batchId} of ${batchSize} records. Reporting this error to the errant record reporter and will keep an existing record. Rest status: ${result.status}, Error message: ${reason}`,
        failed: `One of the item in the bulk response failed. Reason: ${reason}`,
      });
      return;
    }
    if (kind === 'malformed') {
      if (confluent) {
        this.#report(op, `Indexing failed: ${reason}`);
        this.#handle(
          this.#settings.malformed,
          op,
          reason,
          fields,
          {
            skipped: `Encountered an illegal document error (${where}: ${reason}). Ignoring and will not index record.`,
            reported: '',
            failed: `Indexing record failed. Please check DLQ topic for errors. (${where}: ${reason})`,
          },
          false,
        );
        return;
      }
      this.#handle(this.#settings.malformed, op, reason, fields, {
        skipped: `Encountered an illegal document error when executing batch ${batchId} of ${batchSize} records. Ignoring and will not index record. Error was ${reason}`,
        reported: `Encountered an illegal document error when executing batch ${batchId} of ${batchSize} records. Reporting this error to the errant record reporter and will not index record. Rest status: ${result.status}, Error message: ${reason}`,
        failed: `Bulk request failed: ${reason} (${where})`,
      });
      return;
    }
    if (confluent) this.#report(op, `Indexing failed: ${reason}`);
    this.#fail(
      new ConnectError(
        confluent
          ? `Indexing record failed. Please check DLQ topic for errors. (${where}: ${reason})`
          : `One of the item in the bulk response aborted. Reason: ${reason} (${where})`,
      ),
    );
  }

  #handle(
    behavior: 'ignore' | 'warn' | 'report' | 'fail',
    op: BulkOperation,
    reason: string,
    fields: Record<string, unknown>,
    messages: { skipped: string; reported: string; failed: string },
    reportOnReport = true,
  ): void {
    switch (behavior) {
      case 'ignore':
        this.stats.rejected++;
        this.#logger.debug(messages.skipped, fields);
        return;
      case 'warn':
        this.stats.rejected++;
        this.#logger.warn(messages.skipped, fields);
        return;
      case 'report':
        this.stats.rejected++;
        if (reportOnReport) this.#report(op, messages.reported || reason);
        return;
      default:
        this.#logger.error(messages.failed, fields);
        this.#fail(new ConnectError(messages.failed));
    }
  }

  /** Hands a record to the errant record reporter (the DLQ); with errors.tolerance=none that fails the task. */
  #report(op: BulkOperation, message: string): void {
    if (!this.#reporter) return;
    try {
      this.#reporter.report(op.record, new IndexingError(message, this.#settings.flavour));
    } catch (error) {
      this.#fail(error instanceof Error ? error : new Error(String(error)));
    }
  }

  #requestError(error: HttpStatusError): ConnectError {
    if (error.status === 401 || error.status === 403) {
      return new ConnectError(
        `The cluster refused the bulk request (HTTP ${error.status}): check connection.username and connection.password (or the AWS credentials). ${error.message}`,
        { cause: error },
      );
    }
    return new ConnectError(`Failed to execute bulk request: ${error.message}`, { cause: error });
  }

  #fail(error: Error): void {
    this.#failure ??= error;
  }
}

/** What the DLQ's exception headers name: each reference connector's own exception class. */
export class IndexingError extends ConnectError {
  constructor(message: string, flavour: 'elasticsearch' | 'opensearch') {
    super(message);
    this.javaClassName =
      flavour === 'elasticsearch'
        ? 'io.confluent.connect.elasticsearch.ElasticsearchClient$ReportingException'
        : 'java.lang.Exception';
  }
}
