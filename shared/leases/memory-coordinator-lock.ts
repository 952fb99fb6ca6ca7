// The coordinator lock in process memory, for standalone mode and tests.
import { type CoordinatorLock, defaultLockSkewMs, type LockGrant, mayAcquire } from './coordinator-lock.ts';

export class MemoryCoordinatorLock implements CoordinatorLock {
  #holder: string | null = null;
  #fencingToken = 0;
  #expiresAt = 0;

  async tryAcquire(
    holder: string,
    ttlMs: number,
    now: number,
    skewMs = defaultLockSkewMs,
  ): Promise<LockGrant> {
    const current = { holder: this.#holder, expiresAt: this.#expiresAt };
    if (!mayAcquire(current, holder, now, skewMs))
      return { acquired: false, fencingToken: this.#fencingToken, ...current };
    this.#holder = holder;
    this.#fencingToken++;
    this.#expiresAt = now + ttlMs;
    return { acquired: true, fencingToken: this.#fencingToken, holder, expiresAt: this.#expiresAt };
  }

  async renew(holder: string, fencingToken: number, ttlMs: number, now: number): Promise<boolean> {
    if (this.#holder !== holder || this.#fencingToken !== fencingToken) return false;
    this.#expiresAt = now + ttlMs;
    return true;
  }

  async release(holder: string, fencingToken: number): Promise<void> {
    if (this.#holder !== holder || this.#fencingToken !== fencingToken) return;
    this.#holder = null;
    this.#expiresAt = 0;
  }
}
