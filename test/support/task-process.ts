// A task invocation in its own process, so a test can kill it for real (SIGKILL) in the middle
// of a batch. Leases are in DynamoDB Local (shared with the test); the connector config comes in
// through the environment; the recording sink appends what it receives to a file (sink tests),
// a source task writes to Kafka.
import { createDynamoDBClient } from '../../shared/aws/dynamodb-client.ts';
import { DynamoDBLeaseStore } from '../../shared/aws/dynamodb-lease-store.ts';
import type { ConnectorRecord } from '../../shared/runtime/stores/config-store.ts';
import { MemoryConfigStore } from '../../shared/runtime/stores/memory-config-store.ts';
import { runTaskInvocation } from '../../shared/runtime/tasks/task-invocation.ts';
import { localAwsClientConfig } from './local.ts';
import { ledger } from './recording-sink.ts';
import { invocationDeps } from './runtime.ts';

const record = JSON.parse(process.env.SC_TEST_CONNECTOR!) as ConnectorRecord;
const configs = await MemoryConfigStore.open();
await configs.create(record, Date.now());
// Sink tests record deliveries in a ledger; source tasks (which write to Kafka) have none.
if (record.config.ledger)
  ledger(record.config.ledger).putDelayMs = Number(process.env.SC_TEST_PUT_DELAY_MS ?? 0);
const client = createDynamoDBClient({ config: localAwsClientConfig });
const leases = new DynamoDBLeaseStore({ client, tableName: process.env.SC_TEST_TABLE! });
const outcome = await runTaskInvocation(
  { connector: record.name, task: Number(process.env.SC_TEST_TASK ?? 0), reason: 'assigned' },
  invocationDeps(configs, leases, {
    leaseTtlMs: Number(process.env.SC_TEST_LEASE_TTL_MS ?? 5000),
    // Worker keys on top of the test defaults (exactly.once.source.support, ...).
    ...(process.env.SC_TEST_WORKER
      ? { worker: { ...invocationDeps(configs, leases).worker, ...JSON.parse(process.env.SC_TEST_WORKER) } }
      : {}),
  }),
);
process.stdout.write(
  `${JSON.stringify({ status: outcome.status, reason: 'summary' in outcome ? outcome.summary.reason : undefined })}\n`,
);
client.destroy();
