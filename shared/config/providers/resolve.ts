// Replaces `${provider:path:key}` / `${provider:key}` references with the providers' values, with
// Kafka's ConfigTransformer rules: a reference to an unknown provider, or to a key the provider does
// not have, stays as written; each (provider, path) is asked once for all the keys it must supply.
import type { ConfigProviders } from './config-provider.ts';

// Kafka's ConfigTransformer pattern: provider, optional path, key; none may contain '}'.
const REFERENCE = /\$\{([^}]*?):(?:([^}]*?):)?([^}]*?)\}/g;

interface Reference {
  readonly provider: string;
  readonly path: string;
  readonly key: string;
}

export async function resolveConfigReferences(
  config: Readonly<Record<string, string>>,
  providers: ConfigProviders,
): Promise<Record<string, string>> {
  const wanted = new Map<string, { provider: string; path: string; keys: Set<string> }>();
  for (const value of Object.values(config)) {
    for (const reference of references(value)) {
      if (!providers.has(reference.provider)) continue;
      const id = JSON.stringify([reference.provider, reference.path]);
      let entry = wanted.get(id);
      if (!entry) {
        entry = { provider: reference.provider, path: reference.path, keys: new Set() };
        wanted.set(id, entry);
      }
      entry.keys.add(reference.key);
    }
  }
  const found = new Map<string, Map<string, string>>();
  for (const [id, entry] of wanted) {
    found.set(id, await providers.get(entry.provider)!.get(entry.path, entry.keys));
  }
  const resolved: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    resolved[key] = value.replace(
      REFERENCE,
      (whole, provider: string, path: string | undefined, name: string) => {
        const values = found.get(JSON.stringify([provider, path ?? '']));
        return values?.get(name) ?? whole;
      },
    );
  }
  return resolved;
}

function references(value: string): Reference[] {
  return [...value.matchAll(REFERENCE)].map((m) => ({ provider: m[1]!, path: m[2] ?? '', key: m[3]! }));
}
