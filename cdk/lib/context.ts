// The app's settings, read from CDK context (cdk.json, or `-c key=value` on the command line) and
// turned into construct props. Everything is taken as given, never looked up in an AWS account, so
// `cdk synth` works offline and the stack stays environment-agnostic.
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import {
  invalidValue,
  type KafkaAccess,
  type KafkaAuthentication,
  type KafkaPasswordMechanism,
  type KafkaSecurityProtocol,
  kafkaPasswordMechanisms,
  kafkaSecurityProtocols,
} from './kafka-access.ts';
import { parseS3SinkDestinations } from './s3-sink-access.ts';
import type { ServerlessConnectProps } from './serverless-connect.ts';

/** Every context key the app reads, with what it means (docs/deploy.md has the same table). */
export const contextKeys = {
  stackName: 'Stack name. Default ServerlessConnectStack.',
  kafkaBootstrapServers: 'Kafka bootstrap.servers (host:port, comma separated). Required.',
  kafkaSecurityProtocol:
    'PLAINTEXT | SSL | SASL_PLAINTEXT | SASL_SSL. Default SASL_SSL with a SASL mechanism, else PLAINTEXT.',
  kafkaSaslMechanism: 'PLAIN | SCRAM-SHA-256 | SCRAM-SHA-512 | AWS_MSK_IAM.',
  kafkaSaslSecretArn: 'Complete ARN of the Secrets Manager secret {"username","password"} (PLAIN, SCRAM).',
  mskClusterArn: 'MSK cluster ARN (AWS_MSK_IAM): the IAM grants are scoped to it.',
  mskTopics: 'Topic names or prefix* patterns the connectors may use (AWS_MSK_IAM). Default all.',
  mskConsumerGroups:
    'Consumer groups offsets are mirrored to and new connectors take over from (AWS_MSK_IAM). Default connect-*.',
  kafkaClient: 'platformatic | kafkajs. Default platformatic.',
  exactlyOnceSourceSupport:
    "enabled | disabled: Kafka's worker key exactly.once.source.support (source tasks write in transactions). Default disabled.",
  vpcId:
    'VPC of the brokers: the coordinator and task functions join it. Needs subnetIds and availabilityZones.',
  subnetIds: 'Private subnets for the functions (list or comma separated).',
  availabilityZones: 'Availability zones of subnetIds, in the same order (one per AZ, or a multiple).',
  securityGroupIds: 'Security groups that may reach the brokers. Default: one new group per function.',
  tableRemovalPolicy: 'retain | destroy. Default retain.',
  tableDeletionProtection: 'true | false. Default false.',
  alarmTopicArn: 'SNS topic for alarm and OK notifications. Default none.',
  consumerLagAlarmThreshold: 'ConsumerLag alarm threshold (records). Default 100000.',
  alarmPeriodMinutes:
    'Period of the alarms, in minutes (1 to 15; ConsumerLag still waits 15 minutes). Default 5.',
  logRetentionDays: 'Log retention in days (a CloudWatch Logs value, e.g. 7, 30, 365). Default 30.',
  taskMemorySize: 'Task function memory (MB). Default 1024.',
  taskTimeoutSeconds: 'Task function timeout (s), the batch loop budget. Default 300.',
  coordinatorScheduleMinutes: 'Minutes between scheduled coordinator runs. Default 1.',
  apiCreateCloudWatchRole: 'true | false: create the account-wide API Gateway logging role. Default true.',
  configProviders:
    'Worker keys config.providers, config.providers.<name>.class/.param.* (object, or JSON string).',
  configProviderSecretArns:
    'Complete ARNs of the secrets connector configs reference (readable by API and task).',
  configProviderParameterNames:
    'Parameter Store names connector configs reference (readable by API and task).',
  databaseSecurityGroupIds:
    'Security groups of the RDS/Aurora databases source connectors capture: the task and API functions are let in. Needs vpcId.',
  databasePort: 'Port of those databases. Default 5432.',
  s3SinkBuckets:
    'Buckets S3 sink connectors write to, as bucket or bucket/prefix/ (list or comma separated). Default none.',
  openSearchDomainArns:
    'Amazon OpenSearch Service domain ARNs search sink connectors write to with SigV4 (list or comma separated). Default none.',
} as const;

export type ContextKey = keyof typeof contextKeys;
export type ContextReader = (key: ContextKey) => unknown;

