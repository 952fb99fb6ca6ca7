// Alarms and a dashboard for one serverless-connect deployment: Lambda, SQS and API Gateway
// metrics, plus the connector metrics the functions publish (shared/aws/metrics.ts). Those carry a
// Connector dimension whose values appear at run time, so alarms aggregate them with a Metrics
// Insights query and the dashboard draws one line per connector from a metrics search.
import { Duration } from 'aws-cdk-lib';
import type * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { metricDimensions, metricNames, metricServices, metricsNamespace } from '../../shared/aws/metrics.ts';

export interface AlarmOptions {
  /** Where alarm and OK notifications go. Default: no actions (the alarms still show in the console). */
  readonly topic?: sns.ITopic;
  /** Alarm when the largest connector lag stays at or above this for 15 minutes. Default 100,000 records. */
  readonly consumerLagThreshold?: number;
  /** Alarm when at least this many records fail (all connectors) within one period. Default 1. */
  readonly recordsFailedThreshold?: number;
  /**
   * The period every alarm evaluates (a whole number of minutes, at most 15). Default 5 minutes.
   * A shorter period notices a failure sooner; the local stack uses 1 minute so that its test does
   * not wait for LocalStack's 5-minute evaluation. ConsumerLag still waits 15 minutes in all.
   */
  readonly period?: Duration;
}

export interface MonitoringProps extends AlarmOptions {
  readonly api: lambda.IFunction;
  readonly coordinator: lambda.IFunction;
  readonly task: lambda.IFunction;
  readonly restApi: apigateway.RestApi;
  readonly taskFailures: sqs.IQueue;
}

const fiveMinutes = Duration.minutes(5);
const consumerLagPatience = Duration.minutes(15);
type Service = keyof typeof metricServices;

/** One value over all connectors of a service's metric (CloudWatch Metrics Insights). */
export function acrossConnectors(
  service: Service,
  metricName: string,
  aggregate: 'SUM' | 'MAX',
  label: string,
  period: Duration = fiveMinutes,
) {
  const { connector, service: serviceDimension } = metricDimensions;
  return new cloudwatch.MathExpression({
    expression:
      `SELECT ${aggregate}(${metricName}) FROM SCHEMA("${metricsNamespace}", ${connector}, ${serviceDimension}) ` +
      `WHERE ${serviceDimension} = '${metricServices[service]}'`,
    label,
    period,
  });
}

/** One line per connector (a metrics search: connectors come and go without a deploy). */
export function perConnector(service: Service, metricName: string, statistic: 'Sum' | 'Maximum') {
  const { connector, service: serviceDimension } = metricDimensions;
  return new cloudwatch.MathExpression({
    expression:
      `SEARCH('{${metricsNamespace},${connector},${serviceDimension}} MetricName="${metricName}" ` +
      `${serviceDimension}="${metricServices[service]}"', '${statistic}', 60)`,
    label: '',
    period: Duration.minutes(1),
  });
}

export class Monitoring extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const period = props.period ?? fiveMinutes;
    const sum = (fn: lambda.IFunction, metricName: string) =>
      fn.metric(metricName, { statistic: cloudwatch.Stats.SUM, period });

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
        period,
      }),
    );
    this.alarm('CoordinatorErrors', 'A coordinator run failed.', sum(props.coordinator, 'Errors'));
    this.alarm('ApiErrors', 'A REST API invocation failed.', sum(props.api, 'Errors'));
    this.alarm(
      'Api5xx',
      'The REST API answered 5xx.',
      props.restApi.metricServerError({ statistic: cloudwatch.Stats.SUM, period }),
    );
    this.alarm(
      'TaskFailures',
      'A connector task ended FAILED (see GET /connectors/<name>/status for the trace).',
      acrossConnectors(
        'task',
        metricNames.taskFailures,
        'SUM',
        'Failed task invocations, all connectors',
        period,
      ),
    );
    this.alarm(
      'RecordsFailed',
      'Records failed conversion, transformation or delivery (with errors.tolerance=all they went to the DLQ topic, if any).',
      acrossConnectors('task', metricNames.recordsFailed, 'SUM', 'Failed records, all connectors', period),
      props.recordsFailedThreshold ?? 1,
    );
    this.alarm(
      'ConsumerLag',
      'A connector has fallen behind its topics for 15 minutes.',
      acrossConnectors('coordinator', metricNames.consumerLag, 'MAX', 'Largest connector lag', period),
      props.consumerLagThreshold ?? 100_000,
      Math.max(1, Math.round(consumerLagPatience.toMinutes() / period.toMinutes())),
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
        connectorWidgets(),
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

function connectorWidgets(): cloudwatch.IWidget[] {
  return [
    new cloudwatch.GraphWidget({
      title: 'Consumer lag by connector (records)',
      width: 6,
      left: [perConnector('coordinator', metricNames.consumerLag, 'Maximum')],
    }),
    new cloudwatch.GraphWidget({
      title: 'Active tasks by connector',
      width: 6,
      left: [perConnector('coordinator', metricNames.activeTasks, 'Maximum')],
    }),
    new cloudwatch.GraphWidget({
      title: 'Records processed by connector',
      width: 6,
      left: [perConnector('task', metricNames.recordsProcessed, 'Sum')],
    }),
    new cloudwatch.GraphWidget({
      title: 'Records failed / task failures by connector',
      width: 6,
      left: [perConnector('task', metricNames.recordsFailed, 'Sum')],
      right: [perConnector('task', metricNames.taskFailures, 'Sum')],
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
