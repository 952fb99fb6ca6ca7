// npm run deploy:local [-- <cdk deploy arguments>] | npm run destroy:local [-- <cdk destroy arguments>]
//
// Deploys the real stack (the same app `npm run deploy` sends to AWS) to the local LocalStack with
// cdklocal: bootstraps it when needed, points the functions at the local Kafka broker, lets the
// state table be destroyed, and works offline (localstack-hosts.cjs answers the
// *.localhost.localstack.cloud names cdklocal publishes assets to). Checks first that LocalStack
// and the broker answer, so that a mistake costs nothing and leaves nothing half-created.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { localstackAnswers } from './infra/localstack.ts';
import { tcpOpen } from './infra/process.ts';
import { endpoints, localstackEnvironment, ports, projectRoot } from './infra/settings.ts';

const preload = path.join(projectRoot, 'scripts', 'deploy-local', 'localstack-hosts.cjs');

/** What cdklocal and the AWS SDK in the CDK CLI need to reach LocalStack, and only LocalStack. */
export function cdklocalEnvironment(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...localstackEnvironment(),
    // cdklocal insists on an S3 endpoint with `.s3.` in it: virtual-hosted bucket names under it.
    AWS_ENDPOINT_URL_S3: `http://s3.localhost.localstack.cloud:${ports.localstack}`,
    // cdklocal keeps only the AWS_* variables listed here.
    AWS_ENVAR_ALLOWLIST: 'AWS_REGION,AWS_ACCESS_KEY_ID,AWS_SECRET_ACCESS_KEY',
    EDGE_PORT: String(ports.localstack),
    NODE_OPTIONS: [process.env.NODE_OPTIONS, `--require=${preload}`].filter(Boolean).join(' '),
    CDK_DISABLE_CLI_TELEMETRY: 'true',
  };
}

/** Values of `-c key=value` / `--context key=value` in the arguments (the last one wins, as in cdk). */
export function contextArgument(args: readonly string[], key: string): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < args.length - 1; i++) {
    if ((args[i] === '-c' || args[i] === '--context') && args[i + 1]!.startsWith(`${key}=`)) {
      value = args[i + 1]!.slice(key.length + 1);
    }
  }
  return value;
}

async function assertLocalstack(): Promise<void> {
  if (await localstackAnswers()) return;
  throw new Error(
    `LocalStack does not answer at ${endpoints.localstack}/_localstack/health. Start it with ` +
      '`npm run infra:up -- localstack` (in-host, no Docker) or `localstack start -d` (Docker), ' +
      'or set SC_LOCALSTACK_PORT to the port it listens on.',
  );
}

/** Every broker named must accept a connection: a stack that cannot reach Kafka is not worth deploying. */
async function assertKafka(bootstrapServers: string): Promise<void> {
  for (const server of bootstrapServers.split(',').map((s) => s.trim())) {
    const match = /^(.+):(\d+)$/.exec(server);
    if (!match) {
      throw new Error(`Invalid value ${server} for configuration kafkaBootstrapServers: expected host:port`);
    }
    const [, hostName, port] = match;
    // Docker's name for the host resolves inside LocalStack's containers only.
    if (hostName === 'host.docker.internal') continue;
    if (!(await tcpOpen(hostName!, Number(port), 3000))) {
      throw new Error(
        `Kafka broker ${server} (kafkaBootstrapServers) does not accept connections. Start the local ` +
          'broker with `npm run infra:up`, or pass `-c kafkaBootstrapServers=host:port` of one that runs. ' +
          'Nothing was deployed.',
      );
    }
  }
}

async function bootstrapped(): Promise<boolean> {
  const client = new CloudFormationClient({ ...clientSettings(), maxAttempts: 2 });
  try {
    const { Stacks } = await client.send(new DescribeStacksCommand({ StackName: 'CDKToolkit' }));
    return (
      Stacks?.[0]?.StackStatus?.endsWith('_COMPLETE') === true && !Stacks[0].StackStatus.startsWith('DELETE')
    );
  } catch {
    return false;
  } finally {
    client.destroy();
  }
}

function clientSettings() {
  const env = localstackEnvironment();
  return {
    endpoint: env.AWS_ENDPOINT_URL,
    region: env.AWS_REGION,
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID!, secretAccessKey: env.AWS_SECRET_ACCESS_KEY! },
  };
}

function cdklocal(args: string[]): Promise<void> {
  const bin = path.join(projectRoot, 'node_modules', '.bin', 'cdklocal');
  if (!existsSync(bin)) throw new Error('cdklocal is missing: run `npm ci` first');
  return new Promise((resolve, reject) => {
    const child = spawn(bin, [...args, '--no-notices'], {
      cwd: projectRoot,
      env: cdklocalEnvironment(),
      stdio: 'inherit',
    });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`cdklocal ${args[0]} failed (${signal ?? `exit ${code}`})`)),
    );
  });
}

/** The context a local deployment needs; arguments given on the command line come later and win. */
function localDefaults(): string[] {
  return ['-c', `kafkaBootstrapServers=${endpoints.kafkaBootstrap}`, '-c', 'tableRemovalPolicy=destroy'];
}

export async function deployLocal(args: readonly string[]): Promise<void> {
  await assertLocalstack();
  const all = [...localDefaults(), ...args];
  await assertKafka(contextArgument(all, 'kafkaBootstrapServers')!);
  if (!(await bootstrapped())) await cdklocal(['bootstrap']);
  await cdklocal(['deploy', '--require-approval', 'never', ...all]);
}

export async function destroyLocal(args: readonly string[]): Promise<void> {
  await assertLocalstack();
  await cdklocal(['destroy', '--force', ...localDefaults(), ...args]);
}

async function main(command: string | undefined, args: string[]): Promise<void> {
  if (command === 'deploy') return deployLocal(args);
  if (command === 'destroy') return destroyLocal(args);
  throw new Error('usage: node scripts/deploy-local.ts deploy|destroy [cdk arguments]');
}

if (import.meta.main) {
  main(process.argv[2], process.argv.slice(3)).catch((error: unknown) => {
    console.error(`deploy:local: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
