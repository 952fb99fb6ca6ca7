// Worker settings, in connect-standalone.properties' vocabulary so an existing worker file works
// (standalone reads them from a file; Lambda functions start from the defaults): bootstrap.servers, key/value/header converters (with their prefixed keys),
// offset.storage.file.filename, offset.flush.interval.ms, consumer.* and security settings.
import { ConfigError } from '../api/errors.ts';
import {
  type KafkaClientName,
  type KafkaConnection,
  kafkaClientNames,
  kafkaConnectionFrom,
} from '../kafka/index.ts';
import {
  defaultRunnerSettings,
  type OffsetResetPolicy,
  type SinkTaskRunnerSettings,
} from './tasks/sink-task-runner.ts';

export type WorkerConfig = Readonly<Record<string, string>>;

/** What a worker uses when its config file (or the lack of one) does not say. */
export function workerDefaults(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return {
    'bootstrap.servers': env.KAFKA_BOOTSTRAP_SERVERS ?? 'localhost:9092',
    'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'offset.storage.file.filename': '.serverless-connect/standalone.offsets.json',
    'offset.flush.interval.ms': String(defaultRunnerSettings.commitIntervalMs),
    'kafka.client': 'platformatic',
    // Kafka Connect's REST listener; loopback only unless the worker file says otherwise.
    listeners: env.SC_REST_LISTENERS ?? 'http://127.0.0.1:8083',
  };
}

export function kafkaConnection(worker: WorkerConfig): KafkaConnection {
  return kafkaConnectionFrom(worker, worker['client.id'] ?? 'serverless-connect');
}

export function kafkaClient(worker: WorkerConfig): KafkaClientName {
  const client = (worker['kafka.client'] ?? 'platformatic').trim();
  if (!kafkaClientNames.includes(client as KafkaClientName)) {
    throw new ConfigError('kafka.client', client, `String must be one of: ${kafkaClientNames.join(', ')}`);
  }
  return client as KafkaClientName;
}

/**
 * Kafka's worker key exactly.once.source.support: `enabled` runs every source task with a
 * transactional producer; `disabled` (Kafka's default) or `preparing` do not.
 */
export function exactlyOnceSourceEnabled(worker: WorkerConfig): boolean {
  const value = (worker['exactly.once.source.support'] ?? 'disabled').trim().toLowerCase();
  if (!['disabled', 'preparing', 'enabled'].includes(value)) {
    throw new ConfigError(
      'exactly.once.source.support',
      value,
      'String must be one of (case insensitive): disabled, enabled, preparing',
    );
  }
  return value === 'enabled';
}

function integer(
  config: Readonly<Record<string, string>>,
  key: string,
  fallback: number,
  min: number,
): number {
  const raw = config[key];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw.trim());
  if (!Number.isInteger(value)) throw new ConfigError(key, raw, 'Not a number of type INT');
  if (value < min) throw new ConfigError(key, raw, `Value must be at least ${min}`);
  return value;
}

/**
 * Consumer settings a connector may override (consumer.override.*) over the worker's (consumer.*),
 * mapped onto the task runner; the names are the Java consumer's.
 */
export function runnerSettings(
  worker: WorkerConfig,
  connector: Readonly<Record<string, string>>,
): SinkTaskRunnerSettings {
  const consumer = (name: string): Record<string, string> => {
    const value = connector[`consumer.override.${name}`] ?? worker[`consumer.${name}`];
    return value === undefined ? {} : { [name]: value };
  };
  const settings = {
    ...consumer('auto.offset.reset'),
    ...consumer('fetch.max.wait.ms'),
    ...consumer('fetch.max.bytes'),
    ...consumer('max.partition.fetch.bytes'),
    ...consumer('max.poll.records'),
  };
  const reset = (settings['auto.offset.reset'] ?? 'earliest').trim().toLowerCase();
  if (!['earliest', 'latest', 'none'].includes(reset)) {
    throw new ConfigError(
      'consumer.override.auto.offset.reset',
      reset,
      'String must be one of: latest, earliest, none',
    );
  }
  return {
    fetchMaxWaitMs: integer(settings, 'fetch.max.wait.ms', defaultRunnerSettings.fetchMaxWaitMs, 0),
    fetchMaxBytes: integer(settings, 'fetch.max.bytes', defaultRunnerSettings.fetchMaxBytes, 1),
    partitionMaxBytes: integer(
      settings,
      'max.partition.fetch.bytes',
      defaultRunnerSettings.partitionMaxBytes,
      1,
    ),
    ownershipRefreshMs: defaultRunnerSettings.ownershipRefreshMs,
    commitIntervalMs: integer(worker, 'offset.flush.interval.ms', defaultRunnerSettings.commitIntervalMs, 0),
    offsetReset: reset as OffsetResetPolicy,
    maxPutRecords: integer(settings, 'max.poll.records', defaultRunnerSettings.maxPutRecords!, 1),
  };
}
