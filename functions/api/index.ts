// Lambda entry point of the REST API (API Gateway REST proxy integration). Dependencies come from
// the environment the CDK stack sets (shared/aws/environment.ts).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { awsConfigProviderFactories } from '../../shared/aws/config-providers.ts';
import { DynamoDbConfigStore } from '../../shared/aws/dynamodb-config-store.ts';
import { DynamoDbStatusStore } from '../../shared/aws/dynamodb-status-store.ts';
import { environmentNames, optionalEnv, requiredEnv } from '../../shared/aws/environment.ts';
import { LambdaCoordinatorTrigger } from '../../shared/aws/lambda-coordinator-trigger.ts';
import { resolveConfigReferences } from '../../shared/config/providers/resolve.ts';
import {
  builtinConfigProviderFactories,
  configProvidersFromWorkerConfig,
} from '../../shared/config/providers/worker-providers.ts';
import type { LeaseStore } from '../../shared/leases/lease.ts';
import { builtinPlugins } from '../../shared/runtime/builtin-plugins.ts';
import { ConnectorService } from '../../shared/runtime/connector-service.ts';

/**
 * The lease store adapter the API reads offsets from. The DynamoDB LeaseStore is not merged yet;
 * until it is, this names the wiring point (see the report of the REST API issue).
 */
export type LeaseStoreFactory = (client: DynamoDBClient, tableName: string) => LeaseStore;

export function serviceFromEnvironment(
  leaseStore: LeaseStoreFactory,
  env: NodeJS.ProcessEnv = process.env,
): ConnectorService {
  const tableName = requiredEnv(environmentNames.tableName, env);
  const dynamodb = new DynamoDBClient({});
  const providerSettings = optionalEnv(environmentNames.configProviders, env);
  const providers = configProvidersFromWorkerConfig(
    providerSettings ? (JSON.parse(providerSettings) as Record<string, string>) : {},
    { ...builtinConfigProviderFactories, ...awsConfigProviderFactories },
  );
  return new ConnectorService({
    configs: new DynamoDbConfigStore(dynamodb, tableName),
    statuses: new DynamoDbStatusStore(dynamodb, tableName),
    leases: leaseStore(dynamodb, tableName),
    trigger: new LambdaCoordinatorTrigger(
      new LambdaClient({}),
      requiredEnv(environmentNames.coordinatorFunction, env),
    ),
    plugins: builtinPlugins(),
    resolveConfig: (config) => resolveConfigReferences(config, providers),
    workerId: env.AWS_LAMBDA_FUNCTION_NAME ?? 'serverless-connect',
  });
}
