// Kafka Connect's REST API as a pure function: a request in, a response out. The Lambda handler
// (API Gateway) and the standalone HTTP server both call it, so both speak exactly the same API.
// Every error, including bad input, leaves as Kafka's {"error_code", "message"} body; bad input is
// always a 4xx, never a 5xx.
import type { ConnectorService } from './connector-service.ts';
import { checkConsumesJson, checkProducesJson, encodePathSegment, pathSegments } from './http-negotiation.ts';
import { openApiDocument } from './openapi.ts';
import { parseConfigMap, parseCreateRequest, parseJson, parseOffsetsBody } from './rest-bodies.ts';
import { badRequest, notFound, RestError } from './rest-error.ts';

export interface RestRequest {
  readonly method: string;
  /** The path, possibly with a query string; segments percent-encoded as sent. */
  readonly path: string;
  /** Query parameters in addition to those in `path` (API Gateway passes them separately). */
  readonly query?: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly headers?: Readonly<Record<string, string | undefined>>;
  readonly body?: string;
}

export interface RestResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  /** JSON text, or '' for responses without a body (204, 202 of pause/resume). */
  readonly body: string;
}

export type RestHandler = (request: RestRequest) => Promise<RestResponse>;

/**
 * Bodies larger than this are refused with 413 before parsing. Connector configs are a few KiB; the
 * limit keeps a stored config (and its task configs) well inside a DynamoDB item (400 KB).
 */
export const MAX_BODY_BYTES = 128 * 1024;

const JSON_HEADERS = { 'content-type': 'application/json' };

export function json(status: number, value: unknown): RestResponse {
  return { status, headers: { ...JSON_HEADERS }, body: JSON.stringify(value) };
}

export function empty(status: number): RestResponse {
  return { status, headers: {}, body: '' };
}

export function errorResponse(status: number, message: string): RestResponse {
  return json(status, { error_code: status, message });
}

type Query = Map<string, string[]>;
type Route = (
  params: string[],
  query: Query,
  body: string | undefined,
  request: RestRequest,
) => Promise<RestResponse>;

interface RouteDefinition {
  readonly method: string;
  /** Segments; '*' matches one path segment, which is passed to the handler decoded. */
  readonly pattern: readonly string[];
  readonly handle: Route;
  /** Kafka's root resource (GET / and /health) has no @Consumes: any Content-Type is accepted there. */
  readonly anyContentType?: boolean;
}

/**
 * 201's Location, as Kafka's (JAX-RS resolves it against the request's base URI): absolute when the
 * request names its host, the path alone otherwise.
 */
function created(request: RestRequest, name: string, value: unknown): RestResponse {
  const path = `/connectors/${encodePathSegment(name)}`;
  const host = request.headers?.host;
  const scheme = request.headers?.['x-forwarded-proto'] ?? 'http';
  const response = json(201, value);
  return {
    ...response,
    headers: { ...response.headers, location: host ? `${scheme}://${host}${path}` : path },
  };
}

/** Every route: method and path pattern (`*` for a path parameter), for the OpenAPI check. */
export function restRoutes(): { method: string; pattern: readonly string[] }[] {
  return routeDefinitions({} as ConnectorService).map(({ method, pattern }) => ({ method, pattern }));
}

