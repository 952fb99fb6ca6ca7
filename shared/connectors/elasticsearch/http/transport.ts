// HTTP to the cluster through undici's connection pools (kept-alive connections, one pool per
// node). Requests go round-robin over connection.url; a node that cannot be reached is set aside
// for a while and the request moves on to the next one (failover), so one dead node costs one
// connection attempt, not a failed batch. Authentication: basic, or SigV4 for AWS.
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Dispatcher, ProxyAgent } from 'undici';
import { ConnectError, RetriableError } from '../../../api/errors.ts';
import { createSigner, type RequestSigner } from '../../../aws/sigv4.ts';
import type { SinkSettings } from '../settings.ts';
import { tlsOptions } from './tls.ts';

const gzipAsync = promisify(gzip);

/** No node could be reached (refused, reset, timed out): worth retrying later. */
export class UnreachableError extends RetriableError {}

/** The server answered with an HTTP error status. */
export class HttpStatusError extends ConnectError {
  readonly status: number;
  readonly body: string;
  constructor(message: string, status: number, body: string) {
    super(message);
    this.status = status;
    this.body = body;
  }
  /** 429 (too many requests) and 5xx pass; other 4xx are the request's own fault. */
  get retriable(): boolean {
    return this.status === 429 || this.status >= 500;
  }
}

export interface HttpResponse {
  readonly status: number;
  readonly text: string;
}

interface Node {
  readonly url: string;
  readonly origin: string;
  readonly basePath: string;
  readonly dispatcher: Dispatcher;
  deadUntil: number;
  failures: number;
}

const DEAD_NODE_MAX_MS = 60_000;

export class ClusterTransport {
  readonly #nodes: Node[];
  readonly #headers: Record<string, string>;
  readonly #signer: RequestSigner | undefined;
  readonly #compression: boolean;
  readonly #proxy: ProxyAgent | undefined;
  #next = 0;

  private constructor(
    nodes: Node[],
    headers: Record<string, string>,
    signer: RequestSigner | undefined,
    compression: boolean,
    proxy: ProxyAgent | undefined,
  ) {
    this.#nodes = nodes;
    this.#headers = headers;
    this.#signer = signer;
    this.#compression = compression;
    this.#proxy = proxy;
  }

  static async create(settings: SinkSettings): Promise<ClusterTransport> {
    // undici is imported here, not with the module: a task function that runs another connector
    // never evaluates it (cold start).
    const { Pool, ProxyAgent } = await import('undici');
    const sslPrefix = settings.flavour === 'elasticsearch' ? 'elastic.https.' : 'connection.';
    const tls = tlsOptions(settings.tls, sslPrefix);
    const timeouts = {
      connectTimeout: settings.connectTimeoutMs || undefined,
      headersTimeout: settings.readTimeoutMs,
      bodyTimeout: settings.readTimeoutMs,
      keepAliveTimeout: settings.idleTimeoutMs > 0 ? settings.idleTimeoutMs : 4000,
    };
    const proxy = settings.proxy
      ? new ProxyAgent({
          uri: `http://${settings.proxy.host}:${settings.proxy.port}`,
          ...(settings.proxy.username && settings.proxy.password
            ? { token: basic(settings.proxy.username, settings.proxy.password) }
            : {}),
          requestTls: tls,
          ...timeouts,
        })
      : undefined;
    const nodes = settings.urls.map((raw): Node => {
      const url = new URL(
        /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `${settings.aws ? 'https' : 'http'}://${raw}`,
      );
      const dispatcher =
        proxy ??
        new Pool(url.origin, {
          // Enough connections for every bulk request in flight plus the odd index check.
          connections: settings.maxInFlight + 2,
          ...timeouts,
          ...(url.protocol === 'https:' ? { connect: tls } : {}),
        });
      return {
        url: raw,
        origin: url.origin,
        basePath: url.pathname.replace(/\/$/, ''),
        dispatcher,
        deadUntil: 0,
        failures: 0,
      };
    });
    const headers: Record<string, string> = { accept: 'application/json' };
    if (settings.username !== null && settings.password !== null && !settings.aws)
      headers.authorization = basic(settings.username, settings.password);
    const signer = settings.aws ? await createSigner(settings.aws) : undefined;
    return new ClusterTransport(nodes, headers, signer, settings.compression, proxy);
  }

  /** Sends one request; throws UnreachableError when no node answered, HttpStatusError on >= 400. */
  async request(
    method: string,
    path: string,
    body?: string | Buffer,
    contentType = 'application/json',
  ): Promise<HttpResponse> {
    let payload = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    const headers: Record<string, string> = { ...this.#headers };
    if (payload !== undefined) {
      headers['content-type'] = contentType;
      if (this.#compression) {
        payload = await gzipAsync(payload);
        headers['content-encoding'] = 'gzip';
      }
    }
    let lastError: unknown;
    for (const node of this.#order()) {
      const url = new URL(node.basePath + path, node.origin);
      const sent = this.#signer ? await this.#signer({ method, url, headers, body: payload }) : headers;
      try {
        const response = await node.dispatcher.request({
          origin: node.origin,
          path: url.pathname + url.search,
          method: method as Dispatcher.HttpMethod,
          headers: sent,
          ...(payload !== undefined ? { body: payload } : {}),
        });
        const text = await response.body.text();
        node.failures = 0;
        node.deadUntil = 0;
        if (response.statusCode >= 400) {
          throw new HttpStatusError(
            `${method} ${path} answered HTTP ${response.statusCode}: ${text.slice(0, 500)}`,
            response.statusCode,
            text,
          );
        }
        return { status: response.statusCode, text };
      } catch (error) {
        if (error instanceof HttpStatusError) throw error;
        lastError = error;
        node.failures++;
        node.deadUntil = Date.now() + Math.min(DEAD_NODE_MAX_MS, 500 * 2 ** Math.min(node.failures, 10));
      }
    }
    const reason = lastError instanceof Error ? describe(lastError) : String(lastError);
    throw new UnreachableError(
      `No node of connection.url [${this.urls()}] answered ${method} ${path}: ${reason}`,
      {
        cause: lastError,
      },
    );
  }

  urls(): string {
    return this.#nodes.map((n) => n.url).join(', ');
  }

  /** Live nodes in round-robin order, then the ones set aside (they may be back). */
  #order(): Node[] {
    const start = this.#next++ % this.#nodes.length;
    const rotated = [...this.#nodes.slice(start), ...this.#nodes.slice(0, start)];
    const now = Date.now();
    const alive = rotated.filter((n) => n.deadUntil <= now);
    const resting = rotated.filter((n) => n.deadUntil > now).sort((a, b) => a.deadUntil - b.deadUntil);
    return [...alive, ...resting];
  }

  async close(): Promise<void> {
    if (this.#proxy) await this.#proxy.close();
    else await Promise.all(this.#nodes.map((n) => n.dispatcher.close()));
  }
}

function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

/** undici wraps socket errors; the code (ECONNREFUSED, UND_ERR_CONNECT_TIMEOUT) is what tells. */
function describe(error: Error): string {
  const cause = error.cause instanceof Error ? error.cause : undefined;
  const code = (error as { code?: string }).code ?? (cause as { code?: string } | undefined)?.code;
  const message =
    cause?.message && cause.message !== error.message ? `${error.message} (${cause.message})` : error.message;
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}
