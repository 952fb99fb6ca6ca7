// The PostgreSQL source task: on start it checks the database, makes sure the publication and the
// slot exist, and decides (snapshot.mode + stored offsets) whether to snapshot; poll() returns
// snapshot rows first, then streamed changes; commit() — called once Kafka acknowledged the polled
// records and the runtime committed their offsets — confirms the matching LSN to the slot, so the
// server keeps every change that is not safely in Kafka.
import type pg from 'pg';
import type { SourceOffset, SourceTask, SourceTaskContext, TaskConfig } from '../../api/connector.ts';
import { ConnectError, RetriableError } from '../../api/errors.ts';
import type { SourceRecord } from '../../api/record.ts';
import { ChangeEventFactory } from './change-events.ts';
import { type PostgresCdcConfig, parsePostgresCdcConfig } from './config.ts';
import { connect, connectReplication, describeError } from './connection.ts';
import { type ResumePoint, resumePoint, snapshotOffset, sourcePartition } from './offsets.ts';
import { preflight } from './preflight.ts';
import { ReplicationStream } from './replication-stream.ts';
import { createSlot, dropSlot, ensurePublication, slotState, takeOverSlot } from './slot.ts';
import { SnapshotReader } from './snapshot.ts';
import { SourceInfoBuilder } from './source-info.ts';
import { StreamDecoder } from './stream-decoder.ts';
import { type CatalogTables, TableCatalog } from './table-catalog.ts';

