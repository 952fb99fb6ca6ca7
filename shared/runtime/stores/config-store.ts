// ConfigStore: the desired state of every connector, as the REST API writes it and the coordinator
// reads it. Kafka Connect keeps the same facts in its config topic (connector configs, task configs,
// target states, restart requests); here they are items in one store with a version per connector.
//
// Who writes what:
//   ConnectorService (REST API)  create, update (config, task configs, target state), delete,
//                                requestRestart
//   Coordinator                  reads get/list/restartRequests, and clears a restart request once
//                                it has acted on it (clearRestartRequest)
//
// Configs are stored raw: `${provider:path:key}` references stay unresolved, so secrets never sit
// in the store or come back from the API; the task resolves them when it runs.
import type { TaskConfig } from '../../api/connector.ts';
import { ConnectError } from '../../api/errors.ts';

/** What the user asked a connector to do (Kafka's TargetState). */
export type TargetState = 'RUNNING' | 'PAUSED' | 'STOPPED';

export const TARGET_STATES: readonly TargetState[] = ['RUNNING', 'PAUSED', 'STOPPED'];

export interface ConnectorRecord {
  readonly name: string;
  /** The connector config exactly as submitted (string values, references unresolved). */
  readonly config: Readonly<Record<string, string>>;
  /**
   * The task configs the connector plugin generated from `config` (taskConfigs(tasks.max)), in
   * task-id order; their count is the number of tasks the coordinator should run. Empty while the
   * connector is STOPPED, as in Kafka (a stopped connector has no tasks).
   */
  readonly taskConfigs: readonly TaskConfig[];
  readonly targetState: TargetState;
  /**
   * Starts at 1 and grows by one with every write. Writers pass the version they read
   * (compare-and-set), so two concurrent changes can never silently overwrite each other.
   */
  readonly version: number;
  /** Ms since epoch. */
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface NewConnector {
  readonly name: string;
  readonly config: Readonly<Record<string, string>>;
  readonly taskConfigs: readonly TaskConfig[];
  readonly targetState: TargetState;
}

/** The fields an update replaces; omitted fields keep their stored values. */
export interface ConnectorChanges {
  readonly config?: Readonly<Record<string, string>>;
  readonly taskConfigs?: readonly TaskConfig[];
  readonly targetState?: TargetState;
}

/**
 * A request to restart a connector and/or its tasks (Kafka's RestartRequest, KIP-745). The
 * coordinator restarts what the flags select, then clears the request.
 */
export interface RestartRequest {
  /** Unique per request; several requests may be pending for one connector. */
  readonly id: string;
  readonly connector: string;
  /** Also restart the tasks (otherwise only the connector instance). */
  readonly includeTasks: boolean;
  /** Restart only the connector/tasks whose status is FAILED. */
  readonly onlyFailed: boolean;
  /**
   * serverless-connect extension: restart this one task only (POST .../tasks/{id}/restart); when
   * set, includeTasks and onlyFailed are false and the connector instance is not restarted.
   */
  readonly task?: number;
  /** Ms since epoch. */
  readonly requestedAt: number;
}

export interface ConfigStore {
  /** The connector's current record, or undefined when there is none. Strongly consistent. */
  get(name: string): Promise<ConnectorRecord | undefined>;
  /** Every connector name, sorted (the `connectors` index). */
  list(): Promise<string[]>;
  /** Creates a connector at version 1; throws ConnectorExistsError when the name is taken. */
  create(connector: NewConnector, now: number): Promise<ConnectorRecord>;
  /**
   * Applies `changes` only if the stored version still equals `expectedVersion`, and returns the
   * record at its new version. Throws VersionConflictError when someone wrote in between (read
   * again and retry, or give up with 409), ConnectorNotFoundError when the connector is gone.
   */
  update(
    name: string,
    expectedVersion: number,
    changes: ConnectorChanges,
    now: number,
  ): Promise<ConnectorRecord>;
  /**
   * Deletes the connector's config, its index entry and its pending restart requests; returns false
   * when there was none. With `expectedVersion`, deletes only that version (VersionConflictError
   * otherwise). Statuses (StatusStore) and leases/offsets (LeaseStore) are deleted separately.
   */
  delete(name: string, expectedVersion?: number): Promise<boolean>;
  /** Records a restart request for the coordinator. */
  requestRestart(request: RestartRequest): Promise<void>;
  /** Pending restart requests, oldest first; of one connector, or of all when `name` is omitted. */
  restartRequests(name?: string): Promise<RestartRequest[]>;
  /** Removes a restart request the coordinator has acted on; no error if it is already gone. */
  clearRestartRequest(connector: string, id: string): Promise<void>;
}

/** A connector of that name exists already (Kafka: 409 "Connector X already exists"). */
export class ConnectorExistsError extends ConnectError {
  readonly connector: string;
  constructor(connector: string) {
    super(`Connector ${connector} already exists`);
    this.connector = connector;
  }
}

/** No connector of that name (Kafka: 404 "Connector X not found"). */
export class ConnectorNotFoundError extends ConnectError {
  readonly connector: string;
  constructor(connector: string) {
    super(`Connector ${connector} not found`);
    this.connector = connector;
  }
}

/** Someone else wrote the connector since it was read: the compare-and-set failed. */
export class VersionConflictError extends ConnectError {
  readonly connector: string;
  constructor(connector: string, expected: number) {
    super(`Connector ${connector} was changed concurrently (expected version ${expected})`);
    this.connector = connector;
  }
}

/** The connector's state does not fit the store (a DynamoDB item holds at most 400 KB). */
export class StateTooLargeError extends ConnectError {
  constructor(connector: string) {
    super(`The configuration of connector ${connector} is too large to store`);
  }
}
