import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { kafkaConnectionFrom } from '../../../shared/kafka/connection-config.ts';
import type { KafkaConnection } from '../../../shared/kafka/types.ts';
import { decodeMskToken } from '../../support/msk-iam-token.ts';

describe('kafkaConnectionFrom', () => {
  it('reads plaintext brokers', () => {
    expect(kafkaConnectionFrom({ 'bootstrap.servers': 'a:9092, b:9092' }, 'id')).toEqual({
      brokers: ['a:9092', 'b:9092'],
      clientId: 'id',
      ssl: false,
    });
  });

  it('reads SASL/SCRAM over TLS from a JAAS line, as Java clients are configured', () => {
    const connection = kafkaConnectionFrom(
      {
        'bootstrap.servers': 'b-1.msk:9096',
        'security.protocol': 'SASL_SSL',
        'sasl.mechanism': 'SCRAM-SHA-512',
        'sasl.jaas.config':
          'org.apache.kafka.common.security.scram.ScramLoginModule required username="alice" password="s3\\"cret";',
      },
      'id',
    );
    expect(connection).toEqual({
      brokers: ['b-1.msk:9096'],
      clientId: 'id',
      ssl: true,
      sasl: { mechanism: 'scram-sha-512', username: 'alice', password: 's3"cret' },
    });
  });

  it('names the key that is wrong and never echoes a secret', () => {
    expect(() => kafkaConnectionFrom({}, 'id')).toThrow('"bootstrap.servers"');
    expect(() =>
      kafkaConnectionFrom({ 'bootstrap.servers': 'a:1', 'security.protocol': 'TLS' }, 'id'),
    ).toThrow('Invalid value TLS for configuration security.protocol');
    const error = (() => {
      try {
        kafkaConnectionFrom(
          {
            'bootstrap.servers': 'a:1',
            'security.protocol': 'SASL_SSL',
            'sasl.jaas.config': 'password="p4ss"',
          },
          'id',
        );
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message).toContain('sasl.jaas.config');
    expect(error?.message).not.toContain('p4ss');
  });
});

const keyId = 'AKIDFROMTHEENVIRONMENT';
const noRegion = {};

/** Default-chain credentials from the environment, so the signer needs no network. */
function stubEnvironmentCredentials(): void {
  vi.stubEnv('AWS_PROFILE', undefined);
  vi.stubEnv('AWS_ACCESS_KEY_ID', keyId);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret-from-the-environment');
  vi.stubEnv('AWS_SESSION_TOKEN', undefined);
}

async function signedToken(connection: KafkaConnection) {
  const sasl = connection.sasl;
  if (sasl?.mechanism !== 'oauthbearer') throw new Error(`expected OAUTHBEARER, got ${sasl?.mechanism}`);
  return decodeMskToken(await sasl.token());
}

const mskBroker = 'b-1.orders.abc123.c2.kafka.eu-west-1.amazonaws.com:9098';

describe('kafkaConnectionFrom with Amazon MSK IAM', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('maps the AWS_MSK_IAM client properties MSK documents onto an OAUTHBEARER token provider', async () => {
    stubEnvironmentCredentials();
    const connection = kafkaConnectionFrom(
      {
        'bootstrap.servers': mskBroker,
        'security.protocol': 'SASL_SSL',
        'sasl.mechanism': 'AWS_MSK_IAM',
        'sasl.jaas.config': 'software.amazon.msk.auth.iam.IAMLoginModule required;',
        'sasl.client.callback.handler.class': 'software.amazon.msk.auth.iam.IAMClientCallbackHandler',
      },
      'id',
      { AWS_REGION: 'ap-southeast-2' },
    );
    expect(connection).toMatchObject({ brokers: [mskBroker], clientId: 'id', ssl: true });
    expect(connection.sasl).toEqual({ mechanism: 'oauthbearer', token: expect.any(Function) });
    const token = await signedToken(connection);
    // AWS_REGION wins over the region in the broker's name, as in Java's region chain.
    expect(token.url.hostname).toBe('kafka.ap-southeast-2.amazonaws.com');
    expect(token.params.get('Action')).toBe('kafka-cluster:Connect');
    expect(token.params.get('X-Amz-Credential')).toMatch(new RegExp(`^${keyId}/\\d{8}/ap-southeast-2/`));
  });

  it("maps Java's OAUTHBEARER variant with IAMOAuthBearerLoginCallbackHandler, region from aws.region", async () => {
    stubEnvironmentCredentials();
    const connection = kafkaConnectionFrom(
      {
        'bootstrap.servers': mskBroker,
        'security.protocol': 'SASL_SSL',
        'sasl.mechanism': 'OAUTHBEARER',
        'sasl.jaas.config': 'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;',
        'sasl.login.callback.handler.class':
          'software.amazon.msk.auth.iam.IAMOAuthBearerLoginCallbackHandler',
        'sasl.client.callback.handler.class':
          'software.amazon.msk.auth.iam.IAMOAuthBearerLoginCallbackHandler',
        'aws.region': 'us-west-2',
      },
      'id',
      { AWS_REGION: 'ap-southeast-2' },
    );
    expect((await signedToken(connection)).url.hostname).toBe('kafka.us-west-2.amazonaws.com');
  });

  it("falls back to the region in the brokers' MSK host names", async () => {
    stubEnvironmentCredentials();
    const connection = kafkaConnectionFrom(
      {
        'bootstrap.servers': mskBroker,
        'security.protocol': 'SASL_SSL',
        'sasl.mechanism': 'AWS_MSK_IAM',
        'sasl.jaas.config': 'software.amazon.msk.auth.iam.IAMLoginModule required;',
      },
      'id',
      noRegion,
    );
    expect((await signedToken(connection)).url.hostname).toBe('kafka.eu-west-1.amazonaws.com');
  });

  it('honours the JAAS awsProfileName option', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'msk-iam-'));
    try {
      writeFileSync(
        join(dir, 'credentials'),
        '[msk-client]\naws_access_key_id = AKIDFROMTHEPROFILE\naws_secret_access_key = profile-secret\n',
      );
      stubEnvironmentCredentials();
      vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(dir, 'credentials'));
      vi.stubEnv('AWS_CONFIG_FILE', join(dir, 'config'));
      const connection = kafkaConnectionFrom(
        {
          'bootstrap.servers': mskBroker,
          'security.protocol': 'SASL_SSL',
          'sasl.mechanism': 'AWS_MSK_IAM',
          'sasl.jaas.config':
            'software.amazon.msk.auth.iam.IAMLoginModule required awsProfileName="msk-client";',
        },
        'id',
        noRegion,
      );
      expect((await signedToken(connection)).params.get('X-Amz-Credential')).toMatch(/^AKIDFROMTHEPROFILE\//);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses IAM settings it cannot honour, naming the key as Kafka does', () => {
    const base = { 'bootstrap.servers': mskBroker, 'security.protocol': 'SASL_SSL' };
    expect(() =>
      kafkaConnectionFrom(
        {
          ...base,
          'sasl.mechanism': 'AWS_MSK_IAM',
          'sasl.jaas.config': 'org.apache.kafka.common.security.plain.PlainLoginModule required;',
        },
        'id',
        noRegion,
      ),
    ).toThrow(
      'Invalid value org.apache.kafka.common.security.plain.PlainLoginModule for configuration sasl.jaas.config',
    );
    // An OIDC token endpoint is Kafka's other OAUTHBEARER source; it is not implemented.
    expect(() =>
      kafkaConnectionFrom(
        {
          ...base,
          'sasl.mechanism': 'OAUTHBEARER',
          'sasl.jaas.config': 'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;',
          'sasl.login.callback.handler.class':
            'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler',
        },
        'id',
        noRegion,
      ),
    ).toThrow('for configuration sasl.login.callback.handler.class');
    expect(() =>
      kafkaConnectionFrom(
        {
          ...base,
          'bootstrap.servers': 'kafka.internal:9098',
          'sasl.mechanism': 'AWS_MSK_IAM',
          'sasl.jaas.config': 'software.amazon.msk.auth.iam.IAMLoginModule required;',
        },
        'id',
        noRegion,
      ),
    ).toThrow('"aws.region"');
    expect(() =>
      kafkaConnectionFrom(
        { ...base, 'sasl.mechanism': 'GSSAPI', 'sasl.jaas.config': 'x required;' },
        'id',
        noRegion,
      ),
    ).toThrow('Invalid value GSSAPI for configuration sasl.mechanism');
  });
});
