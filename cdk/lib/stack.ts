import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ServerlessConnect, type ServerlessConnectProps } from './serverless-connect.ts';

export interface ServerlessConnectStackProps extends StackProps {
  /** The props, or a function making them in the stack (to import resources by ARN into it). */
  readonly connect: ServerlessConnectProps | ((stack: Stack) => ServerlessConnectProps);
}

/** One deployment: the construct plus the outputs a user needs to reach it. */
export class ServerlessConnectStack extends Stack {
  readonly connect: ServerlessConnect;

  constructor(scope: Construct, id: string, props: ServerlessConnectStackProps) {
    super(scope, id, props);
    const connect = typeof props.connect === 'function' ? props.connect(this) : props.connect;
    this.connect = new ServerlessConnect(this, 'ServerlessConnect', connect);
    const outputs: Record<string, [string, string]> = {
      RestApiUrl: [this.connect.restApi.url, 'Kafka Connect REST API base URL (SigV4 / IAM authorization)'],
      StateTableName: [
        this.connect.table.tableName,
        'DynamoDB table holding configs, statuses, leases, offsets',
      ],
      CoordinatorFunctionName: [this.connect.coordinatorFunction.functionName, 'Invoke to reconcile now'],
      TaskFunctionName: [this.connect.taskFunction.functionName, 'Task function'],
      TaskFailureQueueUrl: [
        this.connect.taskFailureQueue.queueUrl,
        'Failed task invocations (after retries)',
      ],
      DashboardName: [this.connect.monitoring.dashboard.dashboardName, 'CloudWatch dashboard'],
    };
    for (const [id, [value, description]] of Object.entries(outputs))
      new CfnOutput(this, id, { value, description });
  }
}
