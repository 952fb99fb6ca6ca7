// Where in-memory stores keep a copy of their state between runs (standalone mode points this at a
// JSON file; tests leave it out). The whole snapshot is written on every change: the state is small
// (configs and statuses), and a whole-file replace is simple to make crash-safe.
export interface SnapshotPersistence<T> {
  /** The last saved snapshot, or undefined when nothing was saved yet. */
  load(): Promise<T | undefined>;
  save(snapshot: T): Promise<void>;
}
