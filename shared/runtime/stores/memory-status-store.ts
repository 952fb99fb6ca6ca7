// StatusStore in process memory, for standalone mode and tests; same generation rule as the
// DynamoDB adapter (a lower generation never overwrites a higher one). Optional persistence keeps
// statuses across restarts of a standalone worker.
import type { SnapshotPersistence } from './snapshot-persistence.ts';
import type { ConnectorStatus, StatusStore, TaskStatus } from './status-store.ts';

export interface StatusSnapshot {
  readonly version: 1;
  readonly connectors: readonly ConnectorStatus[];
  readonly tasks: readonly TaskStatus[];
  readonly topics: Readonly<Record<string, readonly string[]>>;
}

export class MemoryStatusStore implements StatusStore {
  readonly #connectors = new Map<string, ConnectorStatus>();
  readonly #tasks = new Map<string, Map<number, TaskStatus>>();
  readonly #topics = new Map<string, Set<string>>();
  readonly #persistence: SnapshotPersistence<StatusSnapshot> | undefined;

  constructor(persistence?: SnapshotPersistence<StatusSnapshot>) {
    this.#persistence = persistence;
  }

  static async open(persistence?: SnapshotPersistence<StatusSnapshot>): Promise<MemoryStatusStore> {
    const store = new MemoryStatusStore(persistence);
    const snapshot = await persistence?.load();
    for (const status of snapshot?.connectors ?? []) store.#connectors.set(status.connector, status);
    for (const status of snapshot?.tasks ?? []) store.#tasksOf(status.connector).set(status.task, status);
    for (const [connector, topics] of Object.entries(snapshot?.topics ?? {}))
      store.#topics.set(connector, new Set(topics));
    return store;
  }

  async putConnectorStatus(status: ConnectorStatus): Promise<boolean> {
    const current = this.#connectors.get(status.connector);
    if (current && current.generation > status.generation) return false;
    this.#connectors.set(status.connector, { ...status });
    await this.#save();
    return true;
  }

  async putTaskStatus(status: TaskStatus): Promise<boolean> {
    const tasks = this.#tasksOf(status.connector);
    const current = tasks.get(status.task);
    if (current && current.generation > status.generation) return false;
    tasks.set(status.task, { ...status });
    await this.#save();
    return true;
  }

  async connectorStatus(connector: string): Promise<ConnectorStatus | undefined> {
    return this.#connectors.get(connector);
  }

  async taskStatuses(connector: string): Promise<TaskStatus[]> {
    return [...(this.#tasks.get(connector)?.values() ?? [])].sort((a, b) => a.task - b.task);
  }

  async deleteTaskStatuses(connector: string, fromTask: number): Promise<void> {
    const tasks = this.#tasks.get(connector);
    if (!tasks) return;
    for (const task of [...tasks.keys()]) if (task >= fromTask) tasks.delete(task);
    await this.#save();
  }

  async addActiveTopics(connector: string, topics: readonly string[], _now: number): Promise<void> {
    let set = this.#topics.get(connector);
    if (!set) {
      set = new Set();
      this.#topics.set(connector, set);
    }
    const before = set.size;
    for (const topic of topics) set.add(topic);
    if (set.size !== before) await this.#save();
  }

  async activeTopics(connector: string): Promise<string[]> {
    return [...(this.#topics.get(connector) ?? [])].sort();
  }

  async resetActiveTopics(connector: string): Promise<void> {
    if (this.#topics.delete(connector)) await this.#save();
  }

  async deleteConnector(connector: string): Promise<void> {
    this.#connectors.delete(connector);
    this.#tasks.delete(connector);
    this.#topics.delete(connector);
    await this.#save();
  }

  #tasksOf(connector: string): Map<number, TaskStatus> {
    let tasks = this.#tasks.get(connector);
    if (!tasks) {
      tasks = new Map();
      this.#tasks.set(connector, tasks);
    }
    return tasks;
  }

  async #save(): Promise<void> {
    if (!this.#persistence) return;
    const topics: Record<string, string[]> = {};
    for (const [connector, set] of this.#topics) topics[connector] = [...set].sort();
    await this.#persistence.save({
      version: 1,
      connectors: [...this.#connectors.values()],
      tasks: [...this.#tasks.values()].flatMap((tasks) => [...tasks.values()]),
      topics,
    });
  }
}
