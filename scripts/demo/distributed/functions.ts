// The stack's three functions on this machine, each in a process of its own (function-host.ts),
// behind one Lambda Invoke endpoint: the functions invoke each other through it (the API nudges the
// coordinator, the coordinator starts tasks, a task continues itself), as they invoke Lambda on AWS.
// The endpoint forwards each invocation to the process hosting the named function.
import { type ChildProcess, fork } from 'node:child_process';
import { openSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type FunctionName, functionNames } from './function-names.ts';

const hostScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'function-host.ts');

export interface LocalFunctions {
  /** The Lambda endpoint (AWS_ENDPOINT_URL_LAMBDA for anything that invokes the functions). */
  readonly endpoint: string;
  /** Invokes a function: `Event` answers at once (as Lambda's queue does), else its result. */
  invoke(name: FunctionName, event: unknown, type?: 'RequestResponse' | 'Event'): Promise<unknown>;
  /** Invocations so far, per function (what Lambda's Invocations metric would count). */
  readonly invocations: Readonly<Record<FunctionName, number>>;
  /** Called when a function's process ends by itself (a crash: its log says why). */
  onExit?: (name: FunctionName, code: number | null) => void;
  stop(): Promise<void>;
}

/**
 * Starts the endpoint, then one process per function with `environment` (plus the endpoint and its
 * own AWS_LAMBDA_FUNCTION_NAME); each process writes its log to `<logDir>/<name>.log`.
 */
export async function startFunctions(
  environment: Record<string, string>,
  logDir: string,
): Promise<LocalFunctions> {
  const routes = new Map<string, string>();
  const invocations: Record<FunctionName, number> = { api: 0, coordinator: 0, task: 0 };
  const router = createServer((request, response) => {
    const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations/.exec(request.url ?? '');
    const name = match ? decodeURIComponent(match[1]!).split(':').at(-1)! : '';
    const target = routes.get(name);
    if (target === undefined) {
      request.resume();
      response.writeHead(404, {
        'content-type': 'application/json',
        'x-amzn-errortype': 'ResourceNotFoundException',
      });
      response.end(JSON.stringify({ Type: 'User', message: `Function not found: ${name}` }));
      return;
    }
    invocations[name as FunctionName]++;
    const forward = httpRequest(
      new URL(request.url!, target),
      { method: request.method, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    forward.on('error', (error) => {
      response.writeHead(502, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ message: `${name} did not answer: ${error.message}` }));
    });
    request.pipe(forward);
  });
  await new Promise<void>((resolve) => router.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(router.address() as AddressInfo).port}`;

  const children = new Map<FunctionName, ChildProcess>();
  let stopping = false;
  const functions: LocalFunctions = {
    endpoint,
    invocations,
    async invoke(name, event, type = 'RequestResponse') {
      const answer = await fetch(`${endpoint}/2015-03-31/functions/${name}/invocations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-amz-invocation-type': type },
        body: JSON.stringify(event),
      });
      const text = await answer.text();
      if (answer.headers.get('x-amz-function-error') || answer.status >= 300)
        throw new Error(`${name} failed (${answer.status}): ${text}`);
      return text === '' ? undefined : JSON.parse(text);
    },
    async stop() {
      stopping = true;
      await Promise.all(
        [...children.values()].map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolve();
              const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
              child.once('exit', () => {
                clearTimeout(kill);
                resolve();
              });
              child.kill('SIGTERM');
            }),
        ),
      );
      await new Promise<void>((resolve) => router.close(() => resolve()));
      router.closeAllConnections();
    },
  };

  try {
    await Promise.all(
      functionNames.map(async (name) => {
        const log = openSync(path.join(logDir, `${name}.log`), 'a');
        const child = fork(hostScript, [name], {
          env: { ...environment, AWS_ENDPOINT_URL_LAMBDA: endpoint, AWS_LAMBDA_FUNCTION_NAME: name },
          stdio: ['ignore', log, log, 'ipc'],
        });
        children.set(name, child);
        child.once('exit', (code) => {
          if (!stopping) functions.onExit?.(name, code);
        });
        const url = await new Promise<string>((resolve, reject) => {
          child.once('message', (message) => resolve((message as { url: string }).url));
          child.once('exit', (code) =>
            reject(new Error(`the ${name} function's process ended (${code}) before it listened`)),
          );
        });
        routes.set(name, url);
      }),
    );
  } catch (error) {
    await functions.stop();
    throw error;
  }
  return functions;
}
