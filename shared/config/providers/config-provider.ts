// Kafka's ConfigProvider: a named source of values that configs reference as
// `${provider:path:key}` (or `${provider:key}`), so secrets stay out of stored configs. The worker
// declares providers with `config.providers=a,b` and `config.providers.<name>.class` (+ `.param.*`).

export interface ConfigProvider {
  /**
   * The values of `keys` under `path`. Keys it does not know are left out of the result, and the
   * reference then stays unresolved (as in Kafka). Throws a ConfigError when the path cannot be read.
   */
  get(path: string, keys: ReadonlySet<string>): Promise<Map<string, string>>;
}

/** Configured providers by the name references use (`file`, `env`, `secretsmanager`, ...). */
export type ConfigProviders = ReadonlyMap<string, ConfigProvider>;

/** Builds a provider from its `config.providers.<name>.param.*` settings (prefix removed). */
export type ConfigProviderFactory = (params: Readonly<Record<string, string>>) => ConfigProvider;
