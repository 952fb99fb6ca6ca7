// What the coordinator and task functions build from their environment at cold start: the state
// stores on the one DynamoDB table, the Kafka connection (SASL credentials from Secrets Manager, or
// MSK IAM with the function's own role), the Lambda task invoker and config providers. Tests pass overrides to point the same
// code at DynamoDB Local and the local broker.
import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { awsConfigProviderFactories } from '../shared/aws/config-providers.ts';
import { createDynamoDBClient } from '../shared/aws/dynamodb-client.ts';
import { DynamoDbConfigStore } from '../shared/aws/dynamodb-config-store.ts';
import { DynamoDBCoordinatorLock } from '../shared/aws/dynamodb-coordinator-lock.ts';
import { DynamoDBCoordinatorState } from '../shared/aws/dynamodb-coordinator-state.ts';
import { DynamoDBLeaseStore } from '../shared/aws/dynamodb-lease-store.ts';
import { DynamoDBLoggerLevelStore } from '../shared/aws/dynamodb-logger-levels.ts';
import { DynamoDbStatusStore } from '../shared/aws/dynamodb-status-store.ts';
import { environmentNames, optionalEnv, requiredEnv } from '../shared/aws/environment.ts';
import { LambdaTaskInvoker } from '../shared/aws/lambda-task-invoker.ts';
import { resolveConfigReferences } from '../shared/config/providers/resolve.ts';
import {
  builtinConfigProviderFactories,
  configProvidersFromWorkerConfig,
} from '../shared/config/providers/worker-providers.ts';
import {
  createAdmin,
  createPartitionReader,
  createProducer,
  createSourceProducer,
  createTransactionalSourceProducer,
} from '../shared/kafka/index.ts';
import { mskIamClassNames } from '../shared/kafka/msk-iam.ts';
import type { TaskInvoker } from '../shared/runtime/coordination/task-invoker.ts';
import type { Logger } from '../shared/runtime/logger.ts';
import { type LoggerLevelStore, storedRootLevel } from '../shared/runtime/logger-levels.ts';
import type { KafkaClients } from '../shared/runtime/tasks/task-invocation.ts';
import {
  kafkaClient,
  kafkaConnection,
  type WorkerConfig,
  workerDefaults,
} from '../shared/runtime/worker-config.ts';

export interface RuntimeOverrides {
  readonly dynamodb?: DynamoDBClient;
  /** Tests run tasks in-process instead of invoking the task function. */
  readonly invoker?: TaskInvoker;
  /** Resolves the SASL secret without Secrets Manager (tests). */
  readonly readSecret?: (arn: string) => Promise<string>;
}

export interface RuntimeEnvironment {
  readonly tableName: string;
  readonly dynamodb: DynamoDBClient;
  readonly configs: DynamoDbConfigStore;
  readonly statuses: DynamoDbStatusStore;
  readonly leases: DynamoDBLeaseStore;
  readonly state: DynamoDBCoordinatorState;
  readonly lock: DynamoDBCoordinatorLock;
  readonly worker: WorkerConfig;
  readonly kafka: KafkaClients;
  readonly invoker: TaskInvoker;
  readonly resolveConfig: (config: Readonly<Record<string, string>>) => Promise<Record<string, string>>;
  /** The levels set through /admin/loggers; each invocation follows the stored root level. */
  readonly loggerLevels: LoggerLevelStore;
}

/** Powertools' name for a Log4j level (Kafka's, as /admin/loggers takes them). */
const POWERTOOLS_LEVELS: Record<
  string,
  'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'CRITICAL' | 'SILENT'
> = {
  ALL: 'TRACE',
  TRACE: 'TRACE',
  DEBUG: 'DEBUG',
  INFO: 'INFO',
  WARN: 'WARN',
  ERROR: 'ERROR',
  FATAL: 'CRITICAL',
  OFF: 'SILENT',
};

/**
 * Sets the function's log level to the root level stored through /admin/loggers, at the start of an
 * invocation: a change made through the API applies from the next invocation of every function.
 * Nothing stored leaves the level the function started with (POWERTOOLS_LOG_LEVEL). A failed read
 * keeps the current level: logging must never fail an invocation.
 */
export async function followStoredLogLevel(
  store: LoggerLevelStore,
  logger: Logger & { powertools: PowertoolsLogger },
): Promise<void> {
  try {
    const stored = await storedRootLevel(store);
    const level = stored === undefined ? undefined : POWERTOOLS_LEVELS[stored.toUpperCase()];
    if (level !== undefined && level !== logger.powertools.getLevelName())
      logger.powertools.setLogLevel(level);
  } catch (error) {
    logger.warn('could not read the stored log level', { error: (error as Error).message });
  }
}

/** Powertools' structured JSON logger behind the engine's Logger port. */
export function powertoolsLogger(serviceName: string): Logger & { powertools: PowertoolsLogger } {
  const powertools = new PowertoolsLogger({ serviceName });
  return {
    powertools,
    debug: (message, fields) => powertools.debug(message, { ...fields }),
    info: (message, fields) => powertools.info(message, { ...fields }),
    warn: (message, fields) => powertools.warn(message, { ...fields }),
    error: (message, fields) => powertools.error(message, { ...fields }),
  };
}

const loginModules: Record<string, string> = {
  PLAIN: 'org.apache.kafka.common.security.plain.PlainLoginModule',
  'SCRAM-SHA-256': 'org.apache.kafka.common.security.scram.ScramLoginModule',
  'SCRAM-SHA-512': 'org.apache.kafka.common.security.scram.ScramLoginModule',
};

