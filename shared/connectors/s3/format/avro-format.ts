// io.confluent.connect.s3.format.avro.AvroFormat: an Avro object container file per object, its
// schema converted from the first record's Connect schema (AvroData), datums encoded by avsc.
// The container framing is written here so that it is deterministic: the sync marker is derived
// from the object key (Java's DataFileWriter picks a random one), so a replay writes equal bytes.
import { createHash } from 'node:crypto';
import { crc32, deflateRawSync } from 'node:zlib';
import avro from 'avsc';
import { snappyCompress } from 'hyparquet-writer/src/snappy.js';
import { DataError } from '../../../api/errors.ts';
import type { SinkRecord } from '../../../api/record.ts';
import type { Schema } from '../../../api/schema.ts';
import { avroSchemaOf, avroValueOf } from '../../../converters/avro/avro-data.ts';
import type { RecordWriter, StorageFormat } from './record-writer.ts';

export type AvroCodec = 'null' | 'deflate' | 'snappy';

/** Java's DataFileWriter writes a block once this many bytes are buffered (its default sync interval). */
const BLOCK_BYTES = 64_000;
const MAGIC = Buffer.from([0x4f, 0x62, 0x6a, 0x01]);
const metadataType = avro.Type.forSchema({ type: 'map', values: 'bytes' });
const longType = avro.Type.forSchema('long');

/** INT64 values are bigints in Connect data: encode them as Avro longs without losing precision. */
export const bigintLongType = avro.types.LongType.__with({
  fromBuffer: (buffer: Buffer) => buffer.readBigInt64LE(),
  toBuffer: (value: bigint | number) => {
    const buffer = Buffer.alloc(8);
    buffer.writeBigInt64LE(BigInt(value));
    return buffer;
  },
  fromJSON: (value: number | string) => BigInt(value),
  toJSON: (value: bigint) => Number(value),
  isValid: (value: unknown) => typeof value === 'bigint' || Number.isSafeInteger(value),
  compare: (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0),
});

export function avroFormat(codec: AvroCodec): StorageFormat {
  const types = new WeakMap<Schema, { type: avro.Type; text: string }>();
  const typeOf = (schema: Schema) => {
    let entry = types.get(schema);
    if (!entry) {
      const avroSchema = avroSchemaOf(schema);
      entry = {
        type: avro.Type.forSchema(avroSchema as avro.Schema, { registry: { long: bigintLongType } }),
        text: JSON.stringify(avroSchema),
      };
      types.set(schema, entry);
    }
    return entry;
  };
  return {
    extension: '.avro',
    createWriter: (objectKey) => new AvroContainerWriter(typeOf, codec, objectKey),
  };
}

class AvroContainerWriter implements RecordWriter {
  readonly #typeOf: (schema: Schema) => { type: avro.Type; text: string };
  readonly #codec: AvroCodec;
  readonly #sync: Buffer;
  readonly #out: Buffer[] = [];
  #schema: Schema | undefined;
  #type: avro.Type | undefined;
  #block: Buffer[] = [];
  #blockBytes = 0;
  #blockCount = 0;
  size = 0;

  constructor(
    typeOf: (schema: Schema) => { type: avro.Type; text: string },
    codec: AvroCodec,
    objectKey: string,
  ) {
    this.#typeOf = typeOf;
    this.#codec = codec;
    this.#sync = createHash('md5').update(objectKey).digest();
  }

  write(record: SinkRecord): void {
    if (this.#schema === undefined) {
      const schema = record.valueSchema;
      if (schema === null) throw new DataError('AvroFormat needs records with a value schema');
      const { type, text } = this.#typeOf(schema);
      this.#schema = schema;
      this.#type = type;
      const header = Buffer.concat([
        MAGIC,
        metadataType.toBuffer({ 'avro.schema': Buffer.from(text), 'avro.codec': Buffer.from(this.#codec) }),
        this.#sync,
      ]);
      this.#out.push(header);
      this.size += header.length;
    }
    const datum = this.#type!.toBuffer(avroValueOf(this.#schema, record.value));
    this.#block.push(datum);
    this.#blockBytes += datum.length;
    this.#blockCount++;
    this.size += datum.length;
    if (this.#blockBytes >= BLOCK_BYTES) this.#flushBlock();
  }

  #flushBlock(): void {
    if (this.#blockCount === 0) return;
    const data = compress(this.#codec, Buffer.concat(this.#block, this.#blockBytes));
    this.#out.push(longType.toBuffer(this.#blockCount), longType.toBuffer(data.length), data, this.#sync);
    this.#block = [];
    this.#blockBytes = 0;
    this.#blockCount = 0;
  }

  async finish(): Promise<Buffer> {
    this.#flushBlock();
    return Buffer.concat(this.#out);
  }
}

function compress(codec: AvroCodec, data: Buffer): Buffer {
  switch (codec) {
    case 'null':
      return data;
    case 'deflate':
      return deflateRawSync(data);
    case 'snappy': {
      // Avro's snappy framing: the compressed block, then the CRC-32 of the uncompressed data.
      const checksum = Buffer.alloc(4);
      checksum.writeUInt32BE(crc32(data) >>> 0);
      return Buffer.concat([Buffer.from(snappyCompress(data)), checksum]);
    }
  }
}
