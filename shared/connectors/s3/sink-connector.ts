// io.confluent.connect.s3.S3SinkConnector (alias S3SinkConnector): Confluent's S3 sink, its
// config keys and validation, writing objects to S3 or any S3-compatible store.
import type { ConfigDef, ConfigValue } from '../../api/config-def.ts';
import type { SinkConnector, SinkTask, TaskConfig } from '../../api/connector.ts';
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
  version: VERSION,
  create: () => new S3SinkConnector(),
  config: (): ConfigDef => s3SinkConfigDef(),
  validate: (config: Readonly<Record<string, string>>, values: Map<string, ConfigValue>): void =>
    addCrossKeyErrors(config, values),
} as const;
