// How transactions and single writes react to DynamoDB's refusals. DynamoDB Local runs
// transactions one at a time and never reports a conflict, so the conflict paths are driven here
// by a client stand-in that answers with the exceptions the SDK raises for real DynamoDB.
import {
  type DynamoDBClient,
  TransactionCanceledException,
  TransactionConflictException,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { ConnectError } from '../../../shared/api/errors.ts';
import { chunk, forEachLimited, sendWrite, transactWrite } from '../../../shared/aws/dynamodb-requests.ts';

function cancelled(...codes: string[]): TransactionCanceledException {
  return new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({
      Code,
      ...(Code === 'ConditionalCheckFailed' ? { Item: { pk: { S: 'x' } } } : {}),
    })),
  });
}

/** Answers each send with the next scripted outcome; records the tokens it was sent. */
function scripted(outcomes: (Error | 'ok')[]): { client: DynamoDBClient; tokens: (string | undefined)[] } {
  const tokens: (string | undefined)[] = [];
  const client = {
    send: async (command: { input: { ClientRequestToken?: string } }) => {
      tokens.push(command.input.ClientRequestToken);
      const next = outcomes.shift();
      if (next === undefined) throw new Error('unexpected request');
      if (next !== 'ok') throw next;
      return {};
    },
  } as unknown as DynamoDBClient;
  return { client, tokens };
}

const items: TransactWriteItem[] = [{ ConditionCheck: undefined }, { ConditionCheck: undefined }];

describe('transactWrite', () => {
  it('sends again after a conflict-only cancellation, with a fresh idempotency token', async () => {
    const { client, tokens } = scripted([cancelled('TransactionConflict', 'None'), 'ok']);
    expect(await transactWrite(client, items)).toEqual({ ok: true });
    expect(tokens).toHaveLength(2);
    expect(tokens[0]).not.toBe(tokens[1]);
  });

  it('reports failed conditions (even next to a conflict) instead of retrying', async () => {
    const { client, tokens } = scripted([cancelled('ConditionalCheckFailed', 'TransactionConflict')]);
    expect(await transactWrite(client, items)).toEqual({
      ok: false,
      failed: [0],
      items: [{ pk: { S: 'x' } }, undefined],
    });
    expect(tokens).toHaveLength(1);
  });

  it('throws a cancellation it cannot act on, naming the reasons', async () => {
    const { client } = scripted([cancelled('ValidationError', 'None')]);
    const error = await transactWrite(client, items).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectError);
    expect((error as Error).message).toBe('DynamoDB cancelled a transaction: [ValidationError, None]');
  });

  it('gives up on endless conflicts', async () => {
    const { client, tokens } = scripted(Array.from({ length: 20 }, () => cancelled('TransactionConflict')));
    await expect(transactWrite(client, items)).rejects.toThrow('[TransactionConflict]');
    expect(tokens.length).toBeLessThan(20);
  });

  it('refuses more items than one transaction holds', async () => {
    const { client } = scripted([]);
    await expect(
      transactWrite(
        client,
        Array.from({ length: 101 }, () => ({})),
      ),
    ).rejects.toThrow('at most 100');
  });
});

describe('sendWrite', () => {
  it('repeats a write that collided with a transaction, and only that', async () => {
    let calls = 0;
    const conflict = new TransactionConflictException({ message: 'conflict', $metadata: {} });
    expect(
      await sendWrite(async () => {
        calls++;
        if (calls < 3) throw conflict;
        return 'written';
      }),
    ).toBe('written');
    expect(calls).toBe(3);
    const other = new Error('validation');
    await expect(
      sendWrite(async () => {
        throw other;
      }),
    ).rejects.toBe(other);
  });
});

describe('chunk and forEachLimited', () => {
  it('splits into chunks of at most the size, in order', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 3)).toEqual([]);
  });

  it('never runs more than the limit at once and visits every item', async () => {
    let running = 0;
    let peak = 0;
    const seen: number[] = [];
    await forEachLimited([...Array(20).keys()], 3, async (i) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setImmediate(resolve));
      seen.push(i);
      running--;
    });
    expect(peak).toBe(3);
    expect(seen.sort((a, b) => a - b)).toEqual([...Array(20).keys()]);
  });
});
