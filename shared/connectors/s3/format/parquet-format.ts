// io.confluent.connect.s3.format.parquet.ParquetFormat: one Parquet file per object, columns from
// the value's Connect struct schema (as parquet-avro lays out Confluent's AvroData schema: ints
// and longs, UTF8 strings, DECIMAL/DATE/TIME_MILLIS/TIMESTAMP_MILLIS, LIST and MAP groups),
// written by hyparquet-writer (chosen by measurement: see the README's dependency table), in one
// row group with a fixed created_by so the bytes only depend on the records.
import { gzipSync } from 'node:zlib';
import { ByteWriter, parquetWrite } from 'hyparquet-writer';
import { DataError } from '../../../api/errors.ts';
import type { SinkRecord } from '../../../api/record.ts';
import { type BigDecimal, LogicalTypeNames, type Schema, Struct } from '../../../api/schema.ts';
import type { RecordWriter, StorageFormat } from './record-writer.ts';

export type ParquetCodec = 'none' | 'snappy' | 'gzip';

type SchemaElement = Parameters<typeof parquetWrite>[0]['schema'] extends (infer E)[] | undefined ? E : never;

const MILLIS_PER_DAY = 86_400_000;
const CODEC = { none: 'UNCOMPRESSED', snappy: 'SNAPPY', gzip: 'GZIP' } as const;
const EXTENSION = { none: '', snappy: '.snappy', gzip: '.gz' } as const;

export function parquetFormat(codec: ParquetCodec): StorageFormat {
  return {
    extension: `${EXTENSION[codec]}.parquet`,
    createWriter: () => new ParquetRecordWriter(codec),
  };
}

class ParquetRecordWriter implements RecordWriter {
  readonly #codec: ParquetCodec;
  #schema: Schema | undefined;
  #columns: unknown[][] = [];
  size = 0;

  constructor(codec: ParquetCodec) {
    this.#codec = codec;
  }

