// The real stack deployed to the local LocalStack (`npm run deploy:local`, under a stack name of
// its own), for tests that drive it as a user would: through the API Gateway URL, with AWS SDK
// clients pointed at LocalStack. Deploy once per test file (about a minute) and run several checks
// on it; `destroy()` deletes the stack and waits until it is gone.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CloudFormationClient,
  DeleteStackCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { endpoints, projectRoot } from '../../scripts/infra/settings.ts';
import type { ApiCall } from './api-flow.ts';
import { uniqueName } from './local.ts';
import { waitFor } from './wait.ts';

/** The stack outputs (cdk/lib/stack.ts). */
export interface StackOutputs {
  readonly RestApiUrl: string;
  readonly StateTableName: string;
  readonly CoordinatorFunctionName: string;
  readonly TaskFunctionName: string;
  readonly TaskFailureQueueUrl: string;
  readonly DashboardName: string;
}

/** What the AWS SDK clients of a test need to reach LocalStack. */
export const localstackClientConfig = {
  endpoint: endpoints.localstack,
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
};

export interface DeployedStack {
  readonly stackName: string;
  readonly outputs: StackOutputs;
  /** The REST API's base URL in LocalStack's path form on 127.0.0.1 (no DNS needed). */
  readonly apiBaseUrl: string;
  readonly call: ApiCall;
  /** Physical ids (names) of the stack's resources of a type, optionally by logical id prefix. */
  physicalIds(type: string, logicalIdPrefix?: string): Promise<string[]>;
  /** Deletes the stack (the table too: deploy:local sets tableRemovalPolicy=destroy). */
  destroy(): Promise<void>;
}

export interface DeployOptions {
  /** Extra CDK context (`-c key=value`), e.g. a shorter task timeout. */
  readonly context?: Readonly<Record<string, string>>;
  readonly stackPrefix?: string;
}

export class DeployError extends Error {}

/** Runs `node scripts/deploy-local.ts <args>`; resolves with its output, rejects with its end. */
export function runDeployLocal(
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(projectRoot, 'scripts', 'deploy-local.ts'), ...args], {
      cwd: projectRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve(output)
        : reject(new DeployError(`deploy-local ${args[0]} exited ${code}:\n${output.slice(-6000)}`)),
    );
  });
}

/** `https://<id>.execute-api.localhost.localstack.cloud:<port>/prod/` → the same API on 127.0.0.1. */
export function localApiBaseUrl(restApiUrl: string): string {
  const match = /^https?:\/\/([^.]+)\.execute-api\.[^/]+\/([^/]+)\/?$/.exec(restApiUrl);
  if (!match) throw new Error(`not a LocalStack API Gateway URL: ${restApiUrl}`);
  return `${endpoints.localstack}/restapis/${match[1]}/${match[2]}/_user_request_`;
}

