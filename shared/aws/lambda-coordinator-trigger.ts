// CoordinatorTrigger for AWS: invokes the coordinator function asynchronously (InvocationType
// Event), so the API answers at once and the coordinator reconciles within seconds.
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { CoordinatorTrigger } from '../runtime/coordination/coordinator-trigger.ts';

/** The event the coordinator receives from the API; `connector` absent means "reconcile all". */
export interface ReconcileEvent {
  readonly source: 'serverless-connect.api';
  readonly connector?: string;
}

export class LambdaCoordinatorTrigger implements CoordinatorTrigger {
  readonly #lambda: LambdaClient;
  readonly #functionName: string;

  constructor(lambda: LambdaClient, functionName: string) {
    this.#lambda = lambda;
    this.#functionName = functionName;
  }

  async reconcile(connector?: string): Promise<void> {
    const event: ReconcileEvent =
      connector === undefined
        ? { source: 'serverless-connect.api' }
        : { source: 'serverless-connect.api', connector };
    await this.#lambda.send(
      new InvokeCommand({
        FunctionName: this.#functionName,
        InvocationType: 'Event',
        Payload: new TextEncoder().encode(JSON.stringify(event)),
      }),
    );
  }
}
