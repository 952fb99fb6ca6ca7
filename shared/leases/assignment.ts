// Which task should own which partition. Sticky (a partition stays with its task unless balance
// needs it elsewhere), balanced (task loads differ by at most one), incremental (going from N to
// M tasks moves the fewest partitions possible) and deterministic (same input, same answer).

export interface AssignmentInput {
  /** Every partition key, e.g. "orders:3". */
  readonly partitions: readonly string[];
  /** Current assignee per partition key; absent or null means unassigned. */
  readonly current: ReadonlyMap<string, number | null>;
  readonly tasks: number;
}

/** The new assignee of every partition (task ids 0 … tasks-1). */
export function assignPartitions({ partitions, current, tasks }: AssignmentInput): Map<string, number> {
  const result = new Map<string, number>();
  if (partitions.length === 0) return result;
  if (!Number.isInteger(tasks) || tasks < 1)
    throw new RangeError(`tasks must be a positive integer, got ${tasks}`);
  const sorted = [...new Set(partitions)].sort(comparePartitionKeys);

  // What each valid task holds now, in partition order.
  const held = new Map<number, string[]>();
  for (let t = 0; t < tasks; t++) held.set(t, []);
  const pool: string[] = [];
  for (const key of sorted) {
    const owner = current.get(key);
    if (owner !== null && owner !== undefined && owner >= 0 && owner < tasks) held.get(owner)!.push(key);
    else pool.push(key);
  }

  // Quotas: floor(P/M) each, and one extra for P mod M tasks. The extras go to the tasks holding
  // the most already, so that the most partitions stay where they are (ties: lower task id).
  const base = Math.floor(sorted.length / tasks);
  const extras = sorted.length % tasks;
  const byLoad = [...held.keys()].sort((a, b) => held.get(b)!.length - held.get(a)!.length || a - b);
  const quota = new Map<number, number>();
  for (const [rank, task] of byLoad.entries()) quota.set(task, base + (rank < extras ? 1 : 0));

  // Tasks over quota give up their last partitions; then the pool fills tasks under quota.
  for (const [task, keys] of held) {
    const excess = keys.length - quota.get(task)!;
    if (excess > 0) pool.push(...keys.splice(keys.length - excess, excess));
  }
  pool.sort(comparePartitionKeys);
  let next = 0;
  for (let task = 0; task < tasks; task++) {
    const keys = held.get(task)!;
    while (keys.length < quota.get(task)!) keys.push(pool[next++]!);
  }
  for (const [task, keys] of held) for (const key of keys) result.set(key, task);
  return result;
}

/** Orders "topic:partition" keys by topic, then numerically by partition. */
export function comparePartitionKeys(a: string, b: string): number {
  const ia = a.lastIndexOf(':');
  const ib = b.lastIndexOf(':');
  const ta = a.slice(0, ia);
  const tb = b.slice(0, ib);
  if (ta !== tb) return ta < tb ? -1 : 1;
  return Number(a.slice(ia + 1)) - Number(b.slice(ib + 1));
}
