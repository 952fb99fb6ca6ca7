// CoordinatorTrigger: how the REST API tells the coordinator that desired state changed, so a
// create, pause or restart takes effect within seconds instead of at the next scheduled reconcile.
// Adapters: AWS (asynchronous Lambda invocation, shared/aws/lambda-coordinator-trigger.ts) and
// in-process (a callback, for standalone and tests).

export interface CoordinatorTrigger {
  /**
   * Asks for a reconcile of one connector, or of all when `connector` is omitted. Resolves once the
   * request is handed over, not when reconciling is done; the coordinator must tolerate duplicate
   * and coalesced triggers (it always reads the stores afresh).
   */
  reconcile(connector?: string): Promise<void>;
}

/** Calls `callback` (e.g. the standalone coordinator's reconcile) without waiting for it to finish. */
export class InProcessCoordinatorTrigger implements CoordinatorTrigger {
  readonly #callback: (connector: string | undefined) => void | Promise<void>;
  readonly #onError: (error: unknown) => void;

  constructor(
    callback: (connector: string | undefined) => void | Promise<void>,
    onError: (error: unknown) => void = () => {},
  ) {
    this.#callback = callback;
    this.#onError = onError;
  }

  async reconcile(connector?: string): Promise<void> {
    // Fire and forget, like the Lambda Event invocation: the API's answer must not wait for tasks.
    queueMicrotask(() => {
      Promise.resolve()
        .then(() => this.#callback(connector))
        .catch(this.#onError);
    });
  }
}

/** Does nothing: for tests and read-only tools. */
export const noCoordinatorTrigger: CoordinatorTrigger = { async reconcile() {} };