function routeDefinitions(service: ConnectorService): RouteDefinition[] {
  const flag = (query: Query, name: string) => query.get(name)?.[0]?.toLowerCase() === 'true';
  const taskId = (value: string) => {
    // Jersey cannot bind a non-integer task id and answers 404 for the path.
    if (!/^-?\d+$/.test(value)) throw notFound('HTTP 404 Not Found');
    return Number(value);
  };
  const loggers = () => {
    if (!service.loggerLevels) throw notFound('HTTP 404 Not Found');
    return service.loggerLevels;
  };
  return [
    {
      method: 'GET',
      pattern: [],
      anyContentType: true,
      handle: async () => json(200, await service.serverInfo()),
    },
    // serverless-connect's addition: this API described in OpenAPI 3.1 (docs/openapi.json).
    { method: 'GET', pattern: ['openapi.json'], handle: async () => json(200, openApiDocument()) },
    // KIP-1017 (Kafka 3.9+). Nothing here has a startup phase: a router that answers is ready.
    {
      method: 'GET',
      pattern: ['health'],
      anyContentType: true,
      handle: async () =>
        json(200, {
          status: 'healthy',
          message: 'Worker has completed startup and is ready to handle requests.',
        }),
    },
    {
      method: 'GET',
      pattern: ['connectors'],
      handle: async (_, query) => {
        const expand = (query.get('expand') ?? []).filter((e): e is 'status' | 'info' =>
          ['status', 'info'].includes(e),
        );
        if (!query.has('expand')) return json(200, await service.listConnectors());
        return json(200, await service.expandedConnectors(expand));
      },
    },
    {
      method: 'POST',
      pattern: ['connectors'],
      handle: async (_, __, body, request) => {
        const info = await service.createConnector(parseCreateRequest(parseJson(body)));
        return created(request, info.name, info);
      },
    },
    {
      method: 'GET',
      pattern: ['connectors', '*'],
      handle: async ([name]) => json(200, await service.connectorInfo(name!)),
    },
    {
      method: 'DELETE',
      pattern: ['connectors', '*'],
      handle: async ([name]) => {
        await service.deleteConnector(name!);
        return empty(204);
      },
    },
    {
      method: 'GET',
      pattern: ['connectors', '*', 'config'],
      handle: async ([name]) => json(200, await service.connectorConfig(name!)),
    },
    {
      method: 'PUT',
      pattern: ['connectors', '*', 'config'],
      handle: async ([name], _, body, request) => {
        const result = await service.putConnectorConfig(name!, parseConfigMap(parseJson(body), 'config'));
        return result.created ? created(request, name!, result.info) : json(200, result.info);
      },
    },
    {
      method: 'PATCH',
      pattern: ['connectors', '*', 'config'],
      handle: async ([name], _, body) =>
        json(200, await service.patchConnectorConfig(name!, parseConfigMap(parseJson(body), 'config', true))),
    },
    {
      method: 'GET',
      pattern: ['connectors', '*', 'status'],
      handle: async ([name]) => json(200, await service.connectorStatus(name!)),
    },
    {
      method: 'GET',
      pattern: ['connectors', '*', 'tasks'],
      handle: async ([name]) => json(200, await service.taskInfos(name!)),
    },
    {
      method: 'GET',
      pattern: ['connectors', '*', 'tasks', '*', 'status'],
      handle: async ([name, task]) => json(200, await service.taskStatus(name!, taskId(task!))),
    },
    {
      method: 'POST',
      pattern: ['connectors', '*', 'restart'],
      handle: async ([name], query) => {
        const { status } = await service.restartConnector(
          name!,
          flag(query, 'includeTasks'),
          flag(query, 'onlyFailed'),
        );
        return status === undefined ? empty(204) : json(202, status);
      },
    },
    {
      method: 'POST',
      pattern: ['connectors', '*', 'tasks', '*', 'restart'],
      handle: async ([name, task]) => {
        await service.restartTask(name!, taskId(task!));
        return empty(204);
      },
    },
    {
      method: 'PUT',
      pattern: ['connectors', '*', 'pause'],
      handle: async ([name]) => {
        await service.pause(name!);
        return empty(202);
      },
    },
    {
      method: 'PUT',
      pattern: ['connectors', '*', 'resume'],
      handle: async ([name]) => {
        await service.resume(name!);
        return empty(202);
      },
    },
    {
      method: 'PUT',
      pattern: ['connectors', '*', 'stop'],
      handle: async ([name]) => {
        await service.stop(name!);
        return empty(204);
      },
    },
    {
      method: 'GET',
      pattern: ['connectors', '*', 'offsets'],
      handle: async ([name]) => json(200, await service.offsets(name!)),
    },
    {
      method: 'PATCH',
      pattern: ['connectors', '*', 'offsets'],
      // The body's list is checked before the connector, its entries after (as in Kafka).
      handle: async ([name], _, body) =>
        json(200, await service.alterOffsets(name!, parseOffsetsBody(parseJson(body)))),
    },
    {
      method: 'DELETE',
      pattern: ['connectors', '*', 'offsets'],
      handle: async ([name]) => json(200, await service.resetOffsets(name!)),
    },
    // serverless-connect's addition (read-only): the lease map, lag per partition, autoscaler history.
    {
      method: 'GET',
      pattern: ['connectors', '*', 'leases'],
      handle: async ([name]) => json(200, await service.leases(name!)),
    },
    {
      method: 'GET',
      pattern: ['connectors', '*', 'topics'],
      handle: async ([name]) => json(200, await service.activeTopics(name!)),
    },
    {
      method: 'PUT',
      pattern: ['connectors', '*', 'topics', 'reset'],
      handle: async ([name]) => {
        await service.resetActiveTopics(name!);
        return empty(202);
      },
    },
    {
      method: 'GET',
      pattern: ['connector-plugins'],
      handle: async (_, query) => {
        const connectorsOnly = query.get('connectorsOnly')?.[0]?.toLowerCase() !== 'false';
        return json(200, service.connectorPlugins(connectorsOnly));
      },
    },
    {
      method: 'GET',
      pattern: ['connector-plugins', '*', 'config'],
      handle: async ([plugin]) => json(200, service.pluginConfig(plugin!)),
    },
    // KIP-495. scope=cluster answers 204 (one worker here, or levels shared by all); otherwise the
    // loggers whose level changed.
    {
      method: 'GET',
      pattern: ['admin', 'loggers'],
      handle: async () => json(200, await loggers().all()),
    },
    {
      method: 'GET',
      pattern: ['admin', 'loggers', '*'],
      handle: async ([logger]) => json(200, await loggers().get(logger!)),
    },
    {
      method: 'PUT',
      pattern: ['admin', 'loggers', '*'],
      handle: async ([logger], query, body) => {
        const request = parseJson(body);
        const level =
          request && typeof request === 'object' ? (request as { level?: unknown }).level : undefined;
        if (level === undefined || level === null)
          throw badRequest("Desired 'level' parameter was not specified in request.");
        const changed = await loggers().set(logger!, level);
        return query.get('scope')?.[0]?.toLowerCase() === 'cluster' ? empty(204) : json(200, changed);
      },
    },
    {
      method: 'PUT',
      pattern: ['connector-plugins', '*', 'config', 'validate'],
      handle: async ([plugin], _, body) =>
        json(200, await service.validate(plugin!, parseConfigMap(parseJson(body), 'config'))),
    },
  ];
}

