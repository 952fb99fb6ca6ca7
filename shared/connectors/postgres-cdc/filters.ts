// Debezium's table and column filters: comma-separated Java regular expressions matched against
// the whole fully-qualified name, case-insensitively; an include list wins over an exclude list,
// and the system schemas are never captured.
import { compileJavaRegex, type JavaPattern } from '../../transforms/util/java-regex.ts';
import type { PostgresCdcConfig } from './config.ts';

const SYSTEM_SCHEMAS = new Set(['pg_catalog', 'information_schema']);

type Matcher = (name: string) => boolean;

function anyOf(patterns: readonly string[] | null): Matcher | null {
  if (patterns === null) return null;
  const compiled: JavaPattern[] = patterns.map((p) => compileJavaRegex(`(?i)${p}`));
  return (name) => compiled.some((p) => p.matches(name));
}

function includeExclude(include: readonly string[] | null, exclude: readonly string[] | null): Matcher {
  const inc = anyOf(include);
  if (inc) return inc;
  const exc = anyOf(exclude);
  return exc ? (name) => !exc(name) : () => true;
}

export interface TableFilters {
  /** Whether changes of `schema.table` are captured. */
  table(schema: string, table: string): boolean;
  /** Whether `column` of a captured table is part of its events. */
  column(schema: string, table: string, column: string): boolean;
}

export function tableFilters(config: PostgresCdcConfig): TableFilters {
  const schemas = includeExclude(config.schemaIncludeList, config.schemaExcludeList);
  const tables = includeExclude(config.tableIncludeList, config.tableExcludeList);
  const columns = includeExclude(config.columnIncludeList, config.columnExcludeList);
  return {
    table: (schema, table) =>
      !SYSTEM_SCHEMAS.has(schema) &&
      !schema.startsWith('pg_') &&
      schemas(schema) &&
      tables(`${schema}.${table}`),
    column: (schema, table, column) => columns(`${schema}.${table}.${column}`),
  };
}

/** Include-list entries that match no captured table: most likely a typo or a missing table. */
export function unmatchedIncludes(
  config: PostgresCdcConfig,
  tables: readonly { schema: string; name: string }[],
): string[] {
  return (config.tableIncludeList ?? []).filter((pattern) => {
    const p = compileJavaRegex(`(?i)${pattern}`);
    return !tables.some((t) => p.matches(`${t.schema}.${t.name}`));
  });
}
