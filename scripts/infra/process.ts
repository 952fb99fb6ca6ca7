// Background servers as plain OS processes: start detached with logs to a file, remember the pid,
// wait for readiness with a deadline, stop with SIGTERM and then SIGKILL.
import { spawn } from 'node:child_process';
import { existsSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { infraDir } from './settings.ts';

export function runDir(name: string): string {
  return path.join(infraDir, 'run', name);
}

export function logFile(name: string): string {
  return path.join(runDir(name), `${name}.log`);
}

const pidFile = (name: string) => path.join(runDir(name), 'pid');

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM means the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid of our server `name` if it is still running (and is still the process we started). */
export async function runningPid(name: string, commandMarker: string): Promise<number | undefined> {
  if (!existsSync(pidFile(name))) return undefined;
  const pid = Number(await readFile(pidFile(name), 'utf8'));
  if (!Number.isInteger(pid) || !isAlive(pid)) return undefined;
  // Guard against pid reuse after a reboot: on Linux the command line must still be ours.
  const cmdline = `/proc/${pid}/cmdline`;
  if (existsSync(cmdline) && !readFileSync(cmdline, 'utf8').includes(commandMarker)) return undefined;
  return pid;
}

/** An OS account to run a server as, for servers that refuse to run as root (PostgreSQL). */
export interface RunAs {
  readonly uid: number;
  readonly gid: number;
}

export async function spawnDaemon(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  runAs?: RunAs,
): Promise<number> {
  await mkdir(runDir(name), { recursive: true });
  const out = openSync(logFile(name), 'w');
  const child = spawn(command, args, { detached: true, stdio: ['ignore', out, out], env, ...runAs });
  if (child.pid === undefined) throw new Error(`could not start ${name} (${command})`);
  child.unref();
  await writeFile(pidFile(name), String(child.pid));
  return child.pid;
}

/** Every process below `pid` (children, their children, ...), from /proc; empty where there is none. */
export function descendants(pid: number): number[] {
  if (!existsSync('/proc')) return [];
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // /proc/<pid>/stat: "pid (command) state ppid ..."; the command may hold spaces and parentheses.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // ended meanwhile
    }
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

function send(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/**
 * Stops our server `name`: `signal` first (SIGTERM unless the server wants another one for a
 * quick, clean shutdown), SIGKILL after `timeoutMs`. With `withDescendants`, the
 * processes it started (LocalStack's DynamoDB Local and function runtimes, some in sessions of their
 * own) are killed too if they outlive it, so nothing it started is left holding a port.
 */
export async function stopDaemon(
  name: string,
  commandMarker: string,
  timeoutMs = 20_000,
  signal: NodeJS.Signals = 'SIGTERM',
  { withDescendants = false }: { withDescendants?: boolean } = {},
): Promise<boolean> {
  const pid = await runningPid(name, commandMarker);
  await rm(pidFile(name), { force: true });
  if (pid === undefined) return false;
  const below = withDescendants ? descendants(pid) : [];
  send(pid, signal);
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (isAlive(pid)) send(pid, 'SIGKILL');
  while (isAlive(pid)) await sleep(50);
  for (const child of below) if (isAlive(child)) send(child, 'SIGKILL');
  return true;
}

export function tcpOpen(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export function tailOf(file: string, lines = 60): string {
  if (!existsSync(file)) return '(no log file)';
  return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}

/**
 * Polls `ready` until it answers true. Fails fast when the process died, and always explains
 * itself with the end of the server's log.
 */
export async function waitUntilReady(
  name: string,
  pid: number | undefined,
  ready: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await ready().catch(() => false)) return;
    if (pid !== undefined && !isAlive(pid)) {
      throw new Error(`${name} exited during start-up; end of ${logFile(name)}:\n${tailOf(logFile(name))}`);
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${name} not ready after ${timeoutMs} ms; end of ${logFile(name)}:\n${tailOf(logFile(name))}`,
      );
    }
    await sleep(200);
  }
}
