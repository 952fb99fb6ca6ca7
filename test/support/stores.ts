// The state stores a runtime test runs against: in memory (standalone's adapters) or DynamoDB
// Local (the distributed deployment's), so the same scenario proves both.
import { createDynamoDBClient } from '../../shared/aws/dynamodb-client.ts';
import { DynamoDBLeaseStore } from '../../shared/aws/dynamodb-lease-store.ts';
import { ensureTable } from '../../shared/aws/table.ts';
import type { LeaseStore } from '../../shared/leases/lease.ts';
import { MemoryLeaseStore } from '../../shared/leases/memory-lease-store.ts';
import type { ConfigStore } from '../../shared/runtime/stores/config-store.ts';
import { MemoryConfigStore } from '../../shared/runtime/stores/memory-config-store.ts';
import { localAwsClientConfig, uniqueName } from './local.ts';

export type StoreKind = 'memory' | 'dynamodb';

export const storeKinds: readonly StoreKind[] = ['memory', 'dynamodb'];

export interface TestStores {
  readonly configs: ConfigStore;
  readonly leases: LeaseStore;
  readonly cleanup: () => Promise<void>;
}

/** A DynamoDB client for DynamoDB Local and a fresh table, created the way the runtime expects it. */
export async function localTable(): Promise<{
  client: ReturnType<typeof createDynamoDBClient>;
  tableName: string;
}> {
  const client = createDynamoDBClient({ config: localAwsClientConfig });
  const tableName = uniqueName('sc-state');
  await ensureTable(client, tableName);
  return { client, tableName };
}

export async function testStores(kind: StoreKind): Promise<TestStores> {
  const configs = await MemoryConfigStore.open();
  if (kind === 'memory') return { configs, leases: new MemoryLeaseStore(), cleanup: async () => {} };
  const { client, tableName } = await localTable();
  return {
    configs,
    leases: new DynamoDBLeaseStore({ client, tableName }),
    cleanup: async () => client.destroy(),
  };
}
