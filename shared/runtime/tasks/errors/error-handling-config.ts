// The connector's errors.* settings, parsed once (the connector config def has validated them).
export interface ErrorHandlingConfig {
  /** errors.retry.timeout: how long to retry a retriable failure; -1 forever, 0 never. */
  readonly retryTimeoutMs: number;
  /** errors.retry.delay.max.ms: cap of the exponential backoff. */
  readonly retryDelayMaxMs: number;
  readonly tolerance: 'none' | 'all';
  readonly logEnable: boolean;
  readonly logIncludeMessages: boolean;
  /** errors.deadletterqueue.topic.name; empty: no DLQ. */
  readonly dlqTopic: string;
  readonly dlqReplicationFactor: number;
  readonly dlqContextHeaders: boolean;
}

export function errorHandlingConfig(config: Readonly<Record<string, string>>): ErrorHandlingConfig {
  const bool = (key: string) => (config[key] ?? 'false').trim().toLowerCase() === 'true';
  const tolerance = (config['errors.tolerance'] ?? 'none').trim().toLowerCase();
  return {
    retryTimeoutMs: Number(config['errors.retry.timeout'] ?? 0),
    retryDelayMaxMs: Number(config['errors.retry.delay.max.ms'] ?? 60_000),
    tolerance: tolerance === 'all' ? 'all' : 'none',
    logEnable: bool('errors.log.enable'),
    logIncludeMessages: bool('errors.log.include.messages'),
    dlqTopic: (config['errors.deadletterqueue.topic.name'] ?? '').trim(),
    dlqReplicationFactor: Number(config['errors.deadletterqueue.topic.replication.factor'] ?? 3),
    dlqContextHeaders: bool('errors.deadletterqueue.context.headers.enable'),
  };
}
