// io.debezium.transforms.ExtractNewRecordState (Debezium 3.x): flattens a change event envelope to
// the row after the change, so sinks that expect plain rows (a search index, a JDBC table) can take
// CDC topics. Deletes and tombstones follow `delete.tombstone.handling.mode`; `add.fields` and
// `add.headers` copy envelope, source and transaction fields; `route.by.field` picks the topic from
// a column. Built, as Debezium builds it, on ExtractField (after / before) and InsertField (__deleted).
import { ConfigDef } from '../../api/config-def.ts';
import { ConfigError } from '../../api/errors.ts';
import { Headers } from '../../api/headers.ts';
import type { ConnectRecord } from '../../api/record.ts';
import { withChanges } from '../../api/record.ts';
import { type Schema, SchemaBuilder, Struct } from '../../api/schema.ts';
import type { Transformation } from '../../api/transformation.ts';
import { caseInsensitiveValidString } from '../../api/validators.ts';
import { ExtractFieldValue } from '../extract-field.ts';
import { InsertFieldValue } from '../insert-field.ts';
import { copySchemaBasics } from '../util/schema-util.ts';

export type DeleteTombstoneHandling =
  | 'drop'
  | 'tombstone'
  | 'rewrite'
  | 'rewrite-with-tombstone'
  | 'delete-to-tombstone';

const MODES: readonly DeleteTombstoneHandling[] = [
  'drop',
  'tombstone',
  'rewrite',
  'rewrite-with-tombstone',
  'delete-to-tombstone',
];

export const extractNewRecordStateConfigDef = (): ConfigDef =>
  new ConfigDef()
    .define({
      name: 'delete.tombstone.handling.mode',
      type: 'STRING',
      defaultValue: 'tombstone',
      validator: caseInsensitiveValidString(...MODES),
      importance: 'MEDIUM',
      documentation:
        'What happens to delete events and tombstones: drop (both dropped), tombstone (delete → a record with a null value; tombstones dropped), rewrite (delete → the old row with __deleted=true; tombstones dropped), rewrite-with-tombstone (as rewrite, tombstones kept), delete-to-tombstone (delete → a tombstone with null value and schema).',
    })
    .define({
      name: 'route.by.field',
      type: 'STRING',
      defaultValue: '',
      importance: 'LOW',
      documentation: 'A column whose value becomes the record topic (from `before` for deletes).',
    })
    .define({
      name: 'add.fields.prefix',
      type: 'STRING',
      defaultValue: '__',
      importance: 'LOW',
      documentation: 'Prefix of the fields added by add.fields.',
    })
    .define({
      name: 'add.fields',
      type: 'STRING',
      defaultValue: '',
      importance: 'LOW',
      documentation:
        'Envelope fields copied into the row: op, ts_ms, ts_us, ts_ns; id, total_order, data_collection_order (transaction); any other name is a source field; struct.field for an explicit one; field:name renames.',
    })
    .define({
      name: 'add.headers.prefix',
      type: 'STRING',
      defaultValue: '__',
      importance: 'LOW',
      documentation: 'Prefix of the headers added by add.headers.',
    })
    .define({
      name: 'add.headers',
      type: 'STRING',
      defaultValue: '',
      importance: 'LOW',
      documentation: 'Envelope fields copied into headers, named as for add.fields.',
    })
    .define({
      name: 'replace.null.with.default',
      type: 'BOOLEAN',
      defaultValue: true,
      importance: 'MEDIUM',
      documentation: 'Whether the __deleted field insertion replaces null values with their schema default.',
    })
    .define({
      name: 'drop.fields.header.name',
      type: 'STRING',
      defaultValue: null,
      importance: 'LOW',
      documentation: 'A header listing fields to drop from the value (used with ExtractChangedRecordState).',
    })
    .define({
      name: 'drop.fields.from.key',
      type: 'BOOLEAN',
      defaultValue: false,
      importance: 'LOW',
      documentation: 'Whether fields named by drop.fields.header.name are dropped from the key too.',
    })
    .define({
      name: 'drop.fields.keep.schema.compatible',
      type: 'BOOLEAN',
      defaultValue: true,
      importance: 'LOW',
      documentation: 'Drop only optional fields, so the schema stays compatible.',
    });

