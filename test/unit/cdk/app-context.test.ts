// A deployment configured entirely from context, as a user would in cdk.json: brokers in a VPC with
// SASL/SCRAM credentials in Secrets Manager, an alarm topic, and non-default table and function
// settings. Synthesized once (with cdk-nag) for the file.
import type { App } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ServerlessConnectStack } from '../../../cdk/lib/stack.ts';
import { environmentNames } from '../../../shared/aws/environment.ts';
import { synthesizeAppTemplate, synthTimeoutMs, validationViolations } from '../../support/cdk-templates.ts';
import { logicalId, statementsOfRole } from '../../support/iam-statements.ts';

const secretArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:kafka/scram-AbC123';
const providerSecretArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:connect/db-Pq34Rs';
const topicArn = 'arn:aws:sns:eu-west-1:123456789012:ops-alarms';

let stack: ServerlessConnectStack;
let template: Template;
const resources = () =>
  template.toJSON().Resources as Record<string, { Properties: Record<string, unknown> }>;
const fn = (name: string) =>
  resources()[logicalId(template, 'AWS::Lambda::Function', `ServerlessConnect${name}Function`)]!.Properties;
const role = (name: string) => logicalId(template, 'AWS::IAM::Role', `ServerlessConnect${name}Role`);

beforeAll(() => {
  ({ stack, template } = synthesizeAppTemplate({
    stackName: 'ConnectProd',
    kafkaBootstrapServers: 'b-1.orders.kafka.eu-west-1.amazonaws.com:9096',
    kafkaSaslMechanism: 'SCRAM-SHA-512',
    kafkaSaslSecretArn: secretArn,
    kafkaClient: 'kafkajs',
    vpcId: 'vpc-0123456789abcdef0',
    subnetIds: ['subnet-0aaaaaaaaaaaaaaaa', 'subnet-0bbbbbbbbbbbbbbbb'],
    availabilityZones: 'eu-west-1a,eu-west-1b',
    securityGroupIds: 'sg-0cccccccccccccccc',
    tableRemovalPolicy: 'destroy',
    tableDeletionProtection: true,
    alarmTopicArn: topicArn,
    consumerLagAlarmThreshold: 5000,
    alarmPeriodMinutes: 1,
    logRetentionDays: 7,
    taskMemorySize: 2048,
    taskTimeoutSeconds: 900,
    coordinatorScheduleMinutes: 2,
    apiCreateCloudWatchRole: false,
    configProviders: JSON.stringify({
      'config.providers': 'secretsmanager',
      'config.providers.secretsmanager.class':
        'com.amazonaws.kafka.config.providers.SecretsManagerConfigProvider',
    }),
    configProviderSecretArns: providerSecretArn,
    configProviderParameterNames: '/connect/db/user',
  }));
}, synthTimeoutMs);

