// Kafka's ConnectorConfig.enrich: the connector's ConfigDef grows, for every alias listed in
// `transforms` and `predicates`, a `<prefix>type` key naming the plugin class, and the plugin's own
// keys under `<prefix>` (transforms.<alias>. or predicates.<alias>.), so that validation reports
// errors per key exactly as Kafka Connect's /config/validate does, and the chain is built from
// the same parsed values.
import { ConfigDef, type ConfigKey, NO_DEFAULT, type Validator } from '../api/config-def.ts';
import { ConfigError } from '../api/errors.ts';
import type { Plugin, PluginType } from '../api/plugin.ts';
import type { PluginRegistry } from '../runtime/plugins/plugins.ts';

export const TRANSFORMS = 'transforms';
export const PREDICATES = 'predicates';

interface AliasKind {
  readonly listKey: typeof TRANSFORMS | typeof PREDICATES;
  readonly kind: 'Transformation' | 'Predicate';
  readonly group: 'Transforms' | 'Predicates';
  readonly pluginType: Extract<PluginType, 'transformation' | 'predicate'>;
}

const TRANSFORMATION: AliasKind = {
  listKey: TRANSFORMS,
  kind: 'Transformation',
  group: 'Transforms',
  pluginType: 'transformation',
};
const PREDICATE: AliasKind = {
  listKey: PREDICATES,
  kind: 'Predicate',
  group: 'Predicates',
  pluginType: 'predicate',
};

/** The aliases of a `transforms` / `predicates` value, as ConfigDef parses a LIST. */
export function parseAliases(value: string | undefined): string[] {
  const trimmed = (value ?? '').trim();
  return trimmed === '' ? [] : trimmed.split(/\s*,\s*/);
}

/**
 * Adds the transformation and predicate keys to `base`. With `requireFullConfig` (building the
 * chain) a missing or unusable plugin class fails at once, as Kafka's runtime does; without it
 * (validation) the problem is left for the `<prefix>type` key to report.
 */
export function enrichTransforms(
  base: ConfigDef,
  config: Readonly<Record<string, string>>,
  registry: PluginRegistry,
  requireFullConfig: boolean,
): ConfigDef {
  const def = new ConfigDef().embed(base);
  for (const kind of [TRANSFORMATION, PREDICATE])
    enrichAliases(def, kind, config, registry, requireFullConfig);
  return def;
}

function enrichAliases(
  def: ConfigDef,
  kind: AliasKind,
  config: Readonly<Record<string, string>>,
  registry: PluginRegistry,
  requireFullConfig: boolean,
): void {
  for (const alias of new Set(parseAliases(config[kind.listKey]))) {
    const prefix = `${kind.listKey}.${alias}.`;
    const group = `${kind.group}: ${alias}`;
    const typeKey = `${prefix}type`;
    let order = 0;
    def.define({
      name: typeKey,
      type: 'CLASS',
      validator: typeValidator(kind, prefix, config, registry),
      importance: 'HIGH',
      documentation: `Class for the '${alias}' ${kind.kind.toLowerCase()}.`,
      group,
      orderInGroup: order++,
      width: 'LONG',
      displayName: `${kind.kind} type for ${alias}`,
      recommendedValues: () =>
        registry
          .all()
          .filter((p) => p.type === kind.pluginType)
          .map((p) => p.className),
    });
    const pluginDef = new ConfigDef();
    if (kind === TRANSFORMATION) {
      pluginDef
        .define({
          name: 'predicate',
          type: 'STRING',
          defaultValue: null,
          importance: 'MEDIUM',
          documentation: 'The alias of a predicate used to determine whether to apply this transformation.',
        })
        .define({
          name: 'negate',
          type: 'BOOLEAN',
          defaultValue: false,
          importance: 'MEDIUM',
          documentation: 'Whether the configured predicate should be negated.',
        });
    }
    try {
      const className = config[typeKey];
      if (className === undefined) throw new ConfigError(typeKey, null, `Not a ${kind.kind}`);
      for (const key of pluginConfigDef(kind, typeKey, className, registry).keys()) {
        // A plugin may not redefine the keys the runtime reserves for itself.
        if (kind === TRANSFORMATION && (key.name === 'predicate' || key.name === 'negate')) continue;
        pluginDef.define(keyInit(key, '', ''));
      }
    } catch (error) {
      if (requireFullConfig) throw error;
      continue;
    }
    // Kafka numbers the keys in its sorted order (ConfigDef.sortedConfigs) after the type (0) and its
    // plugin.version key (1, which we do not have), so the orders match Kafka's.
    order = 2;
    for (const key of [...pluginDef.keys()].sort(kafkaKeyOrder))
      def.define(keyInit(key, prefix, group, order++));
  }
}

