// Maps our KafkaConnection onto @platformatic/kafka's client options.
import type { KafkaConnection } from '../types.ts';

const SASL_MECHANISMS = {
  plain: 'PLAIN',
  'scram-sha-256': 'SCRAM-SHA-256',
  'scram-sha-512': 'SCRAM-SHA-512',
} as const;

export function platformaticOptions(connection: KafkaConnection) {
  return {
    clientId: connection.clientId,
    bootstrapBrokers: [...connection.brokers],
    connectTimeout: connection.connectionTimeoutMs ?? 10_000,
    requestTimeout: connection.requestTimeoutMs ?? 30_000,
    ...(connection.ssl ? { tls: {} } : {}),
    ...(connection.sasl
      ? {
          sasl: {
            mechanism: SASL_MECHANISMS[connection.sasl.mechanism],
            username: connection.sasl.username,
            password: connection.sasl.password,
          },
        }
      : {}),
  };
}
