// Kafka client settings written the way Kafka users already write them (bootstrap.servers,
// security.protocol, sasl.mechanism, sasl.jaas.config), turned into a KafkaConnection.
import { ConfigError } from '../api/errors.ts';
import { mskIamClassNames, mskIamTokenProvider, regionOfMskBroker } from './msk-iam.ts';
import type { KafkaConnection, OAuthBearerSasl } from './types.ts';

const PROTOCOLS = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'] as const;
const PASSWORD_MECHANISMS = {
  PLAIN: 'plain',
  'SCRAM-SHA-256': 'scram-sha-256',
  'SCRAM-SHA-512': 'scram-sha-512',
} as const;
/** Both sign in to MSK with IAM; AWS_MSK_IAM is the Java library's own mechanism name for it. */
const IAM_MECHANISMS = ['AWS_MSK_IAM', 'OAUTHBEARER'] as const;
const MECHANISMS = [...Object.keys(PASSWORD_MECHANISMS), ...IAM_MECHANISMS];

type Settings = Readonly<Record<string, string | undefined>>;

/** A JAAS option, `name="quoted \"value\""` or `name=bare`, unescaped. */
function jaasOption(jaas: string, name: string): string | undefined {
  const match = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^\\s;"]+))`).exec(jaas);
  if (!match) return undefined;
  return match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : match[2];
}

/** The login module class a JAAS line starts with. */
function jaasLoginModule(jaas: string): string {
  return jaas.trim().split(/\s+/)[0] ?? '';
}

/** username="..." password="..." out of a JAAS line such as PlainLoginModule's or ScramLoginModule's. */
function jaasCredentials(jaas: string): { username: string; password: string } {
  const username = jaasOption(jaas, 'username');
  const password = jaasOption(jaas, 'password');
  if (username === undefined || password === undefined) {
    throw new ConfigError(
      'sasl.jaas.config',
      '[hidden]',
      'expected username="..." and password="..." options',
    );
  }
  return { username, password };
}

/**
 * MSK IAM, configured as MSK documents it for Java clients: either `sasl.mechanism=AWS_MSK_IAM`
 * with `IAMLoginModule`, or `sasl.mechanism=OAUTHBEARER` with Kafka's `OAuthBearerLoginModule` and
 * `sasl.login.callback.handler.class=...IAMOAuthBearerLoginCallbackHandler`. Both go over the wire
 * as SASL/OAUTHBEARER here (MSK accepts either mechanism on its IAM listener). Other OAUTHBEARER
 * token sources (an OIDC token endpoint) are not implemented, so they are refused by name.
 */
function mskIamSasl(
  mechanism: (typeof IAM_MECHANISMS)[number],
  jaas: string,
  settings: Settings,
  brokers: readonly string[],
  env: Settings,
): OAuthBearerSasl {
  const loginModule = jaasLoginModule(jaas);
  if (mechanism === 'AWS_MSK_IAM' && loginModule !== mskIamClassNames.loginModule) {
    throw new ConfigError(
      'sasl.jaas.config',
      loginModule,
      `sasl.mechanism AWS_MSK_IAM needs the login module ${mskIamClassNames.loginModule}`,
    );
  }
  if (mechanism === 'OAUTHBEARER') {
    const handler = settings['sasl.login.callback.handler.class']?.trim();
    if (handler !== mskIamClassNames.oauthBearerCallbackHandler) {
      throw new ConfigError(
        'sasl.login.callback.handler.class',
        handler ?? 'null',
        `only ${mskIamClassNames.oauthBearerCallbackHandler} (Amazon MSK IAM) is supported for OAUTHBEARER`,
      );
    }
  }
  // Java's signer takes the region from the AWS region chain (aws.region, AWS_REGION, profile);
  // MSK broker names carry it too, which covers a laptop with no region configured.
  const region =
    settings['aws.region']?.trim() ||
    env.AWS_REGION ||
    env.AWS_DEFAULT_REGION ||
    brokers.map(regionOfMskBroker).find((r) => r !== undefined);
  if (!region) {
    throw new ConfigError(
      'Missing required configuration "aws.region" which has no default value: MSK IAM signs for a region; ' +
        'set aws.region or AWS_REGION',
    );
  }
  const profileName = jaasOption(jaas, 'awsProfileName');
  const roleArn = jaasOption(jaas, 'awsRoleArn');
  const roleSessionName = jaasOption(jaas, 'awsRoleSessionName');
  return {
    mechanism: 'oauthbearer',
    token: mskIamTokenProvider({
      region,
      ...(profileName ? { profileName } : {}),
      ...(roleArn ? { roleArn } : {}),
      ...(roleSessionName ? { roleSessionName } : {}),
      ...(jaasOption(jaas, 'awsDebugCreds') === 'true' ? { debugCredentials: true } : {}),
    }),
  };
}

export function kafkaConnectionFrom(
  settings: Settings,
  clientId: string,
  /** Where MSK IAM finds its region when `aws.region` is not set. */
  env: Settings = process.env,
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
    if (!MECHANISMS.includes(mechanism))
      throw new ConfigError('sasl.mechanism', mechanism, `String must be one of: ${MECHANISMS.join(', ')}`);
    const jaas = settings['sasl.jaas.config'];
    if (!jaas)
      throw new ConfigError(
        'Missing required configuration "sasl.jaas.config" for security.protocol ' + protocol,
      );
    connection.sasl = IAM_MECHANISMS.includes(mechanism as (typeof IAM_MECHANISMS)[number])
      ? mskIamSasl(mechanism as (typeof IAM_MECHANISMS)[number], jaas, settings, connection.brokers, env)
      : {
          mechanism: PASSWORD_MECHANISMS[mechanism as keyof typeof PASSWORD_MECHANISMS],
          ...jaasCredentials(jaas),
        };
  }
  return connection;
}
