// One function of the stack in a process of its own, as Lambda would run it: the real handler
// (functions/<name>) behind the local stand-in for the Lambda Invoke API, with the timeout the
// stack gives it. The launcher (functions.ts) forks one host per function and routes invocations
// to it by function name; the host tells the launcher its URL once it listens.
//
// The demo's counting sink is added to the built-in connectors of the API (which validates it) and
// the task function (which runs it), as a plugin jar would be on a Kafka Connect worker.
//
// Usage (forked, with an IPC channel): node function-host.ts api|coordinator|task
import { setTimeout as sleep } from 'node:timers/promises';
import { createApiHandler } from '../../../functions/api/handler.ts';
import { serviceFromEnvironment } from '../../../functions/api/index.ts';
import { handler as coordinatorHandler } from '../../../functions/coordinator/index.ts';
import { runtimeFromEnvironment } from '../../../functions/runtime-environment.ts';
import { createTaskHandler, defaultTaskSettings } from '../../../functions/task/handler.ts';
import { builtinPlugins } from '../../../shared/runtime/plugins/builtin-plugins.ts';
import { PluginRegistry } from '../../../shared/runtime/plugins/plugins.ts';
import { type LambdaHandler, LocalLambda } from '../../../test/support/local-lambda.ts';
import { countingSinkPlugin } from '../counting-sink.ts';
import { type FunctionName, functionNames } from './function-names.ts';

/** The stack's timeouts (cdk/lib/serverless-connect.ts): a task invocation ends at its budget. */
const timeoutsMs: Record<FunctionName, number> = { api: 29_000, coordinator: 60_000, task: 300_000 };

function handlerOf(name: FunctionName): LambdaHandler {
  const plugins = new PluginRegistry([...builtinPlugins().all(), countingSinkPlugin]);
  const handler =
    name === 'api'
      ? createApiHandler({ service: () => serviceFromEnvironment(process.env, { plugins }) })
      : name === 'coordinator'
        ? coordinatorHandler
        : createTaskHandler(() => runtimeFromEnvironment(), defaultTaskSettings, plugins);
  // The stand-in's context has every field the handlers read.
  return handler as unknown as LambdaHandler;
}

const name = process.argv[2] as FunctionName;
if (!functionNames.includes(name)) throw new Error(`function-host: unknown function "${process.argv[2]}"`);
const lambda = new LocalLambda();
lambda.register(name, handlerOf(name), timeoutsMs[name]);
const url = await lambda.start();
process.send?.({ url });

// Ends when the launcher says so (or goes away): running invocations get a few seconds to finish
// (the demo deletes its connector first, so tasks are releasing their leases by then).
let ending = false;
const end = async () => {
  if (ending) return;
  ending = true;
  await Promise.race([lambda.stop(), sleep(10_000)]);
  process.exit(0);
};
process.on('SIGTERM', end);
process.on('disconnect', end);
