// A stand-in for the AWS Lambda Invoke API on 127.0.0.1: the SDK's own LambdaClient (pointed here
// with AWS_ENDPOINT_URL_LAMBDA) sends real Invoke requests, and the named function's handler runs in
// this process with a Lambda-like context. Asynchronous invocations (InvocationType Event) answer
// 202 at once and run in the background, as Lambda's queue would.
//
// Where it is still the better tool: tests of the handlers' own logic and of faults injected into
// one invocation (test/integration/functions/), which need the handlers in the test's process, in
// seconds and without a deploy. What the deployed stack does (CloudFormation's wiring, Lambda's
// async retries and destinations, the schedule, API Gateway) is tested on LocalStack instead
// (test/e2e/localstack-stack.test.ts).
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type LambdaHandler = (event: unknown, context: LocalContext) => Promise<unknown>;

export interface LocalContext {
  readonly functionName: string;
  readonly awsRequestId: string;
  readonly invokedFunctionArn: string;
  readonly memoryLimitInMB: string;
  readonly functionVersion: string;
  readonly logGroupName: string;
  readonly logStreamName: string;
  readonly callbackWaitsForEmptyEventLoop: boolean;
  getRemainingTimeInMillis(): number;
  done(): void;
  fail(): void;
  succeed(): void;
}

export interface Invocation {
  readonly functionName: string;
  readonly event: unknown;
  readonly result: Promise<unknown>;
}

export class LocalLambda {
  readonly invocations: Invocation[] = [];
  readonly #functions = new Map<string, { handler: LambdaHandler; timeoutMs: number }>();
  readonly #server: Server;
  #stopped = false;

  constructor() {
    this.#server = createServer((request, response) => {
      const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations/.exec(request.url ?? '');
      const name = match ? decodeURIComponent(match[1]!).split(':').at(-1)! : '';
      const target = this.#functions.get(name);
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        if (!target || this.#stopped) {
          response.writeHead(404, {
            'content-type': 'application/json',
            'x-amzn-errortype': 'ResourceNotFoundException',
          });
          response.end(JSON.stringify({ Type: 'User', message: `Function not found: ${name}` }));
          return;
        }
        const event = body ? JSON.parse(body) : {};
        const result = this.#run(name, target.handler, target.timeoutMs, event);
        this.invocations.push({ functionName: name, event, result });
        if (request.headers['x-amz-invocation-type'] === 'Event') {
          result.catch(() => {});
          response.writeHead(202);
          response.end();
          return;
        }
        result.then(
          (value) => {
            response.writeHead(200, { 'content-type': 'application/json' });
            response.end(JSON.stringify(value ?? null));
          },
          (error: Error) => {
            response.writeHead(200, {
              'content-type': 'application/json',
              'x-amz-function-error': 'Unhandled',
            });
            response.end(JSON.stringify({ errorMessage: error.message, errorType: error.name }));
          },
        );
      });
    });
  }

  register(name: string, handler: LambdaHandler, timeoutMs = 60_000): void {
    this.#functions.set(name, { handler, timeoutMs });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /** Refuses new invocations and waits for the running ones. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await Promise.allSettled(this.invocations.map((i) => i.result));
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #run(name: string, handler: LambdaHandler, timeoutMs: number, event: unknown): Promise<unknown> {
    const deadline = Date.now() + timeoutMs;
    const context: LocalContext = {
      functionName: name,
      awsRequestId: randomUUID(),
      invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`,
      memoryLimitInMB: '1024',
      functionVersion: '$LATEST',
      logGroupName: `/aws/lambda/${name}`,
      logStreamName: 'local',
      callbackWaitsForEmptyEventLoop: false,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      done() {},
      fail() {},
      succeed() {},
    };
    return Promise.resolve().then(() => handler(event, context));
  }
}
