// The default deployment, synthesized the way `cdk synth` does it (cdk/lib/app.ts from context,
// with cdk-nag), once for the file; each test reads one aspect of the template.
import type { App } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ServerlessConnectStack } from '../../../cdk/lib/stack.ts';
import { tableActions } from '../../../cdk/lib/table-access.ts';
import { metricNames as coordinatorMetrics } from '../../../functions/coordinator/handler.ts';
import { metricNames as taskMetrics } from '../../../functions/task/handler.ts';
import { environmentNames } from '../../../shared/aws/environment.ts';
import { metricNames, metricServices, metricsNamespace } from '../../../shared/aws/metrics.ts';
import { tableKeys, timeToLiveAttribute } from '../../../shared/aws/table.ts';
import { synthesizeAppTemplate, synthTimeoutMs, validationViolations } from '../../support/cdk-templates.ts';
import { allActions, logicalId, statementsOfRole } from '../../support/iam-statements.ts';

let stack: ServerlessConnectStack;
let template: Template;
const ids: Record<string, string> = {};

beforeAll(() => {
  ({ stack, template } = synthesizeAppTemplate({ kafkaBootstrapServers: 'broker-1:9092,broker-2:9092' }));
  const fn = (name: string) =>
    logicalId(template, 'AWS::Lambda::Function', `ServerlessConnect${name}Function`);
  Object.assign(ids, {
    table: logicalId(template, 'AWS::DynamoDB::Table', 'ServerlessConnectStateTable'),
    queue: logicalId(template, 'AWS::SQS::Queue', 'ServerlessConnectTaskFailureQueue'),
    api: fn('Api'),
    coordinator: fn('Coordinator'),
    task: fn('Task'),
    apiRole: logicalId(template, 'AWS::IAM::Role', 'ServerlessConnectApiRole'),
    coordinatorRole: logicalId(template, 'AWS::IAM::Role', 'ServerlessConnectCoordinatorRole'),
    taskRole: logicalId(template, 'AWS::IAM::Role', 'ServerlessConnectTaskRole'),
  });
}, synthTimeoutMs);

const functionProps = (id: string) => template.toJSON().Resources[id].Properties;
const arnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });

describe('the state table', () => {
  it('has the layout of shared/aws/table.ts, on demand, with point-in-time recovery and encryption', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: tableKeys.partitionKey, KeyType: 'HASH' },
        { AttributeName: tableKeys.sortKey, KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: tableKeys.partitionKey, AttributeType: 'S' },
        { AttributeName: tableKeys.sortKey, AttributeType: 'S' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: timeToLiveAttribute, Enabled: true },
      SSESpecification: { SSEEnabled: true },
      DeletionProtectionEnabled: false,
    });
  });

  it('is retained when the stack is deleted', () => {
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });
});

describe('the functions', () => {
  it('run on Node.js 24, arm64, with active tracing, bundled as ESM', () => {
    for (const id of [ids.api!, ids.coordinator!, ids.task!]) {
      expect(functionProps(id)).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        Handler: 'index.handler',
      });
    }
  });

  it('have the default memory sizes and timeouts', () => {
    expect(functionProps(ids.api!)).toMatchObject({ MemorySize: 512, Timeout: 29 });
    expect(functionProps(ids.coordinator!)).toMatchObject({ MemorySize: 512, Timeout: 60 });
    expect(functionProps(ids.task!)).toMatchObject({ MemorySize: 1024, Timeout: 300 });
  });

  it('log to their own log group, kept one month', () => {
    for (const name of ['Api', 'Coordinator', 'Task']) {
      const logs = logicalId(template, 'AWS::Logs::LogGroup', `ServerlessConnect${name}Logs`);
      expect(template.toJSON().Resources[logs].Properties.RetentionInDays).toBe(30);
      expect(functionProps(ids[name.toLowerCase()]!).LoggingConfig).toEqual({ LogGroup: { Ref: logs } });
    }
  });

  it('get exactly the environment variables of shared/aws/environment.ts they need', () => {
    const taskName = functionProps(ids.task!).FunctionName;
    expect(typeof taskName).toBe('string');
    const common = (service: keyof typeof metricServices) => ({
      [environmentNames.tableName]: { Ref: ids.table },
      POWERTOOLS_SERVICE_NAME: metricServices[service],
      POWERTOOLS_METRICS_NAMESPACE: metricsNamespace,
      POWERTOOLS_LOG_LEVEL: 'INFO',
      NODE_OPTIONS: '--enable-source-maps',
    });
    const kafka = {
      [environmentNames.kafkaBootstrapServers]: 'broker-1:9092,broker-2:9092',
      [environmentNames.kafkaSecurityProtocol]: 'PLAINTEXT',
    };
    expect(functionProps(ids.api!).Environment.Variables).toEqual({
      ...common('api'),
      [environmentNames.coordinatorFunction]: { Ref: ids.coordinator },
    });
    expect(functionProps(ids.coordinator!).Environment.Variables).toEqual({
      ...common('coordinator'),
      ...kafka,
      [environmentNames.taskFunction]: taskName,
    });
    expect(functionProps(ids.task!).Environment.Variables).toEqual({
      ...common('task'),
      ...kafka,
      [environmentNames.taskFunction]: taskName,
      [environmentNames.coordinatorFunction]: { Ref: ids.coordinator },
    });
  });

  it('use roles of their own with no managed policies', () => {
    for (const role of [ids.apiRole!, ids.coordinatorRole!, ids.taskRole!]) {
      const props = template.toJSON().Resources[role].Properties;
      expect(props.ManagedPolicyArns).toBeUndefined();
      expect(props.AssumeRolePolicyDocument.Statement).toEqual([
        { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } },
      ]);
    }
  });
});

