// `serverless-connect console --endpoint https://<api>/prod`: the web console for a deployment behind
// API Gateway, whose IAM authorization wants every request signed with SigV4 — which a browser cannot
// do. Like `kubectl proxy`, this serves the console on 127.0.0.1 and forwards its API calls to the
// endpoint, signed with the caller's own AWS credentials (the SDK's default provider chain: the
// environment, ~/.aws profiles, SSO, instance roles). Only the caller's browser should use it, so it
// answers only requests addressed to the loopback name it listens on (no DNS rebinding), refuses
// requests from other web origins, and forwards only JSON bodies (a cross-site form cannot post one).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AwsSigning, createSigner } from '../aws/sigv4.ts';
import type { Logger } from '../runtime/logger.ts';
import { silentLogger } from '../runtime/logger.ts';
import { consoleResponse, isConsolePath } from '../runtime/management/console/console-assets.ts';
import { errorResponse, MAX_BODY_BYTES, type RestResponse } from '../runtime/management/rest-router.ts';

export interface ConsoleProxyOptions {
  /** The API's invoke URL with its stage, e.g. https://abc123.execute-api.eu-west-1.amazonaws.com/prod */
  readonly endpoint: string;
  /** Default: from the endpoint's host name, else AWS_REGION / AWS_DEFAULT_REGION. */
  readonly region?: string;
  /** 0 picks a free port. Default 8084 (8083 is the standalone worker's). */
  readonly port?: number;
  /** Static keys or a role instead of the default chain (the chain when absent). */
  readonly signing?: Omit<AwsSigning, 'region' | 'service'>;
  readonly logger?: Logger;
}

export interface ConsoleProxy {
  /** e.g. http://127.0.0.1:8084 (the console is at `${url}/ui/`). */
  readonly url: string;
  readonly region: string;
  close(): Promise<void>;
}

/** API Gateway's execute-api host names carry the region: <id>.execute-api.<region>.amazonaws.com */
export function regionOfEndpoint(endpoint: URL): string | undefined {
  return /\.execute-api(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/.exec(endpoint.hostname)?.[1];
}

export async function startConsoleProxy(options: ConsoleProxyOptions): Promise<ConsoleProxy> {
  let endpoint: URL;
  try {
    endpoint = new URL(options.endpoint);
  } catch {
    throw new Error(`--endpoint must be a URL like https://<api-id>.execute-api.<region>.amazonaws.com/prod`);
  }
  if (endpoint.protocol !== 'https:' && endpoint.protocol !== 'http:')
    throw new Error(`--endpoint must be an http(s) URL, got ${endpoint.protocol}`);
  const region =
    options.region ?? regionOfEndpoint(endpoint) ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (!region) throw new Error('Cannot tell the region from the endpoint: give --region (or set AWS_REGION)');
  const logger = options.logger ?? silentLogger;
  const sign = await createSigner({ ...options.signing, region, service: 'execute-api' });
  const base = endpoint.href.replace(/\/+$/, '');

  let allowedHosts = new Set<string>();
  let ownOrigins = new Set<string>();
  const server = createServer((request, response) => {
    handle(request)
      .catch((error: unknown) => {
        logger.error('console proxy request failed', { method: request.method, path: request.url, error });
        return errorResponse(
          502,
          `The API at ${endpoint.host} could not be reached: ${(error as Error).message}`,
        );
      })
      .then((result) => send(response, result));
  });

  async function handle(request: IncomingMessage): Promise<RestResponse> {
    const path = request.url ?? '/';
    if (!allowedHosts.has(request.headers.host ?? '')) {
      request.resume();
      return errorResponse(403, 'Forbidden: this proxy answers only requests to its own loopback address');
    }
    const origin = request.headers.origin;
    if (origin !== undefined && !ownOrigins.has(origin)) {
      request.resume();
      return errorResponse(403, `Forbidden: requests from ${origin} are not forwarded`);
    }
    if (isConsolePath(path)) {
      request.resume();
      return consoleResponse(request.method ?? 'GET', path);
    }
    const body = await readBody(request);
    if (body === undefined) return errorResponse(413, `Request body is larger than ${MAX_BODY_BYTES} bytes`);
    const contentType = request.headers['content-type'] ?? '';
    if (body.length > 0 && !/^application\/json\b/i.test(contentType))
      return errorResponse(415, 'Only JSON request bodies (Content-Type: application/json) are forwarded');
    const target = new URL(base + (path.startsWith('/') ? path : `/${path}`));
    const method = request.method ?? 'GET';
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body.length > 0) headers['content-type'] = 'application/json';
    const signed = await sign({ method, url: target, headers, body: body.length > 0 ? body : undefined });
    // The signer covered `host`; fetch sets it from the URL (the same value).
    const { host: _host, ...forwarded } = signed;
    const answer = await fetch(target, {
      method,
      headers: forwarded,
      ...(body.length > 0 ? { body } : {}),
      redirect: 'manual',
    });
    const text = await answer.text();
    logger.debug('forwarded', { method, path, status: answer.status });
    const type = answer.headers.get('content-type');
    return { status: answer.status, headers: type ? { 'content-type': type } : {}, body: text };
  }

  const listenPort = options.port ?? 8084;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listenPort, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  ownOrigins = new Set([...allowedHosts].map((host) => `http://${host}`));
  const url = `http://127.0.0.1:${port}`;
  logger.info('console proxy listening', { url: `${url}/ui/`, endpoint: base, region });
  return {
    url,
    region,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  }
  return size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks);
}

function send(response: ServerResponse, result: RestResponse): void {
  response.writeHead(result.status, {
    ...result.headers,
    ...(result.body === '' ? {} : { 'content-length': Buffer.byteLength(result.body) }),
  });
  response.end(result.body);
}
