// How a change made through the REST API reaches the task invocations already running: a signal
// stamped on the leases they hold (LeaseSignal). Stamping moves the connector's lease generation,
// which every task reads twice a second, so they list their leases and find it. The API stamps right after its write, so a running task hears it within a
// refresh, without waiting for the coordinator; the coordinator stamps config versions too, so a
// change whose stamp was missed still arrives at its next pass.
import type { Lease, LeaseStore } from '../../leases/lease.ts';

/** Tells every lease stamped with an older config version that the connector is at `version` now. */
export async function signalConfigVersion(
  leases: LeaseStore,
  connector: string,
  version: number,
  now: number,
): Promise<void> {
  await stampConfigVersion(leases, connector, await leases.list(connector), version, now);
}

/** signalConfigVersion for a caller that has just listed the connector's leases (`current`). */
export async function stampConfigVersion(
  leases: LeaseStore,
  connector: string,
  current: readonly Lease[],
  version: number,
  now: number,
): Promise<void> {
  const stale = current.filter((lease) => (lease.configVersion ?? 0) < version);
  if (stale.length > 0) await leases.signal(connector, stale, { configVersion: version }, now);
}

/**
 * Asks the invocations running `tasks` (all tasks when omitted) to restart: each ends after its batch
 * and continues in a fresh invocation with a new lease epoch. A task not running needs no signal.
 */
export async function signalRestart(
  leases: LeaseStore,
  connector: string,
  tasks: ReadonlySet<number> | undefined,
  now: number,
): Promise<number> {
  const running = (await leases.list(connector)).filter(
    (lease) => lease.owner !== null && (tasks === undefined || tasks.has(lease.ownerTask ?? -1)),
  );
  if (running.length > 0) await leases.signal(connector, running, { restart: true }, now);
  return running.length;
}
