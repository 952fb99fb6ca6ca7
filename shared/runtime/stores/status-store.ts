// StatusStore: what is actually happening, as the runtime reports it (Kafka's status topic), and the
// topics each connector has used (Kafka's topic tracking, KIP-558).
//
// Who writes what:
//   Coordinator / TaskRunner   connector and task statuses, active topics
//   ConnectorService (REST)    reads them; resets active topics (PUT .../topics/reset); deletes
//                              everything of a deleted connector; marks RESTARTING on a restart
import type { ConnectorType } from '../../api/connector.ts';

/** Kafka Connect's AbstractStatus.State. STOPPED applies to connectors only. */
export type ConnectorState = 'UNASSIGNED' | 'RUNNING' | 'PAUSED' | 'STOPPED' | 'FAILED' | 'RESTARTING';

interface StatusBase {
  readonly connector: string;
  readonly state: ConnectorState;
  /** Who runs it: in Kafka a worker's host:port; here the invocation or process that reported it. */
  readonly workerId: string;
  /** The failure's stack trace (or message) when FAILED; shown as `trace` by the REST API. */
  readonly trace?: string;
  /**
   * Orders reports from different writers: a write whose generation is lower than the stored one
   * is ignored, so a zombie invocation cannot overwrite a newer status (as in Kafka, where a
   * status carries the group generation it was written in). The coordinator's reconcile counter or
   * the config version are suitable.
   */
  readonly generation: number;
  /** Ms since epoch. */
  readonly updatedAt: number;
}

export interface ConnectorStatus extends StatusBase {
  readonly type?: ConnectorType;
  /** serverless-connect extension: how many tasks the autoscaler runs now, and why. */
  readonly autoscaling?: { readonly activeTasks: number; readonly reason: string };
}

export interface TaskStatus extends StatusBase {
  readonly task: number;
}

export interface StatusStore {
  /** Stores a connector status unless a newer generation is stored; true when written. */
  putConnectorStatus(status: ConnectorStatus): Promise<boolean>;
  /** Stores a task status unless a newer generation is stored; true when written. */
  putTaskStatus(status: TaskStatus): Promise<boolean>;
  connectorStatus(connector: string): Promise<ConnectorStatus | undefined>;
  /** Every task status of the connector, by task id. */
  taskStatuses(connector: string): Promise<TaskStatus[]>;
  /** Forgets the status of tasks with id >= `fromTask` (after tasks.max shrank). */
  deleteTaskStatuses(connector: string, fromTask: number): Promise<void>;
  /** Adds topics the connector has read or written (idempotent). */
  addActiveTopics(connector: string, topics: readonly string[], now: number): Promise<void>;
  /** The connector's active topics, sorted. */
  activeTopics(connector: string): Promise<string[]>;
  /** Empties the active topic set (PUT /connectors/{name}/topics/reset). */
  resetActiveTopics(connector: string): Promise<void>;
  /** Removes every status and the active topics of a connector. */
  deleteConnector(connector: string): Promise<void>;
}
