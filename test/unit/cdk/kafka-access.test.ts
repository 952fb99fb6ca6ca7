// The ways of reaching Kafka, through the construct's typed props: MSK with IAM auth (grants
// scoped to the cluster, its topics and groups), Confluent Cloud style SASL_SSL/PLAIN, and a table
// under a customer-managed key. One App with a stack per case, synthesized once, with cdk-nag.
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type KafkaAccess,
  kafkaEnvironment,
  mskResourceArns,
  securityProtocolOf,
} from '../../../cdk/lib/kafka-access.ts';
import { ServerlessConnectStack } from '../../../cdk/lib/stack.ts';
import { environmentNames } from '../../../shared/aws/environment.ts';
import {
  synthTimeoutMs,
  unbundledApp,
  validationViolations,
  withNagChecks,
} from '../../support/cdk-templates.ts';
import { logicalId, type Statement, statementsOfRole } from '../../support/iam-statements.ts';

const clusterArn =
  'arn:aws:kafka:eu-west-1:123456789012:cluster/orders/0f1e2d3c-aaaa-bbbb-cccc-1234567890ab-3';
const clusterPath = 'orders/0f1e2d3c-aaaa-bbbb-cccc-1234567890ab-3';
const kafkaArn = (kind: string, name: string) =>
  `arn:aws:kafka:eu-west-1:123456789012:${kind}/${clusterPath}/${name}`;
const dbSecretArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:connect/db-Pq34Rs';
const providerConfig = {
  'config.providers': 'secretsmanager,ssm',
  'config.providers.secretsmanager.class':
    'com.amazonaws.kafka.config.providers.SecretsManagerConfigProvider',
  'config.providers.ssm.class': 'com.amazonaws.kafka.config.providers.SsmParamStoreConfigProvider',
};
const confluentSecretArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:confluent/api-key-Xy12Zw';

let app: App;
const templates: Record<string, Template> = {};

beforeAll(() => {
  app = withNagChecks(unbundledApp());
  const stacks = {
    msk: new ServerlessConnectStack(app, 'Msk', {
      connect: (scope) => ({
        kafka: {
          bootstrapServers: 'b-1.orders.kafka.eu-west-1.amazonaws.com:9098',
          authentication: { mechanism: 'AWS_MSK_IAM', clusterArn },
          network: {
            vpc: ec2.Vpc.fromVpcAttributes(scope, 'Vpc', {
              vpcId: 'vpc-0123456789abcdef0',
              availabilityZones: ['eu-west-1a'],
              privateSubnetIds: ['subnet-0123456789abcdef0'],
            }),
          },
        },
      }),
    }),
    mskNarrow: new ServerlessConnectStack(app, 'MskNarrow', {
      connect: {
        kafka: {
          bootstrapServers: 'b-1.orders.kafka.eu-west-1.amazonaws.com:9098',
          authentication: {
            mechanism: 'AWS_MSK_IAM',
            clusterArn,
            topics: ['orders'],
            consumerGroups: ['connect-orders-sink'],
          },
          exactlyOnceSourceSupport: 'enabled',
        },
      },
    }),
    confluent: new ServerlessConnectStack(app, 'Confluent', {
      connect: (scope) => ({
        kafka: {
          bootstrapServers: 'pkc-abc12.eu-west-1.aws.confluent.cloud:9092',
          authentication: {
            mechanism: 'PLAIN',
            secret: secretsmanager.Secret.fromSecretCompleteArn(scope, 'ConfluentKey', confluentSecretArn),
          },
        },
      }),
    }),
    providers: new ServerlessConnectStack(app, 'Providers', {
      connect: (scope) => ({
        kafka: { bootstrapServers: 'kafka:9092' },
        configProviders: {
          workerConfig: providerConfig,
          secrets: [secretsmanager.Secret.fromSecretCompleteArn(scope, 'DbPassword', dbSecretArn)],
          parameters: [ssm.StringParameter.fromStringParameterName(scope, 'DbUser', '/connect/db/user')],
        },
      }),
    }),
    cmk: new ServerlessConnectStack(app, 'Cmk', {
      connect: (scope) => ({
        kafka: { bootstrapServers: 'kafka:9092' },
        table: { encryptionKey: new kms.Key(scope, 'StateKey', { enableKeyRotation: true }) },
      }),
    }),
  };
  app.synth();
  for (const [name, stack] of Object.entries(stacks)) templates[name] = Template.fromStack(stack);
}, synthTimeoutMs);

const roleOf = (template: Template, name: string) =>
  logicalId(template, 'AWS::IAM::Role', `ServerlessConnect${name}Role`);
