// GET /connectors/{name}/leases, serverless-connect's one read-only addition to Kafka Connect's REST
// API: who owns which partition (the leases), at which epoch, how far each partition is behind, and
// the autoscaler's recent decisions. Kafka Connect has no such view (its assignment lives inside the
// group protocol); here the assignment is data, so it is shown as data. Pure: the service reads the
// stores and this shapes the answer in the API's snake_case.
import type { ConnectorType } from '../../api/connector.ts';
import { type Lease, leaseKey, SOURCE_TASK_TOPIC } from '../../leases/lease.ts';
import type { ObservedScalingState } from '../coordination/scaling-observation.ts';

export interface PartitionLeaseInfo {
  /** The Kafka topic; null for a source connector, whose leases are its tasks. */
  topic: string | null;
  /** The Kafka partition; for a source connector the task id. */
  partition: number;
  /** The task the coordinator wants to own it; null while the connector is paused or stopped. */
  assignee: number | null;
  /** The task whose invocation holds the lease now; null when free (or expired). */
  owner_task: number | null;
  /** The fencing token: it grows with every change of owner. */
  epoch: number;
  expires_at: number | null;
  /** Next offset to read (Kafka Connect's committed offset); null when nothing was committed. */
  committed_offset: number | null;
  /** Log end offset at the coordinator's last look; null before it looked (or for sources). */
  end_offset: number | null;
  lag: number | null;
  /** The partition is moving: held by one task, assigned to another. */
  handover: boolean;
}

export interface LeaseView {
  name: string;
  type: ConnectorType;
  tasks_max: number;
  /** Tasks the coordinator runs now (the autoscaler's choice, or every task of a source). */
  active_tasks: number;
  /** When the coordinator last read the end offsets (ms since epoch); null before it did. */
  observed_at: number | null;
  records_per_second: number | null;
  partitions: PartitionLeaseInfo[];
  autoscaling: {
    active_tasks: number;
    reason: string;
    history: { at: number; active_tasks: number; reason: string }[];
  } | null;
  dead_letter_queue: { topic: string; records: number } | null;
}

export function leaseView(input: {
  readonly name: string;
  readonly type: ConnectorType;
  readonly tasksMax: number;
  readonly running: boolean;
  readonly leases: readonly Lease[];
  readonly scaling: ObservedScalingState | undefined;
  readonly now: number;
}): LeaseView {
  const { scaling, now } = input;
  const observation = input.running ? scaling?.observation : undefined;
  const ends = new Map((observation?.partitions ?? []).map((p) => [leaseKey(p.topic, p.partition), p]));
  const partitions = input.leases
    .map((lease): PartitionLeaseInfo => {
      const source = lease.topic === SOURCE_TASK_TOPIC;
      const held = lease.owner !== null && lease.expiresAt >= now;
      const observed = ends.get(leaseKey(lease.topic, lease.partition));
      const committed = source ? null : lease.offset;
      const lag =
        observed === undefined
          ? null
          : committed === null
            ? observed.lag
            : Math.max(0, observed.endOffset - committed);
      return {
        topic: source ? null : lease.topic,
        partition: lease.partition,
        assignee: lease.assignee,
        owner_task: held ? lease.ownerTask : null,
        epoch: lease.epoch,
        expires_at: lease.owner === null ? null : lease.expiresAt,
        committed_offset: committed,
        end_offset: observed?.endOffset ?? null,
        lag,
        handover: held && lease.assignee !== lease.ownerTask,
      };
    })
    .sort((a, b) => (a.topic ?? '').localeCompare(b.topic ?? '') || a.partition - b.partition);
  const sourceTasks = partitions.filter((p) => p.topic === null && p.assignee !== null).length;
  return {
    name: input.name,
    type: input.type,
    tasks_max: input.tasksMax,
    active_tasks: !input.running ? 0 : input.type === 'source' ? sourceTasks : (scaling?.activeTasks ?? 0),
    observed_at: observation?.observedAt ?? null,
    records_per_second:
      observation?.recordsPerSecond === null || observation?.recordsPerSecond === undefined
        ? null
        : Math.round(observation.recordsPerSecond * 10) / 10,
    partitions,
    autoscaling:
      input.type === 'sink' && scaling
        ? {
            active_tasks: scaling.activeTasks,
            reason: scaling.reason,
            history: (scaling.observation?.history ?? []).map((d) => ({
              at: d.at,
              active_tasks: d.activeTasks,
              reason: d.reason,
            })),
          }
        : null,
    dead_letter_queue: scaling?.observation?.deadLetterQueue ?? null,
  };
}
