// The environment the CDK stack gives the functions, pointed at local servers: DynamoDB Local,
// the local broker, and a local stand-in for the Lambda Invoke API.
import { environmentNames } from '../../shared/aws/environment.ts';
import { dynamodbEndpoint, kafkaBootstrap } from './local.ts';

export function localFunctionEnvironment(tableName: string, lambdaEndpoint: string): Record<string, string> {
  return {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: dynamodbEndpoint,
    AWS_ENDPOINT_URL_LAMBDA: lambdaEndpoint,
    POWERTOOLS_LOG_LEVEL: process.env.SC_TEST_LOG_LEVEL ?? 'WARN',
    POWERTOOLS_METRICS_DISABLED: 'true',
    [environmentNames.tableName]: tableName,
    [environmentNames.kafkaBootstrapServers]: kafkaBootstrap,
    [environmentNames.taskFunction]: 'task',
    [environmentNames.coordinatorFunction]: 'coordinator',
  };
}

/** An API Gateway REST proxy event, as API Gateway would send it to the api function. */
export function apiEvent(method: string, path: string, body?: unknown, query: Record<string, string> = {}) {
  return {
    httpMethod: method,
    path,
    resource: '/{proxy+}',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    multiValueHeaders: {},
    queryStringParameters: Object.keys(query).length > 0 ? query : null,
    multiValueQueryStringParameters: null,
    pathParameters: { proxy: path.slice(1) },
    stageVariables: null,
    body: body === undefined ? null : JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: { requestId: 'local', httpMethod: method, path, stage: 'local', identity: {} },
  };
}
