// The runtime half of the host-node executor (executor.py): what LocalStack's Go init and the
// Node.js runtime interface client do inside a Lambda container, in one plain Node process.
// Protocol (LocalStack's executor endpoint): once the handler is loaded, POST
// <endpoint>/status/<id>/ready (or /error); serve POST /invoke {invoke-id, invoked-function-arn,
// payload, trace-id}; per invocation POST /invocations/<request id>/logs, then /response or /error.
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const env = process.env;
const endpoint = env.LOCALSTACK_RUNTIME_ENDPOINT;
const runtimeId = env.LOCALSTACK_RUNTIME_ID;
const taskRoot = env.LAMBDA_TASK_ROOT ?? process.cwd();
const timeoutMs = Number(env.AWS_LAMBDA_FUNCTION_TIMEOUT ?? 3) * 1000;

async function post(pathname, body) {
  const response = await fetch(`${endpoint}${pathname}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  await response.arrayBuffer();
}

/** Lambda's error shape for a thrown value. */
function errorOf(error) {
  const e = error instanceof Error ? error : new Error(String(error));
  return {
    errorType: e.name,
    errorMessage: e.message,
    stackTrace: String(e.stack ?? '')
      .split('\n')
      .slice(1)
      .map((line) => line.trim()),
  };
}

function runtimeError(name, message) {
  return Object.assign(new Error(message), { name });
}

/** `_HANDLER` is `<file without extension>.<export>`, as in Lambda (`index.handler`). */
async function loadHandler() {
  const spec = env._HANDLER ?? '';
  const dot = spec.lastIndexOf('.');
  if (dot <= 0) throw runtimeError('Runtime.MalformedHandlerName', `Bad handler ${spec}`);
  const moduleName = spec.slice(0, dot);
  const exportName = spec.slice(dot + 1);
  const file = ['.mjs', '.js', '.cjs']
    .map((ext) => path.join(taskRoot, moduleName + ext))
    .find((candidate) => existsSync(candidate));
  if (!file) throw runtimeError('Runtime.ImportModuleError', `Cannot find module '${moduleName}'`);
  const loaded = await import(pathToFileURL(file).href);
  const handler = loaded[exportName] ?? loaded.default?.[exportName];
  if (typeof handler !== 'function') {
    throw runtimeError('Runtime.HandlerNotFound', `${spec} is undefined or not exported`);
  }
  return handler;
}

// What the function writes while an invocation runs is that invocation's log (Lambda's log stream).
let captured;
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream);
  stream.write = (chunk, ...rest) => {
    if (captured) captured.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return write(chunk, ...rest);
  };
}

function call(handler, event, context) {
  // Callback-style handlers (three parameters) answer through the callback.
  if (handler.length >= 3) {
    return new Promise((resolve, reject) => {
      const result = handler(event, context, (error, value) => (error ? reject(error) : resolve(value)));
      if (result && typeof result.then === 'function') result.then(resolve, reject);
    });
  }
  return handler(event, context);
}

async function invoke(handler, invocation) {
  const requestId = invocation['invoke-id'];
  env._X_AMZN_TRACE_ID = invocation['trace-id'] ?? '';
  const deadline = Date.now() + timeoutMs;
  const context = {
    functionName: env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: invocation['invoked-function-arn'],
    memoryLimitInMB: String(env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE),
    awsRequestId: requestId,
    logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  captured = [];
  let outcome;
  try {
    const event = invocation.payload ? JSON.parse(invocation.payload) : {};
    const result = await call(handler, event, context);
    outcome = { path: 'response', body: JSON.stringify(result ?? null) };
  } catch (error) {
    outcome = { path: 'error', body: JSON.stringify(errorOf(error)) };
  }
  const logs = captured.join('');
  captured = undefined;
  await post(`/invocations/${requestId}/logs`, { logs });
  await post(`/invocations/${requestId}/${outcome.path}`, outcome.body);
}

async function main() {
  let handler;
  try {
    handler = await loadHandler();
  } catch (error) {
    await post(`/status/${runtimeId}/error`, errorOf(error));
    process.exit(1);
  }
  const server = createServer((request, response) => {
    if (request.method !== 'POST' || request.url !== '/invoke') {
      response.writeHead(404).end();
      return;
    }
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      response.writeHead(200).end();
      const invocation = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      invoke(handler, invocation).catch((error) => {
        console.error('host-node runtime: could not report the invocation', error);
        process.exit(1);
      });
    });
  });
  server.listen(0, '127.0.0.1', () => {
    post(`/status/${runtimeId}/ready`, { port: server.address().port }).catch((error) => {
      console.error('host-node runtime: could not report ready', error);
      process.exit(1);
    });
  });
}

await main();
