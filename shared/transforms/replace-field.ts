// org.apache.kafka.connect.transforms.ReplaceField$Key / $Value: drops (exclude), keeps (include)
// and renames fields of a struct or map.
import { ConfigDef } from '../api/config-def.ts';
import { ConfigError } from '../api/errors.ts';
import type { ConnectRecord } from '../api/record.ts';
import { type Schema, SchemaBuilder, Struct } from '../api/schema.ts';
import type { Transformation } from '../api/transformation.ts';
import { rule } from '../api/validators.ts';
import { javaSplit } from './cast.ts';
import { defineReplaceNullWithDefault, formatList, REPLACE_NULL_WITH_DEFAULT } from './util/config.ts';
import { adopt, writableMap } from './util/owned-values.ts';
import { requireMap, requireStruct } from './util/requirements.ts';
import { SchemaUpdateCache } from './util/schema-cache.ts';
import { copySchemaBasics } from './util/schema-util.ts';
import { operatingSchema, operatingValue, type Side, withSide } from './util/side.ts';

const PURPOSE = 'field replacement';

function parseRenames(mappings: readonly string[]): Map<string, string> {
  const renames = new Map<string, string>();
  for (const mapping of mappings) {
    const parts = javaSplit(mapping, ':');
    if (parts.length !== 2) {
      throw new ConfigError('renames', formatList(mappings), `Invalid rename mapping: ${mapping}`);
    }
    renames.set(parts[0]!, parts[1]!);
  }
  return renames;
}

export const replaceFieldConfigDef = (): ConfigDef =>
  defineReplaceNullWithDefault(
    new ConfigDef()
      .define({
        name: 'exclude',
        type: 'LIST',
        defaultValue: '',
        importance: 'MEDIUM',
        documentation: 'Fields to exclude. This takes precedence over the fields to include.',
      })
      .define({
        name: 'include',
        type: 'LIST',
        defaultValue: '',
        importance: 'MEDIUM',
        documentation: 'Fields to include. If specified, only these fields will be used.',
      })
      .define({
        name: 'renames',
        type: 'LIST',
        defaultValue: '',
        validator: rule('list of colon-delimited pairs, e.g. <code>foo:bar,abc:xyz</code>', (value) => {
          parseRenames((value as string[] | null) ?? []);
          return undefined;
        }),
        importance: 'MEDIUM',
        documentation: 'Field rename mappings.',
      }),
  );

abstract class ReplaceField implements Transformation {
  readonly #side: Side;
  #exclude = new Set<string>();
  #include = new Set<string>();
  #renames = new Map<string, string>();
  #reverseRenames = new Map<string, string>();
  /**
   * What becomes of each field named in the config: its new name, or null when it is dropped. A
   * field not listed here is kept as it is when there is no include list, else dropped.
   * One lookup per field of a schemaless map instead of three (exclude, include, renames).
   */
  #fates = new Map<string, string | null>();
  #replaceNullWithDefault = true;
  readonly #schemaCache = new SchemaUpdateCache();

  constructor(side: Side) {
    this.#side = side;
  }

  config(): ConfigDef {
    return replaceFieldConfigDef();
  }

  configure(configs: Readonly<Record<string, unknown>>): void {
    const parsed = this.config().parse(configs);
    this.#exclude = new Set(parsed.exclude as string[]);
    this.#include = new Set(parsed.include as string[]);
    this.#renames = parseRenames(parsed.renames as string[]);
    this.#reverseRenames = new Map([...this.#renames].map(([from, to]) => [to, from]));
    this.#fates = new Map();
    for (const name of [...this.#renames.keys(), ...this.#exclude, ...this.#include])
      this.#fates.set(name, this.#keep(name) ? this.#renamed(name) : null);
    this.#replaceNullWithDefault = parsed[REPLACE_NULL_WITH_DEFAULT] as boolean;
    this.#schemaCache.clear();
  }

  #keep(name: string): boolean {
    return !this.#exclude.has(name) && (this.#include.size === 0 || this.#include.has(name));
  }

  #renamed(name: string): string {
    return this.#renames.get(name) ?? name;
  }

  apply<R extends ConnectRecord>(record: R): R {
    const value = operatingValue(record, this.#side);
    if (value === null || value === undefined) return record;
    if (operatingSchema(record, this.#side) === null) {
      const map = requireMap(value, PURPOSE);
      const updated = this.#removedInPlace(record, map) ?? this.#rebuilt(map);
      return adopt(withSide(record, this.#side, null, updated), updated);
    }
    const struct = requireStruct(value, PURPOSE);
    const updatedSchema = this.#schemaCache.getOrBuild(struct.schema, (s) => this.#buildSchema(s));
    const updated = new Struct(updatedSchema);
    for (const field of updatedSchema.fields) {
      const source = this.#reverseRenames.get(field.name) ?? field.name;
      const from = struct.fieldNamed(source);
      updated.putFrom(from, struct.fieldValue(from, this.#replaceNullWithDefault), field.name);
    }
    return withSide(record, this.#side, updatedSchema, updated);
  }

  #rebuilt(map: Map<unknown, unknown>): Map<unknown, unknown> {
    const updated = new Map<unknown, unknown>();
    const fates = this.#fates;
    // Every included name has a fate, so an unlisted field is kept only without an include list.
    const keepUnlisted = this.#include.size === 0;
    map.forEach((fieldValue, name) => {
      // Java's String keys: a non-string key is neither kept by name nor renamed.
      const key = typeof name === 'string' ? name : String(name);
      const fate = fates.get(key);
      if (fate === undefined) {
        if (keepUnlisted) updated.set(key, fieldValue);
      } else if (fate !== null) updated.set(fate, fieldValue);
    });
    return updated;
  }

  /**
   * The owned map itself with the dropped fields removed, when that gives the same map as
   * rebuilding: no renames (a rename keeps its field's place) and only string keys.
   */
  #removedInPlace(record: ConnectRecord, map: Map<unknown, unknown>): Map<unknown, unknown> | undefined {
    if (this.#renames.size !== 0 || writableMap(record, map, false) !== map) return undefined;
    const exclude = this.#exclude;
    const include = this.#include.size === 0 ? null : this.#include;
    const dropped: string[] = [];
    for (const name of map.keys()) {
      if (typeof name !== 'string') return undefined;
      if (exclude.has(name) || (include !== null && !include.has(name))) dropped.push(name);
    }
    for (let i = 0; i < dropped.length; i++) map.delete(dropped[i]);
    return map;
  }

  #buildSchema(schema: Schema): Schema {
    const builder = copySchemaBasics(schema, SchemaBuilder.struct());
    for (const field of schema.fields) {
      if (this.#keep(field.name)) builder.field(this.#renamed(field.name), field.schema);
    }
    return builder.build();
  }
}

export class ReplaceFieldKey extends ReplaceField {
  constructor() {
    super('key');
  }
}

export class ReplaceFieldValue extends ReplaceField {
  constructor() {
    super('value');
  }
}
