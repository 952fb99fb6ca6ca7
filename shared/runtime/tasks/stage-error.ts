// Which step of record processing failed, named as Kafka Connect names stages in its error
// reports and DLQ headers (__connect.errors.stage / __connect.errors.class.name).
import { ConnectError } from '../../api/errors.ts';

export type Stage =
  | 'KEY_CONVERTER'
  | 'VALUE_CONVERTER'
  | 'HEADER_CONVERTER'
  | 'TRANSFORMATION'
  | 'TASK_PUT'
  | 'TASK_POLL'
  | 'KAFKA_PRODUCE'
  | 'KAFKA_CONSUME';

export class StageError extends ConnectError {
  readonly stage: Stage;
  /** The class of the plugin that failed (converter, SMT, task). */
  readonly pluginClass: string;

  constructor(stage: Stage, pluginClass: string, cause: unknown) {
    super(`${stage} ${pluginClass} failed: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.stage = stage;
    this.pluginClass = pluginClass;
  }
}
