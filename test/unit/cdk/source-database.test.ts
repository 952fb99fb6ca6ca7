// A deployment whose source connectors capture an RDS/Aurora PostgreSQL in the brokers' VPC,
// configured from context: the task (which streams) and the API (which validates by connecting)
// join the VPC and are let in on the database's port; the database credentials are a secret the
// connector configs reference through the Secrets Manager config provider.
import type { App } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { beforeAll, describe, expect, it } from 'vitest';
import { ServerlessConnectStack } from '../../../cdk/lib/stack.ts';
import {
  synthesizeAppTemplate,
  synthTimeoutMs,
  unbundledApp,
  validationViolations,
} from '../../support/cdk-templates.ts';
import { logicalId, statementsOfRole } from '../../support/iam-statements.ts';

const dbSecretArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds/orders-Xy12Ab';

let stack: ServerlessConnectStack;
let template: Template;
const resources = () =>
  template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>;
const fnId = (name: string) =>
  logicalId(template, 'AWS::Lambda::Function', `ServerlessConnect${name}Function`);

beforeAll(() => {
  ({ stack, template } = synthesizeAppTemplate({
    kafkaBootstrapServers: 'b-1.orders.kafka.eu-west-1.amazonaws.com:9092',
    vpcId: 'vpc-0123456789abcdef0',
    subnetIds: ['subnet-0aaaaaaaaaaaaaaaa', 'subnet-0bbbbbbbbbbbbbbbb'],
    availabilityZones: 'eu-west-1a,eu-west-1b',
    databaseSecurityGroupIds: 'sg-0dddddddddddddddd',
    configProviders: JSON.stringify({
      'config.providers': 'secretsmanager',
      'config.providers.secretsmanager.class':
        'com.amazonaws.kafka.config.providers.SecretsManagerConfigProvider',
    }),
    configProviderSecretArns: dbSecretArn,
  }));
}, synthTimeoutMs);

describe('source databases in a VPC', () => {
  it('puts the task and the API in the VPC, the API only because a database must be reached', () => {
    for (const name of ['Task', 'Api']) {
      expect(resources()[fnId(name)]!.Properties.VpcConfig, name).toBeDefined();
    }
  });

  it('lets the task and the API in on the database port, and nothing else', () => {
    const ingress = Object.values(resources()).filter((r) => r.Type === 'AWS::EC2::SecurityGroupIngress');
    const fromFunctions = ingress.filter((r) => r.Properties.GroupId === 'sg-0dddddddddddddddd');
    expect(fromFunctions).toHaveLength(2);
    for (const rule of fromFunctions) {
      expect(rule.Properties).toMatchObject({ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432 });
    }
    const sources = fromFunctions.map((r) => JSON.stringify(r.Properties.SourceSecurityGroupId));
    expect(sources.some((s) => s.includes('Task'))).toBe(true);
    expect(sources.some((s) => s.includes('Api'))).toBe(true);
  });

  it('lets both read the credentials secret the connector configs reference', () => {
    const read = {
      effect: 'Allow',
      actions: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
      resources: [dbSecretArn],
    };
    for (const name of ['Task', 'Api']) {
      expect(
        statementsOfRole(template, logicalId(template, 'AWS::IAM::Role', `ServerlessConnect${name}Role`)),
      ).toContainEqual(read);
    }
  });

  it('passes the cdk-nag AwsSolutions checks with no finding left', () => {
    expect(validationViolations((stack.node.root as App).outdir)).toEqual([]);
  });

  it('refuses databases without a VPC to reach them in', () => {
    const app = unbundledApp();
    expect(
      () =>
        new ServerlessConnectStack(app, 'NoVpc', {
          connect: (s) => ({
            kafka: { bootstrapServers: 'kafka:9092' },
            databases: [
              {
                database: new ec2.Connections({
                  securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(s, 'Db', 'sg-0eeeeeeeeeeeeeeee')],
                }),
                credentials: secretsmanager.Secret.fromSecretCompleteArn(s, 'DbSecret', dbSecretArn),
              },
            ],
          }),
        }),
    ).toThrow(/Source databases are reached inside a VPC/);
  });
});
