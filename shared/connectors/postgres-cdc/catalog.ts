// What the connector reads from PostgreSQL's catalog: the types (to map columns) and, per captured
// table, its columns with their types, nullability and defaults, its primary key and its replica
// identity. One query each, for all tables at once.
import type pg from 'pg';
import type { PgType } from './column-types.ts';

export interface ColumnDef {
  readonly name: string;
  readonly typeOid: number;
  readonly typeMod: number;
  readonly notNull: boolean;
  readonly defaultExpression: string | null;
}

export interface TableDef {
  readonly oid: number;
  readonly schema: string;
  readonly name: string;
  /** d default, n nothing, f full, i index. */
  readonly replicaIdentity: string;
  readonly columns: readonly ColumnDef[];
  /** Primary key column names, in the key's own order (as JDBC's getPrimaryKeys KEY_SEQ). */
  readonly primaryKey: readonly string[];
}

type Queryable = Pick<pg.Client, 'query'>;

export async function loadTypes(client: Queryable): Promise<Map<number, PgType>> {
  const [types, labels] = await Promise.all([
    client.query<{
      oid: string;
      typname: string;
      nspname: string;
      typtype: string;
      typelem: string;
      typbasetype: string;
      typtypmod: string;
      typcategory: string;
    }>(
      `SELECT t.oid, t.typname, n.nspname, t.typtype, t.typelem, t.typbasetype, t.typtypmod, t.typcategory
         FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace`,
    ),
    client.query<{ enumtypid: string; enumlabel: string }>(
      'SELECT enumtypid, enumlabel FROM pg_catalog.pg_enum ORDER BY enumtypid, enumsortorder',
    ),
  ]);
  const enumLabels = new Map<number, string[]>();
  for (const row of labels.rows) {
    const oid = Number(row.enumtypid);
    const list = enumLabels.get(oid) ?? [];
    list.push(row.enumlabel);
    enumLabels.set(oid, list);
  }
  const registry = new Map<number, PgType>();
  for (const row of types.rows) {
    const oid = Number(row.oid);
    registry.set(oid, {
      oid,
      name: row.typname,
      namespace: row.nspname,
      kind: row.typtype,
      elementOid: Number(row.typelem),
      baseOid: Number(row.typbasetype),
      baseTypeMod: Number(row.typtypmod),
      enumLabels: enumLabels.get(oid) ?? [],
      category: row.typcategory,
    });
  }
  return registry;
}

/** Every ordinary and partitioned table outside the system schemas that `include` accepts. */
export async function loadTables(
  client: Queryable,
  include: (schema: string, table: string) => boolean,
  onlyOids?: readonly number[],
): Promise<TableDef[]> {
  const tables = await client.query<{ oid: string; nspname: string; relname: string; relreplident: string }>(
    `SELECT c.oid, n.nspname, c.relname, c.relreplident
       FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p')
        AND n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname NOT LIKE 'pg\\_%'
        ${onlyOids ? 'AND c.oid = ANY($1::oid[])' : ''}
      ORDER BY n.nspname, c.relname`,
    onlyOids ? [onlyOids] : [],
  );
  const chosen = tables.rows.filter((t) => include(t.nspname, t.relname));
  if (chosen.length === 0) return [];
  const oids = chosen.map((t) => Number(t.oid));
  const [columns, keys] = await Promise.all([
    client.query<{
      attrelid: string;
      attname: string;
      atttypid: string;
      atttypmod: number;
      attnotnull: boolean;
      default_expression: string | null;
    }>(
      `SELECT a.attrelid, a.attname, a.atttypid, a.atttypmod, a.attnotnull,
              pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS default_expression
         FROM pg_catalog.pg_attribute a
         LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attrelid, a.attnum`,
      [oids],
    ),
    client.query<{ indrelid: string; attname: string }>(
      `SELECT i.indrelid, a.attname
         FROM pg_catalog.pg_index i
         JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
        WHERE i.indisprimary AND i.indrelid = ANY($1::oid[])
        ORDER BY i.indrelid, array_position(i.indkey::int2[], a.attnum)`,
      [oids],
    ),
  ]);
  const columnsByTable = new Map<number, ColumnDef[]>();
  for (const row of columns.rows) {
    const oid = Number(row.attrelid);
    const list = columnsByTable.get(oid) ?? [];
    columnsByTable.set(oid, list);
    list.push({
      name: row.attname,
      typeOid: Number(row.atttypid),
      typeMod: Number(row.atttypmod),
      notNull: row.attnotnull === true || (row.attnotnull as unknown) === 't',
      defaultExpression: row.default_expression,
    });
  }
  const keyNames = new Map<number, string[]>();
  for (const row of keys.rows) {
    const oid = Number(row.indrelid);
    const list = keyNames.get(oid) ?? [];
    list.push(row.attname);
    keyNames.set(oid, list);
  }
  return chosen.map((t) => {
    const oid = Number(t.oid);
    const cols = columnsByTable.get(oid) ?? [];
    return {
      oid,
      schema: t.nspname,
      name: t.relname,
      replicaIdentity: t.relreplident,
      columns: cols,
      primaryKey: keyNames.get(oid) ?? [],
    };
  });
}