export function createRestRouter(service: ConnectorService): RestHandler {
  const routes = routeDefinitions(service);
  return async (request) => {
    try {
      const { segments, query } = parseTarget(request);
      if (request.body !== undefined && Buffer.byteLength(request.body) > MAX_BODY_BYTES) {
        return errorResponse(413, `Request body is larger than ${MAX_BODY_BYTES} bytes`);
      }
      const method = request.method.toUpperCase();
      const matching = routes.filter((route) => matches(route.pattern, segments));
      if (matching.length === 0) return errorResponse(404, 'HTTP 404 Not Found');
      const route = matching.find((r) => r.method === method);
      if (!route) return errorResponse(405, 'HTTP 405 Method Not Allowed');
      if (!route.anyContentType) checkConsumesJson(header(request, 'content-type'), request.body);
      checkProducesJson(header(request, 'accept'));
      const params = segments.filter((_, index) => route.pattern[index] === '*');
      return await route.handle(params, query, request.body, request);
    } catch (error) {
      if (error instanceof RestError) return errorResponse(error.status, error.message);
      throw error;
    }
  };
}

function matches(pattern: readonly string[], segments: readonly string[]): boolean {
  return pattern.length === segments.length && pattern.every((p, i) => p === '*' || p === segments[i]);
}

function header(request: RestRequest, name: string): string | undefined {
  const headers = request.headers ?? {};
  if (headers[name] !== undefined) return headers[name];
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

/** Splits the path before decoding (so an encoded '/' is seen, and refused as Jetty does). */
function parseTarget(request: RestRequest): { segments: string[]; query: Query } {
  const [rawPath = '', rawQuery = ''] = splitOnce(request.path, '?');
  const segments = pathSegments(rawPath);
  const query: Query = new Map();
  const add = (key: string, value: string) => {
    if (!query.has(key)) query.set(key, []);
    query.get(key)!.push(value);
  };
  for (const [key, value] of new URLSearchParams(rawQuery)) add(key, value);
  for (const [key, value] of Object.entries(request.query ?? {})) {
    if (value === undefined) continue;
    for (const v of typeof value === 'string' ? [value] : value) add(key, v);
  }
  return { segments, query };
}

function splitOnce(text: string, separator: string): [string, string] {
  const index = text.indexOf(separator);
  return index < 0 ? [text, ''] : [text.slice(0, index), text.slice(index + 1)];
}
