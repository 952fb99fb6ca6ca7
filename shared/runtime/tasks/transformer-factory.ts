// Builds a connector's transformation chain from its `transforms` / `predicates` config, as Kafka's
// ConnectorConfig.transformationStages does: the config is enriched with every alias's keys and
// parsed (so the first invalid key fails with Kafka's message), then each SMT and its predicate is
// created and configured with its own keys, prefix removed.
import { ConfigDef } from '../../api/config-def.ts';
import { ConfigError } from '../../api/errors.ts';
import { connectorConfigDef } from '../../config/connector-config-def.ts';
import { enrichTransforms, parseAliases, resolvePlugin } from '../../config/enrich-transforms.ts';
import type { PluginRegistry } from '../plugins/plugins.ts';
import { withoutPrefix } from './sink-pipeline-factory.ts';
import { TransformationChain, type TransformationStage } from './transformation-chain.ts';

/** The chain for `config`, or null when it names no transformations. Throws ConfigError. */
export function createTransformer(
  config: Readonly<Record<string, string>>,
  registry: PluginRegistry,
): TransformationChain | null {
  const stages = createStages(config, registry);
  return stages.length === 0 ? null : new TransformationChain(stages);
}

export function createStages(
  config: Readonly<Record<string, string>>,
  registry: PluginRegistry,
): TransformationStage[] {
  const transforms = parseAliases(config.transforms);
  if (transforms.length === 0) return [];
  const parsed = parseTransformKeys(config, registry);
  const predicates = new Set(parsed.predicates as string[]);
  return transforms.map((alias) => {
    const prefix = `transforms.${alias}.`;
    const plugin = resolvePlugin('transformation', `${prefix}type`, config[`${prefix}type`]!, registry);
    const configs: Record<string, string> = withoutPrefix(config, prefix);
    const predicateAlias = configs.predicate;
    const negate = configs.negate;
    delete configs.predicate;
    delete configs.negate;
    const transformation = plugin.create();
    transformation.configure(configs);
    let predicate: TransformationStage['predicate'] = null;
    if (predicateAlias !== undefined) {
      const predicatePrefix = `predicates.${predicateAlias}.`;
      // Kafka looks the key up in the enriched config, which only has keys for listed aliases.
      if (!predicates.has(predicateAlias))
        throw new ConfigError(`Unknown configuration '${predicatePrefix}type'`);
      const predicatePlugin = resolvePlugin(
        'predicate',
        `${predicatePrefix}type`,
        config[`${predicatePrefix}type`]!,
        registry,
      );
      const instance = predicatePlugin.create();
      instance.configure(withoutPrefix(config, predicatePrefix));
      predicate = { alias: predicateAlias, className: predicatePlugin.className, predicate: instance };
    }
    return {
      alias,
      className: plugin.className,
      transformation,
      predicate,
      negate: negate !== undefined && negate.trim().toLowerCase() === 'true',
    };
  });
}

/** The `transforms`/`predicates` keys parsed against the enriched definition, failing on the first error. */
function parseTransformKeys(
  config: Readonly<Record<string, string>>,
  registry: PluginRegistry,
): Record<string, unknown> {
  const base = new ConfigDef();
  for (const name of ['transforms', 'predicates']) {
    const key = connectorConfigDef().key(name)!;
    base.define({ ...key, group: key.group ?? undefined, validator: key.validator });
  }
  return enrichTransforms(base, config, registry, true).parse(config);
}
