// One Lambda invocation in a process of its own (started by LocalLambda.registerProcess): receives
// the module, the event and the context over IPC, runs the handler, sends its answer back and
// exits. A fresh process per invocation is a cold start each time; the parent kills it with
// SIGKILL at the function's timeout, as Lambda ends a sandbox that ran out of time.
import { pathToFileURL } from 'node:url';

interface Request {
  readonly module: string;
  readonly exportName: string;
  readonly event: unknown;
  readonly context: Record<string, unknown> & { readonly deadline: number };
}

process.once('message', async (message: Request) => {
  const { deadline, ...fields } = message.context;
  const context = {
    ...fields,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done() {},
    fail() {},
    succeed() {},
  };
  try {
    const loaded = (await import(pathToFileURL(message.module).href)) as Record<string, unknown>;
    const handler = loaded[message.exportName] as (event: unknown, context: unknown) => Promise<unknown>;
    const value = await handler(message.event, context);
    process.send!({ ok: true, value: value ?? null }, () => process.exit(0));
  } catch (error) {
    const e = error as Error;
    process.send!({ ok: false, name: e.name ?? 'Error', message: e.message ?? String(e) }, () =>
      process.exit(1),
    );
  }
});
