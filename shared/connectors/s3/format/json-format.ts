// io.confluent.connect.s3.format.json.JsonFormat: one JSON document per line. Structs go through
// Kafka's JsonConverter (schemas.enable=false, decimal.format=json.decimal.format), the shared
// writer in converters/json, so numbers, bytes and decimals print as Kafka prints them; other
// values are written schemaless, as Jackson writes the plain Java object.
import { DataError } from '../../../api/errors.ts';
import type { SinkRecord } from '../../../api/record.ts';
import { Struct } from '../../../api/schema.ts';
import { JsonConverter } from '../../../converters/json/json-converter.ts';
import { type Compression, LineWriter } from './line-writer.ts';
import type { StorageFormat } from './record-writer.ts';

const NEWLINE = Buffer.from('\n');
const NULL = Buffer.from('null');

export function jsonFormat(options: {
  decimalFormat: string;
  schemaCacheSize: number;
  compression: Compression;
}): StorageFormat {
  const converter = new JsonConverter();
  converter.configure(
    {
      'schemas.enable': 'false',
      'decimal.format': options.decimalFormat,
      'schemas.cache.size': String(options.schemaCacheSize),
    },
    false,
  );
  const encode = (record: SinkRecord): Buffer => {
    const value = record.value;
    if (value === null || value === undefined) return NULL;
    const schema = value instanceof Struct ? (record.valueSchema ?? value.schema) : null;
    const bytes = converter.fromConnectData(record.topic, null, schema, value);
    if (bytes === null)
      throw new DataError(
        `Record ${record.topic}-${record.kafkaPartition}@${record.kafkaOffset} has no JSON form`,
      );
    return bytes;
  };
  return {
    extension: `.json${options.compression.type === 'gzip' ? '.gz' : ''}`,
    createWriter: () => new LineWriter(encode, NEWLINE, options.compression),
  };
}