describe('an app configured from context', () => {
  it('uses the stack name given', () => {
    expect(stack.stackName).toBe('ConnectProd');
  });

  it('tells the coordinator and task how to authenticate, and the API nothing about Kafka', () => {
    const kafka = {
      [environmentNames.kafkaBootstrapServers]: 'b-1.orders.kafka.eu-west-1.amazonaws.com:9096',
      [environmentNames.kafkaSecurityProtocol]: 'SASL_SSL',
      [environmentNames.kafkaSaslMechanism]: 'SCRAM-SHA-512',
      [environmentNames.kafkaSaslSecretArn]: secretArn,
      [environmentNames.kafkaClient]: 'kafkajs',
    };
    for (const name of ['Coordinator', 'Task']) {
      expect((fn(name).Environment as { Variables: object }).Variables).toMatchObject(kafka);
    }
    const apiEnv = Object.keys((fn('Api').Environment as { Variables: object }).Variables);
    for (const name of Object.keys(kafka)) expect(apiEnv).not.toContain(name);
  });

  it('lets only the coordinator and task read the secret', () => {
    const read = {
      effect: 'Allow',
      actions: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
      resources: [secretArn],
    };
    expect(statementsOfRole(template, role('Coordinator'))).toContainEqual(read);
    expect(statementsOfRole(template, role('Task'))).toContainEqual(read);
    const apiResources = statementsOfRole(template, role('Api')).flatMap((s) => s.resources);
    expect(apiResources).not.toContainEqual(secretArn);
  });

  it('puts the coordinator and task (only) in the given subnets and security groups', () => {
    const vpcConfig = {
      SubnetIds: ['subnet-0aaaaaaaaaaaaaaaa', 'subnet-0bbbbbbbbbbbbbbbb'],
      SecurityGroupIds: ['sg-0cccccccccccccccc'],
    };
    expect(fn('Coordinator').VpcConfig).toEqual(vpcConfig);
    expect(fn('Task').VpcConfig).toEqual(vpcConfig);
    expect(fn('Api').VpcConfig).toBeUndefined();
    expect(template.findResources('AWS::EC2::SecurityGroup')).toEqual({});
  });

  it('gives VPC functions the network-interface actions Lambda needs, before they are created', () => {
    for (const name of ['Coordinator', 'Task']) {
      const actions = statementsOfRole(template, role(name)).flatMap((s) => s.actions);
      expect(actions).toEqual(
        expect.arrayContaining(['ec2:CreateNetworkInterface', 'ec2:DeleteNetworkInterface']),
      );
      const functionId = logicalId(template, 'AWS::Lambda::Function', `ServerlessConnect${name}Function`);
      const dependsOn = template.toJSON().Resources[functionId].DependsOn as string[];
      expect(dependsOn.some((id) => id.startsWith(`ServerlessConnect${name}UnscopedActions`))).toBe(true);
    }
    const apiActions = statementsOfRole(template, role('Api')).flatMap((s) => s.actions);
    expect(apiActions.filter((a) => a.startsWith('ec2:'))).toEqual([]);
  });

  it('applies the table, log, function and schedule settings', () => {
    const table = logicalId(template, 'AWS::DynamoDB::Table', 'ServerlessConnectStateTable');
    expect(template.toJSON().Resources[table]).toMatchObject({
      DeletionPolicy: 'Delete',
      Properties: { DeletionProtectionEnabled: true },
    });
    for (const logGroup of Object.values(template.findResources('AWS::Logs::LogGroup'))) {
      expect(logGroup.Properties.RetentionInDays).toBe(7);
    }
    expect(fn('Task')).toMatchObject({ MemorySize: 2048, Timeout: 900 });
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(2 minutes)' });
  });

  it('leaves the account-wide API Gateway logging role alone when told to', () => {
    expect(template.findResources('AWS::ApiGateway::Account')).toEqual({});
  });

  it('notifies the alarm topic on alarm and on recovery', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms).toHaveLength(10);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([topicArn]);
      expect(alarm.Properties.OKActions).toEqual([topicArn]);
    }
    const lag = alarms.find((a) => JSON.stringify(a.Properties.Metrics ?? '').includes('ConsumerLag'));
    expect(lag?.Properties.Threshold).toBe(5000);
  });

  it('evaluates every alarm over alarmPeriodMinutes, and ConsumerLag still over 15 minutes', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    for (const { Properties: alarm } of alarms) {
      // A plain metric carries its period on the alarm, a Metrics Insights query on its query.
      const periods =
        alarm.Period !== undefined ? [alarm.Period] : alarm.Metrics.map((m: { Period: number }) => m.Period);
      expect(periods).toEqual(periods.map(() => 60));
    }
    const lag = alarms.find((a) => JSON.stringify(a.Properties.Metrics ?? '').includes('ConsumerLag'));
    expect(lag?.Properties.EvaluationPeriods).toBe(15);
  });

  it('lets the API and the task read what the config providers reference', () => {
    const parameterArn = {
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':ssm:',
          { Ref: 'AWS::Region' },
          ':',
          { Ref: 'AWS::AccountId' },
          ':parameter/connect/db/user',
        ],
      ],
    };
    for (const name of ['Api', 'Task']) {
      const statements = statementsOfRole(template, role(name));
      expect(statements).toContainEqual({
        effect: 'Allow',
        actions: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
        resources: [providerSecretArn],
      });
      expect(statements).toContainEqual(expect.objectContaining({ resources: [parameterArn] }));
      expect((fn(name).Environment as { Variables: Record<string, string> }).Variables).toHaveProperty(
        environmentNames.configProviders,
      );
    }
    const coordinator = statementsOfRole(template, role('Coordinator')).flatMap((s) => s.resources);
    expect(coordinator).not.toContainEqual(providerSecretArn);
    expect(coordinator).not.toContainEqual(parameterArn);
  });

  it('passes the cdk-nag AwsSolutions checks with no finding left', () => {
    expect(validationViolations((stack.node.root as App).outdir)).toEqual([]);
  });
});
