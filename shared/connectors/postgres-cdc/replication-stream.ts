// The streaming half of logical replication: START_REPLICATION on a walsender session, XLogData
// decoded as it arrives into a bounded queue (the socket is paused while the queue is full), server
// keepalives answered, and standby status updates that report as flushed only the LSN the task has
// confirmed — so the slot never moves past what Kafka has acknowledged.
import type pg from 'pg';
import { identifier, quoteIdent, quoteLiteral } from './connection.ts';
import { formatLsn, readLsn, writeLsn } from './lsn.ts';
import { decodePgoutput, type PgoutputMessage } from './pgoutput.ts';

export interface StreamedMessage {
  /** The WAL position of the message (XLogData's start). */
  readonly lsn: number;
  readonly message: PgoutputMessage;
}

interface InternalConnection {
  on(event: 'copyData', listener: (message: { chunk: Buffer }) => void): void;
  removeAllListeners(event?: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  stream: { pause(): void; resume(): void };
}

/** Microseconds since 2000-01-01, as the replication protocol counts time. */
function protocolNow(): bigint {
  return (BigInt(Date.now()) - 946_684_800_000n) * 1000n;
}

export class ReplicationStream {
  readonly #client: pg.Client;
  readonly #connection: InternalConnection;
  readonly #queue: StreamedMessage[] = [];
  #head = 0;
  readonly #highWater: number;
  #paused = false;
  #received = 0;
  #confirmed: number;
  #failure: Error | null = null;
  #ended = false;
  #waiter: (() => void) | null = null;
  readonly #timer: NodeJS.Timeout;
  readonly #reportFlush: boolean;

  private constructor(
    client: pg.Client,
    highWater: number,
    confirmed: number,
    statusIntervalMs: number,
    reportFlush: boolean,
  ) {
    this.#client = client;
    this.#connection = (client as unknown as { connection: InternalConnection }).connection;
    this.#highWater = highWater;
    this.#confirmed = confirmed;
    this.#reportFlush = reportFlush;
    this.#connection.on('copyData', ({ chunk }) => this.#onCopyData(chunk));
    // Regular status updates keep the walsender from timing the session out even while the queue
    // is full and the socket paused (it then reads no keepalive requests).
    this.#timer = setInterval(() => this.#sendStatus(false), Math.max(1000, statusIntervalMs));
    this.#timer.unref();
  }

  /**
   * Starts streaming `slot` on the walsender session `client` from `startLsn` (0: from the slot's
   * confirmed position). Resolves once the server accepted the command; a slot held by another
   * session rejects here.
   */
  static async start(
    client: pg.Client,
    options: {
      slot: string;
      publication: string;
      startLsn: number;
      confirmedLsn: number;
      maxQueue: number;
      statusIntervalMs: number;
      reportFlush: boolean;
    },
  ): Promise<ReplicationStream> {
    const stream = new ReplicationStream(
      client,
      options.maxQueue,
      options.confirmedLsn,
      options.statusIntervalMs,
      options.reportFlush,
    );
    const sql = `START_REPLICATION SLOT ${quoteIdent(options.slot)} LOGICAL ${formatLsn(options.startLsn)} (proto_version '1', publication_names ${quoteLiteral(identifier(options.publication))})`;
    const started = new Promise<void>((resolve, reject) => {
      const connection = client as unknown as { connection: { once(e: string, f: () => void): void } };
      connection.connection.once('replicationStart', resolve);
      client
        .query(sql)
        .then(() => {
          stream.#ended = true;
          stream.#wake();
        })
        .catch((error: Error) => {
          stream.#failure = error;
          stream.#wake();
          reject(error);
        });
    });
    try {
      await started;
    } catch (error) {
      stream.#stopTimer();
      throw error;
    }
    return stream;
  }

  #onCopyData(chunk: Buffer): void {
    const kind = chunk[0];
    if (kind === 0x77 /* w: XLogData */) {
      const lsn = readLsn(chunk, 1);
      try {
        this.#queue.push({ lsn, message: decodePgoutput(chunk, 25) });
      } catch (error) {
        this.#failure = error as Error;
      }
      if (lsn > this.#received) this.#received = lsn;
      if (this.#queue.length - this.#head >= this.#highWater && !this.#paused) {
        this.#paused = true;
        this.#connection.stream.pause();
      }
      this.#wake();
    } else if (kind === 0x6b /* k: primary keepalive */) {
      const walEnd = readLsn(chunk, 1);
      if (walEnd > this.#received && this.#queue.length === this.#head) this.#received = walEnd;
      if (chunk[17] === 1) this.#sendStatus(false);
    }
  }

  #wake(): void {
    const waiter = this.#waiter;
    this.#waiter = null;
    waiter?.();
  }

  /** Up to `max` decoded messages, in stream order, without waiting. */
  take(max: number): StreamedMessage[] {
    const end = Math.min(this.#queue.length, this.#head + max);
    const out = this.#queue.slice(this.#head, end);
    this.#head = end;
    if (this.#head === this.#queue.length) {
      this.#queue.length = 0;
      this.#head = 0;
    } else if (this.#head > 4096) {
      this.#queue.splice(0, this.#head);
      this.#head = 0;
    }
    if (this.#paused && this.#queue.length - this.#head < this.#highWater / 2) {
      this.#paused = false;
      this.#connection.stream.resume();
    }
    return out;
  }

  get buffered(): number {
    return this.#queue.length - this.#head;
  }

  /** Throws the stream's failure, if it failed. */
  check(): void {
    if (this.#failure) throw this.#failure;
    if (this.#ended) throw new Error('the replication stream ended');
  }

  /** Resolves when messages are buffered, the stream failed, or `timeoutMs` passed. */
  async waitForData(timeoutMs: number): Promise<void> {
    if (this.buffered > 0 || this.#failure || this.#ended) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.#waiter = null;
        resolve();
      }, timeoutMs);
      this.#waiter = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** Reports `lsn` as flushed: the slot may drop WAL and restart decoding from there. */
  confirm(lsn: number): void {
    if (lsn <= this.#confirmed) return;
    this.#confirmed = lsn;
    this.#sendStatus(false);
  }

  get confirmedLsn(): number {
    return this.#confirmed;
  }

  #sendStatus(replyRequested: boolean): void {
    if (this.#ended || this.#failure) return;
    const message = Buffer.alloc(34);
    message[0] = 0x72; // r: standby status update
    const flushed = this.#reportFlush ? this.#confirmed : 0;
    writeLsn(message, Math.max(this.#received, flushed), 1);
    writeLsn(message, flushed, 9);
    writeLsn(message, flushed, 17);
    message.writeBigInt64BE(protocolNow(), 25);
    message[33] = replyRequested ? 1 : 0;
    try {
      this.#connection.sendCopyFromChunk(message);
    } catch (error) {
      this.#failure = error as Error;
    }
  }

  #stopTimer(): void {
    clearInterval(this.#timer);
  }

  /** Ends the session (the server releases the slot when the walsender exits). */
  async close(): Promise<void> {
    this.#stopTimer();
    this.#ended = true;
    this.#wake();
    this.#connection.removeAllListeners('copyData');
    await this.#client.end().catch(() => {});
  }
}
