// Reading the app's settings from CDK context: defaults, the forms values come in (cdk.json JSON
// values or `-c key=value` strings) and Kafka's wording for bad values.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../../cdk/lib/connect-function.ts';
import { type ContextKey, contextKeys, readSettings } from '../../../cdk/lib/context.ts';
import { metricNames } from '../../../shared/aws/metrics.ts';

const secretArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:kafka/credentials-AbC123';
const clusterArn =
  'arn:aws:kafka:eu-west-1:123456789012:cluster/orders/1a2b3c4d-1234-5678-9abc-def012345678-2';
const settings = (context: Partial<Record<ContextKey, unknown>>) =>
  readSettings((key) => ({ kafkaBootstrapServers: 'b-1:9092', ...context })[key]);

describe('readSettings', () => {
  it('needs only the bootstrap servers and defaults the rest', () => {
    expect(settings({})).toEqual({
      stackName: 'ServerlessConnectStack',
      kafka: { bootstrapServers: 'b-1:9092' },
      tableRemovalPolicy: 'retain',
      tableDeletionProtection: false,
      apiCreateCloudWatchRole: true,
    });
  });

  it('fails without bootstrap servers, naming the key and how to set it', () => {
    expect(() => readSettings(() => undefined)).toThrow(
      /Missing required configuration "kafkaBootstrapServers".*-c kafkaBootstrapServers=host:port/,
    );
  });

  it('takes lists as JSON arrays (cdk.json) or comma separated strings (-c)', () => {
    const fromJson = settings({
      vpcId: 'vpc-1',
      subnetIds: ['subnet-a', 'subnet-b'],
      availabilityZones: ['az-a', 'az-b'],
      securityGroupIds: ['sg-1'],
    });
    const fromCli = settings({
      vpcId: 'vpc-1',
      subnetIds: 'subnet-a, subnet-b',
      availabilityZones: 'az-a,az-b',
      securityGroupIds: 'sg-1',
    });
    const network = {
      vpcId: 'vpc-1',
      subnetIds: ['subnet-a', 'subnet-b'],
      availabilityZones: ['az-a', 'az-b'],
      securityGroupIds: ['sg-1'],
    };
    expect(fromJson.kafka.network).toEqual(network);
    expect(fromCli.kafka.network).toEqual(network);
  });

  it('takes numbers and booleans as JSON values or strings', () => {
    expect(settings({ taskMemorySize: '2048', tableDeletionProtection: 'true' })).toMatchObject({
      taskMemorySize: 2048,
      tableDeletionProtection: true,
    });
    expect(settings({ taskMemorySize: 2048, tableDeletionProtection: true })).toMatchObject({
      taskMemorySize: 2048,
      tableDeletionProtection: true,
    });
  });

  it('reads SASL/SCRAM with a secret, and MSK IAM with a cluster', () => {
    expect(
      settings({ kafkaSaslMechanism: 'SCRAM-SHA-512', kafkaSaslSecretArn: secretArn }).kafka.sasl,
    ).toEqual({
      mechanism: 'SCRAM-SHA-512',
      secretArn,
    });
    expect(
      settings({ kafkaSaslMechanism: 'AWS_MSK_IAM', mskClusterArn: clusterArn, mskTopics: 'orders,dlq-*' })
        .kafka.sasl,
    ).toEqual({
      mechanism: 'AWS_MSK_IAM',
      clusterArn,
      topics: ['orders', 'dlq-*'],
      consumerGroups: undefined,
    });
  });

  it.each([
    [
      { kafkaSecurityProtocol: 'TLS' },
      'Invalid value TLS for configuration kafkaSecurityProtocol: String must be one of: PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL',
    ],
    [
      { kafkaSaslMechanism: 'GSSAPI' },
      'Invalid value GSSAPI for configuration kafkaSaslMechanism: String must be one of: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, AWS_MSK_IAM',
    ],
    [
      { kafkaSaslMechanism: 'PLAIN' },
      'Invalid value PLAIN for configuration kafkaSaslMechanism: PLAIN needs kafkaSaslSecretArn',
    ],
    [
      { kafkaSaslMechanism: 'AWS_MSK_IAM' },
      'Invalid value AWS_MSK_IAM for configuration kafkaSaslMechanism: AWS_MSK_IAM needs mskClusterArn',
    ],
    [
      {
        kafkaSaslMechanism: 'PLAIN',
        kafkaSaslSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:kafka',
      },
      'Invalid value arn:aws:secretsmanager:eu-west-1:123456789012:secret:kafka for configuration kafkaSaslSecretArn: expected the complete secret ARN, ending in -XXXXXX',
    ],
    [
      { subnetIds: 'subnet-a' },
      'Invalid value subnet-a for configuration vpcId: subnetIds and securityGroupIds need vpcId',
    ],
    [
      { vpcId: 'vpc-1' },
      'Invalid value vpc-1 for configuration subnetIds: a VPC needs the subnets the functions use',
    ],
    [
      { vpcId: 'vpc-1', subnetIds: 'subnet-a,subnet-b,subnet-c', availabilityZones: 'az-a,az-b' },
      'Invalid value az-a,az-b for configuration availabilityZones: give the availability zone of each subnet (the subnet count must be a multiple of the zone count)',
    ],
    [
      { vpcId: 'vpc-1', subnetIds: 'subnet-a' },
      'Missing required configuration "availabilityZones" which has no default value. Give the availability zone of each subnet',
    ],
    [
      { configProviderSecretArns: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-Pq34Rs' },
      'Invalid value arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-Pq34Rs for configuration configProviders: secrets and parameters are read through config providers; set configProviders too',
    ],
    [
      { configProviders: '{"config.providers": ' },
      'Invalid value {"config.providers":  for configuration configProviders: expected a JSON object of worker keys',
    ],
    [
      { taskMemorySize: '1.5' },
      'Invalid value 1.5 for configuration taskMemorySize: Value must be a positive integer',
    ],
    [
      { tableDeletionProtection: 'yes' },
      'Invalid value yes for configuration tableDeletionProtection: Expected value to be either true or false',
    ],
    [
      { tableRemovalPolicy: 'snapshot' },
      'Invalid value snapshot for configuration tableRemovalPolicy: String must be one of: retain, destroy',
    ],
    [
      { alarmPeriodMinutes: 20 },
      'Invalid value 20 for configuration alarmPeriodMinutes: Value must be between 1 and 15 (minutes)',
    ],
    [
      { alarmPeriodMinutes: '0' },
      'Invalid value 0 for configuration alarmPeriodMinutes: Value must be a positive integer',
    ],
    [
      { logRetentionDays: 31 },
      'Invalid value 31 for configuration logRetentionDays: not a retention CloudWatch Logs offers',
    ],
  ])('rejects %o', (context, message) => {
    expect(() => settings(context as Partial<Record<ContextKey, unknown>>)).toThrow(message);
  });

  it('documents every key it reads', () => {
    const read = new Set<string>();
    readSettings((key) => {
      read.add(key);
      return key === 'kafkaBootstrapServers' ? 'b:9092' : undefined;
    });
    // Keys only read when another is set (mskTopics with AWS_MSK_IAM...) are covered by the cases above.
    for (const key of read) expect(Object.keys(contextKeys)).toContain(key);
    expect(read.size).toBeGreaterThan(10);
  });
});

describe('docs/deploy.md', () => {
  const doc = fs.readFileSync(path.join(projectRoot, 'docs', 'deploy.md'), 'utf8');
  // A table row naming it in its first column (the formatter pads the columns).
  const row = (name: string) => new RegExp(`^\\|\\s*\`${name}\`\\s*\\|`, 'm');

  it('documents every context key', () => {
    for (const key of Object.keys(contextKeys)) expect(doc).toMatch(row(key));
  });

  it('documents every metric the alarms and dashboard use', () => {
    for (const name of Object.values(metricNames)) expect(doc).toMatch(row(name));
  });
});
