// Log levels that can change while the worker runs, as Kafka Connect's /admin/loggers (KIP-495)
// changes them: a level set on a logger applies to it and to every known logger below it
// (`org.example` covers `org.example.foo`), `root` to all; each change records when it was made.
// Our components log through one logger, so the root level is what decides what is printed; levels
// of named loggers are kept and reported as Kafka reports them.

import type { LogLevel } from './logger.ts';
import { RestError } from './management/rest-error.ts';

/** Log4j's levels, which Kafka accepts (in any case). */
const LOG4J_LEVELS = ['OFF', 'FATAL', 'ERROR', 'WARN', 'INFO', 'DEBUG', 'TRACE', 'ALL'] as const;
type Log4jLevel = (typeof LOG4J_LEVELS)[number];

export interface LoggerLevel {
  readonly level: string;
  /** When the level was last set through the API (ms since epoch); null for the startup level. */
  readonly last_modified: number | null;
}

export const ROOT_LOGGER = 'root';

/**
 * What the REST router needs of the levels: the standalone worker's in-memory LoggerLevels, or the
 * API function's StoredLoggerLevels (kept in the state table for the functions' next invocations).
 */
export interface LoggerLevelsApi {
  all(): Record<string, LoggerLevel> | Promise<Record<string, LoggerLevel>>;
  get(name: string): LoggerLevel | Promise<LoggerLevel>;
  set(name: string, level: unknown): string[] | Promise<string[]>;
}

export class LoggerLevels implements LoggerLevelsApi {
  readonly #levels = new Map<string, LoggerLevel>();
  readonly #clock: () => number;

  constructor(
    rootLevel: LogLevel,
    clock: () => number = Date.now,
    /** Levels set before (stored ones); they win over the startup root level. */
    known: Readonly<Record<string, LoggerLevel>> = {},
  ) {
    this.#clock = clock;
    this.#levels.set(ROOT_LOGGER, { level: rootLevel.toUpperCase(), last_modified: null });
    for (const [name, level] of Object.entries(known)) this.#levels.set(name, level);
  }

  /** GET /admin/loggers: every known logger, by name. */
  all(): Record<string, LoggerLevel> {
    return Object.fromEntries([...this.#levels].sort(([a], [b]) => a.localeCompare(b)));
  }

  /** GET /admin/loggers/{name}: 404 in Kafka's words for a logger nobody set. */
  get(name: string): LoggerLevel {
    const level = this.#levels.get(name);
    if (!level) throw new RestError(404, `Logger ${name} not found.`);
    return level;
  }

  /**
   * PUT /admin/loggers/{name}: sets the level of `name` and of the known loggers below it; returns the
   * names whose level changed, sorted (Kafka's answer).
   */
  set(name: string, level: unknown): string[] {
    const wanted = typeof level === 'string' ? level.toUpperCase() : undefined;
    if (wanted === undefined || !LOG4J_LEVELS.includes(wanted as Log4jLevel)) {
      throw new RestError(404, `invalid log level '${String(level)}'.`);
    }
    const now = this.#clock();
    const covered = [...this.#levels.keys()].filter(
      (logger) => name === ROOT_LOGGER || logger === name || logger.startsWith(`${name}.`),
    );
    if (!covered.includes(name)) covered.push(name);
    const changed: string[] = [];
    for (const logger of covered) {
      if (this.#levels.get(logger)?.level === wanted) continue;
      this.#levels.set(logger, { level: wanted, last_modified: now });
      changed.push(logger);
    }
    return changed.sort();
  }

  /** The least severe level our logger prints, from the root level (undefined: nothing, OFF). */
  minimum(): LogLevel | undefined {
    return minimumLevel(this.#levels.get(ROOT_LOGGER)!.level);
  }
}

/** The least severe level our logger prints under a Log4j level (undefined: nothing, OFF). */
export function minimumLevel(level: string): LogLevel | undefined {
  switch (level.toUpperCase() as Log4jLevel) {
    case 'OFF':
      return undefined;
    case 'FATAL':
    case 'ERROR':
      return 'error';
    case 'WARN':
      return 'warn';
    case 'INFO':
      return 'info';
    default:
      return 'debug';
  }
}

/** Where the functions keep the levels set through /admin/loggers (the state table). */
export interface LoggerLevelStore {
  load(): Promise<Record<string, LoggerLevel>>;
  save(levels: Readonly<Record<string, LoggerLevel>>): Promise<void>;
}

/**
 * /admin/loggers for the API function: each request reads the stored levels and a change writes them
 * back, so the coordinator and task functions pick the root level up at their next invocation
 * (loggerLevelAtStart). Two changes racing: the later write wins, as with Kafka's config topic.
 */
export class StoredLoggerLevels implements LoggerLevelsApi {
  readonly #store: LoggerLevelStore;
  readonly #rootLevel: LogLevel;
  readonly #clock: () => number;

  constructor(store: LoggerLevelStore, rootLevel: LogLevel, clock: () => number = Date.now) {
    this.#store = store;
    this.#rootLevel = rootLevel;
    this.#clock = clock;
  }

  async #levels(): Promise<LoggerLevels> {
    return new LoggerLevels(this.#rootLevel, this.#clock, await this.#store.load());
  }

  async all(): Promise<Record<string, LoggerLevel>> {
    return (await this.#levels()).all();
  }

  async get(name: string): Promise<LoggerLevel> {
    return (await this.#levels()).get(name);
  }

  async set(name: string, level: unknown): Promise<string[]> {
    const levels = await this.#levels();
    const changed = levels.set(name, level);
    if (changed.length > 0) await this.#store.save(levels.all());
    return changed;
  }
}

/** The root level stored through /admin/loggers, for a function starting an invocation; none: undefined. */
export async function storedRootLevel(store: LoggerLevelStore): Promise<string | undefined> {
  return (await store.load())[ROOT_LOGGER]?.level;
}
