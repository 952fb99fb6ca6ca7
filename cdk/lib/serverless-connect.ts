// The whole of one serverless-connect deployment: the state table, the three functions (REST API,
// coordinator, task), the REST API in front of the first, the schedule that drives the second,
// the on-failure queue behind the third, and the alarms and dashboard that watch them.
import { ArnFormat, Duration, Names, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { environmentNames } from '../../shared/aws/environment.ts';
import { metricServices, metricsNamespace } from '../../shared/aws/metrics.ts';
import { tableKeys, timeToLiveAttribute } from '../../shared/aws/table.ts';
import { ConnectFunction, type FunctionSettings } from './connect-function.ts';
import { allowDatabaseAccess, type SourceDatabase } from './database-access.ts';
import {
  exactlyOnceEnvironment,
  grantKafkaAccess,
  type KafkaAccess,
  kafkaEnvironment,
} from './kafka-access.ts';
import { type AlarmOptions, Monitoring } from './monitoring.ts';
import { acknowledgeFindings } from './nag-suppressions.ts';
import { grantOpenSearchAccess, type OpenSearchDomainAccess, searchNetwork } from './opensearch-access.ts';
import { grantS3SinkAccess, type S3SinkDestination } from './s3-sink-access.ts';
import { grantTableAccess } from './table-access.ts';

export interface StateTableOptions {
  /**
   * Default: RETAIN. The table holds connector configs and committed offsets; losing it on a
   * `cdk destroy` would make every connector start over.
   */
  readonly removalPolicy?: RemovalPolicy;
  /** Refuse DeleteTable even from CloudFormation. Default false (RETAIN already keeps the data). */
  readonly deletionProtection?: boolean;
  /**
   * A customer-managed key, for those who must control the key policy, rotation or cross-account
   * use. Default: the AWS-managed key (aws/dynamodb): encrypted at rest with a key AWS rotates and
   * CloudTrail logs, at no key cost, with no key policy that could lock the functions out.
   */
  readonly encryptionKey?: kms.IKey;
}

export interface ApiOptions extends FunctionSettings {
  /** Default `prod`; Kafka Connect clients take the stage URL as their base URL. */
  readonly stageName?: string;
  /** Steady requests per second across the API. Default 50 (a management API, not a data path). */
  readonly throttlingRateLimit?: number;
  /** Default 100. */
  readonly throttlingBurstLimit?: number;
  /**
   * API Gateway writes access logs with an account-wide role (AWS::ApiGateway::Account). Default
   * true: create it here. Set false when the account already has one configured.
   */
  readonly createCloudWatchRole?: boolean;
}

export interface CoordinatorOptions extends FunctionSettings {
  /** How often the coordinator reconciles without being asked. Default: every minute. */
  readonly schedule?: events.Schedule;
}

export interface TaskOptions extends FunctionSettings {
  /** Lambda's retries of a failed asynchronous task invocation (0-2). Default 2. */
  readonly retryAttempts?: number;
  /**
   * How long an invocation event may wait (throttled or retrying) before it goes to the on-failure
   * queue. Default 10 minutes: the coordinator invokes tasks again every run, so older events only
   * duplicate newer ones.
   */
  readonly maxEventAge?: Duration;
}

export interface ConfigProviderOptions {
  /**
   * Kafka's worker keys, as a worker.properties would hold them: `config.providers`,
   * `config.providers.<name>.class` and `.param.*`. The AWS providers use MSK Connect's class names,
   * e.g. `com.amazonaws.kafka.config.providers.SecretsManagerConfigProvider`.
   */
  readonly workerConfig: Readonly<Record<string, string>>;
  /** Secrets the connector configs may reference: the API (validation) and the task may read them. */
  readonly secrets?: readonly secretsmanager.ISecret[];
  /** Parameter Store parameters the connector configs may reference (read by the API and the task). */
  readonly parameters?: readonly ssm.IParameter[];
}

export interface ServerlessConnectProps {
  readonly kafka: KafkaAccess;
  readonly table?: StateTableOptions;
  readonly api?: ApiOptions;
  readonly coordinator?: CoordinatorOptions;
  readonly task?: TaskOptions;
  readonly alarms?: AlarmOptions;
  /** Retention of the functions' and the API's log groups. Default one month. */
  readonly logRetention?: logs.RetentionDays;
  /** POWERTOOLS_LOG_LEVEL. Default INFO. */
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /** Config providers for `${provider:path:key}` references in connector configs (API and task). */
  readonly configProviders?: ConfigProviderOptions;
  /**
   * Databases source connectors capture (RDS or Aurora PostgreSQL): the task and the API function
   * (which connects to validate) join `kafka.network`'s VPC and are allowed in on the database port.
   */
  readonly databases?: readonly SourceDatabase[];
  /** Buckets (and key prefixes) S3 sink connectors may write to; the task gets only those grants. */
  readonly s3Sinks?: readonly S3SinkDestination[];
  /**
   * Amazon OpenSearch Service domains Elasticsearch/OpenSearch sink connectors write to with SigV4
   * (aws.region in their config): the task may write, the API (which validates connections) read;
   * a domain's VPC is joined by both.
   */
  readonly openSearchDomains?: readonly OpenSearchDomainAccess[];
}

export const functionDefaults = {
  // API Gateway gives up on an integration after 29 s.
  api: { memorySize: 512, timeout: Duration.seconds(29) },
  // A run reconciles and invokes; it must finish before the next scheduled run.
  coordinator: { memorySize: 512, timeout: Duration.seconds(60) },
  // The batch loop runs until the remaining time minus a margin, so longer means fewer cold starts
  // and handovers; 5 minutes bounds how long a moved partition waits for its old owner.
  task: { memorySize: 1024, timeout: Duration.minutes(5) },
} as const;

function withDefaults(defaults: { memorySize: number; timeout: Duration }, given: FunctionSettings = {}) {
  return {
    memorySize: given.memorySize ?? defaults.memorySize,
    timeout: given.timeout ?? defaults.timeout,
    reservedConcurrentExecutions: given.reservedConcurrentExecutions,
  };
}

export class ServerlessConnect extends Construct {
  readonly table: dynamodb.Table;
  readonly apiFunction: lambda.IFunction;
  readonly coordinatorFunction: lambda.IFunction;
  readonly taskFunction: lambda.IFunction;
  readonly restApi: apigateway.RestApi;
  readonly taskFailureQueue: sqs.Queue;
  readonly coordinatorSchedule: events.Rule;
  readonly monitoring: Monitoring;

  constructor(scope: Construct, id: string, props: ServerlessConnectProps) {
    super(scope, id);
    const removalPolicy = props.table?.removalPolicy ?? RemovalPolicy.RETAIN;
    const logRetention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;

    this.table = new dynamodb.Table(this, 'StateTable', {
      partitionKey: { name: tableKeys.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: tableKeys.sortKey, type: dynamodb.AttributeType.STRING },
      // Lease history items carry an expiry; DynamoDB deletes them after it.
      timeToLiveAttribute,
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      ...(props.table?.encryptionKey
        ? { encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED, encryptionKey: props.table.encryptionKey }
        : { encryption: dynamodb.TableEncryption.AWS_MANAGED }),
      deletionProtection: props.table?.deletionProtection ?? false,
      removalPolicy,
    });

    this.taskFailureQueue = new sqs.Queue(this, 'TaskFailureQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    // The task must know its own name to re-invoke itself, and a function cannot reference its own
    // ARN in CloudFormation, so its name is fixed here (unique per stack and construct path).
    const taskFunctionName = `${Names.uniqueResourceName(this, { maxLength: 59, separator: '-' })}-task`;
    const taskFunctionArn = Stack.of(this).formatArn({
      service: 'lambda',
      resource: 'function',
      resourceName: taskFunctionName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });

    const common = (service: keyof typeof metricServices) => ({
      [environmentNames.tableName]: this.table.tableName,
      // The handlers also name these in code; the variables keep Powertools' defaults the same.
      POWERTOOLS_SERVICE_NAME: metricServices[service],
      POWERTOOLS_METRICS_NAMESPACE: metricsNamespace,
      POWERTOOLS_LOG_LEVEL: props.logLevel ?? 'INFO',
    });
    const providers = props.configProviders;
    const providerEnv: Record<string, string> = providers
      ? { [environmentNames.configProviders]: JSON.stringify(providers.workerConfig) }
      : {};
    const kafkaEnv = kafkaEnvironment(props.kafka);
    const logRemovalPolicy = RemovalPolicy.RETAIN;
    const databases = props.databases ?? [];
    if (databases.length > 0 && !props.kafka.network) {
      throw new Error(
        'Source databases are reached inside a VPC: set kafka.network (the VPC, subnets and security groups the functions use)',
      );
    }

    const searchDomains = props.openSearchDomains ?? [];
    // The task reaches Kafka and the search domains; the API only the domains (to validate).
    const taskNetwork = searchNetwork(props.kafka.network, searchDomains);
    // Validating a source connector connects to its database, so the API joins the VPC then too.
    const apiNetwork = searchDomains.some((d) => d.network)
      ? taskNetwork
      : databases.length > 0
        ? props.kafka.network
        : undefined;
    const task = new ConnectFunction(this, 'Task', {
      entryFolder: 'task',
      description: 'serverless-connect task: claims partition leases and runs one bounded batch loop',
      settings: withDefaults(functionDefaults.task, props.task),
      functionName: taskFunctionName,
      environment: {
        ...common('task'),
        ...kafkaEnv,
        ...providerEnv,
        [environmentNames.taskFunction]: taskFunctionName,
      },
      logRetention,
      logRemovalPolicy,
      network: taskNetwork,
      asyncInvoke: {
        retryAttempts: props.task?.retryAttempts ?? 2,
        maxEventAge: props.task?.maxEventAge ?? Duration.minutes(10),
        onFailure: { bind: () => ({ destination: this.taskFailureQueue.queueArn }) },
      },
    });

    const coordinator = new ConnectFunction(this, 'Coordinator', {
      entryFolder: 'coordinator',
      description: 'serverless-connect coordinator: assigns partitions to tasks and invokes them',
      settings: withDefaults(functionDefaults.coordinator, props.coordinator),
      environment: {
        ...common('coordinator'),
        ...kafkaEnv,
        [environmentNames.taskFunction]: taskFunctionName,
      },
      logRetention,
      logRemovalPolicy,
      network: props.kafka.network,
      // No retries: the next scheduled run is the retry, with fresher state.
      asyncInvoke: { retryAttempts: 0 },
    });

    const api = new ConnectFunction(this, 'Api', {
      entryFolder: 'api',
      description: 'serverless-connect REST API (Kafka Connect compatible)',
      settings: withDefaults(functionDefaults.api, props.api),
      environment: {
        ...common('api'),
        ...providerEnv,
        ...exactlyOnceEnvironment(props.kafka),
        [environmentNames.coordinatorFunction]: coordinator.function.functionName,
      },
      logRetention,
      logRemovalPolicy,
      network: apiNetwork,
      // The web console's files, served at /ui/ (see console-assets.ts, which looks for them there).
      staticFiles: { from: 'shared/runtime/management/console/ui', to: 'console' },
    });
    task.function.addEnvironment(environmentNames.coordinatorFunction, coordinator.function.functionName);
    allowDatabaseAccess(databases, [
      { fn: task.function, role: task.role, description: 'serverless-connect task' },
      { fn: api.function, role: api.role, description: 'serverless-connect API (validate)' },
    ]);

    grantTableAccess(this.table, api.role, 'api');
    grantTableAccess(this.table, coordinator.role, 'coordinator');
    grantTableAccess(this.table, task.role, 'task');
    grantKafkaAccess(props.kafka, coordinator.role, 'coordinator');
    grantKafkaAccess(props.kafka, task.role, 'task');
    grantS3SinkAccess(task.role, props.s3Sinks ?? []);
    grantOpenSearchAccess({ task: task.role, api: api.role }, searchDomains);
    // The API resolves provider references to validate configs; the task to run them.
    for (const role of [api.role, task.role]) {
      for (const secret of providers?.secrets ?? []) secret.grantRead(role);
      for (const parameter of providers?.parameters ?? []) parameter.grantRead(role);
    }
    // Exactly the unqualified function ARNs (grantInvoke would add `:*` for every version and alias).
    const invoke = (role: iam.IRole, functionArns: string[]) =>
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: functionArns }),
      );
    invoke(api.role, [coordinator.function.functionArn]);
    invoke(coordinator.role, [taskFunctionArn]);
    invoke(task.role, [taskFunctionArn, coordinator.function.functionArn]);
    // Lambda sends failed invocation records to the queue with the task's role; it needs only this
    // (SqsDestination would also grant GetQueueAttributes and GetQueueUrl).
    task.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.taskFailureQueue.queueArn] }),
    );

    this.restApi = this.createRestApi(api.function, props.api ?? {}, logRetention);

    this.coordinatorSchedule = new events.Rule(this, 'CoordinatorSchedule', {
      description: 'Runs the serverless-connect coordinator (reconcile leases, invoke tasks)',
      schedule: props.coordinator?.schedule ?? events.Schedule.rate(Duration.minutes(1)),
      targets: [
        new targets.LambdaFunction(coordinator.function, {
          retryAttempts: 2,
          maxEventAge: Duration.minutes(1),
        }),
      ],
    });

    this.apiFunction = api.function;
    this.coordinatorFunction = coordinator.function;
    this.taskFunction = task.function;
    this.monitoring = new Monitoring(this, 'Monitoring', {
      ...props.alarms,
      api: api.function,
      coordinator: coordinator.function,
      task: task.function,
      restApi: this.restApi,
      taskFailures: this.taskFailureQueue,
    });

    acknowledgeFindings({
      kafka: props.kafka,
      s3Sinks: props.s3Sinks ?? [],
      openSearchDomains: searchDomains,
      inVpc: { api: apiNetwork !== undefined, task: taskNetwork !== undefined },
      functions: { api, coordinator, task },
      restApi: this.restApi,
      taskFailureQueue: this.taskFailureQueue,
    });
  }

  private createRestApi(handler: lambda.IFunction, options: ApiOptions, logRetention: logs.RetentionDays) {
    const accessLogs = new logs.LogGroup(this, 'ApiAccessLogs', { retention: logRetention });
    return new apigateway.LambdaRestApi(this, 'RestApi', {
      description: 'serverless-connect: the Kafka Connect REST API',
      handler,
      proxy: true,
      // No extra permission for the console's test-invoke stage.
      integrationOptions: { allowTestInvoke: false },
      endpointTypes: [apigateway.EndpointType.REGIONAL],
      // Every method, the root and {proxy+} alike, needs a SigV4-signed request from a principal
      // allowed execute-api:Invoke on it.
      defaultMethodOptions: { authorizationType: apigateway.AuthorizationType.IAM },
      // Retained: other APIs in the account log through the same account-wide setting.
      ...(options.createCloudWatchRole === false
        ? { cloudWatchRole: false }
        : { cloudWatchRole: true, cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN }),
      deployOptions: {
        stageName: options.stageName ?? 'prod',
        accessLogDestination: new apigateway.LogGroupLogDestination(accessLogs),
        accessLogFormat: apigateway.AccessLogFormat.jsonWithStandardFields(),
        loggingLevel: apigateway.MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        metricsEnabled: true,
        tracingEnabled: true,
        throttlingRateLimit: options.throttlingRateLimit ?? 50,
        throttlingBurstLimit: options.throttlingBurstLimit ?? 100,
      },
    });
  }
}