describe('least privilege', () => {
  const taskArn = () => ({
    'Fn::Join': [
      '',
      [
        'arn:',
        { Ref: 'AWS::Partition' },
        ':lambda:',
        { Ref: 'AWS::Region' },
        ':',
        { Ref: 'AWS::AccountId' },
        `:function:${functionProps(ids.task!).FunctionName}`,
      ],
    ],
  });
  const logs = (name: string) => ({
    effect: 'Allow',
    actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    resources: [arnOf(logicalId(template, 'AWS::Logs::LogGroup', `ServerlessConnect${name}Logs`))],
  });
  const xray = {
    effect: 'Allow',
    actions: ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'],
    resources: ['*'],
  };
  const table = (user: keyof typeof tableActions) => ({
    effect: 'Allow',
    actions: [...tableActions[user]].sort(),
    resources: [arnOf(ids.table!)],
  });
  const invoke = (...resources: unknown[]) => ({
    effect: 'Allow',
    actions: ['lambda:InvokeFunction'],
    resources,
  });
  const sorted = (statements: object[]) =>
    statements.sort((a, b) =>
      JSON.stringify((a as { actions: string[] }).actions).localeCompare(
        JSON.stringify((b as { actions: string[] }).actions),
      ),
    );

  it('the API may use the table and invoke the coordinator, nothing else', () => {
    expect(statementsOfRole(template, ids.apiRole!)).toEqual(
      sorted([logs('Api'), xray, table('api'), invoke(arnOf(ids.coordinator!))]),
    );
  });

  it('the coordinator may use the table and invoke the task function (by its fixed name), nothing else', () => {
    expect(statementsOfRole(template, ids.coordinatorRole!)).toEqual(
      sorted([logs('Coordinator'), xray, table('coordinator'), invoke(taskArn())]),
    );
  });

  it('the task may use the table, invoke itself and the coordinator, and send to its failure queue', () => {
    const invokeStatement = invoke(taskArn(), arnOf(ids.coordinator!));
    invokeStatement.resources.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    expect(statementsOfRole(template, ids.taskRole!)).toEqual(
      sorted([
        logs('Task'),
        xray,
        table('task'),
        invokeStatement,
        { effect: 'Allow', actions: ['sqs:SendMessage'], resources: [arnOf(ids.queue!)] },
      ]),
    );
  });

  it('names no wildcard action anywhere', () => {
    const actions = allActions(template);
    expect(actions.length).toBeGreaterThan(10);
    expect(actions.filter((action) => action.includes('*'))).toEqual([]);
  });

  it('passes the cdk-nag AwsSolutions checks with no finding left', () => {
    expect(validationViolations((stack.node.root as App).outdir)).toEqual([]);
  });
});

