// Connections to the captured database: plain sessions for the catalog and the snapshot, and a
// replication session (the walsender) for the slot. Every session reads values as text with the
// server's standard output styles (ISO dates, UTC, hex bytea), so snapshot rows and pgoutput
// tuples have the same text forms and go through the same converters.
import { readFileSync } from 'node:fs';
import type pg from 'pg';
import type { PostgresCdcConfig } from './config.ts';

/** Session settings pinned so text forms do not depend on the server's or role's configuration. */
const SESSION_OPTIONS = '-c DateStyle=ISO -c IntervalStyle=postgres -c TimeZone=UTC -c bytea_output=hex';

/** Every value stays in its text form; the connector's own converters read it. */
const TEXT_TYPES = { getTypeParser: () => (value: string) => value } as unknown as pg.CustomTypesConfig;

export type ConnectionSettings = Pick<
  PostgresCdcConfig,
  'hostname' | 'port' | 'user' | 'password' | 'dbname' | 'sslmode' | 'sslrootcert'
>;

function ssl(settings: ConnectionSettings): pg.ClientConfig['ssl'] {
  const ca = settings.sslrootcert ? { ca: readFileSync(settings.sslrootcert, 'utf8') } : {};
  switch (settings.sslmode) {
    case 'disable':
    case 'allow':
    case 'prefer':
      // node-postgres cannot fall back from TLS to plain text; prefer/allow connect in plain text
      // unless a root certificate asks for verification.
      return settings.sslrootcert ? { rejectUnauthorized: true, ...ca } : false;
    case 'require':
      return { rejectUnauthorized: false };
    default:
      return { rejectUnauthorized: true, ...ca };
  }
}

export function clientConfig(settings: ConnectionSettings, applicationName: string): pg.ClientConfig {
  return {
    host: settings.hostname,
    port: settings.port,
    user: settings.user,
    password: settings.password ?? undefined,
    database: settings.dbname,
    ssl: ssl(settings),
    options: SESSION_OPTIONS,
    application_name: applicationName,
    types: TEXT_TYPES,
    connectionTimeoutMillis: 30_000,
    keepAlive: true,
  };
}

/** A plain session, connected. Errors after connecting are reported by the next query. */
// pg is imported on the first connection, not with the module: a task function that runs another
// connector never evaluates it (cold start).
const pgClient = async (): Promise<typeof pg.Client> => (await import('pg')).default.Client;

export async function connect(settings: ConnectionSettings, applicationName: string): Promise<pg.Client> {
  const Client = await pgClient();
  const client = new Client(clientConfig(settings, applicationName));
  client.on('error', () => {});
  await client.connect();
  return client;
}

/** A replication (walsender) session for slot commands and START_REPLICATION. */
export async function connectReplication(
  settings: ConnectionSettings,
  applicationName: string,
): Promise<pg.Client> {
  const Client = await pgClient();
  const client = new Client({
    ...clientConfig(settings, applicationName),
    replication: 'database',
  } as pg.ClientConfig);
  client.on('error', () => {});
  await client.connect();
  return client;
}

/** Double-quotes an identifier for SQL. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * A name as SQL reads it: bare when it is a plain lower-case identifier (so `dbz_publication` is
 * the publication Debezium creates and finds), quoted otherwise.
 */
export function identifier(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : quoteIdent(name);
}

/** Single-quotes a literal for SQL (replication commands take no bind parameters). */
export function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** The message of a database error, with PostgreSQL's hint when it has one. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const hint = (error as { hint?: string }).hint;
    return hint ? `${error.message} (${hint})` : error.message;
  }
  return String(error);
}
