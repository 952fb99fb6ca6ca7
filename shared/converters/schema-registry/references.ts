// Schema references (Confluent's imports between registered schemas), fetched depth first so that
// a format can define what a schema refers to before the schema itself.
import type { RegisteredSchema, SchemaReference } from './registry-client.ts';

export interface ResolvedReference {
  readonly name: string;
  readonly registered: RegisteredSchema;
}

export async function resolveReferences(
  references: readonly SchemaReference[],
  resolve: (reference: SchemaReference) => Promise<RegisteredSchema>,
  seen: Set<string> = new Set(),
): Promise<ResolvedReference[]> {
  const resolved: ResolvedReference[] = [];
  for (const reference of references) {
    const key = `${reference.subject}\u0000${reference.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const registered = await resolve(reference);
    resolved.push(...(await resolveReferences(registered.references, resolve, seen)));
    resolved.push({ name: reference.name, registered });
  }
  return resolved;
}