const TRANSACTION_FIELDS = new Set(['id', 'total_order', 'data_collection_order']);
const TOP_LEVEL_FIELDS = new Set(['op', 'ts_ms', 'ts_us', 'ts_ns']);

/** Debezium's FieldReference: `op`, `table`, `source.ts_ms`, `ts_ms:when`. */
class FieldReference {
  readonly struct: string | null;
  readonly field: string;
  readonly newField: string;

  constructor(prefix: string, spec: string) {
    const parts = spec.split(':');
    if (parts.length > 2) throw new ConfigError(`Unexpected field name: ${spec}`);
    const splits = parts[0]!.split('.');
    this.field = splits.length === 1 ? splits[0]! : splits[1]!;
    this.struct =
      splits.length === 1
        ? TRANSACTION_FIELDS.has(this.field)
          ? 'transaction'
          : TOP_LEVEL_FIELDS.has(this.field)
            ? null
            : 'source'
        : splits[0]!;
    this.newField =
      parts.length === 2
        ? prefix + parts[1]
        : prefix + (splits.length === 1 ? this.field : `${this.struct}_${this.field}`);
  }

  static list(prefix: string, spec: string): FieldReference[] {
    if (spec === '') return [];
    return spec.split(',').map((s) => new FieldReference(prefix, s.trim()));
  }

  /** The field's schema in the envelope, made optional; undefined when the envelope lacks it. */
  schema(envelope: Schema): Schema | undefined {
    const parent = this.struct !== null ? envelope.field(this.struct)?.schema : envelope;
    const found = parent?.type === 'STRUCT' ? parent.field(this.field) : undefined;
    const field = found ?? envelope.field(this.field);
    if (!field) return undefined;
    return copySchemaBasics(
      field.schema,
      SchemaBuilder.type(field.schema.type === 'STRUCT' ? 'STRUCT' : field.schema.type),
    )
      .optional()
      .build();
  }

  value(envelope: Struct): unknown {
    const parent =
      this.struct !== null ? (envelope.getWithoutDefault(this.struct) as Struct | null) : envelope;
    if (parent === null) return null;
    return parent.schema.field(this.field)
      ? parent.getWithoutDefault(this.field)
      : envelope.schema.field(this.field)
        ? envelope.getWithoutDefault(this.field)
        : null;
  }
}

interface PresentField {
  readonly ref: FieldReference;
  readonly schema: Schema;
}

const isEnvelope = (record: ConnectRecord): boolean =>
  record.valueSchema?.name?.endsWith('.Envelope') === true && record.value instanceof Struct;

export class ExtractNewRecordState implements Transformation {
  #mode: DeleteTombstoneHandling = 'tombstone';
  #routeByField: string | null = null;
  #fields: FieldReference[] = [];
  #headers: FieldReference[] = [];
  readonly #after = new ExtractFieldValue();
  readonly #before = new ExtractFieldValue();
  readonly #deleted = new InsertFieldValue();
  readonly #notDeleted = new InsertFieldValue();
  #schemas = new WeakMap<Schema, Map<string, Schema>>();
  /** Per envelope schema, the add.fields / add.headers it has, with their schemas (built once). */
  #presentFields = new WeakMap<Schema, PresentField[]>();
  #presentHeaders = new WeakMap<Schema, PresentField[]>();

  config(): ConfigDef {
    return extractNewRecordStateConfigDef();
  }

