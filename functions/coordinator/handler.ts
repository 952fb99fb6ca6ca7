// The coordinator function: reconciles every connector (scheduled every minute) or one connector
// (invoked by the API right after a change). A scheduled run then stays on through its minute,
// watching recently active connectors whose tasks are idle for new records (pickup-watch.ts), and
// exits before its timeout. Publishes each connector's lag as a CloudWatch metric through
// Powertools, for the lag alarm and the dashboard.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { metricServices, metricNames as metrics, metricsNamespace } from '../../shared/aws/metrics.ts';
import { Coordinator, type ReconcileResult } from '../../shared/runtime/coordination/coordinator.ts';
import { type WatchSummary, watchForRecords } from '../../shared/runtime/coordination/pickup-watch.ts';
import { followStoredLogLevel, powertoolsLogger, type RuntimeEnvironment } from '../runtime-environment.ts';

/** Scheduled events carry no connector; the API's trigger may name one. */
export interface CoordinatorEvent {
  readonly connector?: unknown;
  /** `serverless-connect.api` when the API triggered the run (EventBridge: `aws.events`). */
  readonly source?: unknown;
}

export interface CoordinatorResponse {
  readonly reconciled: number;
  readonly results: ReconcileResult[];
  /** What the scheduled run's watch for records did. */
  readonly watch?: WatchSummary;
}

export const metricNames = { consumerLag: metrics.consumerLag, activeTasks: metrics.activeTasks } as const;

export interface CoordinatorHandlerSettings {
  /** The schedule's period: connectors whose pickup target is not below it are left to it. */
  readonly scheduleMs: number;
  /** A scheduled run stops watching this long before its timeout. */
  readonly watchMarginMs: number;
}

export const defaultCoordinatorSettings: CoordinatorHandlerSettings = {
  scheduleMs: 60_000,
  watchMarginMs: 3000,
};

export function createCoordinatorHandler(
  build: () => Promise<RuntimeEnvironment>,
  settings: CoordinatorHandlerSettings = defaultCoordinatorSettings,
) {
  const logger = powertoolsLogger('serverless-connect-coordinator');
  const metricsPublisher = new Metrics({
    namespace: metricsNamespace,
    serviceName: metricServices.coordinator,
  });
  let environment: Promise<RuntimeEnvironment> | undefined;

  const handle = async (event: CoordinatorEvent, context: Context): Promise<CoordinatorResponse> => {
    environment ??= build();
    const env = await environment;
    await followStoredLogLevel(env.loggerLevels, logger);
    const admin = env.kafka.admin();
    try {
      const coordinator = new Coordinator({
        configs: env.configs,
        leases: env.leases,
        state: env.state,
        statuses: env.statuses,
        invoker: env.invoker,
        lock: env.lock,
        admin: () => admin,
        logger,
        workerId: context.functionName ?? 'coordinator',
        // Lambda clocks are NTP-synced; a second covers the rest.
        skewMs: 1000,
        // A task invoked this recently is still cold-starting; do not start it twice.
        invokeGraceMs: 30_000,
      });
      const only = typeof event?.connector === 'string' ? event.connector : undefined;
      const results = await coordinator.reconcileAll(only);
      for (const result of results) {
        const single = metricsPublisher.singleMetric();
        single.addDimension('Connector', result.connector);
        single.addMetric(metricNames.consumerLag, MetricUnit.Count, result.lag);
        single.addMetric(metricNames.activeTasks, MetricUnit.Count, result.activeTasks);
      }
      // Only the scheduled run watches: one watcher a minute, however many changes nudged it.
      const watch =
        only === undefined && event?.source !== 'serverless-connect.api'
          ? await watchForRecords(
              {
                configs: env.configs,
                leases: env.leases,
                admin,
                logger,
                reconcile: (name) => coordinator.reconcileAll(name),
                skewMs: 1000,
                scheduleMs: settings.scheduleMs,
              },
              () => context.getRemainingTimeInMillis() > settings.watchMarginMs,
            )
          : undefined;
      return { reconciled: results.length, results, ...(watch ? { watch } : {}) };
    } finally {
      await admin.close().catch(() => {});
    }
  };

  return middy<CoordinatorEvent, CoordinatorResponse>(handle)
    .use(injectLambdaContext(logger.powertools))
    .use(logMetrics(metricsPublisher));
}
