// io.confluent.connect.s3.format.avro.AvroFormat: an Avro object container file per object, its
// schema converted from the first record's Connect schema as the AvroConverter converts it (the
// same AvroData mapping, proven against Apicurio's), datums encoded by avsc.
// The container framing is written here so that it is deterministic: the sync marker is derived
// from the object key (Java's DataFileWriter picks a random one), so a replay writes equal bytes.
import { createHash } from 'node:crypto';
import { crc32, deflateRawSync } from 'node:zlib';
import avro from 'avsc';
import { snappyCompress } from 'hyparquet-writer/src/snappy.js';
import { DataError } from '../../../api/errors.ts';
import type { SinkRecord } from '../../../api/record.ts';
import type { Schema } from '../../../api/schema.ts';
import {
  type AvroDataSettings,
  fromConnectSchema,
} from '../../../converters/schema-registry/avro/avro-data.ts';
import { avscType } from '../../../converters/schema-registry/avro/avro-long.ts';
import { avroSchemaText, avscSchemaJson } from '../../../converters/schema-registry/avro/avro-schema.ts';
import { compileFromConnect } from '../../../converters/schema-registry/avro/avro-values.ts';
import type { RecordWriter, StorageFormat } from './record-writer.ts';

export type AvroCodec = 'null' | 'deflate' | 'snappy';

/** Java's DataFileWriter writes a block once this many bytes are buffered (its default sync interval). */
const BLOCK_BYTES = 64_000;
const MAGIC = Buffer.from([0x4f, 0x62, 0x6a, 0x01]);
const metadataType = avro.Type.forSchema({ type: 'map', values: 'bytes' });
const longType = avro.Type.forSchema('long');

/** AvroData's defaults, as Confluent's S3 sink runs it. */
const AVRO_DATA: AvroDataSettings = {
  connectMetaData: true,
  enhancedSchemaSupport: false,
  scrubInvalidNames: false,
  ignoreDefaultForNullables: false,
  allowOptionalMapKeys: false,
};

interface AvroWriterType {
  readonly type: avro.Type;
  readonly text: string;
  readonly datum: (value: unknown) => unknown;
}

export function avroFormat(codec: AvroCodec): StorageFormat {
  const types = new WeakMap<Schema, AvroWriterType>();
  const typeOf = (schema: Schema) => {
    let entry = types.get(schema);
    if (!entry) {
      const avroSchema = fromConnectSchema(schema, AVRO_DATA);
      entry = {
        type: avscType(avscSchemaJson(avroSchema)),
        text: avroSchemaText(avroSchema),
        datum: compileFromConnect(schema, avroSchema, AVRO_DATA),
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
  readonly #typeOf: (schema: Schema) => AvroWriterType;
  readonly #codec: AvroCodec;
  readonly #sync: Buffer;
  readonly #out: Buffer[] = [];
  #writer: AvroWriterType | undefined;
  #block: Buffer[] = [];
  #blockBytes = 0;
  #blockCount = 0;
  size = 0;

  constructor(typeOf: (schema: Schema) => AvroWriterType, codec: AvroCodec, objectKey: string) {
    this.#typeOf = typeOf;
    this.#codec = codec;
    this.#sync = createHash('md5').update(objectKey).digest();
  }

  write(record: SinkRecord): void {
    if (this.#writer === undefined) {
      const schema = record.valueSchema;
      if (schema === null) throw new DataError('AvroFormat needs records with a value schema');
      this.#writer = this.#typeOf(schema);
      const text = this.#writer.text;
      const header = Buffer.concat([
        MAGIC,
        metadataType.toBuffer({ 'avro.schema': Buffer.from(text), 'avro.codec': Buffer.from(this.#codec) }),
        this.#sync,
      ]);
      this.#out.push(header);
      this.size += header.length;
    }
    const datum = this.#writer.type.toBuffer(this.#writer.datum(record.value));
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
