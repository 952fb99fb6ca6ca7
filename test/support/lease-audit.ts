// Replays a connector's lease history and reports every moment two invocations held one
// partition: a claim while the previous holder had neither released nor expired.
import type { LeaseEvent } from '../../shared/leases/lease.ts';

export interface LeaseAudit {
  readonly violations: string[];
  readonly claims: number;
  readonly releases: number;
  readonly takeovers: number;
}

export function auditLeaseHistory(events: readonly LeaseEvent[]): LeaseAudit {
  const byPartition = new Map<string, LeaseEvent[]>();
  for (const event of events) {
    const key = `${event.topic}:${event.partition}`;
    byPartition.set(key, [...(byPartition.get(key) ?? []), event]);
  }
  const violations: string[] = [];
  let claims = 0;
  let releases = 0;
  let takeovers = 0;
  for (const [key, history] of byPartition) {
    // Epochs order a partition's events exactly; a release carries the epoch it ends.
    const ordered = [...history].sort((a, b) => a.epoch - b.epoch || (a.type === 'released' ? 1 : -1));
    let holder: LeaseEvent | undefined;
    for (const event of ordered) {
      if (event.type === 'released') {
        releases++;
        if (!holder || holder.invocation !== event.invocation || holder.epoch !== event.epoch)
          violations.push(`${key}: ${event.invocation} released epoch ${event.epoch} it did not hold`);
        holder = undefined;
        continue;
      }
      if (event.type === 'claimed') {
        claims++;
        if (holder)
          violations.push(
            `${key}: ${event.invocation} claimed epoch ${event.epoch} while ${holder.invocation} held epoch ${holder.epoch}`,
          );
      } else {
        takeovers++;
      }
      if (holder && event.epoch !== holder.epoch + 1)
        violations.push(`${key}: epoch jumped from ${holder.epoch} to ${event.epoch}`);
      holder = event;
    }
  }
  return { violations, claims, releases, takeovers };
}