/** Settings as plain data (no constructs yet), so they can be checked without a stack. */
export interface AppSettings {
  readonly stackName: string;
  readonly kafka: {
    readonly bootstrapServers: string;
    readonly securityProtocol?: KafkaSecurityProtocol;
    readonly sasl?:
      | { readonly mechanism: KafkaPasswordMechanism; readonly secretArn: string }
      | {
          readonly mechanism: 'AWS_MSK_IAM';
          readonly clusterArn: string;
          readonly topics?: string[];
          readonly consumerGroups?: string[];
        };
    readonly client?: 'platformatic' | 'kafkajs';
    readonly exactlyOnceSourceSupport?: 'enabled' | 'disabled';
    readonly network?: {
      readonly vpcId: string;
      readonly subnetIds: string[];
      readonly availabilityZones: string[];
      readonly securityGroupIds?: string[];
    };
  };
  readonly tableRemovalPolicy: 'retain' | 'destroy';
  readonly tableDeletionProtection: boolean;
  readonly alarmTopicArn?: string;
  readonly consumerLagAlarmThreshold?: number;
  readonly alarmPeriodMinutes?: number;
  readonly logRetentionDays?: number;
  readonly taskMemorySize?: number;
  readonly taskTimeoutSeconds?: number;
  readonly coordinatorScheduleMinutes?: number;
  readonly apiCreateCloudWatchRole: boolean;
  readonly configProviders?: {
    readonly workerConfig: Record<string, string>;
    readonly secretArns: string[];
    readonly parameterNames: string[];
  };
  readonly databases?: { readonly securityGroupIds: string[]; readonly port?: number };
  readonly s3SinkBuckets?: string[];
  readonly openSearchDomainArns?: string[];
}

// The complete ARN ends in the 6 characters Secrets Manager appends; with it a grant names exactly
// one secret instead of a `-??????` pattern.
const completeSecretArn = /^arn:[\w-]+:secretsmanager:[\w-]+:\d{12}:secret:.+-[A-Za-z0-9]{6}$/;

