// What the coordinator saw on its last look at a sink connector, kept beside the autoscaler's
// decision so the REST API's lease view (GET /connectors/{name}/leases) can show lag per partition,
// the throughput and why the task count changed, without reaching Kafka itself (the API function
// has no route to the cluster). Pure: the coordinator stores what these functions return.
import type { ScalingState } from './autoscaler.ts';

/** One change of the number of active tasks, and the autoscaler's reason for it. */
export interface ScalingDecision {
  readonly at: number;
  readonly activeTasks: number;
  readonly reason: string;
}

export interface ObservedPartition {
  readonly topic: string;
  readonly partition: number;
  /** The log end offset when the coordinator looked. */
  readonly endOffset: number;
  /** Records between the committed offset (or the log start) and the log end at that time. */
  readonly lag: number;
}

export interface DeadLetterQueueObservation {
  readonly topic: string;
  /** Records in the topic (log end minus log start, over its partitions): all connectors writing to it. */
  readonly records: number;
}

export interface ScalingObservation {
  readonly observedAt: number;
  readonly partitions: readonly ObservedPartition[];
  /** Records committed per second over all tasks since the previous look; null on the first look. */
  readonly recordsPerSecond: number | null;
  /** Recent changes of the task count, oldest first, at most HISTORY_LENGTH. */
  readonly history: readonly ScalingDecision[];
  readonly deadLetterQueue?: DeadLetterQueueObservation;
}

/** The autoscaler's state as the coordinator stores it: the decision plus what it was based on. */
export type ObservedScalingState = ScalingState & { readonly observation?: ScalingObservation };

export const HISTORY_LENGTH = 20;

export function observe(input: {
  readonly previous: ObservedScalingState | undefined;
  readonly decided: ScalingState;
  readonly partitions: readonly ObservedPartition[];
  readonly deadLetterQueue?: DeadLetterQueueObservation;
}): ObservedScalingState {
  const { previous, decided } = input;
  const history = [...(previous?.observation?.history ?? [])];
  const last = history.at(-1);
  if (!last || last.activeTasks !== decided.activeTasks)
    history.push({ at: decided.at, activeTasks: decided.activeTasks, reason: decided.reason });
  const seconds = previous && decided.at > previous.at ? (decided.at - previous.at) / 1000 : 0;
  const recordsPerSecond =
    seconds > 0 ? Math.max(0, decided.committedTotal - previous!.committedTotal) / seconds : null;
  return {
    ...decided,
    observation: {
      observedAt: decided.at,
      partitions: input.partitions,
      recordsPerSecond,
      history: history.slice(-HISTORY_LENGTH),
      ...(input.deadLetterQueue ? { deadLetterQueue: input.deadLetterQueue } : {}),
    },
  };
}
