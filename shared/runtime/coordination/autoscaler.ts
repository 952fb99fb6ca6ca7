// How many tasks a connector should run right now: between 1 and tasks.max (and never more than
// it has partitions), from its consumer lag and the rate its tasks drained it since the last look.
// Scaling up is immediate; scaling down waits for a cooldown with a margin, so a connector does not
// flap between two sizes (hysteresis). Pure: the coordinator stores the returned state.

import { nonNegativeNumber } from './connector-numbers.ts';

export interface AutoscaleSettings {
  /** tasks.autoscale.enable (serverless-connect extension, default true). */
  readonly enabled: boolean;
  /** tasks.autoscale.target.drain.seconds: run enough tasks to clear the lag within this time. */
  readonly targetDrainSeconds: number;
  /** tasks.autoscale.scale.down.cooldown.ms: how long fewer tasks must suffice before scaling down. */
  readonly scaleDownCooldownMs: number;
  /** Lag one task is assumed to handle before any rate was measured. */
  readonly initialLagPerTask: number;
}

export const defaultAutoscaleSettings: AutoscaleSettings = {
  enabled: true,
  targetDrainSeconds: 30,
  scaleDownCooldownMs: 120_000,
  initialLagPerTask: 10_000,
};

export function autoscaleSettings(config: Readonly<Record<string, string>>): AutoscaleSettings {
  const number = (key: string, fallback: number) => nonNegativeNumber(config, key, fallback);
  return {
    enabled: (config['tasks.autoscale.enable'] ?? 'true').trim().toLowerCase() !== 'false',
    targetDrainSeconds: Math.max(1, number('tasks.autoscale.target.drain.seconds', 30)),
    scaleDownCooldownMs: number('tasks.autoscale.scale.down.cooldown.ms', 120_000),
    initialLagPerTask: Math.max(1, number('tasks.autoscale.initial.lag.per.task', 10_000)),
  };
}

export interface ScalingState {
  readonly activeTasks: number;
  readonly reason: string;
  readonly changedAt: number;
  /** Since when fewer tasks would have sufficed (scale-down cooldown); null when not. */
  readonly lowSince: number | null;
  /** Sum of committed offsets at the last look, to measure the drain rate. */
  readonly committedTotal: number;
  readonly at: number;
  /** Records per second one task drained, last measured; null before any measurement. */
  readonly ratePerTask: number | null;
}

export interface ScalingInput {
  readonly maxTasks: number;
  readonly lag: number;
  readonly committedTotal: number;
  readonly now: number;
  readonly previous: ScalingState | undefined;
  readonly settings: AutoscaleSettings;
}

export function decideScale({
  maxTasks,
  lag,
  committedTotal,
  now,
  previous,
  settings,
}: ScalingInput): ScalingState {
  const ceiling = Math.max(1, maxTasks);
  const base = { committedTotal, at: now };
  if (!settings.enabled) {
    return {
      ...base,
      activeTasks: ceiling,
      reason: `autoscaling off: running ${ceiling} task(s) (tasks.max, capped by partitions)`,
      changedAt: previous?.activeTasks === ceiling ? previous.changedAt : now,
      lowSince: null,
      ratePerTask: previous?.ratePerTask ?? null,
    };
  }
  const current = Math.min(Math.max(1, previous?.activeTasks ?? 1), ceiling);
  const ratePerTask = measuredRate(previous, committedTotal, now, current);
  const perTaskCapacity = ratePerTask === null ? null : ratePerTask * settings.targetDrainSeconds;
  const needed =
    lag <= 0
      ? 1
      : Math.ceil(
          lag /
            (perTaskCapacity === null || perTaskCapacity <= 0 ? settings.initialLagPerTask : perTaskCapacity),
        );
  const wanted = Math.min(ceiling, Math.max(1, needed));
  const why =
    perTaskCapacity === null
      ? `lag ${lag} records, no drain rate measured yet (assuming ${settings.initialLagPerTask} per task)`
      : `lag ${lag} records, one task drains ${Math.round(ratePerTask ?? 0)} records/s, target ${settings.targetDrainSeconds} s`;

  if (wanted > current) {
    return {
      ...base,
      activeTasks: wanted,
      reason: `scaled up from ${current} to ${wanted}: ${why}`,
      changedAt: now,
      lowSince: null,
      ratePerTask,
    };
  }
  // Down only when clearly fewer suffice (a 25% margin) and have sufficed for the whole cooldown.
  const clearlyFewer = Math.min(ceiling, Math.max(1, Math.ceil(needed * 1.25)));
  if (clearlyFewer < current) {
    const lowSince = previous?.lowSince ?? now;
    if (now - lowSince >= settings.scaleDownCooldownMs) {
      return {
        ...base,
        activeTasks: clearlyFewer,
        reason: `scaled down from ${current} to ${clearlyFewer}: ${why}`,
        changedAt: now,
        lowSince: null,
        ratePerTask,
      };
    }
    return {
      ...base,
      activeTasks: current,
      reason: previous?.reason ?? `running ${current} task(s): ${why}`,
      changedAt: previous?.changedAt ?? now,
      lowSince,
      ratePerTask,
    };
  }
  return {
    ...base,
    activeTasks: current,
    reason:
      previous && previous.activeTasks === current ? previous.reason : `running ${current} task(s): ${why}`,
    changedAt: previous?.changedAt ?? now,
    lowSince: null,
    ratePerTask,
  };
}

/** Records per second per task since the previous look; keeps the last estimate when idle. */
function measuredRate(
  previous: ScalingState | undefined,
  committedTotal: number,
  now: number,
  tasks: number,
): number | null {
  if (!previous || now <= previous.at) return previous?.ratePerTask ?? null;
  const drained = committedTotal - previous.committedTotal;
  if (drained <= 0) return previous.ratePerTask;
  return drained / ((now - previous.at) / 1000) / tasks;
}
