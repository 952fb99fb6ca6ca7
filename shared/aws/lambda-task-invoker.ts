// TaskInvoker for AWS: an asynchronous invocation (InvocationType Event) of the task function.
// Lambda queues the event and retries delivery; failures after retries go to the function's
// on-failure destination (set up by the CDK construct).
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
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

export class LambdaTaskInvoker implements TaskInvoker {
  readonly #lambda: LambdaClient;
  readonly #functionName: string;

  constructor(lambda: LambdaClient, functionName: string) {
    this.#lambda = lambda;
    this.#functionName = functionName;
  }

  async invoke(request: TaskInvocationRequest): Promise<void> {
    const event: TaskEvent = { source: 'serverless-connect.coordinator', ...request };
    await this.#lambda.send(
      new InvokeCommand({
        FunctionName: this.#functionName,
        InvocationType: 'Event',
        Payload: new TextEncoder().encode(JSON.stringify(event)),
      }),
    );
  }
}
