// Builds a connector's transformation chain from its `transforms` / `predicates` config.
import { ConfigError } from '../api/errors.ts';
import type { RecordTransformer } from './pipeline.ts';
import type { PluginRegistry } from './plugins.ts';

export function createTransformer(
  config: Readonly<Record<string, string>>,
  _registry: PluginRegistry,
): RecordTransformer | null {
  const aliases = (config.transforms ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  if (aliases.length === 0) return null;
  throw new ConfigError(
    'transforms',
    config.transforms,
    'transformations are not available in this build yet',
  );
}
