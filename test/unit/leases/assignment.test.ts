// Property-based checks of the assignment's promises: complete, balanced, sticky with the fewest
// possible moves, and deterministic.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignPartitions } from '../../../shared/leases/assignment.ts';

const partitionKeys = (topics: number[]) =>
  topics.flatMap((count, t) => Array.from({ length: count }, (_, p) => `topic-${t}:${p}`));

/** The most partitions any balanced assignment to `tasks` tasks can leave where they are. */
function maxKept(
  current: ReadonlyMap<string, number | null>,
  partitions: readonly string[],
  tasks: number,
): number {
  const counts = Array.from(
    { length: tasks },
    (_, t) => partitions.filter((p) => current.get(p) === t).length,
  ).sort((a, b) => b - a);
  const base = Math.floor(partitions.length / tasks);
  const extras = partitions.length % tasks;
  return counts.reduce((kept, held, rank) => kept + Math.min(held, base + (rank < extras ? 1 : 0)), 0);
}

const scenario = fc
  .record({
    topics: fc.array(fc.integer({ min: 1, max: 24 }), { minLength: 1, maxLength: 3 }),
    before: fc.integer({ min: 1, max: 12 }),
    after: fc.integer({ min: 1, max: 12 }),
    seed: fc.integer(),
  })
  .map(({ topics, before, after, seed }) => {
    const partitions = partitionKeys(topics);
    // Start from a valid assignment for `before` tasks, then change the task count.
    const shuffled = partitions.map((p, i) => [p, Math.abs(seed * (i + 7)) % before] as const);
    const first = assignPartitions({ partitions, current: new Map(shuffled), tasks: before });
    return { partitions, before, after, first };
  });

describe('assignPartitions', () => {
  it('assigns every partition exactly once, to a valid task, balanced within one', () => {
    fc.assert(
      fc.property(scenario, ({ partitions, after, first }) => {
        const next = assignPartitions({ partitions, current: first, tasks: after });
        expect([...next.keys()].sort()).toEqual([...partitions].sort());
        const loads = Array.from(
          { length: after },
          (_, t) => [...next.values()].filter((v) => v === t).length,
        );
        for (const v of next.values()) expect(v >= 0 && v < after).toBe(true);
        expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('moves the fewest partitions possible when the task count changes', () => {
    fc.assert(
      fc.property(scenario, ({ partitions, after, first }) => {
        const next = assignPartitions({ partitions, current: first, tasks: after });
        const kept = partitions.filter((p) => next.get(p) === first.get(p)).length;
        expect(kept).toBe(maxKept(first, partitions, after));
      }),
    );
  });

  it('changes nothing when nothing changed, and gives the same answer for the same input', () => {
    fc.assert(
      fc.property(scenario, ({ partitions, before, first }) => {
        const again = assignPartitions({ partitions, current: first, tasks: before });
        expect(again).toEqual(first);
        const shuffled = [...partitions].reverse();
        expect(assignPartitions({ partitions: shuffled, current: first, tasks: before })).toEqual(first);
      }),
    );
  });

  it('spreads a fresh 12-partition topic 3 per task over 4 tasks', () => {
    const partitions = partitionKeys([12]);
    const result = assignPartitions({ partitions, current: new Map(), tasks: 4 });
    expect([0, 1, 2, 3].map((t) => [...result.values()].filter((v) => v === t).length)).toEqual([3, 3, 3, 3]);
  });
});
