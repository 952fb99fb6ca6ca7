// A small HTTP reverse proxy in front of a real server, for tests that need the server to misbehave
// in a controlled way: answer 429 or 503 for a while, or ask for credentials it does not have.
// Each request either gets the test's own answer or is passed through unchanged; an answer may
// also come after the request was passed through (the server acted, the client hears a failure).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxiedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
  /** 1 for the first request the proxy received. */
  readonly sequence: number;
}

export interface Answer {
  readonly status: number;
  readonly body?: string;
  /** Pass the request through first, then answer this instead of the server's answer. */
  readonly afterForwarding?: boolean;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Undefined: pass the request through to the server. */
export type Decide = (request: ProxiedRequest) => Answer | undefined;

export interface HttpProxy {
  readonly url: string;
  /** What the proxy answered itself, by status. */
  readonly injected: Map<number, number>;
  close(): Promise<void>;
}

export async function startHttpProxy(target: string, decide: Decide): Promise<HttpProxy> {
  const upstream = new URL(target);
  const injected = new Map<number, number>();
  let sequence = 0;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const answer = decide({
        method: request.method ?? 'GET',
        path: request.url ?? '/',
        headers: request.headers,
        body,
        sequence: ++sequence,
      });
      const respond = (answer: Answer) => {
        injected.set(answer.status, (injected.get(answer.status) ?? 0) + 1);
        response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
        response.end(
          answer.body ??
            JSON.stringify({
              error: { type: 'injected', reason: `injected ${answer.status}` },
              status: answer.status,
            }),
        );
      };
      if (answer && !answer.afterForwarding) {
        respond(answer);
        return;
      }
      const forwarded = http.request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: request.method,
          path: request.url,
          headers: { ...request.headers, host: upstream.host },
        },
        (reply) => {
          if (answer) {
            reply.resume();
            reply.on('end', () => respond(answer));
            return;
          }
          response.writeHead(reply.statusCode ?? 502, reply.headers);
          reply.pipe(response);
        },
      );
      forwarded.on('error', () => {
        response.writeHead(502);
        response.end();
      });
      forwarded.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    injected,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
