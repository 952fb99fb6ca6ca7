// The behaviour every CoordinatorLock adapter promises (shared/leases/coordinator-lock.ts), run by
// the in-memory and the DynamoDB test files alike.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { CoordinatorLock } from '../../shared/leases/coordinator-lock.ts';

export interface CoordinatorLockContractOptions {
  readonly propertyRuns: number;
}

const ttl = 5_000;
const skew = 500;
const t0 = 1_000_000;

export function coordinatorLockContract(
  newLock: () => Promise<CoordinatorLock>,
  options: CoordinatorLockContractOptions,
): void {
  it('grants a free lock and refuses it to others while it is held, naming the holder', async () => {
    const lock = await newLock();
    const first = await lock.tryAcquire('c1', ttl, t0, skew);
    expect(first).toMatchObject({ acquired: true, holder: 'c1', expiresAt: t0 + ttl });
    expect(first.fencingToken).toBeGreaterThan(0);
    const second = await lock.tryAcquire('c2', ttl, t0 + ttl + skew, skew);
    expect(second).toEqual({
      acquired: false,
      holder: 'c1',
      expiresAt: t0 + ttl,
      fencingToken: first.fencingToken,
    });
  });

  it('an expired lock is taken with a higher token, and the old holder can neither renew nor release it', async () => {
    const lock = await newLock();
    const old = await lock.tryAcquire('c1', ttl, t0, skew);
    const next = await lock.tryAcquire('c2', ttl, t0 + ttl + skew + 1, skew);
    expect(next).toMatchObject({ acquired: true, holder: 'c2' });
    expect(next.fencingToken).toBeGreaterThan(old.fencingToken);
    expect(await lock.renew('c1', old.fencingToken, ttl, t0 + ttl + skew + 2)).toBe(false);
    await lock.release('c1', old.fencingToken);
    expect(await lock.tryAcquire('c3', ttl, t0 + ttl + skew + 3, skew)).toMatchObject({
      acquired: false,
      holder: 'c2',
    });
  });

  it('renew extends the grant so that nobody takes it at the old expiry', async () => {
    const lock = await newLock();
    const grant = await lock.tryAcquire('c1', ttl, t0, skew);
    expect(await lock.renew('c1', grant.fencingToken, ttl, t0 + ttl - 1)).toBe(true);
    expect(await lock.tryAcquire('c2', ttl, t0 + ttl + skew + 1, skew)).toMatchObject({
      acquired: false,
      expiresAt: t0 + 2 * ttl - 1,
    });
    expect(await lock.renew('c1', grant.fencingToken + 1, ttl, t0 + ttl)).toBe(false);
  });

  it('release frees the lock at once; the token counter keeps growing across holders', async () => {
    const lock = await newLock();
    const tokens: number[] = [];
    for (const [i, holder] of ['c1', 'c2', 'c1'].entries()) {
      const grant = await lock.tryAcquire(holder, ttl, t0 + i, skew);
      expect(grant.acquired).toBe(true);
      tokens.push(grant.fencingToken);
      await lock.release(holder, grant.fencingToken);
    }
    expect(tokens[1]).toBeGreaterThan(tokens[0]!);
    expect(tokens[2]).toBeGreaterThan(tokens[1]!);
    expect(await lock.tryAcquire('c2', ttl, t0 + 10, skew)).toMatchObject({ acquired: true, holder: 'c2' });
  });

  it('a holder acquiring again gets a new grant; its previous token is stale', async () => {
    const lock = await newLock();
    const first = await lock.tryAcquire('c1', ttl, t0, skew);
    const again = await lock.tryAcquire('c1', ttl, t0 + 1, skew);
    expect(again).toMatchObject({ acquired: true, holder: 'c1', expiresAt: t0 + 1 + ttl });
    expect(again.fencingToken).toBeGreaterThan(first.fencingToken);
    expect(await lock.renew('c1', first.fencingToken, ttl, t0 + 2)).toBe(false);
    expect(await lock.renew('c1', again.fencingToken, ttl, t0 + 2)).toBe(true);
  });

  it('of many coordinators starting at once, exactly one acquires', async () => {
    const lock = await newLock();
    const grants = await Promise.all(
      Array.from({ length: 8 }, (_, i) => lock.tryAcquire(`c${i}`, ttl, t0, skew)),
    );
    const winners = grants.filter((g) => g.acquired);
    expect(winners).toHaveLength(1);
    for (const loser of grants.filter((g) => !g.acquired)) expect(loser.holder).toBe(winners[0]!.holder);
  });

  it('behaves like the reference model over any sequence of acquire, renew and release', async () => {
    type Op = { kind: 'acquire' | 'renew' | 'release'; holder: number; advance: number };
    const op = fc.record({
      kind: fc.constantFrom<Op['kind']>('acquire', 'renew', 'release'),
      holder: fc.integer({ min: 0, max: 2 }),
      advance: fc.integer({ min: 0, max: ttl + 2 * skew }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
        const lock = await newLock();
        // The model: who holds which token until when, and the highest token ever granted.
        let model = { holder: null as string | null, token: 0, expiresAt: 0 };
        const tokens = new Map<string, number>();
        let now = t0;
        for (const { kind, holder: h, advance } of ops) {
          now += advance;
          const holder = `c${h}`;
          if (kind === 'acquire') {
            const grant = await lock.tryAcquire(holder, ttl, now, skew);
            const free = model.holder === null || model.holder === holder || model.expiresAt + skew < now;
            expect(grant.acquired).toBe(free);
            if (free) {
              expect(grant.fencingToken).toBeGreaterThan(model.token);
              model = { holder, token: grant.fencingToken, expiresAt: now + ttl };
              tokens.set(holder, grant.fencingToken);
            } else expect(grant).toMatchObject({ holder: model.holder, fencingToken: model.token });
          } else if (kind === 'renew') {
            const token = tokens.get(holder) ?? 0;
            const held = model.holder === holder && model.token === token;
            expect(await lock.renew(holder, token, ttl, now)).toBe(held);
            if (held) model = { ...model, expiresAt: now + ttl };
          } else {
            const token = tokens.get(holder) ?? 0;
            await lock.release(holder, token);
            if (model.holder === holder && model.token === token)
              model = { ...model, holder: null, expiresAt: 0 };
          }
        }
      }),
      { numRuns: options.propertyRuns },
    );
  });
}
