// Sparse traffic: a connector whose tasks exited idle (or that was created before its records
// arrived) would otherwise wait for the coordinator's next scheduled run, up to a minute, before a
// record moves. The scheduled coordinator instead stays on through its minute and watches the end
// offsets of such connectors' partitions; when records arrive and no task is running, it reconciles
// that connector at once, which invokes its tasks.
//
// Why this design (README, "Sparse traffic"): it needs no new infrastructure and no Kafka consumer
// group, works with any cluster the tasks can reach, and costs only while a connector was recently
// active: the watch covers a connector for `tasks.pickup.watch.ms` after its last activity (a commit,
// a config change), so a deployment that went quiet stops watching and costs what the schedule costs.
// What it costs while it watches is the coordinator's run time (its memory × seconds), one
// ListOffsets per watched topic per poll (no charge) and a lease read when end offsets moved.
import type { KafkaAdmin } from '../../kafka/types.ts';
import { type Lease, type LeaseStore, leaseKey, SOURCE_TASK_TOPIC } from '../../leases/lease.ts';
import type { Logger } from '../logger.ts';
import type { ConfigStore, ConnectorRecord } from '../stores/config-store.ts';
import { nonNegativeNumber } from './connector-numbers.ts';

export interface PickupSettings {
  /** tasks.pickup.target.ms: how soon a record that arrives for an idle connector should move. */
  readonly targetMs: number;
  /** tasks.pickup.watch.ms: how long after its last activity a connector stays watched (0: never). */
  readonly watchMs: number;
}

export const defaultPickupSettings: PickupSettings = { targetMs: 5000, watchMs: 15 * 60_000 };

export function pickupSettings(config: Readonly<Record<string, string>>): PickupSettings {
  const number = (key: string, fallback: number) => nonNegativeNumber(config, key, fallback);
  return {
    targetMs: Math.max(500, number('tasks.pickup.target.ms', defaultPickupSettings.targetMs)),
    watchMs: number('tasks.pickup.watch.ms', defaultPickupSettings.watchMs),
  };
}

/** Looks this often: a fifth of the target leaves the rest for the reconcile and the task's start. */
export function pollIntervalMs(settings: PickupSettings): number {
  return Math.max(200, Math.floor(settings.targetMs / 5));
}