/** The plugin's ConfigDef, or Kafka's error for a class that is unknown or of the wrong kind. */
export function resolvePlugin<T extends 'transformation' | 'predicate'>(
  kind: T,
  key: string,
  name: string,
  registry: PluginRegistry,
): Extract<Plugin, { type: T }> {
  const trimmed = name.trim();
  const plugin = registry.find(trimmed, kind);
  if (plugin) return plugin;
  const base = kind === 'transformation' ? 'Transformation' : 'Predicate';
  const concrete = [`${trimmed}$Key`, `${trimmed}$Value`].filter((n) => registry.find(n, kind));
  if (concrete.length > 0) {
    // Kafka's answer for the abstract outer class, e.g. InsertField instead of InsertField$Value.
    throw new ConfigError(
      `This class is abstract and cannot be created. Did you mean ${concrete.join(', ')}?`,
    );
  }
  const className = registry.className(trimmed);
  if (className !== undefined) {
    throw new ConfigError(`Class class ${className} does not implement the ${base} interface`);
  }
  throw new ConfigError(key, trimmed, `Class ${trimmed} could not be found.`);
}

function pluginConfigDef(
  kind: AliasKind,
  key: string,
  className: string,
  registry: PluginRegistry,
): ConfigDef {
  return resolvePlugin(kind.pluginType, key, className, registry).config();
}

function typeValidator(
  kind: AliasKind,
  prefix: string,
  config: Readonly<Record<string, string>>,
  registry: PluginRegistry,
): Validator {
  return {
    ensureValid(name, value) {
      if (value === null || value === undefined) return;
      // Kafka resolves the class (ConfigDef's CLASS parsing) before its other checks.
      const className = String(value);
      const known =
        registry.className(className) !== undefined || registry.find(`${className}$Value`, kind.pluginType);
      if (!known) throw new ConfigError(name, className, `Class ${className} could not be found.`);
      if (kind === TRANSFORMATION && `${prefix}negate` in config && !(`${prefix}predicate` in config)) {
        throw new ConfigError(
          `Config '${prefix}negate' was provided but there is no config '${prefix}predicate' defining a predicate to be negated.`,
        );
      }
      resolvePlugin(kind.pluginType, name, className, registry);
    },
    toString: () =>
      `valid configs for ${prefix.slice(kind.listKey.length + 1, -1)} ${kind.kind.toLowerCase()}`,
  };
}

const IMPORTANCE_RANK = { HIGH: 0, MEDIUM: 1, LOW: 2 } as const;

/** Kafka's ConfigDef.sortedConfigs within one group: order in group, required first, importance, name. */
function kafkaKeyOrder(a: ConfigKey, b: ConfigKey): number {
  const required = (key: ConfigKey) => (key.defaultValue === NO_DEFAULT ? 0 : 1);
  return (
    a.orderInGroup - b.orderInGroup ||
    required(a) - required(b) ||
    IMPORTANCE_RANK[a.importance] - IMPORTANCE_RANK[b.importance] ||
    (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
  );
}

/** ConfigDef.embed for one key: prefixed name and group; the validator still sees the plain name. */
function keyInit(key: ConfigKey, prefix: string, groupPrefix: string, orderInGroup = key.orderInGroup) {
  const validator = key.validator;
  return {
    name: prefix + key.name,
    type: key.type,
    ...(key.defaultValue === NO_DEFAULT ? {} : { defaultValue: key.defaultValue }),
    ...(validator
      ? {
          validator: {
            ensureValid: (name: string, value: unknown) =>
              validator.ensureValid(name.slice(prefix.length), value),
            toString: () => validator.toString(),
          },
        }
      : {}),
    importance: key.importance,
    documentation: key.documentation,
    group:
      prefix === '' ? (key.group ?? undefined) : groupPrefix + (key.group === null ? '' : `: ${key.group}`),
    orderInGroup,
    width: key.width,
    displayName: key.displayName,
    dependents: key.dependents.map((d) => prefix + d),
  };
}
