// The rebalancing demo's own judgements: when a step has settled (every partition held by its
// assignee, by exactly the tasks asked for) and the count of its sink's ledger across task files.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLedger } from '../../../scripts/demo/counting-sink.ts';
import { describeOwners, type LeaseRow, settled } from '../../../scripts/demo/lease-rows.ts';

const rows = (owners: (number | null)[], assignees: (number | null)[] = owners): LeaseRow[] =>
  owners.map((owner, partition) => ({ partition, owner_task: owner, assignee: assignees[partition]! }));

describe('settled', () => {
  it('holds when every partition is held by its assignee and the task count is the one asked for', () => {
    expect(settled(rows([0, 1, 0, 1]), 4, 2)).toBe(true);
  });

  it('does not hold during a hand-over, with a free partition, too few tasks or missing rows', () => {
    expect(settled(rows([0, 0, 0, 1], [0, 1, 0, 1]), 4, 2)).toBe(false);
    expect(settled(rows([0, null, 0, 1], [0, 1, 0, 1]), 4, 2)).toBe(false);
    expect(settled(rows([0, 0, 0, 0]), 4, 2)).toBe(false);
    expect(settled(rows([0, 1, 0]), 4, 2)).toBe(false);
  });
});

it('describes who holds which partitions, by task', () => {
  expect(describeOwners(rows([1, 0, null, 1, 0]))).toBe('task 0 → p1,4; task 1 → p0,3');
});

it('counts each (partition, offset) over every ledger file, and only ledger files', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sc-ledger-'));
  writeFileSync(path.join(dir, 'a.ledger'), '0 0\n0 1\n1 0\n');
  writeFileSync(path.join(dir, 'b.ledger'), '1 1\n0 1\n');
  writeFileSync(path.join(dir, 'notes.txt'), '5 5\n');
  expect(Object.fromEntries(readLedger(dir))).toEqual({ '0:0': 1, '0:1': 2, '1:0': 1, '1:1': 1 });
});
