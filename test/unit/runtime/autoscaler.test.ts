import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AutoscaleSettings,
  decideScale,
  type ScalingState,
} from '../../../shared/runtime/coordination/autoscaler.ts';

const settings: AutoscaleSettings = {
  enabled: true,
  targetDrainSeconds: 10,
  scaleDownCooldownMs: 60_000,
  initialLagPerTask: 1000,
};

describe('decideScale', () => {
  it('scales up at once from lag and says why', () => {
    const state = decideScale({
      maxTasks: 6,
      lag: 4500,
      committedTotal: 0,
      now: 0,
      previous: undefined,
      settings,
    });
    expect(state.activeTasks).toBe(5);
    expect(state.reason).toMatch(/^scaled up from 1 to 5: lag 4500 records/);
  });

  it('uses the measured drain rate once there is one', () => {
    const first = decideScale({
      maxTasks: 8,
      lag: 100_000,
      committedTotal: 0,
      now: 0,
      previous: undefined,
      settings,
    });
    // 2 tasks drained 20,000 records in 10 s: 1,000 records/s per task, 10,000 per task per target.
    const previous: ScalingState = { ...first, activeTasks: 2 };
    const second = decideScale({
      maxTasks: 8,
      lag: 50_000,
      committedTotal: 20_000,
      now: 10_000,
      previous,
      settings,
    });
    expect(second.ratePerTask).toBe(1000);
    expect(second.activeTasks).toBe(5);
    expect(second.reason).toContain('one task drains 1000 records/s');
  });

  it('scales down only after the cooldown, and only when clearly fewer tasks suffice', () => {
    const high: ScalingState = {
      activeTasks: 6,
      reason: 'scaled up',
      changedAt: 0,
      lowSince: null,
      committedTotal: 0,
      at: 0,
      ratePerTask: 1000,
    };
    const soon = decideScale({ maxTasks: 6, lag: 0, committedTotal: 0, now: 1000, previous: high, settings });
    expect(soon.activeTasks).toBe(6);
    expect(soon.lowSince).toBe(1000);
    const later = decideScale({
      maxTasks: 6,
      lag: 0,
      committedTotal: 0,
      now: 61_000,
      previous: soon,
      settings,
    });
    expect(later.activeTasks).toBe(2);
    expect(later.reason).toMatch(/^scaled down from 6 to 2/);
    // A burst within the cooldown resets it.
    const burst = decideScale({
      maxTasks: 6,
      lag: 60_000,
      committedTotal: 0,
      now: 30_000,
      previous: soon,
      settings,
    });
    expect(burst.lowSince).toBeNull();
  });

  it('runs tasks.max (capped) when autoscaling is off', () => {
    const state = decideScale({
      maxTasks: 3,
      lag: 0,
      committedTotal: 0,
      now: 0,
      previous: undefined,
      settings: { ...settings, enabled: false },
    });
    expect(state.activeTasks).toBe(3);
    expect(state.reason).toContain('autoscaling off');
  });

  it('always stays between 1 and maxTasks', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 64 }),
        fc.array(
          fc.record({
            lag: fc.nat(10_000_000),
            drained: fc.nat(1_000_000),
            dt: fc.integer({ min: 1, max: 120_000 }),
          }),
          {
            minLength: 1,
            maxLength: 20,
          },
        ),
        (maxTasks, steps) => {
          let previous: ScalingState | undefined;
          let now = 0;
          let committed = 0;
          for (const step of steps) {
            now += step.dt;
            committed += step.drained;
            previous = decideScale({
              maxTasks,
              lag: step.lag,
              committedTotal: committed,
              now,
              previous,
              settings,
            });
            expect(previous.activeTasks).toBeGreaterThanOrEqual(1);
            expect(previous.activeTasks).toBeLessThanOrEqual(maxTasks);
          }
        },
      ),
    );
  });
});
