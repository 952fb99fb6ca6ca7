// The checks that turn a misconfigured database into one clear error per problem, before anything
// is created: credentials, wal_level, the REPLICATION attribute, what the publication mode needs,
// tables the include list names that do not exist or cannot be read, and a slot that belongs to
// another database or plugin. Used by the connector's validate() and by every task start.
import type pg from 'pg';
import type { ConfigKeyErrors } from '../../api/connector.ts';
import type { PostgresCdcConfig } from './config.ts';
import { describeError } from './connection.ts';
import { unmatchedIncludes } from './filters.ts';
import { publicationExists, slotState } from './slot.ts';

type Queryable = Pick<pg.Client, 'query'>;

export interface Problem {
  /** The config key the problem is reported on. */
  readonly key: string;
  readonly message: string;
}

export function connectionProblem(error: unknown): Problem {
  return {
    key: 'database.hostname',
    message: `Error while validating connector config: ${describeError(error)}`,
  };
}

/** `schema.table` of the captured tables for which `condition` (SQL on pg_class c) holds. */
async function tablesWhere(
  client: Queryable,
  tables: readonly { oid: number }[],
  condition: string,
): Promise<string[]> {
  const result = await client.query<{ name: string }>(
    `SELECT n.nspname || '.' || c.relname AS name
       FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE c.oid = ANY($1::oid[]) AND ${condition}`,
    [tables.map((t) => t.oid)],
  );
  return result.rows.map((r) => r.name);
}

export async function preflight(
  client: Queryable,
  config: PostgresCdcConfig,
  capturedTables: readonly { schema: string; name: string; oid: number }[],
): Promise<Problem[]> {
  const problems: Problem[] = [];
  const server = await client.query<{
    wal_level: string;
    rolreplication: string;
    rolsuper: string;
    rds_replication: string;
  }>(
    `SELECT current_setting('wal_level') AS wal_level, r.rolreplication, r.rolsuper,
            EXISTS (SELECT 1 FROM pg_catalog.pg_auth_members m JOIN pg_catalog.pg_roles b ON b.oid = m.roleid
                     WHERE m.member = r.oid AND b.rolname IN ('rds_superuser', 'rdsadmin', 'rdsrepladmin', 'rds_replication'))
              AS rds_replication
       FROM pg_catalog.pg_roles r WHERE r.rolname = current_user`,
  );
  const row = server.rows[0]!;
  const yes = (v: unknown) => v === 't' || v === true;
  if (row.wal_level !== 'logical') {
    problems.push({
      key: 'plugin.name',
      message: `Logical decoding needs wal_level=logical, but the server runs with wal_level=${row.wal_level}; set it (on RDS/Aurora: rds.logical_replication=1) and restart the server`,
    });
  }
  const superuser = yes(row.rolsuper);
  if (!yes(row.rolreplication) && !superuser && !yes(row.rds_replication)) {
    problems.push({
      key: 'database.user',
      message: `Postgres roles LOGIN and REPLICATION are not assigned to user: ${config.user} (ALTER ROLE ${config.user} REPLICATION, or on RDS GRANT rds_replication TO ${config.user})`,
    });
  }
  for (const pattern of unmatchedIncludes(config, capturedTables)) {
    problems.push({
      key: 'table.include.list',
      message: `No table matches '${pattern}' in database ${config.dbname} (table.include.list entries are schema.table regular expressions)`,
    });
  }
  if (capturedTables.length > 0) {
    for (const name of await tablesWhere(
      client,
      capturedTables,
      "NOT pg_catalog.has_table_privilege(c.oid, 'SELECT')",
    )) {
      problems.push({
        key: 'table.include.list',
        message: `User ${config.user} cannot read table ${name} (GRANT SELECT ON ${name} TO ${config.user})`,
      });
    }
  }
  const exists = await publicationExists(client, config.publicationName);
  if (!exists) {
    const mode = config.publicationAutocreateMode;
    if (mode === 'disabled') {
      problems.push({
        key: 'publication.name',
        message: `Publication '${config.publicationName}' does not exist and publication.autocreate.mode is disabled`,
      });
    } else if (mode === 'all_tables' && !superuser) {
      problems.push({
        key: 'publication.autocreate.mode',
        message: `Creating publication '${config.publicationName}' FOR ALL TABLES needs a superuser, and ${config.user} is not one; create the publication first, or use publication.autocreate.mode=filtered with tables ${config.user} owns`,
      });
    } else if (mode !== 'all_tables') {
      const canCreate = await client.query<{ ok: string }>(
        `SELECT pg_catalog.has_database_privilege(current_database(), 'CREATE') AS ok`,
      );
      if (!yes(canCreate.rows[0]?.ok)) {
        problems.push({
          key: 'publication.autocreate.mode',
          message: `User ${config.user} may not create publication '${config.publicationName}' (it needs CREATE on database ${config.dbname})`,
        });
      }
    }
  }
  if (config.publicationAutocreateMode === 'filtered' && !superuser && capturedTables.length > 0) {
    for (const name of await tablesWhere(
      client,
      capturedTables,
      "NOT pg_catalog.pg_has_role(c.relowner, 'USAGE')",
    )) {
      problems.push({
        key: 'publication.autocreate.mode',
        message: `A filtered publication needs ownership of the tables it lists, and ${config.user} does not own ${name}`,
      });
    }
  }
  const slot = await slotState(client, config.slotName);
  if (slot && (slot.plugin !== 'pgoutput' || slot.database !== config.dbname)) {
    problems.push({
      key: 'slot.name',
      message: `Replication slot '${config.slotName}' exists for plugin ${slot.plugin} in database ${slot.database}; this connector needs a pgoutput slot in ${config.dbname}`,
    });
  }
  return problems;
}

/** Problems grouped per key, as Connector.validate returns them. */
export function asKeyErrors(problems: readonly Problem[]): ConfigKeyErrors[] {
  const byKey = new Map<string, string[]>();
  for (const p of problems) {
    const list = byKey.get(p.key) ?? [];
    list.push(p.message);
    byKey.set(p.key, list);
  }
  return [...byKey].map(([name, errors]) => ({ name, errors }));
}
