// The source half of a task invocation: build the source pipeline, producer, topic creator and
// lease, run the source task loop, and close everything whatever happened. The frame around it
// (config lookup, statuses, continuation) is shared with sinks in task-invocation.ts.
import type { SourceConnector } from '../../api/connector.ts';
import type { SourceConnectorPlugin } from '../../api/plugin.ts';
import type { SourceRecord } from '../../api/record.ts';
import type { PartitionReader, SourceProducer, SourceProducerRecord } from '../../kafka/types.ts';
import { SOURCE_TASK_TOPIC } from '../../leases/lease.ts';
import { exactlyOnceSourceEnabled } from '../worker-config.ts';
import { errorHandlingConfig } from './errors/error-handling-config.ts';
import { type RecordDescriber, RetryWithTolerance } from './errors/record-error-handler.ts';
import { LeaseOffsetStorageReader } from './offset-storage-reader.ts';
import type { RunSummary } from './sink-task-runner.ts';
import { createSourcePipeline, type SourceRecordPipeline } from './source-pipeline.ts';
import { SourceTaskLease } from './source-task-ownership.ts';
import {
  defaultSourceRunnerSettings,
  SourceTaskRunner,
  type SourceTaskRunnerSettings,
} from './source-task-runner.ts';
import { SourceTransactions, sourceTransactionalId, transactionBoundary } from './source-transactions.ts';
import { activeTopicTracker, type InvocationContext, type TaskInvocationDeps } from './task-invocation.ts';
import { TopicCreator, topicCreationSettings } from './topic-creation.ts';
import { createTransformer } from './transformer-factory.ts';

/** What an error log shows of a failed source record. */
const sourceRecordDescriber: RecordDescriber<SourceRecord> = {
  coordinates: (record) => ({
    topic: record.topic,
    sourcePartition: record.sourcePartition,
    sourceOffset: record.sourceOffset,
  }),
  contents: (record) => ({ key: printable(record.key), value: printable(record.value) }),
};

export async function runSourceTask(
  plugin: SourceConnectorPlugin,
  context: InvocationContext,
  deps: TaskInvocationDeps,
): Promise<RunSummary> {
  const { connector: name, taskId, config, taskConfig } = context;
  const { registry, logger, statuses } = deps;
  const admin = deps.kafka.admin();
  const settings = sourceRunnerSettings(deps.worker, config);
  // exactly.once.source.support=enabled: every source task writes in transactions (as Kafka's workers).
  let producer: SourceProducer;
  let reader: PartitionReader | undefined;
  let transactions: SourceTransactions | undefined;
  if (exactlyOnceSourceEnabled(deps.worker)) {
    const transactional = deps.kafka.transactionalSourceProducer(
      sourceTransactionalId(deps.worker, name, taskId),
    );
    producer = transactional;
    reader = deps.kafka.reader();
    transactions = new SourceTransactions({
      producer: transactional,
      reader,
      ...transactionBoundary(config, settings.commitIntervalMs),
      logger,
      context: { connector: name, task: taskId },
      fenceRetiredTasks: async () => {
        // Task leases the coordinator assigns to nobody while the connector runs: tasks retired by
        // a reconfiguration. Initializing a producer of their transactional id fences them.
        const retired = (await deps.leases.list(name)).filter(
          (l) => l.topic === SOURCE_TASK_TOPIC && l.assignee === null && l.partition !== taskId,
        );
        for (const lease of retired) {
          const fence = deps.kafka.transactionalSourceProducer(
            sourceTransactionalId(deps.worker, name, lease.partition),
          );
          try {
            await fence.initTransactions();
          } finally {
            await fence.close().catch(() => {});
          }
        }
      },
    });
  } else producer = deps.kafka.sourceProducer();
  let pipeline: SourceRecordPipeline | undefined;
  try {
    const connector: SourceConnector = plugin.create();
    const errorConfig = errorHandlingConfig(config);
    const errors = new RetryWithTolerance<SourceRecord, SourceProducerRecord>(
      errorConfig,
      undefined,
      logger,
      { connector: name, task: taskId },
      sourceRecordDescriber,
    );
    pipeline = createSourcePipeline(config, deps.worker, registry, createTransformer(config, registry));
    const topics = activeTopicTracker(name, statuses);
    const runner = new SourceTaskRunner({
      connector: name,
      taskId,
      task: connector.createTask(),
      taskConfig,
      pipeline,
      producer,
      lease: new SourceTaskLease({
        store: deps.leases,
        connector: name,
        claimant: { invocation: context.invocation, task: taskId },
        ttlMs: deps.leaseTtlMs,
        skewMs: deps.skewMs,
      }),
      offsetReader: new LeaseOffsetStorageReader(deps.leases, name),
      topics: new TopicCreator(admin, topicCreationSettings(config, deps.worker), logger),
      errors,
      tolerateAll: errorConfig.tolerance === 'all',
      settings,
      logger,
      onProduced: (written) => topics.offer(written),
      ...(transactions ? { transactions } : {}),
    });
    deps.onStart?.(runner);
    await context.reportRunning();
    // A source has no lag to wake it up again: it keeps polling until its budget ends.
    const summary = await runner.run({ ...context.limits, idlePolls: 0 });
    await topics.flush();
    return summary;
  } finally {
    pipeline?.close();
    await producer.close().catch(() => {});
    await reader?.close().catch(() => {});
    await admin.close().catch(() => {});
  }
}

/** offset.flush.interval.ms from the worker; delivery.timeout.ms as the Java producer names it. */
export function sourceRunnerSettings(
  worker: Readonly<Record<string, string>>,
  connector: Readonly<Record<string, string>>,
): SourceTaskRunnerSettings {
  const number = (raw: string | undefined, fallback: number) => {
    const value = Number(raw?.trim());
    return raw === undefined || raw.trim() === '' || !Number.isFinite(value) || value < 0 ? fallback : value;
  };
  return {
    ...defaultSourceRunnerSettings,
    commitIntervalMs: number(
      worker['offset.flush.interval.ms'],
      defaultSourceRunnerSettings.commitIntervalMs,
    ),
    deliveryTimeoutMs: number(
      connector['producer.override.delivery.timeout.ms'] ?? worker['producer.delivery.timeout.ms'],
      defaultSourceRunnerSettings.deliveryTimeoutMs,
    ),
  };
}

function printable(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  try {
    return JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? v.toString() : v));
  } catch {
    return String(value);
  }
}
