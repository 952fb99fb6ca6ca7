// One way to build the DynamoDB client, so every function and test talks to DynamoDB alike.
// Region, credentials and endpoint come from the environment the SDK already understands
// (AWS_REGION, AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_DYNAMODB for DynamoDB Local or LocalStack),
// so nothing here needs to know whether it runs in Lambda, a test or on a laptop.
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { StoreUnavailableError } from '../runtime/stores/store-unavailable-error.ts';

/**
 * Attempts per request (the first plus retries) with the SDK's standard retry strategy
 * (exponential backoff with jitter, a token bucket against retry storms). Lease writes are
 * conditional, so retrying a throttled or timed-out request is safe; more attempts than this
 * would spend a task's time budget waiting instead of letting the lease expire and move.
 */
export const defaultMaxAttempts = 5;

/**
 * A request that hangs must not hold a task until the Lambda times out (the SDK's own default
 * socket timeout is minutes): a timed-out request is retried like a throttled one.
 */
export const defaultTimeouts = { connectionTimeoutMs: 2_000, requestTimeoutMs: 10_000 } as const;

export interface DynamoDBClientOptions {
  /** Overrides AWS_MAX_ATTEMPTS; without either, defaultMaxAttempts. */
  readonly maxAttempts?: number;
  readonly connectionTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
  /** Extra SDK settings (tests pass endpoint, region and credentials for DynamoDB Local). */
  readonly config?: DynamoDBClientConfig;
}

export function createDynamoDBClient(
  options: DynamoDBClientOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): DynamoDBClient {
  // Left undefined, the SDK reads AWS_MAX_ATTEMPTS (and the shared config file) itself.
  const maxAttempts =
    options.maxAttempts ?? (env.AWS_MAX_ATTEMPTS === undefined ? defaultMaxAttempts : undefined);
  const client = new DynamoDBClient({
    maxAttempts,
    requestHandler: {
      connectionTimeout: options.connectionTimeoutMs ?? defaultTimeouts.connectionTimeoutMs,
      requestTimeout: options.requestTimeoutMs ?? defaultTimeouts.requestTimeoutMs,
      throwOnRequestTimeout: true,
    },
    ...options.config,
  });
  // Outermost, so it sees what is left once the SDK's retries are spent.
  client.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if (!isTransientDynamoDBError(error)) throw error;
        throw new StoreUnavailableError(`DynamoDB is unavailable for now: ${(error as Error).message}`, {
          cause: error,
        });
      }
    },
    { step: 'initialize', priority: 'high', name: 'storeUnavailable' },
  );
  return client;
}

const transientNames = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);

/** Socket errors that say "not now"; ENOTFOUND is left out: a wrong endpoint stays wrong. */
const transientCodes = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN']);

/**
 * True for a DynamoDB failure that says "not now" rather than "no": throttling, 5xx, timeouts and
 * broken connections. Failed conditions, validation errors and transaction cancellations are
 * answers (the stores act on them) and stay as the SDK threw them.
 */
export function isTransientDynamoDBError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { $retryable, $metadata, code } = error as Error & {
    $retryable?: unknown;
    $metadata?: { httpStatusCode?: number };
    code?: unknown;
  };
  if ($retryable) return true;
  if (($metadata?.httpStatusCode ?? 0) >= 500) return true;
  if (transientNames.has(error.name)) return true;
  return typeof code === 'string' && transientCodes.has(code);
}

/** What a client sent since countRequests was called (live: read it whenever you report). */
export interface RequestCount {
  /** Commands sent (one per `client.send`, whatever the outcome). */
  readonly total: number;
  /** Commands sent, by command name (`TransactWriteItemsCommand`, `QueryCommand`, ...). */
  readonly byCommand: Readonly<Record<string, number>>;
  /** HTTP attempts, including the SDK's retries: what DynamoDB actually received. */
  readonly attempts: number;
  reset(): void;
}

/**
 * Counts the requests a client sends, so benchmarks can report DynamoDB requests per 1,000
 * records. A middleware at the first step of the stack sees every command exactly once; the
 * attempts come from the response metadata the retry middleware fills in.
 */
export function countRequests(client: DynamoDBClient): RequestCount {
  let total = 0;
  let attempts = 0;
  let byCommand: Record<string, number> = {};
  const name = `countRequests-${Math.random().toString(36).slice(2)}`;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? 'unknown';
      total++;
      byCommand[command] = (byCommand[command] ?? 0) + 1;
      try {
        const result = await next(args);
        attempts += attemptsOf(result.output);
        return result;
      } catch (error) {
        attempts += attemptsOf(error);
        throw error;
      }
    },
    { step: 'initialize', name },
  );
  return {
    get total() {
      return total;
    },
    get byCommand() {
      return { ...byCommand };
    },
    get attempts() {
      return attempts;
    },
    reset() {
      total = 0;
      attempts = 0;
      byCommand = {};
    },
  };
}

function attemptsOf(outputOrError: unknown): number {
  const metadata = (outputOrError as { $metadata?: { attempts?: number } } | undefined)?.$metadata;
  return metadata?.attempts ?? 1;
}
