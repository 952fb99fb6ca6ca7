// Runs the standalone CLI as a real child process, the way users run it.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../../scripts/infra/settings.ts';
import { kafkaBootstrap } from './local.ts';

export const cliPath = path.join(projectRoot, 'shared', 'standalone', 'cli.ts');

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function startCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): { child: ChildProcess; done: Promise<Finished> } {
  const child = spawn(process.execPath, [cliPath, ...args], {
    // Port 0: tests never depend on (or collide over) the default 8083.
    env: {
      ...process.env,
      KAFKA_BOOTSTRAP_SERVERS: kafkaBootstrap,
      SC_REST_LISTENERS: 'http://127.0.0.1:0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr!.on('data', (chunk) => {
    stderr += chunk;
  });
  const done = new Promise<Finished>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

export async function runCli(args: readonly string[], timeoutMs = 60_000): Promise<Finished> {
  const { child, done } = startCli(args);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  try {
    return await done;
  } finally {
    clearTimeout(timer);
  }
}
