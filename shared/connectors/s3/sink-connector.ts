// io.confluent.connect.s3.S3SinkConnector (alias S3SinkConnector): Confluent's S3 sink, its
// config keys and validation, writing objects to S3 or any S3-compatible store.
import type { ConfigDef, ConfigValue } from '../../api/config-def.ts';
import type { ConfigKeyErrors, SinkConnector, SinkTask, TaskConfig } from '../../api/connector.ts';
import { ConfigError } from '../../api/errors.ts';
import { VERSION } from '../../api/version.ts';
import { addCrossKeyErrors, parseS3SinkConfig, s3SinkConfigDef } from './config.ts';
import { S3SinkTask } from './sink-task.ts';

export class S3SinkConnector implements SinkConnector {
  readonly type = 'sink';
  #props: TaskConfig = {};

  version(): string {
    return VERSION;
  }

  config(): ConfigDef {
    return s3SinkConfigDef();
  }

  /** The outside world: the bucket must exist, in s3.region, at store.url, and be reachable. */
  async validate(props: TaskConfig): Promise<readonly ConfigKeyErrors[]> {
    const { S3ObjectStore } = await import('./storage/s3-store.ts');
    const store = new S3ObjectStore(parseS3SinkConfig(props));
    try {
      await store.checkBucket();
      return [];
    } catch (error) {
      if (error instanceof ConfigError && error.key) return [{ name: error.key, errors: [error.message] }];
      throw error;
    } finally {
      store.close();
    }
  }

  start(props: TaskConfig): void {
    parseS3SinkConfig(props);
    this.#props = { ...props };
  }

  /** Every task gets the same config; the runtime spreads the partitions over them. */
  taskConfigs(maxTasks: number): TaskConfig[] {
    return Array.from({ length: maxTasks }, () => ({ ...this.#props }));
  }

  createTask(): SinkTask {
    return new S3SinkTask();
  }

  stop(): void {}
}

export const s3SinkPlugin = {
  type: 'sink',
  className: 'io.confluent.connect.s3.S3SinkConnector',
  taskClass: 'io.confluent.connect.s3.S3SinkTask',
  version: VERSION,
  create: () => new S3SinkConnector(),
  config: (): ConfigDef => s3SinkConfigDef(),
  validate: (config: Readonly<Record<string, string>>, values: Map<string, ConfigValue>): void =>
    addCrossKeyErrors(config, values),
} as const;
