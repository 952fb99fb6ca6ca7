// `npm run deploy:local` refuses, with the reason and before creating anything, when LocalStack or
// the Kafka broker the stack would use does not answer.
import net from 'node:net';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DeployError,
  localstackClientConfig,
  runDeployLocal,
  stackStatus,
} from '../support/deployed-stack.ts';
import { uniqueName } from '../support/local.ts';
import { useServices } from '../support/services.ts';

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function failure(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const error = await runDeployLocal(args, env).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeployError);
  return (error as Error).message;
}

beforeAll(async () => {
  await useServices('localstack');
}, 600_000);

describe('npm run deploy:local', () => {
  it('says how to start LocalStack when none answers, and deploys nothing', async () => {
    const port = await closedPort();
    const message = await failure(['deploy', '-c', `stackName=${uniqueName('sc-nols')}`], {
      ...process.env,
      SC_LOCALSTACK_PORT: String(port),
    });
    expect(message).toContain(`LocalStack does not answer at http://127.0.0.1:${port}/_localstack/health`);
    expect(message).toContain('npm run infra:up -- localstack');
    expect(message).not.toContain('cdklocal');
  });

  it('refuses a broker that does not accept connections, and leaves no stack behind', async () => {
    const stackName = uniqueName('sc-nobroker');
    const port = await closedPort();
    const message = await failure([
      'deploy',
      '-c',
      `stackName=${stackName}`,
      '-c',
      `kafkaBootstrapServers=127.0.0.1:${port}`,
    ]);
    expect(message).toContain(
      `Kafka broker 127.0.0.1:${port} (kafkaBootstrapServers) does not accept connections`,
    );
    expect(message).toContain('Nothing was deployed');
    const cloudformation = new CloudFormationClient(localstackClientConfig);
    expect(await stackStatus(cloudformation, stackName)).toBeUndefined();
    cloudformation.destroy();
  });

  it('refuses a bootstrap server that is not host:port', async () => {
    const message = await failure(['deploy', '-c', 'kafkaBootstrapServers=no-port-here']);
    expect(message).toContain('Invalid value no-port-here for configuration kafkaBootstrapServers');
  });
});
