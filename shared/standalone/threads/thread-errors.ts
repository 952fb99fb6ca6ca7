// Errors crossing between the main thread and a task thread. Structured cloning keeps only a plain
// Error, but the task loop tells errors apart by class (a LeaseLostError from a commit means "fenced,
// hand the partition over", not "fail the task"), so the class is carried by name and rebuilt.
import { ConfigError, ConnectError, DataError, RetriableError } from '../../api/errors.ts';
import { LeaseLostError } from '../../leases/lease.ts';
import { LeasesHeldError } from '../../leases/lease-rules.ts';
import {
  ConnectorExistsError,
  ConnectorNotFoundError,
  VersionConflictError,
} from '../../runtime/stores/config-store.ts';
import { StoreUnavailableError } from '../../runtime/stores/store-unavailable-error.ts';

/** An error as plain data. */
export interface SentError {
  readonly className: string;
  readonly name: string;
  readonly message: string;
  readonly stack: string | undefined;
  /** The error's own fields (partitions, key, connector, javaClassName), where they clone. */
  readonly fields: Record<string, unknown>;
  readonly cause?: SentError;
}

/** The classes the stores throw and the task loop looks for; anything else arrives as a plain Error. */
const KNOWN: Record<string, { prototype: Error }> = {
  LeaseLostError,
  LeasesHeldError,
  ConnectError,
  DataError,
  RetriableError,
  ConfigError,
  ConnectorExistsError,
  ConnectorNotFoundError,
  VersionConflictError,
  StoreUnavailableError,
};

export function sendError(error: unknown, depth = 0): SentError {
  if (!(error instanceof Error)) {
    return { className: 'Error', name: 'Error', message: String(error), stack: undefined, fields: {} };
  }
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    if (key === 'cause' || typeof value === 'function') continue;
    try {
      fields[key] = structuredClone(value);
    } catch {
      // A field that does not clone is left behind; the message and class still arrive.
    }
  }
  return {
    className: error.constructor.name,
    name: error.name,
    message: error.message,
    stack: error.stack,
    fields,
    ...(error.cause !== undefined && depth < 5 ? { cause: sendError(error.cause, depth + 1) } : {}),
  };
}

export function receiveError(sent: SentError): Error {
  const known = KNOWN[sent.className];
  // Built without its constructor (whose arguments we no longer have), then given its fields.
  const error: Error = known ? Object.create(known.prototype) : new Error(sent.message);
  Object.defineProperty(error, 'message', { value: sent.message, writable: true, configurable: true });
  Object.defineProperty(error, 'stack', { value: sent.stack, writable: true, configurable: true });
  Object.assign(error, sent.fields, { name: sent.name });
  if (sent.cause)
    Object.defineProperty(error, 'cause', {
      value: receiveError(sent.cause),
      writable: true,
      configurable: true,
    });
  return error;
}
