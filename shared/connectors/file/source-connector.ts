// org.apache.kafka.connect.file.FileStreamSourceConnector (alias FileStreamSource): one task reads
// a file (or standard input) line by line into one topic. Its offsets are Kafka's: the partition
// {filename} and the offset {position}, the byte position after the last line read.
import type { ConfigDef } from '../../api/config-def.ts';
import type {
  ExactlyOnceSupport,
  SourceConnector,
  SourceOffset,
  SourcePartition,
  SourceTask,
  TaskConfig,
} from '../../api/connector.ts';
import { ConnectError } from '../../api/errors.ts';
import { VERSION } from '../../api/version.ts';
import { fileSourceConfigDef } from './config.ts';
import { FILENAME_FIELD, FileStreamSourceTask, POSITION_FIELD } from './source-task.ts';

export class FileStreamSourceConnector implements SourceConnector {
  readonly type = 'source';
  #props: TaskConfig = {};

  version(): string {
    return VERSION;
  }

  config(): ConfigDef {
    return fileSourceConfigDef();
  }

  start(props: TaskConfig): void {
    this.config().parse(props);
    this.#props = { ...props };
  }

  /** Only one input stream makes sense: one task, whatever tasks.max says (as in Kafka). */
  taskConfigs(_maxTasks: number): TaskConfig[] {
    return [{ ...this.#props }];
  }

  createTask(): SourceTask {
    return new FileStreamSourceTask();
  }

  stop(): void {}

  /** Exactly once when reading a real file that is only appended to; not from standard input. */
  exactlyOnceSupport(config: TaskConfig): ExactlyOnceSupport {
    const file = fileSourceConfigDef().parse(config).file as string | null;
    return file ? 'SUPPORTED' : 'UNSUPPORTED';
  }

  /** Kafka's checks, with its messages: offsets must be null or {position: non-negative integer}. */
  alterOffsets(config: TaskConfig, offsets: ReadonlyMap<SourcePartition, SourceOffset | null>): boolean {
    const file = fileSourceConfigDef().parse(config).file as string | null;
    if (!file) {
      throw new ConnectError(
        `Offsets cannot be modified if the '${'file'}' configuration is unspecified. This is because stdin is used for input and offsets are not tracked.`,
      );
    }
    for (const [partition, offset] of offsets) {
      // Tombstones are allowed for anything, so garbage can always be cleaned up.
      if (offset === null) continue;
      if (!(POSITION_FIELD in offset))
        throw new ConnectError(`Offset objects should either be null or contain the key '${POSITION_FIELD}'`);
      const position = offset[POSITION_FIELD];
      if (typeof position !== 'number' || !Number.isSafeInteger(position))
        throw new ConnectError(
          `The value for the '${POSITION_FIELD}' key in the offset is expected to be a Long value`,
        );
      if (position < 0)
        throw new ConnectError(
          `The value for the '${POSITION_FIELD}' key in the offset should be a non-negative value`,
        );
      if (!(FILENAME_FIELD in partition))
        throw new ConnectError(`Partition objects should contain the key '${FILENAME_FIELD}'`);
    }
    // The task checks whether the position fits the file when it starts.
    return true;
  }
}

export const fileStreamSourcePlugin = {
  type: 'source',
  className: 'org.apache.kafka.connect.file.FileStreamSourceConnector',
  taskClass: 'org.apache.kafka.connect.file.FileStreamSourceTask',
  version: VERSION,
  create: () => new FileStreamSourceConnector(),
  config: (): ConfigDef => fileSourceConfigDef(),
} as const;
