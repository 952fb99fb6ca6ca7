// The lease view (GET /connectors/{name}/leases) from leases and the coordinator's last look, and
// the observation the coordinator keeps beside its scaling decision.
import { describe, expect, it } from 'vitest';
import type { Lease } from '../../../shared/leases/lease.ts';
import type { ScalingState } from '../../../shared/runtime/coordination/autoscaler.ts';
import { HISTORY_LENGTH, observe } from '../../../shared/runtime/coordination/scaling-observation.ts';
import { leaseView } from '../../../shared/runtime/management/lease-view.ts';

const NOW = 1_000_000;

function lease(partition: number, overrides: Partial<Lease> = {}): Lease {
  return {
    connector: 'c',
    topic: 'orders',
    partition,
    assignee: 0,
    owner: 'invocation-a',
    ownerTask: 0,
    epoch: 1,
    expiresAt: NOW + 5000,
    offset: 10,
    ownerSwitches: 0,
    updatedAt: NOW,
    ...overrides,
  };
}

function decision(activeTasks: number, at: number, committedTotal: number): ScalingState {
  return {
    activeTasks,
    reason: `running ${activeTasks}`,
    changedAt: at,
    lowSince: null,
    committedTotal,
    at,
    ratePerTask: null,
  };
}

describe('observe', () => {
  it('appends to the history only when the task count changes, and measures records per second', () => {
    const first = observe({
      previous: undefined,
      decided: decision(1, 0, 0),
      partitions: [{ topic: 'orders', partition: 0, endOffset: 5, lag: 5 }],
    });
    expect(first.observation?.recordsPerSecond).toBeNull();
    const same = observe({ previous: first, decided: decision(1, 2000, 100), partitions: [] });
    expect(same.observation?.history.map((d) => d.activeTasks)).toEqual([1]);
    expect(same.observation?.recordsPerSecond).toBe(50);
    const up = observe({ previous: same, decided: decision(4, 3000, 100), partitions: [] });
    expect(up.observation?.history.map((d) => d.activeTasks)).toEqual([1, 4]);
    expect(up.observation?.recordsPerSecond).toBe(0);
  });

  it('keeps a bounded history', () => {
    let state = observe({ previous: undefined, decided: decision(1, 0, 0), partitions: [] });
    for (let i = 1; i <= HISTORY_LENGTH + 5; i++)
      state = observe({ previous: state, decided: decision((i % 3) + 1, i, 0), partitions: [] });
    expect(state.observation?.history).toHaveLength(HISTORY_LENGTH);
    expect(state.observation?.history.at(-1)?.at).toBe(HISTORY_LENGTH + 5);
  });
});

describe('leaseView', () => {
  const scaling = observe({
    previous: undefined,
    decided: decision(2, NOW - 1000, 20),
    partitions: [
      { topic: 'orders', partition: 0, endOffset: 15, lag: 5 },
      { topic: 'orders', partition: 1, endOffset: 8, lag: 8 },
    ],
    deadLetterQueue: { topic: 'dlq', records: 3 },
  });

  it('shows owner, epoch, committed and end offsets, lag and hand-overs per partition', () => {
    const view = leaseView({
      name: 'c',
      type: 'sink',
      tasksMax: 4,
      running: true,
      leases: [
        lease(1, { offset: null, assignee: 1, owner: null, ownerTask: null }),
        lease(0, { assignee: 1, epoch: 3 }),
      ],
      scaling,
      now: NOW,
    });
    expect(view.partitions).toEqual([
      {
        topic: 'orders',
        partition: 0,
        assignee: 1,
        owner_task: 0,
        epoch: 3,
        expires_at: NOW + 5000,
        committed_offset: 10,
        end_offset: 15,
        lag: 5,
        handover: true,
      },
      {
        topic: 'orders',
        partition: 1,
        assignee: 1,
        owner_task: null,
        epoch: 1,
        expires_at: null,
        committed_offset: null,
        end_offset: 8,
        lag: 8,
        handover: false,
      },
    ]);
    expect(view).toMatchObject({
      tasks_max: 4,
      active_tasks: 2,
      observed_at: NOW - 1000,
      autoscaling: { active_tasks: 2, history: [{ at: NOW - 1000, active_tasks: 2 }] },
      dead_letter_queue: { topic: 'dlq', records: 3 },
    });
  });

  it('does not count an expired lease as owned, and shows no lag while the connector does not run', () => {
    const view = leaseView({
      name: 'c',
      type: 'sink',
      tasksMax: 1,
      running: false,
      leases: [lease(0, { expiresAt: NOW - 1 })],
      scaling,
      now: NOW,
    });
    expect(view.partitions[0]).toMatchObject({
      owner_task: null,
      handover: false,
      lag: null,
      end_offset: null,
    });
    expect(view.active_tasks).toBe(0);
    expect(view.observed_at).toBeNull();
  });

  it('shows a source connector’s task leases with a null topic', () => {
    const view = leaseView({
      name: 's',
      type: 'source',
      tasksMax: 1,
      running: true,
      leases: [lease(0, { topic: '@source-task', offset: null })],
      scaling: undefined,
      now: NOW,
    });
    expect(view.partitions[0]).toMatchObject({
      topic: null,
      partition: 0,
      owner_task: 0,
      committed_offset: null,
    });
    expect(view.active_tasks).toBe(1);
    expect(view.autoscaling).toBeNull();
  });
});