export function readSettings(read: ContextReader): AppSettings {
  const text = (key: ContextKey): string | undefined => {
    const value = read(key);
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') throw invalidValue(JSON.stringify(value), key, 'expected a string');
    return value.trim();
  };
  const oneOf = <T extends string>(key: ContextKey, allowed: readonly T[]): T | undefined => {
    const value = text(key);
    if (value === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(value)) {
      throw invalidValue(value, key, `String must be one of: ${allowed.join(', ')}`);
    }
    return value as T;
  };
  const list = (key: ContextKey): string[] | undefined => {
    const value = read(key);
    if (value === undefined || value === null || value === '') return undefined;
    const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : undefined;
    if (!items || items.some((item) => typeof item !== 'string')) {
      throw invalidValue(
        JSON.stringify(value),
        key,
        'expected a list of strings or a comma separated string',
      );
    }
    const trimmed = (items as string[]).map((item) => item.trim()).filter((item) => item !== '');
    return trimmed.length > 0 ? trimmed : undefined;
  };
  const bool = (key: ContextKey, fallback: boolean): boolean => {
    const value = read(key);
    if (value === undefined || value === null || value === '') return fallback;
    if (value === true || value === 'true') return true;
    if (value === false || value === 'false') return false;
    throw invalidValue(value, key, 'Expected value to be either true or false');
  };
  const positiveInt = (key: ContextKey): number | undefined => {
    const value = read(key);
    if (value === undefined || value === null || value === '') return undefined;
    const number = typeof value === 'number' ? value : Number(value);
    if (!Number.isInteger(number) || number <= 0)
      throw invalidValue(value, key, 'Value must be a positive integer');
    return number;
  };

  const bootstrapServers = text('kafkaBootstrapServers');
  if (!bootstrapServers) {
    throw new Error(
      'Missing required configuration "kafkaBootstrapServers" which has no default value. ' +
        'Set it in cdk.json or with -c kafkaBootstrapServers=host:port',
    );
  }
  const mechanism = oneOf('kafkaSaslMechanism', [...kafkaPasswordMechanisms, 'AWS_MSK_IAM'] as const);
  let sasl: AppSettings['kafka']['sasl'];
  if (mechanism === 'AWS_MSK_IAM') {
    const clusterArn = text('mskClusterArn');
    if (!clusterArn) throw invalidValue(mechanism, 'kafkaSaslMechanism', 'AWS_MSK_IAM needs mskClusterArn');
    sasl = { mechanism, clusterArn, topics: list('mskTopics'), consumerGroups: list('mskConsumerGroups') };
  } else if (mechanism) {
    const secretArn = text('kafkaSaslSecretArn');
    if (!secretArn)
      throw invalidValue(mechanism, 'kafkaSaslMechanism', `${mechanism} needs kafkaSaslSecretArn`);
    if (!completeSecretArn.test(secretArn)) {
      throw invalidValue(
        secretArn,
        'kafkaSaslSecretArn',
        'expected the complete secret ARN, ending in -XXXXXX',
      );
    }
    sasl = { mechanism, secretArn };
  }

  const vpcId = text('vpcId');
  const subnetIds = list('subnetIds');
  const securityGroupIds = list('securityGroupIds');
  if (!vpcId && (subnetIds || securityGroupIds)) {
    throw invalidValue(subnetIds ?? securityGroupIds, 'vpcId', 'subnetIds and securityGroupIds need vpcId');
  }
  if (vpcId && !subnetIds)
    throw invalidValue(vpcId, 'subnetIds', 'a VPC needs the subnets the functions use');
  const availabilityZones = list('availabilityZones');
  if (subnetIds && !availabilityZones) {
    throw new Error(
      'Missing required configuration "availabilityZones" which has no default value. ' +
        'Give the availability zone of each subnet in subnetIds',
    );
  }
  if (subnetIds && availabilityZones && subnetIds.length % availabilityZones.length !== 0) {
    throw invalidValue(
      availabilityZones,
      'availabilityZones',
      'give the availability zone of each subnet (the subnet count must be a multiple of the zone count)',
    );
  }

  const databaseSecurityGroupIds = list('databaseSecurityGroupIds');
  if (databaseSecurityGroupIds && !vpcId) {
    throw invalidValue(
      databaseSecurityGroupIds,
      'databaseSecurityGroupIds',
      'databases are reached in a VPC: set vpcId',
    );
  }

  const logRetentionDays = positiveInt('logRetentionDays');
  if (logRetentionDays !== undefined && !Object.values(logs.RetentionDays).includes(logRetentionDays)) {
    throw invalidValue(logRetentionDays, 'logRetentionDays', 'not a retention CloudWatch Logs offers');
  }

  return {
    stackName: text('stackName') ?? 'ServerlessConnectStack',
    kafka: {
      bootstrapServers,
      securityProtocol: oneOf('kafkaSecurityProtocol', kafkaSecurityProtocols),
      sasl,
      client: oneOf('kafkaClient', ['platformatic', 'kafkajs'] as const),
      exactlyOnceSourceSupport: oneOf('exactlyOnceSourceSupport', ['enabled', 'disabled'] as const),
      network:
        vpcId && subnetIds && availabilityZones
          ? { vpcId, subnetIds, availabilityZones, securityGroupIds }
          : undefined,
    },
    tableRemovalPolicy: oneOf('tableRemovalPolicy', ['retain', 'destroy'] as const) ?? 'retain',
    tableDeletionProtection: bool('tableDeletionProtection', false),
    alarmTopicArn: text('alarmTopicArn'),
    consumerLagAlarmThreshold: positiveInt('consumerLagAlarmThreshold'),
    alarmPeriodMinutes: alarmPeriodMinutes(positiveInt('alarmPeriodMinutes')),
    logRetentionDays,
    taskMemorySize: positiveInt('taskMemorySize'),
    taskTimeoutSeconds: positiveInt('taskTimeoutSeconds'),
    coordinatorScheduleMinutes: positiveInt('coordinatorScheduleMinutes'),
    apiCreateCloudWatchRole: bool('apiCreateCloudWatchRole', true),
    configProviders: readConfigProviders(read, list),
    databases: databaseSecurityGroupIds
      ? { securityGroupIds: databaseSecurityGroupIds, port: positiveInt('databasePort') }
      : undefined,
    s3SinkBuckets: list('s3SinkBuckets'),
    openSearchDomainArns: list('openSearchDomainArns'),
  };
}

function readConfigProviders(
  read: ContextReader,
  list: (key: ContextKey) => string[] | undefined,
): AppSettings['configProviders'] {
  const value = read('configProviders');
  const secretArns = list('configProviderSecretArns') ?? [];
  const parameterNames = list('configProviderParameterNames') ?? [];
  if (value === undefined || value === null || value === '') {
    if (secretArns.length > 0 || parameterNames.length > 0) {
      throw invalidValue(
        [...secretArns, ...parameterNames].join(','),
        'configProviders',
        'secrets and parameters are read through config providers; set configProviders too',
      );
    }
    return undefined;
  }
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      throw invalidValue(value, 'configProviders', 'expected a JSON object of worker keys');
    }
  }
  const entries =
    typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? Object.entries(parsed) : [];
  if (entries.length === 0 || entries.some(([, v]) => typeof v !== 'string')) {
    throw invalidValue(JSON.stringify(value), 'configProviders', 'expected an object of string worker keys');
  }
  for (const arn of secretArns) {
    if (!completeSecretArn.test(arn)) {
      throw invalidValue(
        arn,
        'configProviderSecretArns',
        'expected the complete secret ARN, ending in -XXXXXX',
      );
    }
  }
  return { workerConfig: Object.fromEntries(entries) as Record<string, string>, secretArns, parameterNames };
}

