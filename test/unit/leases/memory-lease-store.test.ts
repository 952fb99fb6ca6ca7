// The in-memory lease store against the shared LeaseStore contract.
import { describe } from 'vitest';
import { MemoryLeaseStore } from '../../../shared/leases/memory-lease-store.ts';
import { leaseStoreContract } from '../../support/lease-store-contract.ts';

describe('MemoryLeaseStore', () => {
  leaseStoreContract(() => new MemoryLeaseStore(), { propertyRuns: 200 });
});
