// The standalone worker's REST API: node:http in front of the same router the Lambda handler uses.
// Optional bearer token: every API request must carry `Authorization: Bearer <token>`, or gets 401 in
// Kafka's error shape (Kafka itself delegates authentication to a REST extension; a token is the
// simplest safe default for a laptop). The web console's static files under /ui/ are the exception:
// they hold no data, and the API calls they make carry the token like any other client's.
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../runtime/logger.ts';
import { silentLogger } from '../runtime/logger.ts';
import type { ConnectorService } from '../runtime/management/connector-service.ts';
import { consoleResponse, isConsolePath } from '../runtime/management/console/console-assets.ts';
import {
  createRestRouter,
  errorResponse,
  MAX_BODY_BYTES,
  type RestHandler,
  type RestResponse,
} from '../runtime/management/rest-router.ts';

export interface RestServerOptions {
  /** The service to expose (a router is built for it), or a ready router. */
  readonly service?: ConnectorService;
  readonly router?: RestHandler;
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port?: number;
  readonly token?: string;
  readonly logger?: Logger;
}

export interface RestServer {
  /** e.g. http://127.0.0.1:8083 */
  readonly url: string;
  close(): Promise<void>;
}

export async function startRestServer(options: RestServerOptions): Promise<RestServer> {
  const router = options.router ?? (options.service ? createRestRouter(options.service) : undefined);
  if (!router) throw new Error('startRestServer needs a service or a router');
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger ?? silentLogger;

  const server = createServer((request, response) => {
    handle(request, router, options.token)
      .catch((error: unknown) => {
        // Only our own failures get here (bad input is answered by the router): log without the body.
        logger.error('REST request failed', { method: request.method, path: request.url, error });
        return errorResponse(500, error instanceof Error ? error.message : String(error));
      })
      .then((result) => send(response, result));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8083, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  logger.info('REST API listening', { url });
  return {
    url,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function handle(
  request: IncomingMessage,
  router: RestHandler,
  token: string | undefined,
): Promise<RestResponse> {
  // The console's static files hold no data; the API calls they make carry the token like any other.
  if (isConsolePath(request.url ?? '/')) {
    request.resume();
    return consoleResponse(request.method ?? 'GET', request.url ?? '/');
  }
  if (token !== undefined && !authorized(request.headers.authorization, token)) {
    request.resume();
    return errorResponse(401, 'Unauthorized: a valid bearer token is required');
  }
  const body = await readBody(request);
  if (body === undefined) return errorResponse(413, `Request body is larger than ${MAX_BODY_BYTES} bytes`);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (typeof value === 'string') headers[name] = value;
  }
  return router({ method: request.method ?? 'GET', path: request.url ?? '/', headers, body });
}

function authorized(header: string | undefined, token: string): boolean {
  const expected = Buffer.from(`Bearer ${token}`);
  const given = Buffer.from(header ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The body as text, or undefined when it exceeds the limit (the rest is drained, not buffered). */
async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) tooLarge = true;
    if (!tooLarge) chunks.push(chunk);
  }
  return tooLarge ? undefined : Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, result: RestResponse): void {
  response.writeHead(result.status, {
    ...result.headers,
    ...(result.body === '' ? {} : { 'content-length': Buffer.byteLength(result.body) }),
  });
  response.end(result.body);
}
