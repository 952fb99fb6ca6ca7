// The engine logs through this port: standalone prints readable lines, Lambda handlers plug in
// Powertools' structured JSON logger. Fields carry context (connector, task, partition).
export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
export type LogLevel = keyof typeof LEVELS;

/** One readable line per event on stderr (stdout stays free for data, e.g. a file sink without a file). */
export function consoleLogger(
  /** A fixed level, or one read at every event (levels changed through /admin/loggers); undefined prints nothing. */
  minimum: LogLevel | (() => LogLevel | undefined) = 'info',
  write: (line: string) => void = (l) => process.stderr.write(l),
): Logger {
  const log = (level: LogLevel) => (message: string, fields?: LogFields) => {
    const least = typeof minimum === 'function' ? minimum() : minimum;
    if (least === undefined || LEVELS[level] < LEVELS[least]) return;
    const context = fields && Object.keys(fields).length > 0 ? ' ' + formatFields(fields) : '';
    write(`${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} ${message}${context}\n`);
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

function formatFields(fields: LogFields): string {
  return Object.entries(fields)
    .map(
      ([k, v]) =>
        `${k}=${typeof v === 'string' ? v : v instanceof Error ? JSON.stringify(v.message) : JSON.stringify(v)}`,
    )
    .join(' ');
}