  write(record: SinkRecord): void {
    const schema = record.valueSchema;
    if (this.#schema === undefined) {
      if (schema === null || schema.type !== 'STRUCT')
        throw new DataError('ParquetFormat needs records whose value schema is a struct');
      this.#schema = schema;
      this.#columns = schema.fields.map(() => []);
    }
    const value = record.value;
    if (!(value instanceof Struct)) throw new DataError('ParquetFormat needs struct values');
    const fields = this.#schema.fields;
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i]!;
      this.#columns[i]!.push(parquetValue(field.schema, value.get(field.name)));
    }
    this.size++;
  }

  async finish(): Promise<Buffer> {
    const schema = this.#schema;
    if (schema === undefined) throw new DataError('An empty Parquet object cannot be written');
    const elements: SchemaElement[] = [{ name: 'root', num_children: schema.fields.length }];
    for (const field of schema.fields) appendElements(elements, field.name, field.schema);
    const writer = new ByteWriter();
    parquetWrite({
      writer,
      schema: elements,
      columnData: schema.fields.map((field, i) => ({ name: field.name, data: this.#columns[i]! })),
      codec: CODEC[this.#codec],
      // Snappy is built in; Parquet's GZIP is a plain gzip stream, which zlib writes.
      compressors: { GZIP: (input: Uint8Array) => gzipSync(input) },
      rowGroupSize: Math.max(this.size, 1),
      createdBy: 'serverless-connect',
    });
    return Buffer.from(writer.getBuffer());
  }
}

function repetition(schema: Schema): 'OPTIONAL' | 'REQUIRED' {
  return schema.optional ? 'OPTIONAL' : 'REQUIRED';
}

/** Depth-first schema elements of one field, as parquet-avro derives them from the Avro schema. */
function appendElements(out: SchemaElement[], name: string, schema: Schema, rep = repetition(schema)): void {
  const repetition_type = rep;
  switch (schema.name) {
    case LogicalTypeNames.DECIMAL:
      out.push({
        name,
        repetition_type,
        type: 'BYTE_ARRAY',
        converted_type: 'DECIMAL',
        scale: Number(schema.parameters?.scale ?? '0'),
        precision: Number(schema.parameters?.['connect.decimal.precision'] ?? '64'),
      });
      return;
    case LogicalTypeNames.DATE:
      out.push({ name, repetition_type, type: 'INT32', converted_type: 'DATE' });
      return;
    case LogicalTypeNames.TIME:
      out.push({ name, repetition_type, type: 'INT32', converted_type: 'TIME_MILLIS' });
      return;
    case LogicalTypeNames.TIMESTAMP:
      out.push({ name, repetition_type, type: 'INT64', converted_type: 'TIMESTAMP_MILLIS' });
      return;
  }
  switch (schema.type) {
    case 'INT8':
    case 'INT16':
    case 'INT32':
      out.push({ name, repetition_type, type: 'INT32' });
      return;
    case 'INT64':
      out.push({ name, repetition_type, type: 'INT64' });
      return;
    case 'FLOAT32':
      out.push({ name, repetition_type, type: 'FLOAT' });
      return;
    case 'FLOAT64':
      out.push({ name, repetition_type, type: 'DOUBLE' });
      return;
    case 'BOOLEAN':
      out.push({ name, repetition_type, type: 'BOOLEAN' });
      return;
    case 'STRING':
      out.push({ name, repetition_type, type: 'BYTE_ARRAY', converted_type: 'UTF8' });
      return;
    case 'BYTES':
      out.push({ name, repetition_type, type: 'BYTE_ARRAY' });
      return;
    case 'STRUCT':
      out.push({ name, repetition_type, num_children: schema.fields.length });
      for (const field of schema.fields) appendElements(out, field.name, field.schema);
      return;
    case 'ARRAY':
      out.push({ name, repetition_type, converted_type: 'LIST', num_children: 1 });
      out.push({ name: 'list', repetition_type: 'REPEATED', num_children: 1 });
      appendElements(out, 'element', schema.valueSchema!);
      return;
    case 'MAP':
      out.push({ name, repetition_type, converted_type: 'MAP', num_children: 1 });
      out.push({ name: 'key_value', repetition_type: 'REPEATED', num_children: 2 });
      appendElements(out, 'key', schema.keySchema!, 'REQUIRED');
      appendElements(out, 'value', schema.valueSchema!);
      return;
  }
}

/** A Connect value as hyparquet-writer takes it for the elements above. */
function parquetValue(schema: Schema, value: unknown): unknown {
  if (value === null || value === undefined) {
    if (!schema.optional) throw new DataError(`Found null value for non-optional schema ${schema.type}`);
    return null;
  }
  switch (schema.name) {
    case LogicalTypeNames.DECIMAL:
      return (value as BigDecimal).unscaled;
    case LogicalTypeNames.DATE:
      return Math.floor((value as Date).getTime() / MILLIS_PER_DAY);
    case LogicalTypeNames.TIME:
      return (value as Date).getTime();
    case LogicalTypeNames.TIMESTAMP:
      return BigInt((value as Date).getTime());
  }
  switch (schema.type) {
    case 'INT64':
      return typeof value === 'bigint' ? value : BigInt(value as number);
    case 'BYTES':
      return value instanceof Uint8Array ? value : Buffer.from(value as ArrayBuffer);
    case 'STRUCT': {
      const struct = value as Struct;
      const object: Record<string, unknown> = {};
      for (const field of schema.fields)
        object[field.name] = parquetValue(field.schema, struct.get(field.name));
      return object;
    }
    case 'ARRAY':
      return (value as unknown[]).map((item) => parquetValue(schema.valueSchema!, item));
    case 'MAP': {
      const entries = value instanceof Map ? [...value] : Object.entries(value as object);
      return entries.map(([k, v]) => ({
        key: parquetValue(schema.keySchema!, k),
        value: parquetValue(schema.valueSchema!, v),
      }));
    }
    default:
      return value;
  }
}