/** Calls the REST API over HTTP and parses its JSON answer. */
export function httpApiCaller(baseUrl: string): ApiCall {
  return async (method, urlPath, body) => {
    const response = await fetch(`${baseUrl}${urlPath}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
}

export async function deployStack(options: DeployOptions = {}): Promise<DeployedStack> {
  const stackName = uniqueName(options.stackPrefix ?? 'sc-e2e');
  const workDir = await mkdtemp(path.join(tmpdir(), 'sc-deploy-'));
  const outputsFile = path.join(workDir, 'outputs.json');
  const context = Object.entries({ ...options.context, stackName }).flatMap(([k, v]) => ['-c', `${k}=${v}`]);
  const destroy = () => deleteStack(stackName);
  let outputs: StackOutputs;
  try {
    await runDeployLocal(['deploy', ...context, '--outputs-file', outputsFile, '--progress', 'events']);
    outputs = JSON.parse(await readFile(outputsFile, 'utf8'))[stackName] as StackOutputs;
  } catch (error) {
    // A failed CloudFormation deployment leaves a ROLLBACK_COMPLETE stack behind.
    await destroy().catch(() => {});
    throw error;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
  const apiBaseUrl = localApiBaseUrl(outputs.RestApiUrl);
  const physicalIds = (type: string, prefix = '') => resourceIds(stackName, type, prefix);
  return { stackName, outputs, apiBaseUrl, call: httpApiCaller(apiBaseUrl), physicalIds, destroy };
}

async function resourceIds(stackName: string, type: string, logicalIdPrefix: string): Promise<string[]> {
  const client = new CloudFormationClient(localstackClientConfig);
  try {
    const { StackResources } = await client.send(new DescribeStackResourcesCommand({ StackName: stackName }));
    return (StackResources ?? [])
      .filter((r) => r.ResourceType === type && r.LogicalResourceId?.startsWith(logicalIdPrefix))
      .map((r) => r.PhysicalResourceId!);
  } finally {
    client.destroy();
  }
}

/** Deletes a stack and waits until CloudFormation no longer lists it; absent stacks are fine. */
export async function deleteStack(stackName: string): Promise<void> {
  const client = new CloudFormationClient(localstackClientConfig);
  try {
    await client.send(new DeleteStackCommand({ StackName: stackName }));
    await waitFor(
      `stack ${stackName} deleted`,
      async () =>
        ((await stackStatus(client, stackName)) ?? 'DELETE_COMPLETE') === 'DELETE_COMPLETE' || undefined,
      120_000,
      1000,
    );
  } finally {
    client.destroy();
  }
}

/** The stack's status, or undefined when CloudFormation does not know it. */
export async function stackStatus(
  client: CloudFormationClient,
  stackName: string,
): Promise<string | undefined> {
  try {
    const { Stacks } = await client.send(new DescribeStacksCommand({ StackName: stackName }));
    return Stacks?.[0]?.StackStatus;
  } catch (error) {
    if ((error as Error).name === 'ValidationError') return undefined; // "Stack ... does not exist"
    throw error;
  }
}

/**
 * The pids of the runtime processes the host-node executor runs for a function (LocalStack
 * in-host only: with Docker they are containers). Read from /proc: the runtime's environment names
 * its function.
 */
export function functionProcesses(functionName: string): number[] {
  const wanted = `AWS_LAMBDA_FUNCTION_NAME=${functionName}\0`;
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('bootstrap.mjs')) continue;
      if (readFileSync(`/proc/${entry}/environ`, 'utf8').includes(wanted)) pids.push(Number(entry));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return pids;
}

/** Everything a function logged so far (LocalStack writes it to /aws/lambda/<function>). */
export async function functionLogText(functionName: string): Promise<string> {
  const logs = new CloudWatchLogsClient(localstackClientConfig);
  try {
    const messages: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await logs.send(
        new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${functionName}`, nextToken }),
      );
      for (const event of page.events ?? []) messages.push(event.message ?? '');
      nextToken = page.nextToken;
    } while (nextToken);
    return messages.join('\n');
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException') return '';
    throw error;
  } finally {
    logs.destroy();
  }
}

/** CPU ticks (user + system) a process used so far; undefined once it is gone. */
function cpuTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
  } catch {
    return undefined;
  }
}

/**
 * Of a function's runtime processes, one that is working right now (mid-invocation): the one that
 * used the most CPU over `sampleMs`. Warm runtimes waiting for their next invocation use none.
 */
export async function busyFunctionProcess(functionName: string, sampleMs = 500): Promise<number | undefined> {
  const before = new Map(functionProcesses(functionName).map((pid) => [pid, cpuTicks(pid)]));
  await new Promise((resolve) => setTimeout(resolve, sampleMs));
  let busiest: { pid: number; used: number } | undefined;
  for (const [pid, start] of before) {
    const end = cpuTicks(pid);
    if (start === undefined || end === undefined) continue;
    const used = end - start;
    if (used > 0 && (!busiest || used > busiest.used)) busiest = { pid, used };
  }
  return busiest?.pid;
}
