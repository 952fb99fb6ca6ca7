// A stand-in for the AWS Lambda Invoke API on 127.0.0.1: the SDK's own LambdaClient (pointed here
// with AWS_ENDPOINT_URL_LAMBDA) sends real Invoke requests, and the named function's handler runs
// with a Lambda-like context, either in this process (`register`) or in a fresh process of its own
// per invocation (`registerProcess`).
//
// Asynchronous invocations (InvocationType Event) answer 202 at once and are delivered the way
// Lambda's internal queue delivers them:
// - an invocation that fails (throws, exits, or runs out of time) is retried up to
//   maximumRetryAttempts times (Lambda's default 2), with a delay before each retry, under the
//   same request id;
// - at its timeout an invocation is over: a process is killed (SIGKILL, whatever it was doing, as
//   Lambda ends a sandbox); an in-process handler cannot be killed, so its attempt fails at the
//   deadline and its context reports no time left, but its code runs on: tests that need the work
//   to stop mid-batch use `registerProcess`;
// - an event older than maximumEventAgeMs when its turn comes is not run again;
// - an event that is given up on (retries exhausted or too old) goes to the on-failure
//   destination (`failures`), in the shape of Lambda's destination record.
// Lambda waits about a minute before the first retry and two before the second; the defaults here
// are a second and two, so that tests stay short.
//
// Where it is still the better tool: tests of the handlers' own logic and of faults injected into
// one invocation (test/integration/functions/), which need the handlers on this machine, in
// seconds and without a deploy. What the deployed stack does (CloudFormation's wiring, the real
// Lambda service, the schedule, API Gateway) is tested on LocalStack instead
// (test/e2e/localstack-stack.test.ts).
import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

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

/** One run of a function: an asynchronous event has one per attempt. */
export interface Invocation {
  readonly functionName: string;
  readonly event: unknown;
  /** Settles with the handler's answer; rejects when it threw, exited or timed out. */
  readonly result: Promise<unknown>;
  /** Shared by the attempts of one asynchronous event, as in Lambda. */
  readonly requestId: string;
  /** 1 for the first attempt, 2 and 3 for Lambda's retries. */
  readonly attempt: number;
  readonly invocationType: 'Event' | 'RequestResponse';
}

/** What Lambda sends to the on-failure destination for an event it gave up on. */
export interface FailureRecord {
  readonly version: '1.0';
  readonly timestamp: string;
  readonly requestContext: {
    readonly requestId: string;
    readonly functionArn: string;
    readonly condition: 'RetriesExhausted' | 'EventAgeExceeded';
    readonly approximateInvokeCount: number;
  };
  readonly requestPayload: unknown;
  readonly responseContext: { readonly statusCode: number; readonly functionError?: 'Unhandled' };
  readonly responsePayload?: { readonly errorMessage: string; readonly errorType: string };
}

/** A function's configuration and its asynchronous invocation config. */
export interface FunctionOptions {
  readonly timeoutMs?: number;
  /** Lambda's MaximumRetryAttempts (0 to 2); default 2. */
  readonly maximumRetryAttempts?: number;
  /** Lambda's MaximumEventAgeInSeconds, in ms; default 6 hours. */
  readonly maximumEventAgeMs?: number;
  /** The wait before the first and the second retry; default 1 s and 2 s. */
  readonly retryDelaysMs?: readonly [number, number];
}

/** A handler exported by a module, run in a new process for each invocation. */
export interface ProcessFunction {
  /** Path of the module (absolute, or relative to the project root). */
  readonly module: string;
  /** The export to call; default `handler`. */
  readonly exportName?: string;
  /** On top of this process's environment. */
  readonly env?: Readonly<Record<string, string>>;
}

/** Why an attempt ended without an answer; its `name` is the errorType Lambda reports. */
export class InvocationError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

interface Registered {
  readonly run: (event: unknown, context: LocalContext, deadline: number) => Promise<unknown>;
  readonly timeoutMs: number;
  readonly maximumRetryAttempts: number;
  readonly maximumEventAgeMs: number;
  readonly retryDelaysMs: readonly number[];
}

const projectRoot = path.resolve(import.meta.dirname, '../..');
const processRunner = path.join(import.meta.dirname, 'lambda-process.ts');

