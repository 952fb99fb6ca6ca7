// The metrics contract between the functions (which publish with Powertools Metrics, as CloudWatch
// embedded metric format log lines) and the CDK stack (which alarms on them and draws the
// dashboard). A rename here must be made in the handlers too; test/unit/cdk checks the names
// against the handlers' own constants.
//
// Every connector metric carries the dimensions [service, Connector]. Connector names are only
// known at run time, so the alarms aggregate over connectors with CloudWatch Metrics Insights
// queries, and the dashboard draws one line per connector with a metrics search.
export const metricsNamespace = 'ServerlessConnect';

/** The `service` dimension of each function's metrics (Powertools' serviceName). */
export const metricServices = { api: 'api', coordinator: 'coordinator', task: 'task' } as const;

export const metricNames = {
  /** Coordinator, per connector after each reconcile: records between committed offsets and high watermarks. */
  consumerLag: 'ConsumerLag',
  /** Coordinator, per connector: tasks the autoscaler keeps running. */
  activeTasks: 'ActiveTasks',
  /** Task, per invocation: records delivered to the sink (a source task: records written to Kafka). */
  recordsProcessed: 'RecordsProcessed',
  /** Task, per invocation: records that failed conversion, transformation or delivery (tolerated or not). */
  recordsFailed: 'RecordsFailed',
  /** Task: 1 for each invocation that ended with the task FAILED. */
  taskFailures: 'TaskFailures',
} as const;

export const metricDimensions = { service: 'service', connector: 'Connector' } as const;