/** Builds the construct props, importing the referenced resources by ID/ARN into `scope`. */
export function connectProps(scope: Construct, settings: AppSettings): ServerlessConnectProps {
  const { kafka } = settings;
  let authentication: KafkaAuthentication | undefined;
  if (kafka.sasl?.mechanism === 'AWS_MSK_IAM') {
    authentication = { ...kafka.sasl };
  } else if (kafka.sasl) {
    const secret = secretsmanager.Secret.fromSecretCompleteArn(
      scope,
      'KafkaSaslSecret',
      kafka.sasl.secretArn,
    );
    authentication = { mechanism: kafka.sasl.mechanism, secret };
  }
  let network: KafkaAccess['network'];
  if (kafka.network) {
    const { vpcId, subnetIds, availabilityZones, securityGroupIds } = kafka.network;
    // From attributes, not Vpc.fromLookup: a lookup needs AWS credentials at synth time.
    const vpc = ec2.Vpc.fromVpcAttributes(scope, 'KafkaVpc', {
      vpcId,
      availabilityZones,
      privateSubnetIds: subnetIds,
    });
    network = {
      vpc,
      subnets: { subnets: vpc.privateSubnets },
      securityGroups: securityGroupIds?.map((id) =>
        ec2.SecurityGroup.fromSecurityGroupId(scope, `SecurityGroup-${id}`, id, { mutable: false }),
      ),
    };
  }
  return {
    kafka: {
      bootstrapServers: kafka.bootstrapServers,
      securityProtocol: kafka.securityProtocol,
      authentication,
      network,
      client: kafka.client,
      ...(kafka.exactlyOnceSourceSupport ? { exactlyOnceSourceSupport: kafka.exactlyOnceSourceSupport } : {}),
    },
    table: {
      removalPolicy: settings.tableRemovalPolicy === 'destroy' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
      deletionProtection: settings.tableDeletionProtection,
    },
    api: { createCloudWatchRole: settings.apiCreateCloudWatchRole },
    coordinator: settings.coordinatorScheduleMinutes
      ? { schedule: events.Schedule.rate(Duration.minutes(settings.coordinatorScheduleMinutes)) }
      : undefined,
    task: {
      memorySize: settings.taskMemorySize,
      timeout: settings.taskTimeoutSeconds ? Duration.seconds(settings.taskTimeoutSeconds) : undefined,
    },
    alarms: {
      topic: settings.alarmTopicArn
        ? sns.Topic.fromTopicArn(scope, 'AlarmTopic', settings.alarmTopicArn)
        : undefined,
      consumerLagThreshold: settings.consumerLagAlarmThreshold,
      period: settings.alarmPeriodMinutes ? Duration.minutes(settings.alarmPeriodMinutes) : undefined,
    },
    logRetention: settings.logRetentionDays as logs.RetentionDays | undefined,
    s3Sinks: parseS3SinkDestinations(settings.s3SinkBuckets ?? []),
    // Domains inside a VPC are reached through the Kafka VPC settings (one VPC for the functions).
    openSearchDomains: (settings.openSearchDomainArns ?? []).map((domainArn) => ({ domainArn })),
    configProviders: settings.configProviders
      ? {
          workerConfig: settings.configProviders.workerConfig,
          secrets: settings.configProviders.secretArns.map((arn, i) =>
            secretsmanager.Secret.fromSecretCompleteArn(scope, `ConfigProviderSecret${i}`, arn),
          ),
          parameters: settings.configProviders.parameterNames.map((name, i) =>
            ssm.StringParameter.fromStringParameterName(scope, `ConfigProviderParameter${i}`, name),
          ),
        }
      : undefined,
    // The databases' groups are changed here (an ingress rule per function), so they are imported mutable.
    databases: settings.databases?.securityGroupIds.map((id) => ({
      database: new ec2.Connections({
        securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(scope, `DatabaseSecurityGroup-${id}`, id)],
      }),
      port: settings.databases?.port ?? 5432,
    })),
  };
}

/** Alarm periods longer than the 15 minutes ConsumerLag waits would make that alarm wait longer. */
function alarmPeriodMinutes(minutes: number | undefined): number | undefined {
  if (minutes !== undefined && minutes > 15)
    throw invalidValue(minutes, 'alarmPeriodMinutes', 'Value must be between 1 and 15 (minutes)');
  return minutes;
}