export class LocalLambda {
  readonly invocations: Invocation[] = [];
  /** The on-failure destination: every asynchronous event Lambda would have given up on. */
  readonly failures: FailureRecord[] = [];
  readonly #functions = new Map<string, Registered>();
  readonly #server: Server;
  /** Asynchronous events still being delivered (attempts, or waits before a retry). */
  readonly #deliveries = new Set<Promise<void>>();
  /** In-process handlers still running, including those whose attempt timed out. */
  readonly #running = new Set<Promise<unknown>>();
  readonly #children = new Set<ChildProcess>();
  readonly #wakeUps = new Set<() => void>();
  #stopped = false;

  constructor() {
    this.#server = createServer((request, response) => {
      const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations/.exec(request.url ?? '');
      const name = match ? decodeURIComponent(match[1]!).split(':').at(-1)! : '';
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        if (!this.#functions.has(name) || this.#stopped) {
          response.writeHead(404, {
            'content-type': 'application/json',
            'x-amzn-errortype': 'ResourceNotFoundException',
          });
          response.end(JSON.stringify({ Type: 'User', message: `Function not found: ${name}` }));
          return;
        }
        const event = body ? JSON.parse(body) : {};
        const requestId = randomUUID();
        if (request.headers['x-amz-invocation-type'] === 'Event') {
          const delivery = this.#deliver(name, event, requestId, Date.now());
          this.#deliveries.add(delivery);
          void delivery.finally(() => this.#deliveries.delete(delivery));
          response.writeHead(202, { 'x-amzn-requestid': requestId });
          response.end();
          return;
        }
        this.#attempt(name, event, requestId, 1, 'RequestResponse').then(
          (value) => {
            response.writeHead(200, { 'content-type': 'application/json', 'x-amzn-requestid': requestId });
            response.end(JSON.stringify(value ?? null));
          },
          (error: Error) => {
            response.writeHead(200, {
              'content-type': 'application/json',
              'x-amzn-requestid': requestId,
              'x-amz-function-error': 'Unhandled',
            });
            response.end(JSON.stringify({ errorMessage: error.message, errorType: error.name }));
          },
        );
      });
    });
  }

  /** A handler run in this process. A number as third argument is the timeout (ms). */
  register(name: string, handler: LambdaHandler, options: number | FunctionOptions = {}): void {
    this.#functions.set(
      name,
      registered(
        (event, context) => handler(event, context),
        options,
        (running) => {
          this.#running.add(running);
          void running.then(
            () => this.#running.delete(running),
            () => this.#running.delete(running),
          );
        },
      ),
    );
  }

  /**
   * A handler run in a fresh process for every invocation, killed at its timeout: the tool for
   * tests where the function must stop dead in the middle of its work.
   */
  registerProcess(name: string, fn: ProcessFunction, options: number | FunctionOptions = {}): void {
    this.#functions.set(
      name,
      registered(
        (event, context, deadline, timeoutMs) => this.#runInProcess(fn, event, context, deadline, timeoutMs),
        options,
      ),
    );
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /** Refuses new invocations and retries, and waits for the running ones. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const wake of this.#wakeUps) wake();
    await Promise.allSettled([...this.#deliveries]);
    await Promise.allSettled(this.invocations.map((i) => i.result));
    await Promise.allSettled([...this.#running]);
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** Lambda's queue for one asynchronous event: attempts, retries after a delay, then destinations. */
  async #deliver(name: string, event: unknown, requestId: string, receivedAt: number): Promise<void> {
    let lastError: Error | undefined;
    for (let attempt = 1; !this.#stopped; attempt++) {
      const fn = this.#functions.get(name)!;
      if (attempt > 1 && Date.now() - receivedAt > fn.maximumEventAgeMs) {
        this.#giveUp(name, event, requestId, 'EventAgeExceeded', attempt - 1, lastError);
        return;
      }
      try {
        await this.#attempt(name, event, requestId, attempt, 'Event');
        return;
      } catch (error) {
        lastError = error as Error;
      }
      if (attempt > fn.maximumRetryAttempts) {
        this.#giveUp(name, event, requestId, 'RetriesExhausted', attempt, lastError);
        return;
      }
      await this.#sleep(fn.retryDelaysMs[attempt - 1] ?? fn.retryDelaysMs.at(-1) ?? 0);
    }
  }

  #attempt(
    name: string,
    event: unknown,
    requestId: string,
    attempt: number,
    invocationType: Invocation['invocationType'],
  ): Promise<unknown> {
    const fn = this.#functions.get(name)!;
    const deadline = Date.now() + fn.timeoutMs;
    const context: LocalContext = {
      functionName: name,
      awsRequestId: requestId,
      invokedFunctionArn: functionArn(name),
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
    const result = fn.run(event, context, deadline);
    // Awaited by whoever reads it; unobserved failures are what the retries are for.
    result.catch(() => {});
    this.invocations.push({ functionName: name, event, result, requestId, attempt, invocationType });
    return result;
  }

  #giveUp(
    name: string,
    event: unknown,
    requestId: string,
    condition: FailureRecord['requestContext']['condition'],
    invokeCount: number,
    error: Error | undefined,
  ): void {
    this.failures.push({
      version: '1.0',
      timestamp: new Date().toISOString(),
      requestContext: {
        requestId,
        functionArn: `${functionArn(name)}:$LATEST`,
        condition,
        approximateInvokeCount: invokeCount,
      },
      requestPayload: event,
      responseContext: { statusCode: 200, ...(error ? { functionError: 'Unhandled' as const } : {}) },
      ...(error ? { responsePayload: { errorMessage: error.message, errorType: error.name } } : {}),
    });
  }

  /** One invocation in a child process: the event goes in over IPC, the answer comes back. */
  #runInProcess(
    fn: ProcessFunction,
    event: unknown,
    context: LocalContext,
    deadline: number,
    timeoutMs: number,
  ): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const child = fork(processRunner, [], {
        cwd: projectRoot,
        execPath: process.execPath,
        env: { ...process.env, ...fn.env },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      this.#children.add(child);
      let answer: { ok: true; value: unknown } | { ok: false; name: string; message: string } | undefined;
      let timedOut = false;
      const timer = setTimeout(
        () => {
          timedOut = true;
          child.kill('SIGKILL');
        },
        Math.max(0, deadline - Date.now()),
      );
      child.on('message', (message) => {
        answer = message as typeof answer;
      });
      // 'close' comes after the IPC channel delivered the answer.
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        this.#children.delete(child);
        if (timedOut) reject(timeoutError(context, timeoutMs));
        else if (answer?.ok) resolve(answer.value);
        else if (answer) reject(new InvocationError(answer.name, answer.message));
        else
          reject(
            new InvocationError(
              'Runtime.ExitError',
              `RequestId: ${context.awsRequestId} Error: Runtime exited with ${signal ? `signal: ${signal}` : `error: exit status ${code}`}`,
            ),
          );
      });
      child.send({
        module: path.resolve(projectRoot, fn.module),
        exportName: fn.exportName ?? 'handler',
        event,
        context: { ...context, deadline },
      });
    });
  }

  /** Waits, or less when the stand-in stops. */
  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.#wakeUps.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.#wakeUps.add(wake);
    });
  }
}