export function applicationName(config: PostgresCdcConfig): string {
  return `serverless-connect:${config.connectorName}`.slice(0, 63);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class PostgresSourceTask implements SourceTask {
  #config!: PostgresCdcConfig;
  #control: pg.Client | null = null;
  #replication: pg.Client | null = null;
  #stream: ReplicationStream | null = null;
  #snapshot: SnapshotReader | null = null;
  #catalog!: TableCatalog;
  #events!: ChangeEventFactory;
  #decoder!: StreamDecoder;
  #resume: ResumePoint | null = null;
  #streaming = true;
  #stopped = false;
  /** The offset of the last record poll() returned: what commit() may confirm. */
  #lastPolledOffset: SourceOffset | null = null;
  #lastRecordAt = Date.now();

  async start(props: TaskConfig, context: SourceTaskContext): Promise<void> {
    const config = parsePostgresCdcConfig(props);
    this.#config = config;
    const partition = sourcePartition(config.topicPrefix);
    const name = applicationName(config);
    let createdSlot = false;
    try {
      this.#control = await connect(config, name);
      this.#catalog = await TableCatalog.load(this.#control, config);
      const tables: CatalogTables = this.#catalog.tables();
      const problems = await preflight(
        this.#control,
        config,
        tables.map((t) => t.definition),
      );
      if (problems.length > 0) throw new ConnectError(problems.map((p) => p.message).join('; '));
      await ensurePublication(
        this.#control,
        config,
        tables.map((t) => t.definition),
      );

      const stored = await context.offsetStorageReader().offset(partition);
      this.#resume = resumePoint(stored);
      const slot = await slotState(this.#control, config.slotName);
      if (slot?.walStatus === 'lost' && config.snapshotMode !== 'when_needed') {
        throw new ConnectError(
          `Replication slot '${config.slotName}' lost WAL it still needed (wal_status=lost); changes were lost. Drop the slot and restart with snapshot.mode=when_needed or initial to re-snapshot`,
        );
      }
      const snapshot = this.#needsSnapshot(stored, slot === null || slot.walStatus === 'lost');
      if (slot?.walStatus === 'lost') await dropSlot(this.#control, config.slotName);
      let snapshotName: string | null = null;
      if (slot === null || slot.walStatus === 'lost') {
        this.#replication = await connectReplication(config, name);
        const created = await createSlot(this.#replication, config.slotName, snapshot);
        createdSlot = true;
        snapshotName = created.snapshotName;
      }
      const source = new SourceInfoBuilder(config.topicPrefix, config.dbname);
      this.#events = new ChangeEventFactory(config, partition, source, String(props['task.id'] ?? '0'));
      this.#decoder = new StreamDecoder(config, this.#catalog, this.#events, this.#resume);
      if (snapshot) {
        // The snapshot must import the exported snapshot before the walsender session runs anything else.
        const session = await connect(config, name);
        this.#snapshot = await SnapshotReader.open(
          session,
          tables.map((t) => t.captured),
          new Map(tables.map((t) => [t.captured, t.captured.columns.map((c) => c.name)])),
          config.snapshotFetchSize,
          snapshotName,
        );
        // A fresh snapshot supersedes whatever the stored offset said about the stream.
        this.#resume = null;
        this.#decoder.resetResume();
      }
      this.#streaming = config.snapshotMode !== 'initial_only';
    } catch (error) {
      if (createdSlot && this.#control) await dropSlot(this.#control, config.slotName).catch(() => {});
      await this.stop();
      throw error instanceof ConnectError ? error : new ConnectError(describeError(error), { cause: error });
    }
  }

  #needsSnapshot(stored: SourceOffset | null, slotMissing: boolean): boolean {
    const incomplete = this.#resume?.snapshotIncomplete ?? false;
    switch (this.#config.snapshotMode) {
      case 'always':
        return true;
      case 'no_data':
        return false;
      case 'when_needed':
        return stored === null || incomplete || slotMissing;
      default:
        return stored === null || incomplete;
    }
  }

  async poll(): Promise<readonly SourceRecord[] | null> {
    if (this.#stopped) return null;
    const records = this.#snapshot ? await this.#pollSnapshot() : await this.#pollStream();
    if (records.length > 0) {
      this.#lastPolledOffset = records[records.length - 1]!.sourceOffset;
      this.#lastRecordAt = Date.now();
    }
    return records;
  }

  async #pollSnapshot(): Promise<SourceRecord[]> {
    const reader = this.#snapshot!;
    const rows = await reader.next(this.#config.maxBatchSize);
    const out: SourceRecord[] = [];
    for (const row of rows) {
      const values = row.values.map((text, i) =>
        text === null ? null : row.table.columns[i]!.fromText(text),
      );
      const last = row.marker === 'last';
      this.#events.change(
        row.table,
        'r',
        null,
        values,
        {
          tsUs: reader.startedUs,
          snapshot: row.marker,
          schema: row.table.schema,
          table: row.table.name,
          txId: reader.txId,
          lsn: reader.lsn,
          lastCommitLsn: null,
          origin: null,
          originLsn: null,
        },
        snapshotOffset({ tsUs: reader.startedUs, txId: reader.txId, lsn: reader.lsn, lastRecord: last }),
        null,
        out,
      );
    }
    if (reader.done) {
      await reader.close();
      this.#snapshot = null;
    }
    return out;
  }

  async #pollStream(): Promise<SourceRecord[]> {
    if (!this.#streaming) {
      await sleep(Math.min(this.#config.pollIntervalMs, 1000));
      return [];
    }
    const stream = this.#stream ?? (await this.#startStream());
    await stream.waitForData(Math.min(this.#config.pollIntervalMs, 1000));
    stream.check();
    const out: SourceRecord[] = [];
    while (out.length < this.#config.maxBatchSize && stream.buffered > 0) {
      for (const message of stream.take(this.#config.maxBatchSize - out.length)) {
        await this.#decoder.handle(message.lsn, message.message, out);
      }
    }
    const heartbeatMs = this.#config.heartbeatIntervalMs;
    if (out.length === 0 && heartbeatMs > 0 && Date.now() - this.#lastRecordAt >= heartbeatMs) {
      const heartbeat = this.#decoder.heartbeat();
      if (heartbeat) {
        out.push(heartbeat);
        if (this.#config.heartbeatActionQuery) await this.#control?.query(this.#config.heartbeatActionQuery);
      }
    }
    return out;
  }

  /** START_REPLICATION, taking the slot over from an older session of this connector if needed. */
  async #startStream(): Promise<ReplicationStream> {
    const config = this.#config;
    const name = applicationName(config);
    for (let attempt = 1; ; attempt++) {
      this.#replication ??= await connectReplication(config, name);
      try {
        const slot = await slotState(this.#control!, config.slotName);
        this.#stream = await ReplicationStream.start(this.#replication, {
          slot: config.slotName,
          publication: config.publicationName,
          startLsn: this.#resume?.lastCommitLsn ?? 0,
          confirmedLsn: slot?.confirmedFlushLsn ?? 0,
          maxQueue: config.maxQueueSize,
          statusIntervalMs: config.statusUpdateIntervalMs,
          reportFlush: config.flushLsnSource,
        });
        return this.#stream;
      } catch (error) {
        await this.#replication.end().catch(() => {});
        this.#replication = null;
        const inUse = (error as { code?: string }).code === '55006';
        if (!inUse || attempt >= config.slotMaxRetries) {
          throw new RetriableError(
            `Could not stream replication slot '${config.slotName}': ${describeError(error)}`,
            {
              cause: error,
            },
          );
        }
        const tookOver = await takeOverSlot(this.#control!, config.slotName, name);
        await sleep(tookOver ? 250 : config.slotRetryDelayMs);
      }
    }
  }

  async commit(): Promise<void> {
    const offset = this.#lastPolledOffset;
    if (!offset || !this.#stream || !this.#config.flushLsnSource) return;
    const lsn = (offset.lsn_commit ?? offset.lsn_proc) as number | undefined;
    if (typeof lsn === 'number') this.#stream.confirm(lsn);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    const closing: Promise<unknown>[] = [];
    if (this.#snapshot) closing.push(this.#snapshot.close());
    if (this.#stream) closing.push(this.#stream.close());
    else if (this.#replication) closing.push(this.#replication.end().catch(() => {}));
    if (this.#control) closing.push(this.#control.end().catch(() => {}));
    this.#snapshot = null;
    this.#stream = null;
    this.#replication = null;
    this.#control = null;
    await Promise.all(closing);
  }
}
