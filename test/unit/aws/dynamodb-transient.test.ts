// Which DynamoDB failures the runtime waits out (StoreUnavailableError) and which are answers.
import {
  ConditionalCheckFailedException,
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { isTransientDynamoDBError } from '../../../shared/aws/dynamodb-client.ts';

const $metadata = {};

describe('isTransientDynamoDBError', () => {
  it('is true for throttling, 5xx, timeouts and broken connections', () => {
    expect(
      isTransientDynamoDBError(new ProvisionedThroughputExceededException({ message: 'slow', $metadata })),
    ).toBe(true);
    const serverError = Object.assign(new Error('boom'), {
      name: 'SomethingNew',
      $metadata: { httpStatusCode: 503 },
    });
    expect(isTransientDynamoDBError(serverError)).toBe(true);
    expect(isTransientDynamoDBError(Object.assign(new Error('t'), { name: 'TimeoutError' }))).toBe(true);
    expect(isTransientDynamoDBError(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toBe(
      true,
    );
  });

  it('is false for answers and for mistakes that stay mistakes', () => {
    expect(isTransientDynamoDBError(new ConditionalCheckFailedException({ message: 'no', $metadata }))).toBe(
      false,
    );
    expect(isTransientDynamoDBError(new TransactionCanceledException({ message: 'no', $metadata }))).toBe(
      false,
    );
    expect(isTransientDynamoDBError(Object.assign(new Error('dns'), { code: 'ENOTFOUND' }))).toBe(false);
    expect(
      isTransientDynamoDBError(
        Object.assign(new Error('bad'), { name: 'ValidationException', $metadata: { httpStatusCode: 400 } }),
      ),
    ).toBe(false);
    expect(isTransientDynamoDBError('not an error')).toBe(false);
  });
});
