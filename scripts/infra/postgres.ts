// A throwaway PostgreSQL for the change-data-capture connector: Debian's server binaries (installed
// with apt when missing), a fresh cluster on every start, `wal_level=logical` so logical replication
// slots work, listening on 127.0.0.1 only. PostgreSQL refuses to run as root, so when this runs as
// root the server runs as the unprivileged `postgres` account the Debian package creates.
import { execFile, spawnSync } from 'node:child_process';
import { chownSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import {
  type RunAs,
  runDir,
  runningPid,
  spawnDaemon,
  stopDaemon,
  tcpOpen,
  waitUntilReady,
} from './process.ts';
import type { InfraService, Started } from './service.ts';
import { endpoints, host, ports, postgresAdmin } from './settings.ts';

const NAME = 'postgres';
const run = promisify(execFile);

const dataDir = () => path.join(runDir(NAME), 'data');

/** Debian keeps each major version's server binaries in /usr/lib/postgresql/<major>/bin. */
export function postgresBinDir(): string | undefined {
  const override = process.env.SC_POSTGRES_BIN;
  if (override) return existsSync(path.join(override, 'initdb')) ? override : undefined;
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const majors = readdirSync(debian)
      .filter((v) => /^\d+$/.test(v) && existsSync(path.join(debian, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    // The version the project is tested with first, else the newest installed.
    const chosen = majors.includes('15') ? '15' : majors[0];
    if (chosen) return path.join(debian, chosen, 'bin');
  }
  // Elsewhere (Homebrew, other distributions) the binaries are usually on the PATH.
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  const found = which.status === 0 ? which.stdout.trim() : '';
  return found ? path.dirname(found) : undefined;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** Installs Debian's PostgreSQL 15 server (the distribution's default version as a fallback). */
async function installPostgres(log: (line: string) => void): Promise<void> {
  if (!existsSync('/usr/bin/apt-get')) {
    throw new Error(
      'PostgreSQL server binaries (initdb, postgres) were not found and apt-get is not available: ' +
        'install PostgreSQL 15 or newer, or point SC_POSTGRES_BIN at the folder holding initdb',
    );
  }
  const sudo = isRoot() ? [] : ['sudo', '-n'];
  const apt = async (...args: string[]) => {
    const [command, ...rest] = [...sudo, 'apt-get', ...args];
    await run(command!, rest, {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      maxBuffer: 64 * 1024 * 1024,
    });
  };
  log('installing PostgreSQL with apt-get (once)');
  for (const attempt of [['postgresql-15'], ['postgresql']]) {
    try {
      await apt('install', '-y', '--no-install-recommends', ...attempt);
      return;
    } catch {
      // A fresh machine may have no package lists yet, or no PostgreSQL 15 in its release.
      try {
        await apt('update');
        await apt('install', '-y', '--no-install-recommends', ...attempt);
        return;
      } catch {
        // try the next package name
      }
    }
  }
  throw new Error('could not install PostgreSQL with apt-get (tried postgresql-15 and postgresql)');
}

/** The account the server runs as: ourselves, or `postgres` when we are root. */
function serverAccount(): RunAs | undefined {
  if (!isRoot()) return undefined;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  if (!line) {
    throw new Error('running as root, but there is no unprivileged "postgres" account to run PostgreSQL as');
  }
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

async function adminQuery(sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ ...postgresAdmin, connectionTimeoutMillis: 3000 });
  client.on('error', () => {});
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end().catch(() => {});
  }
}

/** True when our kind of PostgreSQL answers: the admin login works and logical decoding is on. */
export async function postgresAnswers(): Promise<boolean> {
  if (!(await tcpOpen(host, ports.postgres))) return false;
  try {
    const result = await adminQuery('SHOW wal_level');
    return result.rows[0]?.wal_level === 'logical';
  } catch {
    return false;
  }
}

/**
 * Server settings: logical decoding, room for the slots and WAL senders of parallel tests (ours and
 * Debezium's), and durability off because the cluster is thrown away anyway.
 */
export function serverArguments(data: string, port: number, walLevel = 'logical'): string[] {
  const settings: Record<string, string> = {
    listen_addresses: host,
    port: String(port),
    // No Unix socket: clients use TCP, and socket paths have a length limit deep checkouts exceed.
    unix_socket_directories: '',
    wal_level: walLevel,
    max_replication_slots: '40',
    max_wal_senders: '40',
    max_connections: '200',
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
    shared_buffers: '64MB',
    timezone: 'UTC',
  };
  return ['-D', data, ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
}

/**
 * A fresh cluster in `data` whose superuser `postgres` logs in with `password` over TCP
 * (scram-sha-256, replication connections included).
 */
export async function initCluster(
  binDir: string,
  data: string,
  password: string,
  runAs?: RunAs,
): Promise<void> {
  await rm(data, { recursive: true, force: true });
  await mkdir(data, { recursive: true, mode: 0o700 });
  const pwfile = `${data}.pwfile`;
  await writeFile(pwfile, password, { mode: 0o600 });
  if (runAs) {
    chownSync(data, runAs.uid, runAs.gid);
    chownSync(pwfile, runAs.uid, runAs.gid);
  }
  try {
    await run(
      path.join(binDir, 'initdb'),
      [
        '-D',
        data,
        '-U',
        postgresAdmin.user,
        `--pwfile=${pwfile}`,
        '--auth-local=trust',
        '--auth-host=scram-sha-256',
        '-E',
        'UTF8',
        '--locale=C',
        '--no-sync',
      ],
      { ...runAs, maxBuffer: 16 * 1024 * 1024 },
    );
  } finally {
    await rm(pwfile, { force: true });
  }
}

export async function startPostgres(log: (line: string) => void = () => {}): Promise<Started> {
  if (await postgresAnswers()) return { name: NAME, started: false };
  if (await tcpOpen(host, ports.postgres)) {
    throw new Error(
      `port ${ports.postgres} is taken by something that is not this project's PostgreSQL ` +
        '(wrong admin password or wal_level is not logical); set SC_POSTGRES_PORT to a free port',
    );
  }
  const binDir = await ensureBinaries(log);
  const runAs = serverAccount();
  const data = dataDir();
  await mkdir(runDir(NAME), { recursive: true });
  await initCluster(binDir, data, postgresAdmin.password, runAs);
  log(`starting PostgreSQL on ${endpoints.postgres}`);
  const pid = await spawnDaemon(
    NAME,
    path.join(binDir, 'postgres'),
    serverArguments(data, ports.postgres),
    process.env,
    runAs,
  );
  await waitUntilReady(NAME, pid, postgresAnswers, 60_000);
  return { name: NAME, started: true };
}

async function ensureBinaries(log: (line: string) => void): Promise<string> {
  const found = postgresBinDir();
  if (found) return found;
  await installPostgres(log);
  const installed = postgresBinDir();
  if (!installed) throw new Error('PostgreSQL was installed but initdb is still not found');
  return installed;
}

// The postmaster's command line names our data folder, which tells our server from anyone else's.
// SIGINT is PostgreSQL's fast shutdown: it does not wait for replication connections to go away.
export const stopPostgres = (): Promise<boolean> => stopDaemon(NAME, dataDir(), 20_000, 'SIGINT');
export const postgresPid = (): Promise<number | undefined> => runningPid(NAME, dataDir());

export const postgresService: InfraService = {
  name: NAME,
  endpoint: () => endpoints.postgres,
  fetch: async (log) => {
    await ensureBinaries(log);
  },
  answers: postgresAnswers,
  start: startPostgres,
  stop: stopPostgres,
  pid: postgresPid,
};
