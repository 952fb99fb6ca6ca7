// The distributed mode on this machine, wired as the stack wires it on AWS: the state table in
// DynamoDB Local, the API, coordinator and task functions in processes of their own (functions.ts),
// a schedule that runs the coordinator every minute (EventBridge's part), and in front of the API
// function a stand-in for API Gateway with IAM authorization, reached through
// `serverless-connect console --endpoint` (the console proxy that signs the console's calls), so the
// browser and the demo talk to the functions the way they would to a deployment.
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { environmentNames } from '../../../shared/aws/environment.ts';
import { ensureTable } from '../../../shared/aws/table.ts';
import { type ConsoleProxy, startConsoleProxy } from '../../../shared/standalone/console-proxy.ts';
import { type GatewayStandIn, startGatewayStandIn } from '../../../test/support/api-gateway-stand-in.ts';
import { endpoints } from '../../infra/index.ts';
import { type LocalFunctions, startFunctions } from './functions.ts';

const REGION = 'us-east-1';
/** DynamoDB Local takes any keys; the gateway stand-in checks signatures made with these. */
const credentials = { accessKeyId: 'AKIALOCALDEMO', secretAccessKey: 'local-demo-secret' };
const SCHEDULE_MS = 60_000;

export interface LocalDeployment {
  /** The console proxy: the console is at `${url}/ui/`, the REST API at `${url}/connectors`. */
  readonly url: string;
  readonly functions: LocalFunctions;
  stop(): Promise<void>;
}

export async function startLocalDeployment(options: {
  /** The state table (created here, deleted by stop). */
  readonly table: string;
  /** The console's port (0: any free one). */
  readonly port: number;
  /** Where the functions' logs go. */
  readonly logDir: string;
}): Promise<LocalDeployment> {
  const dynamodb = new DynamoDBClient({ endpoint: endpoints.dynamodb, region: REGION, credentials });
  await ensureTable(dynamodb, options.table);
  const functions = await startFunctions(
    {
      ...(process.env as Record<string, string>),
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
      POWERTOOLS_LOG_LEVEL: process.env.SC_DEMO_LOG_LEVEL ?? 'WARN',
      POWERTOOLS_METRICS_DISABLED: 'true',
      [environmentNames.tableName]: options.table,
      [environmentNames.kafkaBootstrapServers]: endpoints.kafkaBootstrap,
      [environmentNames.taskFunction]: 'task',
      [environmentNames.coordinatorFunction]: 'coordinator',
    },
    options.logDir,
  );
  // EventBridge's rule: a scheduled coordinator run every minute (it watches idle tasks' topics).
  const schedule = setInterval(() => {
    functions
      .invoke('coordinator', { source: 'aws.events', 'detail-type': 'Scheduled Event' }, 'Event')
      .catch(() => {});
  }, SCHEDULE_MS);
  let gateway: GatewayStandIn | undefined;
  let proxy: ConsoleProxy;
  const stopBackEnd = async () => {
    clearInterval(schedule);
    await gateway?.close();
    await functions.stop();
    await dynamodb.send(new DeleteTableCommand({ TableName: options.table })).catch(() => {});
    dynamodb.destroy();
  };
  try {
    gateway = await startGatewayStandIn({
      handler: async (event) => (await functions.invoke('api', event)) as APIGatewayProxyResult,
      stage: 'local',
      region: REGION,
      credentials,
    });
    proxy = await startConsoleProxy({
      endpoint: gateway.url,
      region: REGION,
      port: options.port,
      signing: credentials,
    });
  } catch (error) {
    // The console's port in use, most likely: leave nothing running behind.
    await stopBackEnd();
    throw error;
  }
  return {
    url: proxy.url,
    functions,
    async stop() {
      await proxy.close();
      await stopBackEnd();
    },
  };
}
