// Line-oriented bodies (JsonFormat, ByteArrayFormat): each record's bytes plus a separator,
// gzip-compressed at the end when s3.compression.type=gzip (off the event loop, in zlib's pool).
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { SinkRecord } from '../../../api/record.ts';
import type { RecordWriter } from './record-writer.ts';

const gzipAsync = promisify(gzip);

export type Compression = { readonly type: 'none' } | { readonly type: 'gzip'; readonly level: number };

export class LineWriter implements RecordWriter {
  readonly #encode: (record: SinkRecord) => Buffer;
  readonly #separator: Buffer;
  readonly #compression: Compression;
  readonly #chunks: Buffer[] = [];
  size = 0;

  constructor(encode: (record: SinkRecord) => Buffer, separator: Buffer, compression: Compression) {
    this.#encode = encode;
    this.#separator = separator;
    this.#compression = compression;
  }

  write(record: SinkRecord): void {
    const bytes = this.#encode(record);
    this.#chunks.push(bytes, this.#separator);
    this.size += bytes.length + this.#separator.length;
  }

  async finish(): Promise<Buffer> {
    const body = Buffer.concat(this.#chunks, this.size);
    if (this.#compression.type === 'none') return body;
    // Java's Deflater.DEFAULT_COMPRESSION (-1) is zlib's default level, 6.
    return gzipAsync(body, { level: this.#compression.level });
  }
}
