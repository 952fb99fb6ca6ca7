// The in-memory coordinator lock against the shared CoordinatorLock contract.
import { describe } from 'vitest';
import { MemoryCoordinatorLock } from '../../../shared/leases/memory-coordinator-lock.ts';
import { coordinatorLockContract } from '../../support/coordinator-lock-contract.ts';

describe('MemoryCoordinatorLock', () => {
  coordinatorLockContract(async () => new MemoryCoordinatorLock(), { propertyRuns: 300 });
});
