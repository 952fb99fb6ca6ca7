// The captured tables of one task: read from the catalog at start, looked up by relation id while
// streaming, and re-read when a Relation message shows a table whose columns changed (DDL), so
// events after an ALTER TABLE carry the new schema.
import type pg from 'pg';
import { loadTables, loadTypes, type TableDef } from './catalog.ts';
import type { TypeRegistry } from './column-types.ts';
import type { PostgresCdcConfig } from './config.ts';
import { type TableFilters, tableFilters } from './filters.ts';
import { buildCapturedTable, type CapturedTable, type TableSchemaContext } from './table-schema.ts';

export type CatalogTables = { readonly definition: TableDef; readonly captured: CapturedTable }[];

export class TableCatalog {
  readonly #client: Pick<pg.Client, 'query'>;
  readonly #filters: TableFilters;
  #registry: TypeRegistry;
  readonly #context: () => TableSchemaContext;
  readonly #byOid = new Map<number, { definition: TableDef; captured: CapturedTable }>();

  private constructor(client: Pick<pg.Client, 'query'>, config: PostgresCdcConfig, registry: TypeRegistry) {
    this.#client = client;
    this.#filters = tableFilters(config);
    this.#registry = registry;
    this.#context = () => ({
      registry: this.#registry,
      options: config,
      topicPrefix: config.topicPrefix,
      delimiter: config.topicDelimiter,
      includeColumn: this.#filters.column,
    });
  }

  static async load(client: Pick<pg.Client, 'query'>, config: PostgresCdcConfig): Promise<TableCatalog> {
    const catalog = new TableCatalog(client, config, await loadTypes(client));
    for (const definition of await loadTables(client, catalog.#filters.table)) catalog.#add(definition);
    return catalog;
  }

  #add(definition: TableDef): CapturedTable {
    const captured = buildCapturedTable(definition, this.#context());
    this.#byOid.set(definition.oid, { definition, captured });
    return captured;
  }

  /** Every captured table, ordered by schema and name (the snapshot order). */
  tables(): CatalogTables {
    return [...this.#byOid.values()];
  }

  isCaptured(schema: string, name: string): boolean {
    return this.#filters.table(schema, name);
  }

  get(oid: number): CapturedTable | undefined {
    return this.#byOid.get(oid)?.captured;
  }

  /**
   * The table for a Relation message, re-read from the catalog when it is new (created after
   * start) or its columns differ from what the cached schema was built from.
   */
  async refresh(
    oid: number,
    schema: string,
    name: string,
    columns: readonly string[],
  ): Promise<CapturedTable | null> {
    if (!this.#filters.table(schema, name)) return null;
    const known = this.#byOid.get(oid);
    const same =
      known !== undefined &&
      known.captured.catalogColumns.length >= columns.length &&
      columns.every((c) => known.captured.catalogColumns.includes(c));
    if (same) return known.captured;
    // New types (an enum created with the table) must be known before the schema is built.
    this.#registry = await loadTypes(this.#client);
    const [definition] = await loadTables(this.#client, this.#filters.table, [oid]);
    return definition ? this.#add(definition) : null;
  }
}
