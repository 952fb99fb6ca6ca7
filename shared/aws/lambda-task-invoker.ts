// TaskInvoker for AWS: an asynchronous invocation (InvocationType Event) of the task function.
// Lambda queues the event and retries delivery; failures after retries go to the function's
// on-failure destination (set up by the CDK construct).
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { TaskInvocationRequest, TaskInvoker } from '../runtime/coordination/task-invoker.ts';

/** The event the task function receives. */
export interface TaskEvent extends TaskInvocationRequest {
  readonly source: 'serverless-connect.coordinator';
}

export function isTaskEvent(event: unknown): event is TaskEvent {
  const e = event as Partial<TaskEvent> | null;
  return (
    typeof e === 'object' &&
    e !== null &&
    e.source === 'serverless-connect.coordinator' &&
    typeof e.connector === 'string' &&
    Number.isInteger(e.task)
  );
}

/**
 * Invokes the task function. The client may be given as a factory: the task function only invokes
 * itself at the end of an invocation, so it imports and builds the Lambda client then, not at
 * cold start.
 */
export class LambdaTaskInvoker implements TaskInvoker {
  readonly #lambda: () => Promise<LambdaClient>;
  readonly #functionName: string;
  #client: Promise<LambdaClient> | undefined;

  constructor(lambda: LambdaClient | (() => Promise<LambdaClient>), functionName: string) {
    this.#lambda = typeof lambda === 'function' ? lambda : async () => lambda;
    this.#functionName = functionName;
  }

  async invoke(request: TaskInvocationRequest): Promise<void> {
    const event: TaskEvent = { source: 'serverless-connect.coordinator', ...request };
    this.#client ??= this.#lambda();
    const [lambda, { InvokeCommand }] = await Promise.all([this.#client, import('@aws-sdk/client-lambda')]);
    await lambda.send(
      new InvokeCommand({
        FunctionName: this.#functionName,
        InvocationType: 'Event',
        Payload: new TextEncoder().encode(JSON.stringify(event)),
      }),
    );
  }
}
