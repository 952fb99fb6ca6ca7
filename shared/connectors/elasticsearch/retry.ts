// The reference connectors' retry schedule (RetryUtil): attempt n waits a random time below
// min(retry.backoff.ms × 2^n, one day) — exponential backoff with full jitter, so many tasks that
// failed together do not come back together.
import { ConnectError } from '../../api/errors.ts';

const MAX_WAIT_MS = 86_400_000;

export function retryWaitMs(
  attempt: number,
  initialBackoffMs: number,
  random: () => number = Math.random,
): number {
  if (initialBackoffMs <= 0) return 0;
  const bound = Math.min(MAX_WAIT_MS, initialBackoffMs * 2 ** Math.min(attempt, 40));
  return Math.floor(random() * bound);
}

export interface RetryOptions {
  readonly maxRetries: number;
  readonly retryBackoffMs: number;
  /** Whether a failure may go away by itself; others end the retries at once. */
  readonly retriable: (error: unknown) => boolean;
  readonly onRetry?: (message: string) => void;
}

/** RetryUtil.callWithRetries: up to maxRetries + 1 attempts, then "Failed to <what> due to ...". */
export async function callWithRetries<T>(
  what: string,
  call: () => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const attempts = options.maxRetries + 1;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (attempt >= attempts || !options.retriable(error)) {
        throw new ConnectError(`Failed to ${what} due to '${message}' after ${attempt} attempt(s)`, {
          cause: error,
        });
      }
      const wait = retryWaitMs(attempt, options.retryBackoffMs);
      options.onRetry?.(
        `Failed to ${what} due to ${message}. Retrying attempt (${attempt}/${attempts}) after backoff of ${wait} ms`,
      );
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
