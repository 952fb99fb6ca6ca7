// Derived schemas, built once per input schema. Kafka keeps an LRU of 16 keyed by schema equality;
// we key on the schema object itself (converters hand out one object per distinct schema) and let
// the garbage collector drop entries whose input schema is gone, so the cache never grows unbounded.
import type { Schema } from '../../api/schema.ts';

export class SchemaUpdateCache {
  #entries = new WeakMap<Schema, Schema>();

  get(schema: Schema): Schema | undefined {
    return this.#entries.get(schema);
  }

  put(schema: Schema, updated: Schema): void {
    this.#entries.set(schema, updated);
  }

  /** The cached schema for `schema`, building it with `build` on first use. */
  getOrBuild(schema: Schema, build: (schema: Schema) => Schema): Schema {
    let updated = this.#entries.get(schema);
    if (updated === undefined) {
      updated = build(schema);
      this.#entries.set(schema, updated);
    }
    return updated;
  }

  clear(): void {
    this.#entries = new WeakMap();
  }
}
