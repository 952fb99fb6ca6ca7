// Config providers backed by AWS, under the class names of the MSK config providers so worker
// configs written for MSK Connect work unchanged:
//   ${secretsmanager:<secret id>:<json key>}   a field of a JSON secret
//   ${secretsmanager:<secret id>}              the whole secret string
//   ${ssm::/path/to/parameter}                 a Parameter Store value (decrypted)
// A secret id containing ':' (an ARN) must be URL-encoded, because ':' separates the reference.
// Param `region` picks the region; `endpoint` overrides the service URL (LocalStack).
//
// The SDK clients are imported on the first read, not with the module: a function whose connectors
// reference no secret never evaluates them (cold start).
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { ConfigError } from '../api/errors.ts';
import type { ConfigProvider, ConfigProviderFactory } from '../config/providers/config-provider.ts';

/** Reads one secret's string; undefined when it does not exist. */
export type SecretReader = (id: string) => Promise<string | undefined>;

export class SecretsManagerConfigProvider implements ConfigProvider {
  readonly #read: SecretReader;

  constructor(read: SecretReader) {
    this.#read = read;
  }

  async get(path: string, keys: ReadonlySet<string>): Promise<Map<string, string>> {
    const values = new Map<string, string>();
    if (path === '') {
      // Two-part form: the key is the secret id and the value is the whole secret.
      for (const key of keys) {
        const secret = await this.#read(decodeURIComponent(key));
        if (secret !== undefined) values.set(key, secret);
      }
      return values;
    }
    const id = decodeURIComponent(path);
    const secret = await this.#read(id);
    if (secret === undefined) throw new ConfigError(`Secret ${id} was not found in AWS Secrets Manager`);
    let fields: unknown;
    try {
      fields = JSON.parse(secret);
    } catch {
      throw new ConfigError(
        `Secret ${id} is not a JSON object, so it has no key to read; use \${<provider>:${path}}`,
      );
    }
    if (typeof fields !== 'object' || fields === null)
      throw new ConfigError(`Secret ${id} is not a JSON object`);
    for (const key of keys) {
      const value = (fields as Record<string, unknown>)[key];
      if (value !== undefined && value !== null)
        values.set(key, typeof value === 'string' ? value : JSON.stringify(value));
    }
    return values;
  }
}

export class SsmParamStoreConfigProvider implements ConfigProvider {
  readonly #read: SecretReader;

  constructor(read: SecretReader) {
    this.#read = read;
  }

  /** The key is the parameter name; the path is not used (as in the MSK provider). */
  async get(_path: string, keys: ReadonlySet<string>): Promise<Map<string, string>> {
    const values = new Map<string, string>();
    for (const key of keys) {
      const value = await this.#read(key);
      if (value === undefined)
        throw new ConfigError(`Parameter ${key} was not found in AWS Systems Manager Parameter Store`);
      values.set(key, value);
    }
    return values;
  }
}

function clientConfig(params: Readonly<Record<string, string>>): { region?: string; endpoint?: string } {
  return {
    ...(params.region ? { region: params.region } : {}),
    ...(params.endpoint ? { endpoint: params.endpoint } : {}),
  };
}

export function secretsManagerReader(client: SecretsManagerClient): SecretReader {
  return async (id) => {
    const { GetSecretValueCommand, ResourceNotFoundException } = await import(
      '@aws-sdk/client-secrets-manager'
    );
    try {
      const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: id }));
      return SecretString;
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return undefined;
      throw error;
    }
  };
}

export function ssmReader(client: SSMClient): SecretReader {
  return async (name) => {
    const { GetParameterCommand, ParameterNotFound } = await import('@aws-sdk/client-ssm');
    try {
      const { Parameter } = await client.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
      return Parameter?.Value;
    } catch (error) {
      if (error instanceof ParameterNotFound) return undefined;
      throw error;
    }
  };
}

/** A reader whose client is made (and its SDK module imported) on the first read. */
function deferredReader(make: () => Promise<SecretReader>): SecretReader {
  let reader: Promise<SecretReader> | undefined;
  return async (key) => {
    reader ??= make();
    return (await reader)(key);
  };
}

export const awsConfigProviderFactories: Readonly<Record<string, ConfigProviderFactory>> = {
  'com.amazonaws.kafka.config.providers.SecretsManagerConfigProvider': (params) =>
    new SecretsManagerConfigProvider(
      deferredReader(async () => {
        const { SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
        return secretsManagerReader(new SecretsManagerClient(clientConfig(params)));
      }),
    ),
  'com.amazonaws.kafka.config.providers.SsmParamStoreConfigProvider': (params) =>
    new SsmParamStoreConfigProvider(
      deferredReader(async () => {
        const { SSMClient } = await import('@aws-sdk/client-ssm');
        return ssmReader(new SSMClient(clientConfig(params)));
      }),
    ),
};
