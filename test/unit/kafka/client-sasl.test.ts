// The two client libraries receive our OAUTHBEARER token provider and put its token into their
// SASL initial response (RFC 7628: "n,,\x01auth=Bearer <token>\x01\x01"). No broker here: each
// library's own SASL code is driven with a stand-in for the one SaslAuthenticate round trip.
import { createRequire } from 'node:module';
import { type Connection, saslOAuthBearer } from '@platformatic/kafka';
import { describe, expect, it } from 'vitest';
import { kafkajsSasl } from '../../../shared/kafka/kafkajs/client.ts';
import { platformaticOptions } from '../../../shared/kafka/platformatic/connection.ts';
import { PlatformaticPartitionReader } from '../../../shared/kafka/platformatic/reader.ts';
import type { KafkaConnection, OAuthBearerTokenProvider } from '../../../shared/kafka/types.ts';

function countingProvider(token: string) {
  const provider: OAuthBearerTokenProvider & { calls: number } = Object.assign(
    async () => {
      provider.calls += 1;
      return token;
    },
    { calls: 0 },
  );
  return provider;
}

const initialResponse = (token: string) => `n,,\x01auth=Bearer ${token}\x01\x01`;

function connectionWith(token: OAuthBearerTokenProvider): KafkaConnection {
  return {
    brokers: ['b-1.msk:9098'],
    clientId: 'id',
    ssl: true,
    sasl: { mechanism: 'oauthbearer', token },
  };
}

describe('OAUTHBEARER in the client options', () => {
  it('@platformatic/kafka gets the provider itself and sends its token', async () => {
    const provider = countingProvider('signed-token-1');
    const options = platformaticOptions(connectionWith(provider));
    expect(options.sasl).toEqual({ mechanism: 'OAUTHBEARER', token: provider });
    expect(options.tls).toEqual({});

    let sent: Buffer | undefined;
    const authenticate = ((
      _connection: Connection,
      authBytes: Buffer,
      callback: (e: null, r: object) => void,
    ) => {
      sent = authBytes;
      callback(null, { errorCode: 0, errorMessage: null, authBytes: Buffer.alloc(0), sessionLifetimeMs: 0n });
    }) as unknown as Parameters<typeof saslOAuthBearer.authenticate>[0];
    await saslOAuthBearer.authenticate(authenticate, {} as Connection, provider, {});
    expect(sent?.toString()).toBe(initialResponse('signed-token-1'));
    expect(provider.calls).toBe(1);
  });

  it('@platformatic/kafka accepts the options (it validates them when a client is built)', async () => {
    const reader = new PlatformaticPartitionReader(connectionWith(countingProvider('t')));
    await reader.close();
  });

  it('kafkajs gets an oauthBearerProvider that asks our provider at each authentication', async () => {
    const provider = countingProvider('signed-token-2');
    const sasl = kafkajsSasl({ mechanism: 'oauthbearer', token: provider });
    expect(sasl.mechanism).toBe('oauthbearer');

    // kafkajs 2.2.4's own OAUTHBEARER authenticator (pinned; the adapters already rely on its internals).
    const require = createRequire(import.meta.url);
    const authenticator = require('kafkajs/src/broker/saslAuthenticator/oauthBearer.js') as (
      sasl: object,
    ) => (context: object) => { authenticate(): Promise<void> };
    const sent: Buffer[] = [];
    const logger = { debug: () => {}, error: () => {} };
    const saslAuthenticate = async ({ request }: { request: { encode(): Promise<Buffer> } }) => {
      sent.push(await request.encode());
    };
    for (let i = 0; i < 2; i++) {
      await authenticator(sasl)({ host: 'b-1.msk', port: 9098, logger, saslAuthenticate }).authenticate();
    }
    // The encoder prefixes the bytes with their 4-byte length.
    expect(sent.map((b) => b.subarray(4).toString())).toEqual([
      initialResponse('signed-token-2'),
      initialResponse('signed-token-2'),
    ]);
    expect(provider.calls).toBe(2);
  });

  it('keeps PLAIN and SCRAM credentials as they were', () => {
    const scram = { mechanism: 'scram-sha-512', username: 'u', password: 'p' } as const;
    expect(kafkajsSasl(scram)).toEqual(scram);
    expect(platformaticOptions({ brokers: ['a:1'], clientId: 'id', sasl: scram }).sasl).toEqual({
      mechanism: 'SCRAM-SHA-512',
      username: 'u',
      password: 'p',
    });
  });
});
