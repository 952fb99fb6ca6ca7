// Builds the config providers a worker declares, in Kafka's worker keys:
//   config.providers=file,env,secretsmanager
//   config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider
//   config.providers.secretsmanager.param.region=eu-west-1
// Classes resolve by their Kafka (or MSK config providers) class name, or its simple name.
import { ConfigError } from '../../api/errors.ts';
import type { ConfigProvider, ConfigProviderFactory } from './config-provider.ts';
import { EnvVarConfigProvider } from './env-var-config-provider.ts';
import { FileConfigProvider } from './file-config-provider.ts';

/** The providers that need nothing but Node; AWS ones come from shared/aws/config-providers.ts. */
export const builtinConfigProviderFactories: Readonly<Record<string, ConfigProviderFactory>> = {
  'org.apache.kafka.common.config.provider.FileConfigProvider': (params) => new FileConfigProvider(params),
  'org.apache.kafka.common.config.provider.EnvVarConfigProvider': (params) =>
    new EnvVarConfigProvider(params),
};

export function configProvidersFromWorkerConfig(
  worker: Readonly<Record<string, string>>,
  factories: Readonly<Record<string, ConfigProviderFactory>> = builtinConfigProviderFactories,
): Map<string, ConfigProvider> {
  const providers = new Map<string, ConfigProvider>();
  const names = (worker['config.providers'] ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  for (const name of names) {
    const classKey = `config.providers.${name}.class`;
    const className = worker[classKey]?.trim();
    if (!className)
      throw new ConfigError(`Missing required configuration "${classKey}" which has no default value.`);
    const factory = findFactory(className, factories);
    if (!factory) throw new ConfigError(classKey, className, `Class ${className} could not be found.`);
    const prefix = `config.providers.${name}.param.`;
    const params: Record<string, string> = {};
    for (const [key, value] of Object.entries(worker)) {
      if (key.startsWith(prefix)) params[key.slice(prefix.length)] = value;
    }
    providers.set(name, factory(params));
  }
  return providers;
}

function findFactory(
  className: string,
  factories: Readonly<Record<string, ConfigProviderFactory>>,
): ConfigProviderFactory | undefined {
  if (factories[className]) return factories[className];
  const matches = Object.keys(factories).filter(
    (full) => full.slice(full.lastIndexOf('.') + 1) === className,
  );
  return matches.length === 1 ? factories[matches[0]!] : undefined;
}
