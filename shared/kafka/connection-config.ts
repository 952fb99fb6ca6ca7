// Kafka client settings written the way Kafka users already write them (bootstrap.servers,
// security.protocol, sasl.mechanism, sasl.jaas.config), turned into a KafkaConnection.
import { ConfigError } from '../api/errors.ts';
import type { KafkaConnection } from './types.ts';

const PROTOCOLS = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'] as const;
const MECHANISMS = {
  PLAIN: 'plain',
  'SCRAM-SHA-256': 'scram-sha-256',
  'SCRAM-SHA-512': 'scram-sha-512',
} as const;

/** username="..." password="..." out of a JAAS line such as PlainLoginModule's or ScramLoginModule's. */
function jaasCredentials(jaas: string): { username: string; password: string } {
  const option = (name: string) =>
    new RegExp(`${name}\\s*=\\s*"((?:[^"\\\\]|\\\\.)*)"`).exec(jaas)?.[1]?.replace(/\\(.)/g, '$1');
  const username = option('username');
  const password = option('password');
  if (username === undefined || password === undefined) {
    throw new ConfigError(
      'sasl.jaas.config',
      '[hidden]',
      'expected username="..." and password="..." options',
    );
  }
  return { username, password };
}

export function kafkaConnectionFrom(
  settings: Readonly<Record<string, string | undefined>>,
  clientId: string,
): KafkaConnection {
  const servers = settings['bootstrap.servers']?.trim();
  if (!servers)
    throw new ConfigError('Missing required configuration "bootstrap.servers" which has no default value.');
  const protocol = (settings['security.protocol'] ?? 'PLAINTEXT').trim().toUpperCase();
  if (!PROTOCOLS.includes(protocol as (typeof PROTOCOLS)[number])) {
    throw new ConfigError('security.protocol', protocol, `String must be one of: ${PROTOCOLS.join(', ')}`);
  }
  const connection: { -readonly [K in keyof KafkaConnection]: KafkaConnection[K] } = {
    brokers: servers.split(/\s*,\s*/).filter(Boolean),
    clientId,
    ssl: protocol === 'SSL' || protocol === 'SASL_SSL',
  };
  if (protocol.startsWith('SASL_')) {
    const mechanism = (settings['sasl.mechanism'] ?? 'PLAIN').trim().toUpperCase();
    const mapped = MECHANISMS[mechanism as keyof typeof MECHANISMS];
    if (!mapped)
      throw new ConfigError(
        'sasl.mechanism',
        mechanism,
        `String must be one of: ${Object.keys(MECHANISMS).join(', ')}`,
      );
    const jaas = settings['sasl.jaas.config'];
    if (!jaas)
      throw new ConfigError(
        'Missing required configuration "sasl.jaas.config" for security.protocol ' + protocol,
      );
    connection.sasl = { mechanism: mapped, ...jaasCredentials(jaas) };
  }
  return connection;
}
