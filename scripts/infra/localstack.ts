// LocalStack, the local AWS, run in-host from the project's own virtual environment (no Docker):
// S3, SQS, DynamoDB, Lambda (through the project's host-node executor), API Gateway,
// CloudFormation, EventBridge, CloudWatch, Logs, Secrets Manager, SSM, IAM and STS on one port.
//
// Paths it owns: everything under .infra/localstack/ (venv/; lib/, DynamoDB Local's layout;
// root-<port>/, the FILESYSTEM_ROOT of the LocalStack on that port: its files and the unzipped
// function code) and .infra/run/localstack/ (pid, log; run/localstack-<port>/ on another port).
// OVERRIDE_IN_DOCKER=0 keeps it there: on a machine that is itself a container LocalStack would
// otherwise take the container layout and write to /var/lib/localstack, /tmp/localstack and
// /tmp/lambda, which would make two checkouts' LocalStacks share state.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { freshFilesystemRoot, installLocalstack, venvPython } from './localstack-install.ts';
import { runningPid, spawnDaemon, stopDaemon, tcpOpen, waitUntilReady } from './process.ts';
import type { InfraService, Started } from './service.ts';
import { endpoints, host, ports, projectRoot } from './settings.ts';

const NAME = 'localstack';
const MARKER = 'localstack.runtime.main';
/** The pid and log folder: one per port, so that two LocalStacks of one checkout stay apart. */
const runName = () => (ports.localstack === 4566 ? NAME : `${NAME}-${ports.localstack}`);
/** The name the executor plugin registers under `localstack.lambda.runtime_executor`. */
export const lambdaExecutor = 'host-node';

/** True when LocalStack's health endpoint answers on the port, whoever started it. */
export async function localstackAnswers(): Promise<boolean> {
  if (!(await tcpOpen(host, ports.localstack))) return false;
  try {
    const response = await fetch(`${endpoints.localstack}/_localstack/health`, {
      signal: AbortSignal.timeout(3000),
    });
    const body = (await response.json()) as { services?: Record<string, string> };
    return response.ok && typeof body.services === 'object';
  } catch {
    return false;
  }
}

/** The project's pinned Node runs the functions (the system Node may be older than the runtime). */
function nodeBinary(): string {
  const pinned = path.join(projectRoot, 'node_modules', 'node', 'bin', 'node');
  return existsSync(pinned) ? pinned : process.execPath;
}

function runtimeEnvironment(root: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LANG: process.env.LANG,
    // Listen on loopback only, answer with LocalStack's usual host names for the port.
    GATEWAY_LISTEN: `${host}:${ports.localstack}`,
    LOCALSTACK_HOST: `localhost.localstack.cloud:${ports.localstack}`,
    // Host layout under our own root (see the top of this file); TMPDIR holds the functions' code.
    OVERRIDE_IN_DOCKER: '0',
    FILESYSTEM_ROOT: root,
    TMPDIR: path.join(root, 'tmp'),
    // Offline: no DNS server of its own, no certificate or analytics downloads, no CLI checks.
    DNS_ADDRESS: '0',
    SKIP_SSL_CERT_DOWNLOAD: '1',
    DISABLE_EVENTS: '1',
    LOCALSTACK_CLI: '0',
    PERSISTENCE: '0',
    LAMBDA_RUNTIME_EXECUTOR: lambdaExecutor,
    SC_LAMBDA_NODE_BINARY: nodeBinary(),
    // Lambda retries a failed async invocation after about 1 and 2 minutes; LocalStack spaces them
    // by this base. Shorter here so that retry tests take seconds (SC_LOCALSTACK_RETRY_DELAY).
    LAMBDA_RETRY_BASE_DELAY: process.env.SC_LOCALSTACK_RETRY_DELAY ?? '5',
  };
}

export async function startLocalstack(log: (line: string) => void = () => {}): Promise<Started> {
  if (await localstackAnswers()) return { name: NAME, started: false };
  if (await tcpOpen(host, ports.localstack)) {
    throw new Error(
      `port ${ports.localstack} is taken by something that is not LocalStack; set SC_LOCALSTACK_PORT to a free port`,
    );
  }
  await installLocalstack(log);
  // State is in memory (PERSISTENCE=0): what a previous run left on disk is stale.
  const root = await freshFilesystemRoot(ports.localstack);
  log(`starting LocalStack on ${endpoints.localstack}`);
  const pid = await spawnDaemon(runName(), venvPython, ['-m', MARKER], runtimeEnvironment(root));
  await waitUntilReady(runName(), pid, localstackAnswers, 120_000);
  return { name: NAME, started: true };
}

export async function stopLocalstack(): Promise<boolean> {
  // A runtime whose DynamoDB failed to start has been seen to ignore SIGTERM; DynamoDB Local runs
  // in a session of its own.
  return stopDaemon(runName(), MARKER, 20_000, 'SIGTERM', { withDescendants: true });
}

export async function localstackPid(): Promise<number | undefined> {
  return runningPid(runName(), MARKER);
}

export const localstackService: InfraService = {
  name: NAME,
  endpoint: () => endpoints.localstack,
  fetch: installLocalstack,
  answers: localstackAnswers,
  start: startLocalstack,
  stop: stopLocalstack,
  pid: localstackPid,
};
