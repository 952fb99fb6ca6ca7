// Resolves plugin names from connector JSON to our implementations: full Kafka Connect class names
// and the aliases Kafka derives from them (the simple class name, and that name without its type
// suffix, e.g. FileStreamSinkConnector → FileStreamSink, JsonConverter → Json). As in Kafka, an
// alias that two plugins share is ambiguous and resolves to neither.
import type { Plugin, PluginType } from '../../api/plugin.ts';

const SUFFIX_BY_TYPE: Record<PluginType, string> = {
  sink: 'Connector',
  source: 'Connector',
  converter: 'Converter',
  header_converter: 'HeaderConverter',
  transformation: 'Transformation',
  predicate: 'Predicate',
};

/** Java's Class.getSimpleName: the part after the last '.' and, for nested classes, after '$'. */
export function simpleName(className: string): string {
  const afterDot = className.slice(className.lastIndexOf('.') + 1);
  return afterDot.slice(afterDot.lastIndexOf('$') + 1);
}

function prunedName(plugin: Plugin): string {
  const simple = simpleName(plugin.className);
  const pos = simple.lastIndexOf(SUFFIX_BY_TYPE[plugin.type]);
  return pos > 0 ? simple.slice(0, pos) : simple;
}

export class PluginRegistry {
  readonly #plugins: readonly Plugin[];
  /** name → class name, for every unambiguous alias. */
  readonly #aliases = new Map<string, string>();

  constructor(plugins: readonly Plugin[]) {
    this.#plugins = plugins;
    const candidates = new Map<string, Set<string>>();
    const offer = (alias: string, className: string) => {
      if (!candidates.has(alias)) candidates.set(alias, new Set());
      candidates.get(alias)!.add(className);
    };
    for (const plugin of plugins) {
      offer(simpleName(plugin.className), plugin.className);
      offer(prunedName(plugin), plugin.className);
      for (const alias of plugin.aliases ?? []) offer(alias, plugin.className);
    }
    for (const [alias, classNames] of candidates) {
      if (classNames.size === 1) this.#aliases.set(alias, [...classNames][0]!);
    }
  }

  all(): readonly Plugin[] {
    return this.#plugins;
  }

  /** The full class name `name` stands for, or undefined. */
  className(name: string): string | undefined {
    const trimmed = name.trim();
    if (this.#plugins.some((p) => p.className === trimmed)) return trimmed;
    return this.#aliases.get(trimmed);
  }

  /** The plugin of one of `types` that `name` (class name or alias) resolves to. */
  find<T extends PluginType>(name: string, ...types: T[]): Extract<Plugin, { type: T }> | undefined {
    const className = this.className(name);
    if (className === undefined) return undefined;
    return this.#plugins.find(
      (p): p is Extract<Plugin, { type: T }> => p.className === className && types.includes(p.type as T),
    );
  }
}
