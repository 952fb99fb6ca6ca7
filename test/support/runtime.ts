// Builds a LocalRuntime for tests: the real coordinator and task invocations, the real Kafka
// broker, and the recording sink next to the built-in plugins.

import {
  createAdmin,
  createPartitionReader,
  createProducer,
  createSourceProducer,
  createTransactionalSourceProducer,
} from '../../shared/kafka/index.ts';
import { Coordinator } from '../../shared/runtime/coordination/coordinator.ts';
import { MemoryCoordinatorState } from '../../shared/runtime/coordination/coordinator-state.ts';
import { LocalRuntime, type LocalRuntimeOptions } from '../../shared/runtime/local-runtime.ts';
import { silentLogger } from '../../shared/runtime/logger.ts';
import { builtinPlugins } from '../../shared/runtime/plugins/builtin-plugins.ts';
import { PluginRegistry } from '../../shared/runtime/plugins/plugins.ts';
import type { ConfigStore, ConnectorRecord } from '../../shared/runtime/stores/config-store.ts';
import { MemoryStatusStore } from '../../shared/runtime/stores/memory-status-store.ts';
import type { StatusStore } from '../../shared/runtime/stores/status-store.ts';
import type { TaskInvocationDeps } from '../../shared/runtime/tasks/task-invocation.ts';
import { runTaskInvocation } from '../../shared/runtime/tasks/task-invocation.ts';
import { workerDefaults } from '../../shared/runtime/worker-config.ts';
import { testConnection } from './kafka.ts';
import { recordingSinkPlugin } from './recording-sink.ts';

export const testRegistry = new PluginRegistry([...builtinPlugins().all(), recordingSinkPlugin]);

export const stringConverters = {
  'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
  'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
  'header.converter': 'org.apache.kafka.connect.storage.StringConverter',
};

export const testKafkaClients = {
  reader: () => createPartitionReader(testConnection),
  admin: () => createAdmin(testConnection),
  producer: () => createProducer(testConnection),
  sourceProducer: () => createSourceProducer(testConnection),
  transactionalSourceProducer: (id: string) => createTransactionalSourceProducer(testConnection, id),
};

export function testRuntime(
  options: Pick<LocalRuntimeOptions, 'configs' | 'leases'> & Partial<LocalRuntimeOptions>,
): LocalRuntime {
  return new LocalRuntime({
    state: new MemoryCoordinatorState(),
    statuses: new MemoryStatusStore(),
    registry: testRegistry,
    worker: {
      ...workerDefaults(),
      'bootstrap.servers': testConnection.brokers.join(','),
      'offset.flush.interval.ms': '200',
    },
    kafka: testKafkaClients,
    admin: createAdmin(testConnection),
    logger: silentLogger,
    workerId: 'test',
    leaseTtlMs: 5000,
    reconcileIntervalMs: 200,
    ...options,
  });
}

/**
 * Changes a connector's tasks.max the way the REST API does: new config, new task configs, as
 * many as the connector makes of it (`maxTasks`: the file sink makes one whatever tasks.max says).
 */
export async function setTasksMax(
  configs: ConfigStore,
  name: string,
  tasks: number,
  maxTasks = Number.POSITIVE_INFINITY,
): Promise<ConnectorRecord> {
  const record = (await configs.get(name))!;
  const config = { ...record.config, 'tasks.max': String(tasks) };
  return configs.update(
    name,
    record.version,
    { config, taskConfigs: Array.from({ length: Math.min(tasks, maxTasks) }, () => ({ ...config })) },
    Date.now(),
  );
}

/** Everything one task invocation needs, against the test broker; tests override what they probe. */
export function invocationDeps(
  configs: ConfigStore,
  leases: TaskInvocationDeps['leases'],
  overrides: Partial<TaskInvocationDeps> = {},
): TaskInvocationDeps {
  return {
    configs,
    leases,
    state: new MemoryCoordinatorState(),
    statuses: new MemoryStatusStore(),
    invoker: { invoke: async () => {} },
    registry: testRegistry,
    worker: { ...workerDefaults(), 'offset.flush.interval.ms': '100' },
    kafka: testKafkaClients,
    logger: silentLogger,
    workerId: 'test',
    leaseTtlMs: 5000,
    skewMs: 0,
    ...overrides,
  };
}

/** A connector on the recording sink, stored RUNNING with `tasks` task configs. */
export async function createRecordingConnector(
  configs: ConfigStore,
  name: string,
  topics: string,
  extra: Record<string, string> = {},
  tasks = 1,
): Promise<ConnectorRecord> {
  const config = {
    'connector.class': 'test.serverless.connect.RecordingSinkConnector',
    topics,
    'tasks.max': String(tasks),
    'tasks.autoscale.enable': 'false',
    ledger: name,
    ...stringConverters,
    ...extra,
  };
  return configs.create(
    {
      name,
      config,
      taskConfigs: Array.from({ length: tasks }, () => ({ ...config })),
      targetState: 'RUNNING',
    },
    Date.now(),
  );
}

/**
 * One coordinator pass over `name` against the test broker: leases created and assigned, task
 * invocations recorded instead of started (the test starts them itself). Returns the tasks it
 * would have invoked.
 */
export async function reconcileOnce(
  configs: ConfigStore,
  leases: TaskInvocationDeps['leases'],
  name: string,
): Promise<number[]> {
  const admin = createAdmin(testConnection);
  const invoked: number[] = [];
  try {
    await new Coordinator({
      configs,
      leases,
      state: new MemoryCoordinatorState(),
      invoker: { invoke: async (request) => void invoked.push(request.task) },
      admin: () => admin,
      logger: silentLogger,
      workerId: 'test',
      skewMs: 0,
      invokeGraceMs: 0,
    }).reconcile(name);
  } finally {
    await admin.close();
  }
  return invoked;
}

/**
 * Stores `config` as a RUNNING one-task connector (no validation, as an older version or a changed
 * cluster would leave it), leases its partitions, and runs one task invocation until it has caught
 * up or failed. Returns what a test checks: the outcome, committed offsets and the task status.
 */
export async function runStoredSinkOnce(
  configs: ConfigStore,
  leases: TaskInvocationDeps['leases'],
  statuses: StatusStore,
  name: string,
  config: Record<string, string>,
  overrides: Partial<TaskInvocationDeps> = {},
) {
  const stored = { ...config, name, 'tasks.max': '1', 'tasks.autoscale.enable': 'false' };
  await configs.create(
    { name, config: stored, taskConfigs: [{ ...stored }], targetState: 'RUNNING' },
    Date.now(),
  );
  await reconcileOnce(configs, leases, name);
  const outcome = await runTaskInvocation(
    { connector: name, task: 0, reason: 'assigned' },
    invocationDeps(configs, leases, { statuses, idlePolls: 2, ...overrides }),
  );
  const committed = (await leases.list(name)).map((l) => l.offset);
  const [status] = await statuses.taskStatuses(name);
  return { outcome, committed, status };
}
