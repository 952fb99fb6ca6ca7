// Lambda entry point of the REST API (API Gateway REST proxy integration). Dependencies come from
// the environment the CDK stack sets (shared/aws/environment.ts) and are built on the first request.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { awsConfigProviderFactories } from '../../shared/aws/config-providers.ts';
import { createDynamoDBClient } from '../../shared/aws/dynamodb-client.ts';
import { DynamoDbConfigStore } from '../../shared/aws/dynamodb-config-store.ts';
import { DynamoDBCoordinatorState } from '../../shared/aws/dynamodb-coordinator-state.ts';
import { DynamoDBLeaseStore } from '../../shared/aws/dynamodb-lease-store.ts';
import { DynamoDBLoggerLevelStore } from '../../shared/aws/dynamodb-logger-levels.ts';
import { DynamoDbStatusStore } from '../../shared/aws/dynamodb-status-store.ts';
import { environmentNames, optionalEnv, requiredEnv } from '../../shared/aws/environment.ts';
import { LambdaCoordinatorTrigger } from '../../shared/aws/lambda-coordinator-trigger.ts';
import { resolveConfigReferences } from '../../shared/config/providers/resolve.ts';
import {
  builtinConfigProviderFactories,
  configProvidersFromWorkerConfig,
} from '../../shared/config/providers/worker-providers.ts';
import type { CoordinatorTrigger } from '../../shared/runtime/coordination/coordinator-trigger.ts';
import type { LogLevel } from '../../shared/runtime/logger.ts';
import { StoredLoggerLevels } from '../../shared/runtime/logger-levels.ts';
import { ConnectorService } from '../../shared/runtime/management/connector-service.ts';
import { builtinPlugins } from '../../shared/runtime/plugins/builtin-plugins.ts';
import type { PluginRegistry } from '../../shared/runtime/plugins/plugins.ts';
import { exactlyOnceSourceEnabled } from '../../shared/runtime/worker-config.ts';
import { createApiHandler } from './handler.ts';

export interface ApiOverrides {
  readonly dynamodb?: DynamoDBClient;
  /** Tests replace the Lambda invocation (there is no coordinator function locally). */
  readonly trigger?: CoordinatorTrigger;
  /** Connectors it validates beyond the built-in ones (the rebalancing demo's counting sink). */
  readonly plugins?: PluginRegistry;
}

export function serviceFromEnvironment(
  env: NodeJS.ProcessEnv = process.env,
  overrides: ApiOverrides = {},
): ConnectorService {
  const tableName = requiredEnv(environmentNames.tableName, env);
  const dynamodb = overrides.dynamodb ?? createDynamoDBClient();
  const providerSettings = optionalEnv(environmentNames.configProviders, env);
  const providers = configProvidersFromWorkerConfig(
    providerSettings ? (JSON.parse(providerSettings) as Record<string, string>) : {},
    { ...builtinConfigProviderFactories, ...awsConfigProviderFactories },
  );
  return new ConnectorService({
    configs: new DynamoDbConfigStore(dynamodb, tableName),
    statuses: new DynamoDbStatusStore(dynamodb, tableName),
    leases: new DynamoDBLeaseStore({ client: dynamodb, tableName }),
    coordinatorState: new DynamoDBCoordinatorState(dynamodb, tableName),
    trigger:
      overrides.trigger ??
      new LambdaCoordinatorTrigger(
        new LambdaClient({}),
        requiredEnv(environmentNames.coordinatorFunction, env),
      ),
    plugins: overrides.plugins ?? builtinPlugins(),
    resolveConfig: (config) => resolveConfigReferences(config, providers),
    workerId: env.AWS_LAMBDA_FUNCTION_NAME ?? 'serverless-connect',
    // Stored for the coordinator and task functions, which follow the root level from their next
    // invocation; until one is set, root shows the level the functions start with.
    loggerLevels: new StoredLoggerLevels(
      new DynamoDBLoggerLevelStore(dynamodb, tableName),
      startupLevel(env.POWERTOOLS_LOG_LEVEL),
    ),
    exactlyOnceSourceEnabled: exactlyOnceSourceEnabled({
      'exactly.once.source.support':
        optionalEnv(environmentNames.exactlyOnceSourceSupport, env) ?? 'disabled',
    }),
  });
}

/** Our level for a Powertools level name (POWERTOOLS_LOG_LEVEL; the stack sets INFO). */
function startupLevel(powertools: string | undefined): LogLevel {
  switch (powertools?.toUpperCase()) {
    case 'TRACE':
    case 'DEBUG':
      return 'debug';
    case 'WARN':
      return 'warn';
    case 'ERROR':
    case 'CRITICAL':
    case 'SILENT':
      return 'error';
    default:
      return 'info';
  }
}

export const handler = createApiHandler({ service: () => serviceFromEnvironment() });
