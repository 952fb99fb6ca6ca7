// The task function: one invocation runs one task of one connector until its time budget ends,
// nothing is assigned to it any more, or it has been idle for a while; then it releases its
// leases and, if work remains, invokes itself again. A FAILED task is reported in its status (the
// invocation itself succeeds, so Lambda does not retry a task that would fail the same way).
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { isTaskEvent } from '../../shared/aws/lambda-task-invoker.ts';
import { metricServices, metricNames as metrics, metricsNamespace } from '../../shared/aws/metrics.ts';
import { builtinPlugins } from '../../shared/runtime/plugins/builtin-plugins.ts';
import type { PluginRegistry } from '../../shared/runtime/plugins/plugins.ts';
import { runTaskInvocation } from '../../shared/runtime/tasks/task-invocation.ts';
import { followStoredLogLevel, powertoolsLogger, type RuntimeEnvironment } from '../runtime-environment.ts';

export interface TaskResponse {
  readonly status: 'skipped' | 'finished' | 'interrupted' | 'failed';
  readonly detail: string;
  readonly recordsPut?: number;
  readonly recordsFailed?: number;
}

export const metricNames = {
  recordsProcessed: metrics.recordsProcessed,
  recordsFailed: metrics.recordsFailed,
  taskFailures: metrics.taskFailures,
} as const;

export interface TaskHandlerSettings {
  /** How long a lease lasts without renewal; tasks renew at a third of it. */
  readonly leaseTtlMs: number;
  /** Stop this long before the Lambda timeout, so the final flush, commit and release fit. */
  readonly safetyMarginMs: number;
  /** Empty polls in a row (each waits up to fetch.max.wait.ms) before an idle task exits. */
  readonly idlePolls: number;
}

export const defaultTaskSettings: TaskHandlerSettings = {
  leaseTtlMs: 30_000,
  safetyMarginMs: 15_000,
  idlePolls: 20,
};

export function createTaskHandler(
  build: () => Promise<RuntimeEnvironment>,
  settings: TaskHandlerSettings = defaultTaskSettings,
  /** The connectors it can run: the built-in ones, or more where a launcher adds its own (the demo). */
  plugins: PluginRegistry = builtinPlugins(),
) {
  const logger = powertoolsLogger('serverless-connect-task');
  const metricsPublisher = new Metrics({ namespace: metricsNamespace, serviceName: metricServices.task });
  let environment: Promise<RuntimeEnvironment> | undefined;

  const handle = async (event: unknown, context: Context): Promise<TaskResponse> => {
    if (!isTaskEvent(event)) throw new Error(`Not a task event: ${JSON.stringify(event)?.slice(0, 200)}`);
    environment ??= build();
    const env = await environment;
    await followStoredLogLevel(env.loggerLevels, logger);
    const outcome = await runTaskInvocation(event, {
      configs: env.configs,
      leases: env.leases,
      state: env.state,
      statuses: env.statuses,
      invoker: env.invoker,
      registry: plugins,
      worker: env.worker,
      kafka: env.kafka,
      logger,
      resolveConfig: env.resolveConfig,
      workerId: `${context.functionName ?? 'task'}:${context.awsRequestId ?? 'local'}`,
      leaseTtlMs: settings.leaseTtlMs,
      skewMs: 1000,
      remainingMs: () => context.getRemainingTimeInMillis(),
      safetyMarginMs: settings.safetyMarginMs,
      idlePolls: settings.idlePolls,
    });
    const single = metricsPublisher.singleMetric();
    single.addDimension('Connector', event.connector);
    if (outcome.status === 'finished') {
      single.addMetric(metricNames.recordsProcessed, MetricUnit.Count, outcome.summary.recordsPut);
      single.addMetric(metricNames.recordsFailed, MetricUnit.Count, outcome.summary.recordsFailed);
      return {
        status: 'finished',
        detail: outcome.summary.reason,
        recordsPut: outcome.summary.recordsPut,
        recordsFailed: outcome.summary.recordsFailed,
      };
    }
    if (outcome.status === 'failed') {
      single.addMetric(metricNames.taskFailures, MetricUnit.Count, 1);
      return { status: 'failed', detail: outcome.error.message };
    }
    if (outcome.status === 'interrupted') return { status: 'interrupted', detail: outcome.why };
    return { status: 'skipped', detail: outcome.why };
  };

  return middy<unknown, TaskResponse>(handle)
    .use(injectLambdaContext(logger.powertools))
    .use(logMetrics(metricsPublisher));
}
