// io.debezium.connector.postgresql.PostgresConnector: Debezium's PostgreSQL change-data-capture
// connector, implemented on pgoutput. One task (a replication slot has one reader), exactly-once
// capable (its offsets say exactly where to resume), and a validate() that connects and reports
// what would stop the task, per config key.
import type { ConfigDef } from '../../api/config-def.ts';
import type {
  ConfigKeyErrors,
  ExactlyOnceSupport,
  SourceConnector,
  SourceOffset,
  SourcePartition,
  SourceTask,
  TaskConfig,
} from '../../api/connector.ts';
import { ConnectError } from '../../api/errors.ts';
import type { SourceConnectorPlugin } from '../../api/plugin.ts';
import { VERSION } from '../../api/version.ts';
import { parsePostgresCdcConfig, postgresCdcConfigDef, unsupportedSettings } from './config.ts';
import { connect } from './connection.ts';
import { asKeyErrors, connectionProblem, preflight } from './preflight.ts';
import { applicationName, PostgresSourceTask } from './source-task.ts';
import { TableCatalog } from './table-catalog.ts';

export class PostgresConnector implements SourceConnector {
  readonly type = 'source';
  #props: TaskConfig = {};

  version(): string {
    return VERSION;
  }

  config(): ConfigDef {
    return postgresCdcConfigDef();
  }

  async validate(props: TaskConfig): Promise<readonly ConfigKeyErrors[]> {
    const unsupported = unsupportedSettings(postgresCdcConfigDef().parse(props));
    if (unsupported.length > 0) return unsupported.map((p) => ({ name: p.name, errors: [p.error] }));
    const config = parsePostgresCdcConfig(props);
    let client: Awaited<ReturnType<typeof connect>>;
    try {
      client = await connect(config, applicationName(config));
    } catch (error) {
      return asKeyErrors([connectionProblem(error)]);
    }
    try {
      const catalog = await TableCatalog.load(client, config);
      return asKeyErrors(
        await preflight(
          client,
          config,
          catalog.tables().map((t) => t.definition),
        ),
      );
    } catch (error) {
      return asKeyErrors([connectionProblem(error)]);
    } finally {
      await client.end().catch(() => {});
    }
  }

  start(props: TaskConfig): void {
    parsePostgresCdcConfig(props);
    this.#props = { ...props };
  }

  /** One task whatever tasks.max says: a replication slot streams to one reader (as Debezium). */
  taskConfigs(_maxTasks: number): TaskConfig[] {
    return [{ ...this.#props }];
  }

  createTask(): SourceTask {
    return new PostgresSourceTask();
  }

  exactlyOnceSupport(): ExactlyOnceSupport {
    return 'SUPPORTED';
  }

  /** Offsets written through the REST API must name this connector's server partition. */
  alterOffsets(config: TaskConfig, offsets: ReadonlyMap<SourcePartition, SourceOffset | null>): boolean {
    const prefix = config['topic.prefix'];
    for (const [partition, offset] of offsets) {
      if (partition.server !== prefix) {
        throw new ConnectError(
          `Source partition ${JSON.stringify(partition)} is not this connector's; it uses {"server":"${prefix}"}`,
        );
      }
      if (offset !== null && typeof offset.lsn !== 'number' && typeof offset.lsn_proc !== 'number') {
        throw new ConnectError('A PostgreSQL offset needs a numeric "lsn" (or "lsn_proc")');
      }
    }
    return true;
  }

  stop(): void {}
}

export const postgresConnectorPlugin: SourceConnectorPlugin = {
  type: 'source',
  className: 'io.debezium.connector.postgresql.PostgresConnector',
  taskClass: 'io.debezium.connector.postgresql.PostgresConnectorTask',
  version: VERSION,
  create: () => new PostgresConnector(),
  config: (): ConfigDef => postgresCdcConfigDef(),
};
