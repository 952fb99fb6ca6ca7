// The sink task: each record becomes a bulk action (documents.ts), its index is made ready once
// (indices.ts), and the bulk writer keeps requests in flight while the runtime reads on. flush()
// resolves only when every document before it was confirmed, so the offsets the runtime then
// commits never run ahead of the cluster. With keys as ids and offsets as external versions,
// whatever a crash makes the runtime deliver again cannot overwrite newer documents.
import type {
  ErrantRecordReporter,
  SinkTask,
  SinkTaskContext,
  TaskConfig,
  TaskLogger,
} from '../../api/connector.ts';
import { ConfigError, ConnectError, DataError } from '../../api/errors.ts';
import type { SinkRecord } from '../../api/record.ts';
import { BulkWriter } from './bulk-writer.ts';
import type { Flavour } from './config.ts';
import { awaitServer } from './connection.ts';
import { DocumentBuilder, recordString } from './documents.ts';
import { ClusterTransport } from './http/transport.ts';
import { IndexManager } from './indices.ts';
import { ignoresSchema, parseSettings, type SinkSettings } from './settings.ts';
import { configRuleErrors } from './validation.ts';

export class SearchSinkTask implements SinkTask {
  readonly #flavour: Flavour;
  #settings: SinkSettings | undefined;
  #transport: ClusterTransport | undefined;
  #writer: BulkWriter | undefined;
  #documents: DocumentBuilder | undefined;
  #indices: IndexManager | undefined;
  #reporter: ErrantRecordReporter | null = null;
  #logger: TaskLogger | undefined;

  constructor(flavour: Flavour) {
    this.#flavour = flavour;
  }

  async start(props: TaskConfig, context: SinkTaskContext): Promise<void> {
    const settings = parseSettings(this.#flavour, props);
    const problems = configRuleErrors(this.#flavour, props);
    if (problems.size > 0) {
      const lines = [...new Set([...problems.values()].flat())];
      throw new ConfigError(`Invalid connector configuration:\n${lines.join('\n')}`);
    }
    const logger = context.logger();
    this.#settings = settings;
    this.#logger = logger;
    this.#reporter = context.errantRecordReporter();
    if (!this.#reporter && (settings.malformed === 'report' || settings.versionConflict === 'report')) {
      throw new ConnectError(
        "Errant record reporter must be configured when using 'report' option for behavior.on.malformed.documents or behavior.on.version.conflict",
      );
    }
    this.#transport = await ClusterTransport.create(settings);
    const server = await awaitServer(this.#transport, settings, (message) => logger.warn(message));
    logger.info('connected', {
      server: server.distribution,
      version: server.version,
      urls: this.#transport.urls(),
    });
    this.#documents = new DocumentBuilder(settings);
    this.#indices = new IndexManager(settings, this.#transport, logger);
    this.#writer = new BulkWriter(settings, this.#transport, logger, this.#reporter);
  }

  async put(records: readonly SinkRecord[]): Promise<void> {
    const writer = this.#writer!;
    const documents = this.#documents!;
    const indices = this.#indices!;
    const settings = this.#settings!;
    writer.throwIfFailed();
    for (const record of records) {
      let operation: ReturnType<DocumentBuilder['build']>;
      try {
        const index = documents.indexFor(record.topic);
        const ready = indices.ensure(index, record.valueSchema, !ignoresSchema(settings, record.topic));
        if (ready) await ready;
        operation = documents.build(record);
      } catch (error) {
        if (!(error instanceof DataError)) throw error;
        this.#reporter?.report(record, error);
        if (!settings.dropInvalidMessage) throw error;
        this.#logger!.error(`Can't convert ${recordString(record)}. Failure type: ${error.javaClassName}`);
        continue;
      }
      if ('skipped' in operation) {
        if (operation.report) this.#reporter?.report(record, operation.report);
        continue;
      }
      const room = writer.add(operation);
      if (room) await room;
    }
  }

  async flush(): Promise<void> {
    await this.#writer?.flush();
  }

  async stop(): Promise<void> {
    this.#writer?.close();
    if (this.#writer) {
      const stats = this.#writer.stats;
      this.#logger?.info('bulk writer stopped', { ...stats });
    }
    await this.#transport?.close();
  }

  /** Requests, documents, retries and rejections so far (for logs, tests and the benchmark). */
  stats() {
    return this.#writer?.stats;
  }
}