function functionArn(name: string): string {
  return `arn:aws:lambda:us-east-1:000000000000:function:${name}`;
}

function timeoutError(context: LocalContext, timeoutMs: number): InvocationError {
  return new InvocationError(
    'Sandbox.Timedout',
    `RequestId: ${context.awsRequestId} Error: Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`,
  );
}

function registered(
  run: (event: unknown, context: LocalContext, deadline: number, timeoutMs: number) => Promise<unknown>,
  options: number | FunctionOptions,
  track?: (running: Promise<unknown>) => void,
): Registered {
  const o: FunctionOptions = typeof options === 'number' ? { timeoutMs: options } : options;
  const timeoutMs = o.timeoutMs ?? 60_000;
  const maximumRetryAttempts = o.maximumRetryAttempts ?? 2;
  if (!Number.isInteger(maximumRetryAttempts) || maximumRetryAttempts < 0 || maximumRetryAttempts > 2)
    throw new Error('maximumRetryAttempts must be 0, 1 or 2, as in Lambda');
  return {
    timeoutMs,
    maximumRetryAttempts,
    maximumEventAgeMs: o.maximumEventAgeMs ?? 6 * 3600_000,
    retryDelaysMs: o.retryDelaysMs ?? [1000, 2000],
    run: (event, context, deadline) => {
      if (!track) return run(event, context, deadline, timeoutMs);
      // In this process: the handler cannot be stopped, only its attempt ended at the deadline.
      const running = Promise.resolve().then(() => run(event, context, deadline, timeoutMs));
      track(running);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(timeoutError(context, timeoutMs)),
          Math.max(0, deadline - Date.now()),
        );
      });
      return Promise.race([running, timeout]).finally(() => clearTimeout(timer));
    },
  };
}
