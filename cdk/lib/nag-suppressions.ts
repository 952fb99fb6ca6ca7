// The cdk-nag (AwsSolutions) findings this construct accepts, each with the reason it is right
// here. Acknowledgements go through CDK's own Validations API, so the construct does not depend on
// cdk-nag; the app and the tests run the checks. Finding ids with a bracket name the one wildcard
// or policy accepted, so anything new still fails the synth.
import { Validations } from 'aws-cdk-lib';
import type * as apigateway from 'aws-cdk-lib/aws-apigateway';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { IConstruct } from 'constructs';
import type { ConnectFunction } from './connect-function.ts';
import { type KafkaAccess, mskResourceArns } from './kafka-access.ts';
import type { OpenSearchDomainAccess } from './opensearch-access.ts';
import type { S3SinkDestination } from './s3-sink-access.ts';

export interface Suppressed {
  readonly kafka: KafkaAccess;
  readonly s3Sinks: readonly S3SinkDestination[];
  readonly openSearchDomains: readonly OpenSearchDomainAccess[];
  /** Which functions run in a VPC (Kafka's, or a search domain's). */
  readonly inVpc: { readonly api: boolean; readonly task: boolean };
  readonly functions: {
    readonly api: ConnectFunction;
    readonly coordinator: ConnectFunction;
    readonly task: ConnectFunction;
  };
  readonly restApi: apigateway.RestApi;
  readonly taskFailureQueue: sqs.IQueue;
}

// Acknowledgements apply to a construct and everything under it, so each goes on the one
// CloudFormation resource it is about (the L2's default child), not on a whole subtree.
function acknowledge(scope: IConstruct | undefined, id: string, reason: string): void {
  if (scope) Validations.of(scope.node.defaultChild ?? scope).acknowledge({ id, reason });
}

const xrayReason =
  'Active X-Ray tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which support no ' +
  'resource-level permissions (Resource must be *).';
const eniReason =
  ' In a VPC, Lambda also needs the EC2 network-interface actions (ec2:CreateNetworkInterface, ' +
  'ec2:Describe*, ec2:DeleteNetworkInterface, ec2:Assign/UnassignPrivateIpAddresses) on *, the ' +
  'EC2 part of AWSLambdaVPCAccessExecutionRole.';

export function acknowledgeFindings(s: Suppressed): void {
  const kafkaVpc = s.kafka.network !== undefined;
  const { api, coordinator, task } = s.functions;
  // Only the separate policy of unscoped actions: a `*` resource in a default policy still fails.
  acknowledge(
    api.unscopedPolicy,
    'AwsSolutions-IAM5[Resource::*]',
    xrayReason + (s.inVpc.api ? eniReason : ''),
  );
  acknowledge(
    coordinator.unscopedPolicy,
    'AwsSolutions-IAM5[Resource::*]',
    xrayReason + (kafkaVpc ? eniReason : ''),
  );
  acknowledge(
    task.unscopedPolicy,
    'AwsSolutions-IAM5[Resource::*]',
    xrayReason + (s.inVpc.task ? eniReason : ''),
  );

  const auth = s.kafka.authentication;
  if (auth?.mechanism === 'AWS_MSK_IAM') {
    const arns = mskResourceArns(auth);
    for (const arn of [...arns.topics, ...arns.groups].filter((a) => a.includes('*'))) {
      const reason =
        'MSK IAM topic/group ARN pattern: connectors choose their topics (and DLQ topics) at run ' +
        'time through the REST API, and mirror offsets to the groups connect-<connector>. Scoped to ' +
        'this one cluster; narrow it with the topics/consumerGroups settings.';
      for (const fn of [coordinator, task]) {
        acknowledge(
          fn.role.node.tryFindChild('DefaultPolicy'),
          `AwsSolutions-IAM5[Resource::${arn}]`,
          reason,
        );
      }
    }
    if (s.kafka.exactlyOnceSourceSupport === 'enabled')
      for (const arn of arns.transactionalIds)
        acknowledge(
          task.role.node.tryFindChild('DefaultPolicy'),
          `AwsSolutions-IAM5[Resource::${arn}]`,
          'MSK IAM transactional-id ARN pattern: exactly-once source tasks use the transactional id ' +
            'serverless-connect-<connector>-<task>, and connectors are created at run time through the ' +
            'REST API. Scoped to this one cluster.',
        );
  }

  // Object keys are the connector's to choose (topic, partition, offsets): the grant can name the
  // bucket and the prefix, not the keys; the finding id names each accepted pattern.
  for (const destination of s.s3Sinks) {
    for (const prefix of destination.prefixes ?? ['topics/']) {
      acknowledge(
        task.role.node.tryFindChild('DefaultPolicy'),
        `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${destination.bucketName}/${prefix}*]`,
        'An S3 sink writes objects whose keys it derives from topic, partition and offsets under its ' +
          'topics.dir: the grant is limited to the given bucket and key prefix.',
      );
    }
  }
  // Index names come from topics at run time, so the grant names the domain and every path in it.
  for (const domain of s.openSearchDomains) {
    for (const fn of [task, api]) {
      acknowledge(
        fn.role.node.tryFindChild('DefaultPolicy'),
        `AwsSolutions-IAM5[Resource::${domain.domainArn}/*]`,
        'A search sink writes to indices named after topics chosen at run time (and _bulk, _mapping): ' +
          'the grant is limited to the given domain, with the HTTP methods the sink uses.',
      );
    }
  }
  acknowledge(
    s.taskFailureQueue,
    'AwsSolutions-SQS3',
    'This queue is itself a dead-letter queue: the on-failure destination of the task function ' +
      'asynchronous invocations. Its depth is alarmed on and messages are kept 14 days.',
  );
  acknowledge(
    s.restApi,
    'AwsSolutions-APIG2',
    'The API is one {proxy+} integration to the REST function, which validates each request the way ' +
      'Kafka Connect does and answers {"error_code","message"}; an API Gateway validator would answer ' +
      'in its own shape and break Kafka Connect clients.',
  );
  acknowledge(
    s.restApi.node.tryFindChild('CloudWatchRole'),
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
    'The account-wide role API Gateway uses to write access and execution logs; this AWS managed ' +
      'policy is the one API Gateway documents for it. Created only with api.createCloudWatchRole.',
  );
  for (const method of s.restApi.methods) {
    acknowledge(
      method,
      'AwsSolutions-COG4',
      'Every method uses AWS_IAM authorization (SigV4): the callers are operators and automation with ' +
        'IAM identities; a Cognito user pool would add a second identity system for no gain.',
    );
  }
  acknowledge(
    s.restApi.deploymentStage,
    'AwsSolutions-APIG3',
    'A management API behind IAM authorization with stage throttling; a WAF web ACL costs a monthly ' +
      'fee and can be associated with restApi.deploymentStage by deployments that need one.',
  );
}
