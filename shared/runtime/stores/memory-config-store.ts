// ConfigStore in process memory, for standalone mode and tests, with the same compare-and-set
// semantics as the DynamoDB adapter. With a persistence hook every change is saved, so a restarted
// standalone worker finds its connectors again.
import {
  type ConfigStore,
  type ConnectorChanges,
  ConnectorExistsError,
  ConnectorNotFoundError,
  type ConnectorRecord,
  type NewConnector,
  type RestartRequest,
  VersionConflictError,
} from './config-store.ts';
import type { SnapshotPersistence } from './snapshot-persistence.ts';

export interface ConfigSnapshot {
  readonly version: 1;
  readonly connectors: readonly ConnectorRecord[];
  readonly restarts: readonly RestartRequest[];
}

export class MemoryConfigStore implements ConfigStore {
  readonly #connectors = new Map<string, ConnectorRecord>();
  #restarts: RestartRequest[] = [];
  readonly #persistence: SnapshotPersistence<ConfigSnapshot> | undefined;

  private constructor(persistence: SnapshotPersistence<ConfigSnapshot> | undefined) {
    this.#persistence = persistence;
  }

  /** A store, filled from the persisted snapshot when there is one. */
  static async open(persistence?: SnapshotPersistence<ConfigSnapshot>): Promise<MemoryConfigStore> {
    const store = new MemoryConfigStore(persistence);
    const snapshot = await persistence?.load();
    for (const record of snapshot?.connectors ?? []) store.#connectors.set(record.name, record);
    store.#restarts = [...(snapshot?.restarts ?? [])];
    return store;
  }

  async get(name: string): Promise<ConnectorRecord | undefined> {
    return this.#connectors.get(name);
  }

  async list(): Promise<string[]> {
    return [...this.#connectors.keys()].sort();
  }

  async create(connector: NewConnector, now: number): Promise<ConnectorRecord> {
    if (this.#connectors.has(connector.name)) throw new ConnectorExistsError(connector.name);
    const record: ConnectorRecord = {
      name: connector.name,
      config: { ...connector.config },
      taskConfigs: connector.taskConfigs.map((c) => ({ ...c })),
      targetState: connector.targetState,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    this.#connectors.set(record.name, record);
    await this.#save();
    return record;
  }

  async update(
    name: string,
    expectedVersion: number,
    changes: ConnectorChanges,
    now: number,
  ): Promise<ConnectorRecord> {
    const current = this.#connectors.get(name);
    if (!current) throw new ConnectorNotFoundError(name);
    if (current.version !== expectedVersion) throw new VersionConflictError(name, expectedVersion);
    const record: ConnectorRecord = {
      ...current,
      config: changes.config ? { ...changes.config } : current.config,
      taskConfigs: changes.taskConfigs ? changes.taskConfigs.map((c) => ({ ...c })) : current.taskConfigs,
      targetState: changes.targetState ?? current.targetState,
      version: current.version + 1,
      updatedAt: now,
    };
    this.#connectors.set(name, record);
    await this.#save();
    return record;
  }

  async delete(name: string, expectedVersion?: number): Promise<boolean> {
    const current = this.#connectors.get(name);
    if (!current) return false;
    if (expectedVersion !== undefined && current.version !== expectedVersion)
      throw new VersionConflictError(name, expectedVersion);
    this.#connectors.delete(name);
    this.#restarts = this.#restarts.filter((r) => r.connector !== name);
    await this.#save();
    return true;
  }

  async requestRestart(request: RestartRequest): Promise<void> {
    this.#restarts.push({ ...request });
    await this.#save();
  }

  async restartRequests(name?: string): Promise<RestartRequest[]> {
    return this.#restarts
      .filter((r) => name === undefined || r.connector === name)
      .sort((a, b) => a.requestedAt - b.requestedAt);
  }

  async clearRestartRequest(connector: string, id: string): Promise<void> {
    const before = this.#restarts.length;
    this.#restarts = this.#restarts.filter((r) => !(r.connector === connector && r.id === id));
    if (this.#restarts.length !== before) await this.#save();
  }

  async #save(): Promise<void> {
    await this.#persistence?.save({
      version: 1,
      connectors: [...this.#connectors.values()],
      restarts: this.#restarts,
    });
  }
}
