// org.apache.kafka.connect.file.FileStreamSinkConnector (alias FileStreamSink).
import type { ConfigDef } from '../../api/config-def.ts';
import type { SinkConnector, SinkTask, TaskConfig } from '../../api/connector.ts';
import { VERSION } from '../../api/version.ts';
import { fileSinkConfigDef } from './config.ts';
import { FileStreamSinkTask } from './sink-task.ts';

export class FileStreamSinkConnector implements SinkConnector {
  readonly type = 'sink';
  #props: TaskConfig = {};

  version(): string {
    return VERSION;
  }

  config(): ConfigDef {
    return fileSinkConfigDef();
  }

  start(props: TaskConfig): void {
    this.config().parse(props);
    this.#props = { ...props };
  }

  /**
   * One task, whatever tasks.max says: several tasks appending to one file interleave lines in no
   * defined order and could not keep the exactly-once guarantee (Kafka's version starts
   * tasks.max tasks on the same file).
   */
  taskConfigs(_maxTasks: number): TaskConfig[] {
    return [{ ...this.#props }];
  }

  createTask(): SinkTask {
    return new FileStreamSinkTask();
  }

  stop(): void {}
}

export const fileStreamSinkPlugin = {
  type: 'sink',
  className: 'org.apache.kafka.connect.file.FileStreamSinkConnector',
  taskClass: 'org.apache.kafka.connect.file.FileStreamSinkTask',
  version: VERSION,
  create: () => new FileStreamSinkConnector(),
  config: (): ConfigDef => fileSinkConfigDef(),
} as const;