const kafkaStatements = (template: Template, name: string): Statement[] =>
  statementsOfRole(template, roleOf(template, name)).filter((s) =>
    s.actions.some((a) => a.startsWith('kafka-cluster:')),
  );
const env = (template: Template, name: string) =>
  template.toJSON().Resources[
    logicalId(template, 'AWS::Lambda::Function', `ServerlessConnect${name}Function`)
  ].Properties.Environment.Variables;

describe('MSK with IAM authentication', () => {
  it('tells the functions to use AWS_MSK_IAM over SASL_SSL, with no secret', () => {
    const variables = env(templates.msk!, 'Task');
    expect(variables).toMatchObject({
      [environmentNames.kafkaSecurityProtocol]: 'SASL_SSL',
      [environmentNames.kafkaSaslMechanism]: 'AWS_MSK_IAM',
    });
    expect(variables[environmentNames.kafkaSaslSecretArn]).toBeUndefined();
  });

  it('lets the coordinator only describe the cluster, topics and groups', () => {
    expect(kafkaStatements(templates.msk!, 'Coordinator')).toEqual([
      {
        effect: 'Allow',
        actions: ['kafka-cluster:Connect', 'kafka-cluster:DescribeCluster'],
        resources: [clusterArn],
      },
      {
        effect: 'Allow',
        actions: ['kafka-cluster:DescribeGroup'],
        resources: [kafkaArn('group', 'connect-*')],
      },
      { effect: 'Allow', actions: ['kafka-cluster:DescribeTopic'], resources: [kafkaArn('topic', '*')] },
    ]);
  });

  it('lets the task read, write (DLQ), create topics and commit group offsets, on this cluster only', () => {
    expect(kafkaStatements(templates.msk!, 'Task')).toEqual([
      {
        effect: 'Allow',
        actions: ['kafka-cluster:AlterGroup', 'kafka-cluster:DescribeGroup'],
        resources: [kafkaArn('group', 'connect-*')],
      },
      {
        effect: 'Allow',
        actions: [
          'kafka-cluster:Connect',
          'kafka-cluster:DescribeCluster',
          'kafka-cluster:WriteDataIdempotently',
        ],
        resources: [clusterArn],
      },
      {
        effect: 'Allow',
        actions: [
          'kafka-cluster:CreateTopic',
          'kafka-cluster:DescribeTopic',
          'kafka-cluster:ReadData',
          'kafka-cluster:WriteData',
        ],
        resources: [kafkaArn('topic', '*')],
      },
    ]);
  });

  it('gives the API no Kafka access at all', () => {
    expect(kafkaStatements(templates.msk!, 'Api')).toEqual([]);
  });

  it('narrows topics and groups to the names given', () => {
    const resources = kafkaStatements(templates.mskNarrow!, 'Task').flatMap((s) => s.resources);
    expect(resources.sort()).toEqual(
      [
        clusterArn,
        kafkaArn('group', 'connect-orders-sink'),
        kafkaArn('topic', 'orders'),
        kafkaArn('transactional-id', 'serverless-connect-*'),
      ].sort(),
    );
    expect(resources).toHaveLength(4);
  });

  it('with exactly-once sources, lets the task use its transactional ids and tells task and API', () => {
    expect(kafkaStatements(templates.mskNarrow!, 'Task')).toContainEqual({
      effect: 'Allow',
      actions: ['kafka-cluster:AlterTransactionalId', 'kafka-cluster:DescribeTransactionalId'],
      resources: [kafkaArn('transactional-id', 'serverless-connect-*')],
    });
    for (const fn of ['Task', 'Api'])
      expect(env(templates.mskNarrow!, fn)[environmentNames.exactlyOnceSourceSupport]).toBe('enabled');
    // Without it, neither the grant nor the variable.
    expect(env(templates.msk!, 'Task')[environmentNames.exactlyOnceSourceSupport]).toBeUndefined();
    expect(kafkaStatements(templates.msk!, 'Task').flatMap((s) => s.actions)).not.toContain(
      'kafka-cluster:AlterTransactionalId',
    );
  });
});

