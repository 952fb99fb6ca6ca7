// Faults DynamoDB produces and DynamoDB Local never does, injected by an HTTP proxy between the
// real AWS SDK client and DynamoDB Local: transactions cancelled by a conflicting transaction,
// single writes refused for the same reason, throttling, and 500s, some of them after DynamoDB
// Local already applied the request (the client cannot tell the difference). The answers are
// DynamoDB's own wire format (awsJson1_0 errors), so the SDK classifies and retries them as it
// would in AWS.
import { type Answer, type HttpProxy, startHttpProxy } from './http-proxy.ts';

const prefix = 'com.amazonaws.dynamodb.v20120810#';

export type DynamoDBFault =
  | 'TransactionConflict'
  | 'TransactionConflictException'
  | 'ProvisionedThroughputExceededException'
  | 'ThrottlingException'
  | 'InternalServerError'
  | 'InternalServerErrorAfterWrite';

export interface FaultRates {
  /** Share of TransactWriteItems cancelled with TransactionConflict reasons. */
  readonly transactionConflict: number;
  /** Share of single-item writes refused with TransactionConflictException. */
  readonly writeConflict: number;
  /** Share of every request throttled (ProvisionedThroughputExceeded or Throttling, alternately). */
  readonly throttling: number;
  /** Share of every request answered 500, half of them after the request was applied. */
  readonly serverError: number;
}

export interface DynamoDBFaultProxy {
  readonly url: string;
  /** Injected faults by kind. */
  readonly injected: Map<DynamoDBFault, number>;
  /** Requests seen, by operation. */
  readonly requests: Map<string, number>;
  /** Stops injecting (requests still pass through). */
  calm(): void;
  close(): Promise<void>;
}

const singleWrites = new Set(['PutItem', 'UpdateItem', 'DeleteItem']);

/** A deterministic generator (mulberry32), so a failing run can be replayed with its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function error(status: number, type: string, message: string, extra: object = {}): Answer {
  return {
    status,
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-errortype': type },
    body: JSON.stringify({ __type: `${prefix}${type}`, message, ...extra }),
  };
}

export async function startDynamoDBFaultProxy(
  target: string,
  rates: FaultRates,
  seed = 13,
): Promise<DynamoDBFaultProxy> {
  const next = random(seed);
  const injected = new Map<DynamoDBFault, number>();
  const requests = new Map<string, number>();
  let calm = false;
  let throttles = 0;
  let transactions = 0;
  const count = (fault: DynamoDBFault) => injected.set(fault, (injected.get(fault) ?? 0) + 1);
  const proxy: HttpProxy = await startHttpProxy(target, (request) => {
    const operation = String(request.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
    requests.set(operation, (requests.get(operation) ?? 0) + 1);
    if (calm) return undefined;
    const roll = next();
    let edge = rates.throttling;
    if (roll < edge) {
      const type = throttles++ % 2 === 0 ? 'ProvisionedThroughputExceededException' : 'ThrottlingException';
      count(type);
      return error(400, type, 'injected: the request rate is too high');
    }
    edge += rates.serverError;
    if (roll < edge) {
      const afterWrite = roll < edge - rates.serverError / 2;
      count(afterWrite ? 'InternalServerErrorAfterWrite' : 'InternalServerError');
      return {
        ...error(500, 'InternalServerError', 'injected: internal server error'),
        afterForwarding: afterWrite,
      };
    }
    if (operation === 'TransactWriteItems') {
      edge += rates.transactionConflict;
      // Besides the random ones, every fourth transaction conflicts: a fast drain makes few
      // commits, and the test requires every fault kind a few times.
      if (roll < edge || transactions++ % 4 === 3) {
        count('TransactionConflict');
        const items =
          (JSON.parse(request.body.toString()) as { TransactItems?: unknown[] }).TransactItems ?? [];
        // Every item gets a reason: the conflicting one TransactionConflict, the others None.
        const conflicting = Math.floor(next() * items.length);
        const reasons = items.map((_, i) =>
          i === conflicting
            ? { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' }
            : { Code: 'None' },
        );
        return error(
          400,
          'TransactionCanceledException',
          `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
          { CancellationReasons: reasons },
        );
      }
    }
    if (singleWrites.has(operation)) {
      edge += rates.writeConflict;
      if (roll < edge) {
        count('TransactionConflictException');
        return error(400, 'TransactionConflictException', 'Transaction is ongoing for the item');
      }
    }
    return undefined;
  });
  return {
    url: proxy.url,
    injected,
    requests,
    calm: () => {
      calm = true;
    },
    close: () => proxy.close(),
  };
}
