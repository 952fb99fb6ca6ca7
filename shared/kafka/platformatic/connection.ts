// Maps our KafkaConnection onto @platformatic/kafka's client options.
import type { SASLOptions } from '@platformatic/kafka';
import type { KafkaConnection } from '../types.ts';

const SASL_MECHANISMS = {
  plain: 'PLAIN',
  'scram-sha-256': 'SCRAM-SHA-256',
  'scram-sha-512': 'SCRAM-SHA-512',
} as const;

/** Our SASL settings in @platformatic/kafka's shape; it calls a token function at each authentication. */
export function platformaticSasl(sasl: NonNullable<KafkaConnection['sasl']>): SASLOptions {
  if (sasl.mechanism === 'oauthbearer') return { mechanism: 'OAUTHBEARER', token: sasl.token };
  return { mechanism: SASL_MECHANISMS[sasl.mechanism], username: sasl.username, password: sasl.password };
}

export function platformaticOptions(connection: KafkaConnection) {
  return {
    clientId: connection.clientId,
    bootstrapBrokers: [...connection.brokers],
    connectTimeout: connection.connectionTimeoutMs ?? 10_000,
    requestTimeout: connection.requestTimeoutMs ?? 30_000,
    ...(connection.ssl ? { tls: {} } : {}),
    ...(connection.sasl ? { sasl: platformaticSasl(connection.sasl) } : {}),
  };
}
