// Alarms and a dashboard for one serverless-connect deployment. The connector metrics come from the
// functions through Powertools Metrics (names in shared/aws/metrics.ts); alarms watch the
// deployment-wide [service] series because connector names are only known at run time, and the
// dashboard searches the per-connector [service, Connector] series.
import { Duration } from 'aws-cdk-lib';
import type * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { metricDimensions, metricNames } from '../../shared/aws/metrics.ts';

export interface AlarmOptions {
  /** Where alarm and OK notifications go. Default: no actions (the alarms still show in the console). */
  readonly topic?: sns.ITopic;
  /** Alarm when the largest partition lag of any connector stays at or above this for 15 minutes. Default 100,000 records. */
  readonly consumerLagThreshold?: number;
  /** Alarm when at least this many records reach DLQ topics within 5 minutes. Default 1. */
  readonly dlqRecordsThreshold?: number;
}

export interface MonitoringProps extends AlarmOptions {
  readonly api: lambda.IFunction;
  readonly coordinator: lambda.IFunction;
  readonly task: lambda.IFunction;
  readonly restApi: apigateway.RestApi;
  readonly taskFailures: sqs.IQueue;
  readonly metricsNamespace: string;
  readonly serviceName: string;
}

const fiveMinutes = Duration.minutes(5);

export class Monitoring extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const connectorMetric = (metricName: string, statistic: string) =>
      new cloudwatch.Metric({
        namespace: props.metricsNamespace,
        metricName,
        dimensionsMap: { [metricDimensions.service]: props.serviceName },
        statistic,
        period: fiveMinutes,
      });
    const sum = (fn: lambda.IFunction, metricName: string) =>
      fn.metric(metricName, { statistic: cloudwatch.Stats.SUM, period: fiveMinutes });

    this.alarm(
      'TaskErrors',
      'A task invocation failed (the error is in the task log group).',
      sum(props.task, 'Errors'),
    );
    this.alarm(
      'TaskAsyncEventsDropped',
      'Task invocation events were dropped before the task ran (too old or out of retries).',
      sum(props.task, 'AsyncEventsDropped'),
    );
    this.alarm(
      'TaskDestinationDeliveryFailures',
      'Failed task invocations could not be delivered to the on-failure queue.',
      sum(props.task, 'DestinationDeliveryFailures'),
    );
    this.alarm(
      'TaskFailureQueueDepth',
      'Task invocations failed after all retries; their events wait in the on-failure queue.',
      props.taskFailures.metricApproximateNumberOfMessagesVisible({
        statistic: cloudwatch.Stats.MAXIMUM,
        period: fiveMinutes,
      }),
    );
    this.alarm('CoordinatorErrors', 'A coordinator run failed.', sum(props.coordinator, 'Errors'));
    this.alarm('ApiErrors', 'A REST API invocation failed.', sum(props.api, 'Errors'));
    this.alarm(
      'Api5xx',
      'The REST API answered 5xx.',
      props.restApi.metricServerError({ statistic: cloudwatch.Stats.SUM, period: fiveMinutes }),
    );
    this.alarm(
      'DlqRecords',
      'Records were written to a dead letter queue topic (errors.tolerance=all).',
      connectorMetric(metricNames.dlqRecords, cloudwatch.Stats.SUM),
      props.dlqRecordsThreshold ?? 1,
    );
    this.alarm(
      'ConsumerLag',
      'A connector has fallen behind its topics for 15 minutes.',
      connectorMetric(metricNames.consumerLag, cloudwatch.Stats.MAXIMUM),
      props.consumerLagThreshold ?? 100_000,
      3,
    );
    if (props.topic) {
      const action = new actions.SnsAction(props.topic);
      for (const alarm of this.alarms) {
        alarm.addAlarmAction(action);
        alarm.addOkAction(action);
      }
    }

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.hours(3),
      widgets: [
        [new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24 })],
        connectorWidgets(props),
        functionWidgets(props),
        [
          new cloudwatch.GraphWidget({
            title: 'Task invocation events',
            width: 12,
            left: ['AsyncEventsReceived', 'AsyncEventsDropped'].map((name) => sum(props.task, name)),
            right: [props.task.metric('AsyncEventAge', { statistic: cloudwatch.Stats.MAXIMUM })],
          }),
          new cloudwatch.GraphWidget({
            title: 'REST API',
            width: 12,
            left: [
              props.restApi.metricCount({ statistic: cloudwatch.Stats.SUM }),
              props.restApi.metricClientError({ statistic: cloudwatch.Stats.SUM }),
              props.restApi.metricServerError({ statistic: cloudwatch.Stats.SUM }),
            ],
            right: [props.restApi.metricLatency({ statistic: cloudwatch.Stats.percentile(99) })],
          }),
        ],
      ],
    });
  }

  private alarm(
    id: string,
    description: string,
    metric: cloudwatch.IMetric,
    threshold = 1,
    periods = 1,
  ): void {
    this.alarms.push(
      new cloudwatch.Alarm(this, id, {
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods: periods,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );
  }
}

function connectorWidgets(props: MonitoringProps): cloudwatch.IWidget[] {
  // One line per connector, found by a metrics search (connectors come and go without a deploy).
  const perConnector = (metricName: string, statistic: string) =>
    new cloudwatch.MathExpression({
      expression:
        `SEARCH('{${props.metricsNamespace},${metricDimensions.connector},${metricDimensions.service}} ` +
        `MetricName="${metricName}" ${metricDimensions.service}="${props.serviceName}"', '${statistic}', 60)`,
      label: '',
      period: Duration.minutes(1),
    });
  return [
    new cloudwatch.GraphWidget({
      title: 'Consumer lag by connector (records)',
      width: 8,
      left: [perConnector(metricNames.consumerLag, 'Maximum')],
    }),
    new cloudwatch.GraphWidget({
      title: 'Records processed / failed by connector',
      width: 8,
      left: [perConnector(metricNames.recordsProcessed, 'Sum')],
      right: [perConnector(metricNames.recordsFailed, 'Sum')],
    }),
    new cloudwatch.GraphWidget({
      title: 'DLQ records by connector',
      width: 8,
      left: [perConnector(metricNames.dlqRecords, 'Sum')],
    }),
  ];
}

function functionWidgets(props: MonitoringProps): cloudwatch.IWidget[] {
  const functions = { api: props.api, coordinator: props.coordinator, task: props.task };
  const each = (make: (fn: lambda.IFunction, label: string) => cloudwatch.IMetric) =>
    Object.entries(functions).map(([label, fn]) => make(fn, label));
  return [
    new cloudwatch.GraphWidget({
      title: 'Invocations',
      width: 6,
      left: each((fn, label) => fn.metricInvocations({ label, statistic: cloudwatch.Stats.SUM })),
    }),
    new cloudwatch.GraphWidget({
      title: 'Errors',
      width: 6,
      left: each((fn, label) => fn.metricErrors({ label, statistic: cloudwatch.Stats.SUM })),
    }),
    new cloudwatch.GraphWidget({
      title: 'Throttles',
      width: 6,
      left: each((fn, label) => fn.metricThrottles({ label, statistic: cloudwatch.Stats.SUM })),
    }),
    new cloudwatch.GraphWidget({
      title: 'Duration p99 (ms)',
      width: 6,
      left: each((fn, label) => fn.metricDuration({ label, statistic: cloudwatch.Stats.percentile(99) })),
    }),
  ];
}
