// What the rebalancing demo reads from the lease map (GET /connectors/{name}/leases) and prints.

export interface LeaseRow {
  readonly partition: number;
  readonly assignee: number | null;
  readonly owner_task: number | null;
}

/** Every partition held by the task the coordinator assigned it to, and `tasks` tasks holding them. */
export function settled(rows: readonly LeaseRow[], partitions: number, tasks: number): boolean {
  return (
    rows.length === partitions &&
    rows.every((r) => r.owner_task !== null && r.owner_task === r.assignee) &&
    new Set(rows.map((r) => r.owner_task)).size === tasks
  );
}

/** `task 0 → p0,1,2; task 1 → p3,4,5`: who holds what, by task. */
export function describeOwners(rows: readonly LeaseRow[]): string {
  const owners = Map.groupBy(
    rows.filter((r) => r.owner_task !== null),
    (r) => r.owner_task!,
  );
  return [...owners.entries()]
    .sort(([a], [b]) => a - b)
    .map(([task, held]) => `task ${task} → p${held.map((r) => r.partition).join(',')}`)
    .join('; ');
}