  configure(configs: Readonly<Record<string, unknown>>): void {
    const parsed = this.config().parse(configs);
    this.#mode = String(parsed['delete.tombstone.handling.mode']).toLowerCase() as DeleteTombstoneHandling;
    const route = String(parsed['route.by.field'] ?? '');
    this.#routeByField = route === '' ? null : route;
    this.#fields = FieldReference.list(
      String(parsed['add.fields.prefix']),
      String(parsed['add.fields'] ?? ''),
    );
    this.#headers = FieldReference.list(
      String(parsed['add.headers.prefix']),
      String(parsed['add.headers'] ?? ''),
    );
    // What the caches hold depends on the fields just configured.
    this.#schemas = new WeakMap();
    this.#presentFields = new WeakMap();
    this.#presentHeaders = new WeakMap();
    const replace = String(parsed['replace.null.with.default']);
    this.#after.configure({ field: 'after' });
    this.#before.configure({ field: 'before' });
    this.#deleted.configure({
      'static.field': '__deleted',
      'static.value': 'true',
      'replace.null.with.default': replace,
    });
    this.#notDeleted.configure({
      'static.field': '__deleted',
      'static.value': 'false',
      'replace.null.with.default': replace,
    });
  }

  apply(record: ConnectRecord): ConnectRecord | null {
    const tombstone = record.value === null;
    const envelope = isEnvelope(record);
    if ((envelope || tombstone) && this.#headers.length > 0) {
      record = withChanges(record, { headers: this.#withHeaders(record) });
    }
    if (tombstone) return this.#mode === 'rewrite-with-tombstone' ? record : null;
    if (!envelope) return record;

    const value = record.value as Struct;
    const after = this.#after.apply(record)!;
    if (after.value === null) {
      if (value.getWithoutDefault('before') === null) return null; // truncate
      let deleted = this.#handleDelete(record);
      if (deleted === null) return null;
      if (this.#routeByField !== null) {
        const topic = (value.getWithoutDefault('before') as Struct).getWithoutDefault(this.#routeByField);
        if (typeof topic === 'string' && topic.trim() !== '') deleted = withChanges(deleted, { topic });
      }
      return deleted.value !== null ? this.#addFields(record, deleted) : deleted;
    }
    let row =
      this.#mode === 'rewrite' || this.#mode === 'rewrite-with-tombstone'
        ? this.#notDeleted.apply(after)!
        : after;
    if (this.#routeByField !== null) {
      const topic = (row.value as Struct).getWithoutDefault(this.#routeByField);
      if (typeof topic === 'string' && topic.trim() !== '') row = withChanges(row, { topic });
    }
    return this.#addFields(record, row);
  }

  #handleDelete(record: ConnectRecord): ConnectRecord | null {
    switch (this.#mode) {
      case 'drop':
        return null;
      case 'tombstone':
        return this.#after.apply(record);
      case 'delete-to-tombstone':
        return withChanges(record, { valueSchema: null, value: null });
      default:
        return this.#deleted.apply(this.#before.apply(record)!);
    }
  }

  #withHeaders(record: ConnectRecord): Headers {
    const headers = new Headers(record.headers.toArray());
    const value = record.value as Struct | null;
    if (value === null) {
      for (const ref of this.#headers)
        if (ref.field === 'op') headers.add(ref.newField, 'd', SchemaBuilder.string().build());
      return headers;
    }
    for (const { ref, schema } of this.#present(this.#presentHeaders, this.#headers, value.schema))
      headers.add(ref.newField, ref.value(value), schema);
    return headers;
  }

  /** The references the envelope schema has, with their schemas: computed once per envelope schema. */
  #present(cache: WeakMap<Schema, PresentField[]>, refs: FieldReference[], envelope: Schema): PresentField[] {
    let present = cache.get(envelope);
    if (present === undefined) {
      present = [];
      for (const ref of refs) {
        const schema = ref.schema(envelope);
        if (schema) present.push({ ref, schema });
      }
      cache.set(envelope, present);
    }
    return present;
  }

  /**
   * The row with the requested envelope fields added. Debezium always rebuilds the row here, even
   * with nothing to add, and its copy of the schema is required (copySchemaBasics drops
   * optionality): so does this.
   */
  #addFields(original: ConnectRecord, row: ConnectRecord): ConnectRecord {
    const envelope = original.value as Struct;
    const value = row.value as Struct;
    const op = String(envelope.getWithoutDefault('op'));
    const present = this.#present(this.#presentFields, this.#fields, envelope.schema);
    let byOp = this.#schemas.get(value.schema);
    if (byOp === undefined) {
      byOp = new Map<string, Schema>();
      this.#schemas.set(value.schema, byOp);
    }
    let schema = byOp.get(op);
    if (!schema) {
      const builder = copySchemaBasics(value.schema, SchemaBuilder.struct());
      for (const f of value.schema.fields) builder.field(f.name, f.schema);
      for (const { ref, schema: fieldSchema } of present) builder.field(ref.newField, fieldSchema);
      schema = builder.build();
      byOp.set(op, schema);
    }
    const values: unknown[] = value.schema.fields.map((f) => value.valueAt(f.index));
    for (const { ref } of present) values.push(ref.value(envelope));
    return withChanges(row, { valueSchema: schema, value: Struct.fromTrustedValues(schema, values) });
  }

  close(): void {}
}
