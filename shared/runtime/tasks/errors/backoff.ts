// Kafka Connect's retry schedule: 300 ms, doubling, capped by errors.retry.delay.max.ms and by
// what is left of errors.retry.timeout.
export const RETRY_DELAY_MIN_MS = 300;

export function retryDelay(attempt: number, delayMaxMs: number, remainingMs: number): number {
  const exponential = RETRY_DELAY_MIN_MS * 2 ** Math.min(attempt, 30);
  return Math.max(0, Math.min(exponential, delayMaxMs, remainingMs));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