/** The Kafka client settings, in Kafka's vocabulary, from the function's environment. */
export async function workerFromEnvironment(
  env: NodeJS.ProcessEnv,
  readSecret: (arn: string) => Promise<string>,
): Promise<WorkerConfig> {
  const worker: Record<string, string> = {
    ...workerDefaults(env),
    'bootstrap.servers': requiredEnv(environmentNames.kafkaBootstrapServers, env),
    'client.id': env.AWS_LAMBDA_FUNCTION_NAME ?? 'serverless-connect',
    'kafka.client': optionalEnv(environmentNames.kafkaClient, env) ?? 'platformatic',
    // Kafka Connect's own default is 60 s. Every commit is a DynamoDB transaction over the task's
    // leases, billed per item: 10 s keeps that cost small, equals the lease renewal period, and
    // bounds what a crash re-delivers.
    'offset.flush.interval.ms': '10000',
  };
  const exactlyOnce = optionalEnv(environmentNames.exactlyOnceSourceSupport, env);
  if (exactlyOnce) worker['exactly.once.source.support'] = exactlyOnce;
  const protocol = optionalEnv(environmentNames.kafkaSecurityProtocol, env);
  if (protocol) worker['security.protocol'] = protocol;
  const mechanism = optionalEnv(environmentNames.kafkaSaslMechanism, env);
  const secretArn = optionalEnv(environmentNames.kafkaSaslSecretArn, env);
  if (mechanism === 'AWS_MSK_IAM') {
    // The function's role signs in (the stack grants it kafka-cluster:*), so there is no secret.
    // These are the client properties MSK documents for Java clients; the region comes from
    // AWS_REGION, which Lambda always sets (read here so tests can pass their own environment).
    worker['sasl.mechanism'] = mechanism;
    const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
    if (region) worker['aws.region'] = region;
    worker['sasl.jaas.config'] = `${mskIamClassNames.loginModule} required;`;
    worker['sasl.client.callback.handler.class'] = mskIamClassNames.clientCallbackHandler;
  } else if (mechanism) {
    worker['sasl.mechanism'] = mechanism;
    const loginModule = loginModules[mechanism];
    if (!loginModule)
      throw new Error(
        `${environmentNames.kafkaSaslMechanism}=${mechanism} is not supported by the task runtime`,
      );
    if (!secretArn)
      throw new Error(
        `${environmentNames.kafkaSaslSecretArn} must name the secret holding the SASL credentials`,
      );
    const { username, password } = JSON.parse(await readSecret(secretArn)) as {
      username?: string;
      password?: string;
    };
    if (!username || !password) throw new Error(`The secret ${secretArn} must hold {"username","password"}`);
    const quote = (value: string) => JSON.stringify(value);
    worker['sasl.jaas.config'] =
      `${loginModule} required username=${quote(username)} password=${quote(password)};`;
  }
  return worker;
}

// Imported here rather than with the module: only SASL/SCRAM deployments read a secret (cold start).
async function readSecretFromSecretsManager(arn: string): Promise<string> {
  const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
  const { SecretString } = await new SecretsManagerClient({}).send(
    new GetSecretValueCommand({ SecretId: arn }),
  );
  if (SecretString === undefined) throw new Error(`The secret ${arn} has no string value`);
  return SecretString;
}

export async function runtimeFromEnvironment(
  env: NodeJS.ProcessEnv = process.env,
  overrides: RuntimeOverrides = {},
): Promise<RuntimeEnvironment> {
  const tableName = requiredEnv(environmentNames.tableName, env);
  const dynamodb = overrides.dynamodb ?? createDynamoDBClient();
  const worker = await workerFromEnvironment(env, overrides.readSecret ?? readSecretFromSecretsManager);
  const connection = kafkaConnection(worker);
  const client = kafkaClient(worker);
  const providerSettings = optionalEnv(environmentNames.configProviders, env);
  const providers = configProvidersFromWorkerConfig(
    providerSettings ? (JSON.parse(providerSettings) as Record<string, string>) : {},
    { ...builtinConfigProviderFactories, ...awsConfigProviderFactories },
  );
  return {
    tableName,
    dynamodb,
    configs: new DynamoDbConfigStore(dynamodb, tableName),
    statuses: new DynamoDbStatusStore(dynamodb, tableName),
    leases: new DynamoDBLeaseStore({ client: dynamodb, tableName }),
    state: new DynamoDBCoordinatorState(dynamodb, tableName),
    lock: new DynamoDBCoordinatorLock({ client: dynamodb, tableName }),
    worker,
    kafka: {
      reader: () => createPartitionReader(connection, client),
      admin: () => createAdmin(connection),
      producer: () => createProducer(connection),
      sourceProducer: () => createSourceProducer(connection),
      transactionalSourceProducer: (id) => createTransactionalSourceProducer(connection, id),
    },
    invoker:
      overrides.invoker ??
      new LambdaTaskInvoker(
        async () => new (await import('@aws-sdk/client-lambda')).LambdaClient({}),
        requiredEnv(environmentNames.taskFunction, env),
      ),
    resolveConfig: (config) => resolveConfigReferences(config, providers),
    loggerLevels: new DynamoDBLoggerLevelStore(dynamodb, tableName),
  };
}
