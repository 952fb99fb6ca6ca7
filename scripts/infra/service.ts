// What every local server the project runs looks like to `npm run infra:*`, the tests and the
// benchmarks. One module per server implements it; index.ts lists them. Adding a server is a new
// module and one line in the list.

export interface Started {
  name: string;
  /** False when a server was already running and is reused. */
  started: boolean;
}

export interface InfraService {
  /** The name used on the command line: `npm run infra:up -- <name>`. */
  readonly name: string;
  /** Where it listens, for `infra:status` and the `up` summary. */
  endpoint(): string;
  /** Downloads what it needs (jars, archives, packages) once; later calls are free and offline. */
  fetch(log: (line: string) => void): Promise<void>;
  /** True when a server of this kind answers on its port, whoever started it. */
  answers(): Promise<boolean>;
  /** Starts it unless it already answers; idempotent. */
  start(log: (line: string) => void): Promise<Started>;
  /** Stops the server this checkout started (never someone else's); true when one was stopped. */
  stop(): Promise<boolean>;
  /** The pid of the server this checkout started, if it runs. */
  pid(): Promise<number | undefined>;
}
