import { RetriableError } from '../../api/errors.ts';

/**
 * A store (the leases, configs, statuses behind DynamoDB) could not answer for now: throttled, a
 * 5xx, a network error, or transactions that kept conflicting, after the client's own retries.
 * Nothing was decided by it, so the runtime never fails a task over it (Kafka Connect does not
 * fail a task whose offset commit failed either): the invocation ends without committing and runs
 * again shortly from the last committed offsets, as after a crash.
 */
export class StoreUnavailableError extends RetriableError {}
