// io.confluent.connect.s3.format.bytearray.ByteArrayFormat: each value's bytes as they are (the
// value must be bytes, as ByteArrayConverter demands), joined by format.bytearray.separator.
import type { SinkRecord } from '../../../api/record.ts';
import { ByteArrayConverter } from '../../../converters/bytearray.ts';
import { type Compression, LineWriter } from './line-writer.ts';
import type { StorageFormat } from './record-writer.ts';

export function byteArrayFormat(options: {
  extension: string;
  separator: string;
  compression: Compression;
}): StorageFormat {
  const converter = new ByteArrayConverter();
  const separator = Buffer.from(options.separator, 'utf8');
  const empty = Buffer.alloc(0);
  const encode = (record: SinkRecord): Buffer =>
    converter.fromConnectData(record.topic, null, record.valueSchema, record.value) ?? empty;
  return {
    extension: options.extension + (options.compression.type === 'gzip' ? '.gz' : ''),
    createWriter: () => new LineWriter(encode, separator, options.compression),
  };
}
