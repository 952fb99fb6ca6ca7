// The environment contract between the CDK stack (which sets these variables on each function)
// and the Lambda handlers (which read them at cold start). Keeping the names in one place means a
// rename breaks the build, not a deployment.
export const environmentNames = {
  /** The state table (see table.ts). All functions. */
  tableName: 'SC_TABLE_NAME',
  /** Name or ARN of the task function, invoked asynchronously by the coordinator (and by tasks to continue). */
  taskFunction: 'SC_TASK_FUNCTION_NAME',
  /** Name or ARN of the coordinator function, invoked by the API after a change. */
  coordinatorFunction: 'SC_COORDINATOR_FUNCTION_NAME',
  /** Kafka bootstrap servers, comma separated. Coordinator and task. */
  kafkaBootstrapServers: 'SC_KAFKA_BOOTSTRAP_SERVERS',
  /** PLAINTEXT | SSL | SASL_PLAINTEXT | SASL_SSL (Kafka's security.protocol). */
  kafkaSecurityProtocol: 'SC_KAFKA_SECURITY_PROTOCOL',
  /** PLAIN | SCRAM-SHA-256 | SCRAM-SHA-512 | AWS_MSK_IAM (Kafka's sasl.mechanism). */
  kafkaSaslMechanism: 'SC_KAFKA_SASL_MECHANISM',
  /** Secrets Manager secret holding {"username","password"} for SASL PLAIN/SCRAM. */
  kafkaSaslSecretArn: 'SC_KAFKA_SASL_SECRET_ARN',
  /** Which Kafka client adapter the task reads with: platformatic (default) | kafkajs. */
  kafkaClient: 'SC_KAFKA_CLIENT',
  /**
   * Config providers, as a JSON object of Kafka's worker keys (`config.providers`,
   * `config.providers.<name>.class`, `.param.*`). API (to validate resolved values) and task.
   */
  configProviders: 'SC_CONFIG_PROVIDERS',
  /**
   * Kafka's worker key exactly.once.source.support (`enabled` | `disabled`): source tasks write in
   * transactions. API (validate's preflight check for exactly.once.support=required) and task.
   */
  exactlyOnceSourceSupport: 'SC_EXACTLY_ONCE_SOURCE_SUPPORT',
} as const;

export type EnvironmentName = (typeof environmentNames)[keyof typeof environmentNames];

/** Reads a required variable, failing the cold start with a message naming it. */
export function requiredEnv(name: EnvironmentName, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (value === undefined || value === '') throw new Error(`Environment variable ${name} is not set`);
  return value;
}

export function optionalEnv(name: EnvironmentName, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}
