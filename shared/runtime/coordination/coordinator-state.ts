// What the coordinator remembers between reconciliations: each connector's scaling decision and
// when each task was last invoked (so a task that is still cold-starting is not invoked twice).
import type { ScalingState } from './autoscaler.ts';

export interface CoordinatorStateStore {
  scaling(connector: string): Promise<ScalingState | undefined>;
  saveScaling(connector: string, state: ScalingState): Promise<void>;
  /**
   * Records an invocation of `task` unless one was recorded within `graceMs` for the same connector
   * config `version`; true when the caller should invoke. Conditional, so two coordinators do not
   * both invoke the same task. A mark made under an older version does not hold back an invocation
   * after a change (a resume, a new config): a duplicate is harmless (fenced), a missed one is not.
   */
  markInvoked(
    connector: string,
    task: number,
    now: number,
    graceMs: number,
    version?: number,
  ): Promise<boolean>;
  /** Forgets a task's invocation mark once it is known to have ended. */
  clearInvoked(connector: string, task: number): Promise<void>;
  deleteConnector(connector: string): Promise<void>;
}

export class MemoryCoordinatorState implements CoordinatorStateStore {
  readonly #scaling = new Map<string, ScalingState>();
  readonly #invoked = new Map<string, { at: number; version: number }>();

  async scaling(connector: string): Promise<ScalingState | undefined> {
    return this.#scaling.get(connector);
  }

  async saveScaling(connector: string, state: ScalingState): Promise<void> {
    this.#scaling.set(connector, state);
  }

  async markInvoked(
    connector: string,
    task: number,
    now: number,
    graceMs: number,
    version = 0,
  ): Promise<boolean> {
    const key = `${connector}\u0000${task}`;
    const last = this.#invoked.get(key);
    if (last !== undefined && last.version === version && now - last.at < graceMs) return false;
    this.#invoked.set(key, { at: now, version });
    return true;
  }

  async clearInvoked(connector: string, task: number): Promise<void> {
    this.#invoked.delete(`${connector}\u0000${task}`);
  }

  async deleteConnector(connector: string): Promise<void> {
    this.#scaling.delete(connector);
    for (const key of this.#invoked.keys())
      if (key.startsWith(`${connector}\u0000`)) this.#invoked.delete(key);
  }
}
