// The REST API Lambda as a middy handler: Powertools logger (request context in every line) and
// metrics (one count per response class) around a call to the shared router.
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { metricServices, metricsNamespace } from '../../shared/aws/metrics.ts';
import type { ConnectorService } from '../../shared/runtime/management/connector-service.ts';
import { consoleResponse, isConsolePath } from '../../shared/runtime/management/console/console-assets.ts';
import {
  createRestRouter,
  errorResponse,
  type RestHandler,
} from '../../shared/runtime/management/rest-router.ts';
import { restRequestFromEvent, resultFromRestResponse } from './api-gateway.ts';

export interface ApiHandlerOptions {
  /** Built on the first invocation, so a cold start without configuration fails loudly, once. */
  readonly service: () => ConnectorService;
  readonly logger?: Logger;
  readonly metrics?: Metrics;
}

export function createApiHandler(options: ApiHandlerOptions) {
  const logger = options.logger ?? new Logger({ serviceName: 'serverless-connect-api' });
  const metrics =
    options.metrics ?? new Metrics({ namespace: metricsNamespace, serviceName: metricServices.api });
  let router: RestHandler | undefined;

  const handle = async (event: APIGatewayProxyEvent, _context: Context): Promise<APIGatewayProxyResult> => {
    router ??= createRestRouter(options.service());
    const request = restRequestFromEvent(event);
    let response: Awaited<ReturnType<RestHandler>>;
    try {
      // The web console's static files (no data in them); its API calls come back through the router.
      response = isConsolePath(request.path)
        ? consoleResponse(request.method, request.path)
        : await router(request);
    } catch (error) {
      // Only our own failures get here (bad input is a 4xx from the router). Bodies are not logged:
      // they may hold configs.
      logger.error('REST request failed', { method: request.method, path: request.path, error });
      response = errorResponse(500, error instanceof Error ? error.message : String(error));
    }
    metrics.addMetric(`Responses${Math.floor(response.status / 100)}xx`, MetricUnit.Count, 1);
    logger.info('REST request', { method: request.method, path: request.path, status: response.status });
    return resultFromRestResponse(response);
  };

  return middy<APIGatewayProxyEvent, APIGatewayProxyResult>(handle)
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics));
}