describe('Confluent Cloud style SASL_SSL with PLAIN', () => {
  it('passes the secret ARN and mechanism, and only the coordinator and task may read the secret', () => {
    expect(env(templates.confluent!, 'Coordinator')).toMatchObject({
      [environmentNames.kafkaBootstrapServers]: 'pkc-abc12.eu-west-1.aws.confluent.cloud:9092',
      [environmentNames.kafkaSecurityProtocol]: 'SASL_SSL',
      [environmentNames.kafkaSaslMechanism]: 'PLAIN',
      [environmentNames.kafkaSaslSecretArn]: confluentSecretArn,
    });
    const readers = ['Api', 'Coordinator', 'Task'].filter((name) =>
      statementsOfRole(templates.confluent!, roleOf(templates.confluent!, name)).some(
        (s) =>
          s.actions.includes('secretsmanager:GetSecretValue') && s.resources.includes(confluentSecretArn),
      ),
    );
    expect(readers).toEqual(['Coordinator', 'Task']);
  });
});

describe('config providers', () => {
  it('are configured on the API and the task, which alone may read the referenced secrets and parameters', () => {
    const template = templates.providers!;
    const readers = (prefix: string) =>
      ['Api', 'Coordinator', 'Task'].filter((name) =>
        statementsOfRole(template, roleOf(template, name)).some((s) =>
          s.actions.some((a) => a.startsWith(prefix)),
        ),
      );
    expect(readers('secretsmanager:')).toEqual(['Api', 'Task']);
    expect(readers('ssm:')).toEqual(['Api', 'Task']);
    const configured = ['Api', 'Coordinator', 'Task'].filter(
      (name) => env(template, name)[environmentNames.configProviders] !== undefined,
    );
    expect(configured).toEqual(['Api', 'Task']);
    expect(JSON.parse(env(template, 'Task')[environmentNames.configProviders])).toEqual(providerConfig);
  });
});

describe('a table under a customer-managed key', () => {
  it('encrypts with the key and lets each function use it with named actions', () => {
    const template = templates.cmk!;
    const key = logicalId(template, 'AWS::KMS::Key', 'StateKey');
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': [key, 'Arn'] } },
    });
    for (const name of ['Api', 'Coordinator', 'Task']) {
      const keyStatements = statementsOfRole(template, roleOf(template, name)).filter((s) =>
        s.actions.some((a) => a.startsWith('kms:')),
      );
      expect(keyStatements).toEqual([
        {
          effect: 'Allow',
          actions: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'],
          resources: [{ 'Fn::GetAtt': [key, 'Arn'] }],
        },
      ]);
    }
  });
});

describe('every variant', () => {
  it('passes the cdk-nag AwsSolutions checks with no finding left', () => {
    expect(validationViolations(app.outdir)).toEqual([]);
  });
});

describe('Kafka settings that cannot work', () => {
  const plain = (more: Partial<KafkaAccess>): KafkaAccess => ({ bootstrapServers: 'kafka:9092', ...more });
  const stack = new Stack(new App());
  const secret = secretsmanager.Secret.fromSecretCompleteArn(stack, 'S', confluentSecretArn);

  it.each([
    [
      plain({ securityProtocol: 'SASL_SSL' }),
      'Invalid value SASL_SSL for configuration securityProtocol: a SASL protocol needs an authentication mechanism',
    ],
    [
      plain({ securityProtocol: 'SSL', authentication: { mechanism: 'SCRAM-SHA-256', secret } }),
      'Invalid value SSL for configuration securityProtocol: the SCRAM-SHA-256 mechanism needs SASL_SSL or SASL_PLAINTEXT',
    ],
    [
      plain({ securityProtocol: 'SASL_PLAINTEXT', authentication: { mechanism: 'AWS_MSK_IAM', clusterArn } }),
      'Invalid value SASL_PLAINTEXT for configuration securityProtocol: MSK IAM authentication requires SASL_SSL',
    ],
    [
      plain({ bootstrapServers: ' ' }),
      'Invalid value   for configuration bootstrapServers: at least one host:port is required',
    ],
  ])('rejects %#', (kafka, message) => {
    expect(() => kafkaEnvironment(kafka)).toThrow(message);
  });

  it('rejects an ARN that is not an MSK cluster', () => {
    expect(() =>
      mskResourceArns({
        mechanism: 'AWS_MSK_IAM',
        clusterArn: 'arn:aws:kafka:eu-west-1:123456789012:topic/x/y/z',
      }),
    ).toThrow(
      /for configuration clusterArn: expected arn:<partition>:kafka:<region>:<account>:cluster\/<name>\/<uuid>/,
    );
  });

  it('defaults to PLAINTEXT without authentication and SASL_SSL with it', () => {
    expect(securityProtocolOf(plain({}))).toBe('PLAINTEXT');
    expect(securityProtocolOf(plain({ authentication: { mechanism: 'PLAIN', secret } }))).toBe('SASL_SSL');
  });
});
