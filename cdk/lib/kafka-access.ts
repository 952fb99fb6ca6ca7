// How the coordinator and task functions reach Kafka: the environment variables they read
// (shared/aws/environment.ts) and the grants that go with each way of authenticating.
import { Arn, ArnFormat, Token } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { environmentNames } from '../../shared/aws/environment.ts';

/** Kafka's `security.protocol` values. */
export type KafkaSecurityProtocol = 'PLAINTEXT' | 'SSL' | 'SASL_PLAINTEXT' | 'SASL_SSL';
export const kafkaSecurityProtocols: readonly KafkaSecurityProtocol[] = [
  'PLAINTEXT',
  'SSL',
  'SASL_PLAINTEXT',
  'SASL_SSL',
];

/** Username/password mechanisms; the secret holds `{"username": ..., "password": ...}`. */
export type KafkaPasswordMechanism = 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512';
export const kafkaPasswordMechanisms: readonly KafkaPasswordMechanism[] = [
  'PLAIN',
  'SCRAM-SHA-256',
  'SCRAM-SHA-512',
];

export interface KafkaPasswordAuthentication {
  readonly mechanism: KafkaPasswordMechanism;
  /** Read by the coordinator and the task at cold start; nothing else may read it. */
  readonly secret: secretsmanager.ISecret;
}

export interface MskIamAuthentication {
  readonly mechanism: 'AWS_MSK_IAM';
  /** `arn:<partition>:kafka:<region>:<account>:cluster/<name>/<uuid>`, a literal (topic and group ARNs derive from it). */
  readonly clusterArn: string;
  /** Topic names (or `prefix*` patterns) the connectors read and write, DLQ topics included. Default: all. */
  readonly topics?: readonly string[];
  /** Consumer groups the committed offsets are mirrored to. Default: `connect-*` (Kafka Connect's naming). */
  readonly consumerGroups?: readonly string[];
}

export type KafkaAuthentication = KafkaPasswordAuthentication | MskIamAuthentication;

export interface KafkaNetwork {
  /** The VPC the brokers are reachable from; import with `Vpc.fromVpcAttributes` (no lookups needed). */
  readonly vpc: ec2.IVpc;
  /** Subnets for the functions' network interfaces (private, with a route to DynamoDB, Lambda, Secrets Manager). */
  readonly subnets?: ec2.SubnetSelection;
  /** Security groups allowed to reach the brokers. Default: one new group per function, all egress. */
  readonly securityGroups?: readonly ec2.ISecurityGroup[];
}

export interface KafkaAccess {
  /** `host:port` list, comma separated, as Kafka's `bootstrap.servers`. */
  readonly bootstrapServers: string;
  /** Default: SASL_SSL when `authentication` is set, PLAINTEXT otherwise. */
  readonly securityProtocol?: KafkaSecurityProtocol;
  readonly authentication?: KafkaAuthentication;
  /** Set when the brokers are only reachable inside a VPC (MSK): the coordinator and task join it. */
  readonly network?: KafkaNetwork;
  /** Which Kafka client adapter the functions use: `platformatic` (default) or `kafkajs`. */
  readonly client?: 'platformatic' | 'kafkajs';
  /**
   * Kafka's worker key `exactly.once.source.support`: `enabled` makes source tasks write in
   * transactions (KIP-618). Default `disabled`, as Kafka's.
   */
  readonly exactlyOnceSourceSupport?: 'enabled' | 'disabled';
}

/** Kafka Connect's wording for a bad setting, so errors read the same as a worker's. */
export function invalidValue(value: unknown, name: string, reason: string): Error {
  return new Error(`Invalid value ${String(value)} for configuration ${name}: ${reason}`);
}

export function securityProtocolOf(kafka: KafkaAccess): KafkaSecurityProtocol {
  const protocol = kafka.securityProtocol ?? (kafka.authentication ? 'SASL_SSL' : 'PLAINTEXT');
  const sasl = protocol.startsWith('SASL_');
  if (sasl && !kafka.authentication) {
    throw invalidValue(protocol, 'securityProtocol', 'a SASL protocol needs an authentication mechanism');
  }
  if (!sasl && kafka.authentication) {
    throw invalidValue(
      protocol,
      'securityProtocol',
      `the ${kafka.authentication.mechanism} mechanism needs SASL_SSL or SASL_PLAINTEXT`,
    );
  }
  if (kafka.authentication?.mechanism === 'AWS_MSK_IAM' && protocol !== 'SASL_SSL') {
    throw invalidValue(protocol, 'securityProtocol', 'MSK IAM authentication requires SASL_SSL');
  }
  return protocol;
}

