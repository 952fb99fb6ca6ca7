// org.apache.kafka.common.config.provider.EnvVarConfigProvider (Kafka 3.5+, KIP-887): `${env:NAME}`
// reads an environment variable. `allowlist.pattern` (a regex the whole name must match) limits which
// variables may be read; a path is not supported.
import { ConfigError } from '../../api/errors.ts';
import type { ConfigProvider } from './config-provider.ts';

export class EnvVarConfigProvider implements ConfigProvider {
  readonly #env: NodeJS.ProcessEnv;
  readonly #allowlist: RegExp;

  constructor(params: Readonly<Record<string, string>> = {}, env: NodeJS.ProcessEnv = process.env) {
    this.#env = env;
    const pattern = params['allowlist.pattern'] ?? '.*';
    try {
      this.#allowlist = new RegExp(`^(?:${pattern})$`);
    } catch (error) {
      throw new ConfigError('allowlist.pattern', pattern, (error as Error).message);
    }
  }

  async get(path: string, keys: ReadonlySet<string>): Promise<Map<string, string>> {
    if (path !== '')
      throw new ConfigError(`Path is not supported for EnvVarConfigProvider, invalid value '${path}'`);
    const values = new Map<string, string>();
    for (const key of keys) {
      const value = this.#env[key];
      if (value !== undefined && this.#allowlist.test(key)) values.set(key, value);
    }
    return values;
  }
}
