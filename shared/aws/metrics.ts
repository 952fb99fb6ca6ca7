// The metrics contract between the functions (which publish with Powertools Metrics, as CloudWatch
// embedded metric format log lines) and the CDK stack (which alarms on them and draws the dashboard).
// Keeping the names in one place means a rename breaks the build, not an alarm.
//
// Each metric is published in two dimension sets: [service] (one aggregate series per deployment,
// what the alarms watch, because connector names are not known when the stack is deployed) and
// [service, Connector] (one series per connector, what the dashboard searches). With Powertools:
// `metrics.addDimensions({ [metricDimensions.connector]: name })` adds the second set.
export const metricNames = {
  /** Records between a partition's committed offset and its high watermark (Count, Maximum per task). */
  consumerLag: 'ConsumerLag',
  /** Records a task delivered to the sink (Count). */
  recordsProcessed: 'RecordsProcessed',
  /** Records that failed conversion, transformation or delivery, tolerated or not (Count). */
  recordsFailed: 'RecordsFailed',
  /** Records written to the connector's dead letter queue topic (Count). */
  dlqRecords: 'DlqRecords',
} as const;

export const metricDimensions = {
  /** Powertools' default dimension, set from POWERTOOLS_SERVICE_NAME. */
  service: 'service',
  connector: 'Connector',
} as const;

/** Used when the stack is not given another namespace (POWERTOOLS_METRICS_NAMESPACE). */
export const defaultMetricsNamespace = 'ServerlessConnect';
/** Used when the stack is not given another service name (POWERTOOLS_SERVICE_NAME). */
export const defaultServiceName = 'serverless-connect';
