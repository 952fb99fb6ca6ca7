// The coordinator function: reconciles every connector (scheduled every minute) or one connector
// (invoked by the API right after a change), then exits. Publishes each connector's lag as a
// CloudWatch metric through Powertools, for the lag alarm and the dashboard.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { metricServices, metricNames as metrics, metricsNamespace } from '../../shared/aws/metrics.ts';
import { Coordinator, type ReconcileResult } from '../../shared/runtime/coordination/coordinator.ts';
import { powertoolsLogger, type RuntimeEnvironment } from '../runtime-environment.ts';

/** Scheduled events carry no connector; the API's trigger may name one. */
export interface CoordinatorEvent {
  readonly connector?: unknown;
}

export interface CoordinatorResponse {
  readonly reconciled: number;
  readonly results: ReconcileResult[];
}

export const metricNames = { consumerLag: metrics.consumerLag, activeTasks: metrics.activeTasks } as const;

export function createCoordinatorHandler(build: () => Promise<RuntimeEnvironment>) {
  const logger = powertoolsLogger('serverless-connect-coordinator');
  const metricsPublisher = new Metrics({
    namespace: metricsNamespace,
    serviceName: metricServices.coordinator,
  });
  let environment: Promise<RuntimeEnvironment> | undefined;

  const handle = async (event: CoordinatorEvent, context: Context): Promise<CoordinatorResponse> => {
    environment ??= build();
    const env = await environment;
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
      return { reconciled: results.length, results };
    } finally {
      await admin.close().catch(() => {});
    }
  };

  return middy<CoordinatorEvent, CoordinatorResponse>(handle)
    .use(injectLambdaContext(logger.powertools))
    .use(logMetrics(metricsPublisher));
}
