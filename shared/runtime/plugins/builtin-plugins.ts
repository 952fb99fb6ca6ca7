// Every plugin that ships with serverless-connect, in one registry.
import { connectorPlugins } from '../../connectors/index.ts';
import { converterPlugins } from '../../converters/index.ts';
import { predicatePlugins, transformationPlugins } from '../../transforms/index.ts';
import { PluginRegistry } from './plugins.ts';

let registry: PluginRegistry | undefined;

export function builtinPlugins(): PluginRegistry {
  registry ??= new PluginRegistry([
    ...connectorPlugins,
    ...converterPlugins,
    ...transformationPlugins,
    ...predicatePlugins,
  ]);
  return registry;
}