/** The variables the coordinator and task read to connect (names from shared/aws/environment.ts). */
export function kafkaEnvironment(kafka: KafkaAccess): Record<string, string> {
  if (kafka.bootstrapServers.trim() === '') {
    throw invalidValue(kafka.bootstrapServers, 'bootstrapServers', 'at least one host:port is required');
  }
  const env: Record<string, string> = {
    [environmentNames.kafkaBootstrapServers]: kafka.bootstrapServers,
    [environmentNames.kafkaSecurityProtocol]: securityProtocolOf(kafka),
  };
  const auth = kafka.authentication;
  if (auth) env[environmentNames.kafkaSaslMechanism] = auth.mechanism;
  if (auth && auth.mechanism !== 'AWS_MSK_IAM')
    env[environmentNames.kafkaSaslSecretArn] = auth.secret.secretArn;
  if (kafka.client) env[environmentNames.kafkaClient] = kafka.client;
  return { ...env, ...exactlyOnceEnvironment(kafka) };
}

/** The worker's exactly.once.source.support, for the task and for the API (validate's preflight). */
export function exactlyOnceEnvironment(kafka: KafkaAccess): Record<string, string> {
  return kafka.exactlyOnceSourceSupport
    ? { [environmentNames.exactlyOnceSourceSupport]: kafka.exactlyOnceSourceSupport }
    : {};
}

/** What a function does with Kafka decides which MSK IAM actions it gets. */
export type KafkaRole = 'coordinator' | 'task';

// The coordinator only reads metadata (partitions, high watermarks) to plan leases, and the offsets
// a Kafka Connect connector of the same name left in connect-<name> when it creates them; the task reads
// records, writes DLQ (and source) records, may create the DLQ topic as Kafka Connect does, and
// mirrors committed offsets to the connector's consumer group.
const mskActions: Record<KafkaRole, { cluster: string[]; topic: string[]; group: string[] }> = {
  coordinator: {
    cluster: ['kafka-cluster:Connect', 'kafka-cluster:DescribeCluster'],
    topic: ['kafka-cluster:DescribeTopic'],
    group: ['kafka-cluster:DescribeGroup'],
  },
  task: {
    cluster: [
      'kafka-cluster:Connect',
      'kafka-cluster:DescribeCluster',
      'kafka-cluster:WriteDataIdempotently',
    ],
    topic: [
      'kafka-cluster:DescribeTopic',
      'kafka-cluster:ReadData',
      'kafka-cluster:WriteData',
      'kafka-cluster:CreateTopic',
    ],
    group: ['kafka-cluster:DescribeGroup', 'kafka-cluster:AlterGroup'],
  },
};

/** Topic and group ARNs share the cluster's `<name>/<uuid>` path (MSK's ARN scheme). */
export function mskResourceArns(auth: MskIamAuthentication): {
  cluster: string;
  topics: string[];
  groups: string[];
  /** The transactional ids of exactly-once source tasks: `<group.id>-<connector>-<task>`. */
  transactionalIds: string[];
} {
  if (Token.isUnresolved(auth.clusterArn)) {
    throw invalidValue(auth.clusterArn, 'clusterArn', 'must be a literal ARN, not a deploy-time reference');
  }
  const parts = Arn.split(auth.clusterArn, ArnFormat.SLASH_RESOURCE_NAME);
  const clusterPath = parts.resourceName ?? '';
  if (parts.service !== 'kafka' || parts.resource !== 'cluster' || clusterPath.split('/').length !== 2) {
    throw invalidValue(
      auth.clusterArn,
      'clusterArn',
      'expected arn:<partition>:kafka:<region>:<account>:cluster/<name>/<uuid>',
    );
  }
  const prefix = `arn:${parts.partition}:kafka:${parts.region}:${parts.account}`;
  return {
    cluster: auth.clusterArn,
    topics: (auth.topics ?? ['*']).map((topic) => `${prefix}:topic/${clusterPath}/${topic}`),
    groups: (auth.consumerGroups ?? ['connect-*']).map((group) => `${prefix}:group/${clusterPath}/${group}`),
    transactionalIds: [`${prefix}:transactional-id/${clusterPath}/serverless-connect-*`],
  };
}

/** Grants a function what its role needs to authenticate to Kafka, and nothing when no grant is needed. */
export function grantKafkaAccess(kafka: KafkaAccess, grantee: iam.IGrantable, role: KafkaRole): void {
  const auth = kafka.authentication;
  if (!auth) return;
  if (auth.mechanism !== 'AWS_MSK_IAM') {
    auth.secret.grantRead(grantee);
    return;
  }
  const arns = mskResourceArns(auth);
  const actions = mskActions[role];
  const statements = [
    new iam.PolicyStatement({ actions: actions.cluster, resources: [arns.cluster] }),
    new iam.PolicyStatement({ actions: actions.topic, resources: arns.topics }),
    new iam.PolicyStatement({ actions: actions.group, resources: arns.groups }),
  ];
  // Exactly-once source tasks initialize and use their transactional ids.
  if (role === 'task' && kafka.exactlyOnceSourceSupport === 'enabled')
    statements.push(
      new iam.PolicyStatement({
        actions: ['kafka-cluster:DescribeTransactionalId', 'kafka-cluster:AlterTransactionalId'],
        resources: arns.transactionalIds,
      }),
    );
  for (const statement of statements) grantee.grantPrincipal.addToPrincipalPolicy(statement);
}