export interface PickupWatchDeps {
  readonly configs: ConfigStore;
  readonly leases: LeaseStore;
  readonly admin: KafkaAdmin;
  readonly logger: Logger;
  /** Reconciles one connector (under the coordinator lock): it invokes the tasks that have work. */
  readonly reconcile: (connector: string) => Promise<unknown>;
  readonly skewMs: number;
  /** The schedule period: a connector whose target is not below it is left to the schedule. */
  readonly scheduleMs: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface WatchSummary {
  /** Connectors watched at some point. */
  readonly watched: number;
  readonly polls: number;
  /** Reconciles started because records arrived while no task ran. */
  readonly wakeUps: number;
}

interface Watched {
  readonly name: string;
  readonly settings: PickupSettings;
  readonly topics: readonly string[];
  /** End offsets at the last poll, by lease key. */
  ends: Map<string, number> | undefined;
  /** Until when a live task was seen: records are its business until then. */
  busyUntil: number;
  /**
   * Came into the watch after the run's first look (created or resumed meanwhile): the run's opening
   * reconcile never saw it, so records already there at its first look count as arrived.
   */
  readonly joinedLate: boolean;
}

/** How often the list of connectors to watch is read again (new connectors, ended windows). */
const RELIST_MS = 5000;
/** While end offsets keep moving, the leases are read at most this often per connector. */
const LEASE_RECHECK_MS = 2000;

/**
 * Watches until `keepGoing` turns false. Every connector it watches is a RUNNING sink connector
 * with a pickup target below the schedule period that was active within its watch window.
 */
export async function watchForRecords(
  deps: PickupWatchDeps,
  keepGoing: () => boolean,
): Promise<WatchSummary> {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let watched = new Map<string, Watched>();
  const everWatched = new Set<string>();
  let listedAt = Number.NEGATIVE_INFINITY;
  let polls = 0;
  let wakeUps = 0;
  while (keepGoing()) {
    if (now() - listedAt >= RELIST_MS) {
      watched = await connectorsToWatch(deps, watched, now(), listedAt !== Number.NEGATIVE_INFINITY);
      for (const name of watched.keys()) everWatched.add(name);
      listedAt = now();
    }
    if (watched.size === 0) {
      // Nothing to watch now; look again when the list is next read (a connector may be created).
      await sleep(Math.min(RELIST_MS, 1000));
      continue;
    }
    const interval = Math.min(...[...watched.values()].map((w) => pollIntervalMs(w.settings)));
    const topics = [...new Set([...watched.values()].flatMap((w) => w.topics))];
    const ends = await endOffsets(deps.admin, topics, deps.logger);
    polls++;
    for (const watch of watched.values()) {
      if (await arrived(deps, watch, ends, now())) {
        wakeUps++;
        deps.logger.info('records arrived for an idle connector; starting its tasks', {
          connector: watch.name,
        });
        await deps.reconcile(watch.name);
        // The tasks it invoked are starting: give them time to claim before looking again.
        watch.busyUntil = now() + LEASE_RECHECK_MS;
      }
    }
    if (keepGoing()) await sleep(interval);
  }
  return { watched: everWatched.size, polls, wakeUps };
}

/**
 * True when records arrived for the connector (its end offsets moved since the last look, and some
 * assigned partition has records past its committed offset) and none of its tasks runs.
 */
async function arrived(
  deps: PickupWatchDeps,
  watch: Watched,
  ends: ReadonlyMap<string, number>,
  at: number,
): Promise<boolean> {
  const previous = watch.ends;
  const current = new Map<string, number>();
  for (const [key, end] of ends)
    if (watch.topics.includes(key.slice(0, key.lastIndexOf(':')))) current.set(key, end);
  const moved = previous === undefined || [...current].some(([key, end]) => end > (previous.get(key) ?? end));
  // While busy the last looked-at ends are kept, so a move seen then is looked at again afterwards.
  if (!moved || at < watch.busyUntil) return false;
  watch.ends = current;
  const leases = await deps.leases.list(watch.name);
  if (leases.some((l) => l.owner !== null && l.expiresAt + deps.skewMs >= at)) {
    // A task runs and reads the new records itself. Look again shortly: it may be about to exit.
    watch.busyUntil = at + LEASE_RECHECK_MS;
    return false;
  }
  return leases.some((lease) => {
    if (lease.assignee === null) return false;
    const key = leaseKey(lease.topic, lease.partition);
    const end = current.get(key);
    if (end === undefined) return false;
    // Never committed: records count as arrived when the end moved since the last look, or, for a
    // connector created during the watch, when there are any (they may predate its first look).
    if (lease.offset === null)
      return previous === undefined ? watch.joinedLate && end > 0 : end > (previous.get(key) ?? end);
    return end > lease.offset;
  });
}

async function connectorsToWatch(
  deps: PickupWatchDeps,
  current: ReadonlyMap<string, Watched>,
  at: number,
  late: boolean,
): Promise<Map<string, Watched>> {
  const next = new Map<string, Watched>();
  for (const name of await deps.configs.list()) {
    const record = await deps.configs.get(name);
    if (record?.targetState !== 'RUNNING') continue;
    const settings = pickupSettings(record.config);
    if (settings.watchMs === 0 || settings.targetMs >= deps.scheduleMs) continue;
    const leases = await deps.leases.list(name);
    if (leases.some((l) => l.topic === SOURCE_TASK_TOPIC)) continue; // sources have no lag to watch
    if (at - lastActivity(record, leases) > settings.watchMs) continue;
    const topics = [...new Set(leases.filter((l) => l.assignee !== null).map((l) => l.topic))];
    if (topics.length === 0) continue;
    const known = current.get(name);
    next.set(name, {
      name,
      settings,
      topics,
      ends: known?.ends,
      busyUntil: known?.busyUntil ?? Number.NEGATIVE_INFINITY,
      joinedLate: known?.joinedLate ?? late,
    });
  }
  return next;
}

/** The last time the connector changed or a task committed (lease writes stamp updatedAt). */
function lastActivity(record: ConnectorRecord, leases: readonly Lease[]): number {
  return Math.max(record.updatedAt, ...leases.map((l) => l.updatedAt));
}

async function endOffsets(
  admin: KafkaAdmin,
  topics: readonly string[],
  logger: Logger,
): Promise<Map<string, number>> {
  try {
    const offsets = await admin.listOffsets(topics, 'latest');
    return new Map(offsets.map((o) => [leaseKey(o.topic, o.partition), o.offset]));
  } catch (error) {
    // A deleted topic or a broker hiccup: the next poll (and the schedule) try again.
    logger.warn('could not read end offsets while watching for records', {
      error: (error as Error).message,
    });
    return new Map();
  }
}
