// A captured table as change events see it: its topic, the key and row schemas Debezium would build
// (TableSchemaBuilder: field per emitted column, optional when nullable, column default as schema
// default; key = primary key columns in table order), the envelope schema, and per column the text
// converter. Built once per table and rebuilt when a Relation message shows the table changed.
import { type Schema, SchemaBuilder } from '../../api/schema.ts';
import type { ColumnDef, TableDef } from './catalog.ts';
import { columnDefault } from './column-defaults.ts';
import { type MappingOptions, mapType, type TypeRegistry } from './column-types.ts';
import { sourceSchema, TRANSACTION_BLOCK_SCHEMA } from './source-info.ts';

export interface EmittedColumn {
  readonly name: string;
  readonly fromText: (text: string) => unknown;
  /** The field default, used where a value is absent from an old tuple (Debezium fills it so). */
  readonly defaultValue: unknown;
}

export interface CapturedTable {
  readonly oid: number;
  readonly schema: string;
  readonly name: string;
  readonly topic: string;
  readonly replicaIdentity: string;
  /** The columns that are part of events, in table order (= value field order). */
  readonly columns: readonly EmittedColumn[];
  /** Positions (in `columns`) of the key fields; empty when the table has no primary key. */
  readonly keyPositions: readonly number[];
  readonly keySchema: Schema | null;
  /** The `.Value` row struct (optional, as `before` and `after` hold it). */
  readonly valueSchema: Schema;
  readonly envelopeSchema: Schema;
  /** Catalog column names, to detect that a Relation message describes a changed table. */
  readonly catalogColumns: readonly string[];
}

export interface TableSchemaContext {
  readonly registry: TypeRegistry;
  readonly options: MappingOptions;
  readonly topicPrefix: string;
  readonly delimiter: string;
  readonly includeColumn: (schema: string, table: string, column: string) => boolean;
}

/** Kafka topic names allow [a-zA-Z0-9._-]; Debezium replaces anything else with '_'. */
function topicSafe(name: string): string {
  return name.replace(/[^a-zA-Z0-9._-]/g, '_');
}

interface FieldBuild {
  readonly column: ColumnDef;
  readonly emitted: EmittedColumn;
  readonly schema: Schema;
}

function fieldFor(table: TableDef, column: ColumnDef, context: TableSchemaContext): FieldBuild | null {
  const mapping = mapType(context.registry, column.typeOid, column.typeMod, context.options);
  if (mapping === null) return null;
  const builder = mapping.builder();
  if (!column.notNull) builder.optional();
  const declared = context.registry.get(column.typeOid);
  const defaultValue = declared
    ? columnDefault(declared, column.typeMod, column.defaultExpression, mapping)
    : undefined;
  if (defaultValue !== undefined) builder.defaultValue(defaultValue);
  void table;
  const schema = builder.build();
  return {
    column,
    emitted: { name: column.name, fromText: mapping.forSchema?.(schema) ?? mapping.fromText, defaultValue },
    schema,
  };
}

export function buildCapturedTable(table: TableDef, context: TableSchemaContext): CapturedTable {
  const fullName = `${context.topicPrefix}.${table.schema}.${table.name}`;
  const fields: FieldBuild[] = [];
  for (const column of table.columns) {
    if (!context.includeColumn(table.schema, table.name, column.name)) continue;
    const field = fieldFor(table, column, context);
    if (field) fields.push(field);
  }
  const value = SchemaBuilder.struct().name(`${fullName}.Value`).optional();
  for (const f of fields) value.field(f.column.name, f.schema);
  const valueSchema = value.build();

  const keyPositions: number[] = [];
  let keySchema: Schema | null = null;
  if (table.primaryKey.length > 0) {
    const key = SchemaBuilder.struct().name(`${fullName}.Key`);
    for (const name of table.primaryKey) {
      const i = fields.findIndex((f) => f.column.name === name);
      if (i < 0) continue;
      keyPositions.push(i);
      key.field(name, fields[i]!.schema);
    }
    if (keyPositions.length > 0) keySchema = key.build();
  }
  const envelopeSchema = SchemaBuilder.struct()
    .name(`${fullName}.Envelope`)
    .version(2)
    .field('before', valueSchema)
    .field('after', valueSchema)
    .field('source', sourceSchema())
    .field('transaction', TRANSACTION_BLOCK_SCHEMA)
    .field('op', SchemaBuilder.string().build())
    .field('ts_ms', SchemaBuilder.int64().optional().build())
    .field('ts_us', SchemaBuilder.int64().optional().build())
    .field('ts_ns', SchemaBuilder.int64().optional().build())
    .build();
  const d = context.delimiter;
  return {
    oid: table.oid,
    schema: table.schema,
    name: table.name,
    topic: topicSafe(`${context.topicPrefix}${d}${table.schema}${d}${table.name}`),
    replicaIdentity: table.replicaIdentity,
    columns: fields.map((f) => f.emitted),
    keyPositions,
    keySchema,
    valueSchema,
    envelopeSchema,
    catalogColumns: table.columns.map((c) => c.name),
  };
}