describe('the REST API', () => {
  it('requires IAM (SigV4) authorization on every method', () => {
    const methods = template.findResources('AWS::ApiGateway::Method');
    expect(Object.keys(methods)).toHaveLength(2); // ANY / and ANY /{proxy+}
    for (const method of Object.values(methods)) {
      expect(method.Properties).toMatchObject({
        AuthorizationType: 'AWS_IAM',
        HttpMethod: 'ANY',
        Integration: { Type: 'AWS_PROXY' },
      });
    }
  });

  it('is regional, traced, throttled and writes access logs', () => {
    template.hasResourceProperties('AWS::ApiGateway::RestApi', {
      EndpointConfiguration: { Types: ['REGIONAL'] },
    });
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'prod',
      TracingEnabled: true,
      AccessLogSetting: {
        DestinationArn: arnOf(logicalId(template, 'AWS::Logs::LogGroup', 'ServerlessConnectApiAccessLogs')),
      },
      MethodSettings: [
        Match.objectLike({
          HttpMethod: '*',
          ResourcePath: '/*',
          LoggingLevel: 'ERROR',
          ThrottlingRateLimit: 50,
          ThrottlingBurstLimit: 100,
        }),
      ],
    });
  });

  it('may invoke only the API function', () => {
    const permissions = Object.values(template.findResources('AWS::Lambda::Permission')).filter(
      (p) => p.Properties.Principal === 'apigateway.amazonaws.com',
    );
    expect(permissions.length).toBe(2);
    for (const p of permissions) expect(p.Properties.FunctionName).toEqual(arnOf(ids.api!));
  });
});

describe('invocation', () => {
  it('runs the coordinator every minute from EventBridge', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: arnOf(ids.coordinator!), RetryPolicy: Match.anyValue() })],
    });
  });

  it('retries failed task invocations twice, then sends them to the encrypted failure queue', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: ids.task },
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 600,
      DestinationConfig: { OnFailure: { Destination: arnOf(ids.queue!) } },
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: [
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ],
      },
    });
  });

  it('does not retry the coordinator (the next scheduled run is the retry)', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: ids.coordinator },
      MaximumRetryAttempts: 0,
    });
  });
});

describe('monitoring', () => {
  const alarm = (name: string) =>
    template.toJSON().Resources[
      logicalId(template, 'AWS::CloudWatch::Alarm', `ServerlessConnectMonitoring${name}`)
    ].Properties;

  it('alarms on task errors, dropped events and the failure queue depth', () => {
    expect(alarm('TaskErrors')).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: ids.task } }],
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
    expect(alarm('TaskAsyncEventsDropped')).toMatchObject({ MetricName: 'AsyncEventsDropped' });
    expect(alarm('TaskDestinationDeliveryFailures')).toMatchObject({
      MetricName: 'DestinationDeliveryFailures',
    });
    expect(alarm('TaskFailureQueueDepth')).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [ids.queue, 'QueueName'] } }],
    });
  });

  it('alarms on the connector metrics the functions publish, across connectors', () => {
    const query = (aggregate: string, metric: string, service: string) =>
      `SELECT ${aggregate}(${metric}) FROM SCHEMA("${metricsNamespace}", Connector, service) WHERE service = '${service}'`;
    expect(alarm('ConsumerLag')).toMatchObject({
      Metrics: [
        { Expression: query('MAX', metricNames.consumerLag, 'coordinator'), Period: 300, ReturnData: true },
      ],
      Threshold: 100_000,
      EvaluationPeriods: 3,
    });
    expect(alarm('RecordsFailed')).toMatchObject({
      Metrics: [{ Expression: query('SUM', metricNames.recordsFailed, 'task'), Period: 300 }],
      Threshold: 1,
    });
    expect(alarm('TaskFailures')).toMatchObject({
      Metrics: [{ Expression: query('SUM', metricNames.taskFailures, 'task'), Period: 300 }],
      Threshold: 1,
    });
  });

  it('has no alarm actions unless given a topic', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms).toHaveLength(10);
    for (const a of alarms) expect(a.Properties.AlarmActions).toBeUndefined();
  });

  it('uses the metric names the handlers publish', () => {
    expect(coordinatorMetrics).toEqual({
      consumerLag: metricNames.consumerLag,
      activeTasks: metricNames.activeTasks,
    });
    expect(taskMetrics).toEqual({
      recordsProcessed: metricNames.recordsProcessed,
      recordsFailed: metricNames.recordsFailed,
      taskFailures: metricNames.taskFailures,
    });
  });

  it('draws a dashboard with one line per connector', () => {
    const body = JSON.stringify(Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0]);
    for (const name of Object.values(metricNames)) expect(body).toContain(`MetricName=\\\\\\"${name}\\\\\\"`);
    expect(body).toContain('Connector');
  });
});
