// One coordinator reconciles at a time. Coordinators are invoked by schedules, API calls and
// tasks, so two may run at once; the lock makes all but one return early. Each acquisition
// increments a fencing token, so a coordinator that paused past its expiry (and lost the lock to
// another) finds out at its next renew instead of reconciling on stale reads.

export interface LockGrant {
  /** True when the caller holds the lock now. */
  readonly acquired: boolean;
  /** The token of the current grant: the caller's own when acquired, else the holder's. */
  readonly fencingToken: number;
  /** Who holds the lock (the caller when acquired); null when nobody does. */
  readonly holder: string | null;
  /** Until when the holder may act without renewing (ms since epoch, holder's clock). */
  readonly expiresAt: number;
}

export interface CoordinatorLock {
  /**
   * Takes the lock if it is free, expired by more than `skewMs`, or already the caller's (a repeated
   * request after a lost response must not lock the caller out). Every success is a new grant with
   * a higher fencing token than any before.
   */
  tryAcquire(holder: string, ttlMs: number, now: number, skewMs?: number): Promise<LockGrant>;
  /** Extends the caller's grant; false when the lock is no longer held with this token. */
  renew(holder: string, fencingToken: number, ttlMs: number, now: number): Promise<boolean>;
  /** Frees the lock if the caller still holds it with this token (the token counter is kept). */
  release(holder: string, fencingToken: number): Promise<void>;
}

/** How far apart two coordinators' clocks may be: an expired lock is taken only this much later. */
export const defaultLockSkewMs = 1_000;

/** The rule both adapters share for taking the lock. */
export function mayAcquire(
  current: { holder: string | null; expiresAt: number },
  holder: string,
  now: number,
  skewMs: number,
): boolean {
  return current.holder === null || current.holder === holder || current.expiresAt + skewMs < now;
}
