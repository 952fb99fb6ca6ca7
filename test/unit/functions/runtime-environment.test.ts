import { afterEach, describe, expect, it, vi } from 'vitest';
import { workerFromEnvironment } from '../../../functions/runtime-environment.ts';
import { exactlyOnceSourceEnabled, kafkaConnection } from '../../../shared/runtime/worker-config.ts';
import { decodeMskToken } from '../../support/msk-iam-token.ts';

const unreadable = async (arn: string): Promise<string> => {
  throw new Error(`no secret should be read, asked for ${arn}`);
};

const mskEnvironment = {
  SC_KAFKA_BOOTSTRAP_SERVERS: 'b-1.orders.abc123.c2.kafka.eu-west-1.amazonaws.com:9098',
  SC_KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
  SC_KAFKA_SASL_MECHANISM: 'AWS_MSK_IAM',
  AWS_REGION: 'eu-central-1',
  AWS_LAMBDA_FUNCTION_NAME: 'connect-task',
};

describe('the functions’ Kafka settings with MSK IAM', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('needs no secret and writes the client properties MSK documents for Java clients', async () => {
    const worker = await workerFromEnvironment(mskEnvironment, unreadable);
    expect(worker).toMatchObject({
      'bootstrap.servers': mskEnvironment.SC_KAFKA_BOOTSTRAP_SERVERS,
      'security.protocol': 'SASL_SSL',
      'sasl.mechanism': 'AWS_MSK_IAM',
      'sasl.jaas.config': 'software.amazon.msk.auth.iam.IAMLoginModule required;',
      'sasl.client.callback.handler.class': 'software.amazon.msk.auth.iam.IAMClientCallbackHandler',
      'aws.region': 'eu-central-1',
    });
  });

  it("signs in with the function's role credentials for the function's region", async () => {
    // Lambda hands the role's credentials to the function in these variables.
    vi.stubEnv('AWS_PROFILE', undefined);
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'ASIAROLECREDENTIALS');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'role-secret');
    vi.stubEnv('AWS_SESSION_TOKEN', 'role-session');
    const connection = kafkaConnection(await workerFromEnvironment(mskEnvironment, unreadable));
    expect(connection).toMatchObject({ clientId: 'connect-task', ssl: true });
    if (connection.sasl?.mechanism !== 'oauthbearer') throw new Error('expected OAUTHBEARER');
    const token = decodeMskToken(await connection.sasl.token());
    expect(token.url.hostname).toBe('kafka.eu-central-1.amazonaws.com');
    expect(token.params.get('X-Amz-Credential')).toMatch(/^ASIAROLECREDENTIALS\/\d{8}\/eu-central-1\//);
    expect(token.params.get('X-Amz-Security-Token')).toBe('role-session');
  });

  it('still reads PLAIN/SCRAM credentials from the secret', async () => {
    const worker = await workerFromEnvironment(
      {
        SC_KAFKA_BOOTSTRAP_SERVERS: 'b-1:9096',
        SC_KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
        SC_KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
        SC_KAFKA_SASL_SECRET_ARN: 'arn:secret',
      },
      async () => JSON.stringify({ username: 'alice', password: 'pw' }),
    );
    expect(kafkaConnection(worker).sasl).toEqual({
      mechanism: 'scram-sha-512',
      username: 'alice',
      password: 'pw',
    });
  });
});

describe('the functions’ worker keys', () => {
  it('carry exactly.once.source.support from the environment, disabled (Kafka’s default) without it', async () => {
    const enabled = await workerFromEnvironment(
      { ...mskEnvironment, SC_EXACTLY_ONCE_SOURCE_SUPPORT: 'enabled' },
      unreadable,
    );
    expect(exactlyOnceSourceEnabled(enabled)).toBe(true);
    expect(exactlyOnceSourceEnabled(await workerFromEnvironment(mskEnvironment, unreadable))).toBe(false);
  });
});
