import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { LambdaCoordinatorTrigger } from '../../../shared/aws/lambda-coordinator-trigger.ts';
import { InProcessCoordinatorTrigger } from '../../../shared/runtime/coordination/coordinator-trigger.ts';

describe('coordinator triggers', () => {
  it('invokes the coordinator function asynchronously with the connector name', async () => {
    const sent: InvokeCommand[] = [];
    // A recording stand-in for the Lambda service (no Lambda runs locally); the command is the SDK's own.
    const lambda = {
      send: async (command: InvokeCommand) => void sent.push(command),
    } as unknown as LambdaClient;
    const trigger = new LambdaCoordinatorTrigger(lambda, 'coordinator-fn');
    await trigger.reconcile('orders');
    await trigger.reconcile();
    expect(sent.every((c) => c instanceof InvokeCommand)).toBe(true);
    expect(sent.map((c) => [c.input.FunctionName, c.input.InvocationType])).toEqual([
      ['coordinator-fn', 'Event'],
      ['coordinator-fn', 'Event'],
    ]);
    const payloads = sent.map((c) => JSON.parse(new TextDecoder().decode(c.input.Payload as Uint8Array)));
    expect(payloads).toEqual([
      { source: 'serverless-connect.api', connector: 'orders' },
      { source: 'serverless-connect.api' },
    ]);
  });

  it('calls the in-process callback without waiting for it, and reports its failures', async () => {
    const calls: (string | undefined)[] = [];
    const errors: unknown[] = [];
    let finish: () => void = () => {};
    const done = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const trigger = new InProcessCoordinatorTrigger(
      async (connector) => {
        calls.push(connector);
        throw new Error('reconcile failed');
      },
      (error) => {
        errors.push(error);
        finish();
      },
    );
    await trigger.reconcile('a');
    expect(calls).toEqual([]);
    await done;
    expect(calls).toEqual(['a']);
    expect(String(errors[0])).toContain('reconcile failed');
  });
});
