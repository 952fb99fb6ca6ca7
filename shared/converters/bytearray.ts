// org.apache.kafka.connect.converters.ByteArrayConverter: bytes pass through untouched.
import { ConfigDef } from '../api/config-def.ts';
import type { Converter, HeaderConverter } from '../api/converter.ts';
import { DataError } from '../api/errors.ts';
import type { Headers } from '../api/headers.ts';
import type { Bytes } from '../api/record.ts';
import { type Schema, type SchemaAndValue, Schemas } from '../api/schema.ts';

export class ByteArrayConverter implements Converter, HeaderConverter {
  config(): ConfigDef {
    return new ConfigDef();
  }

  configure(): void {}

  fromConnectData(
    topic: string,
    _headers: Headers | null,
    schema: Schema | null,
    value: unknown,
  ): Bytes | null {
    if (schema !== null && schema.type !== 'BYTES') {
      throw new DataError(`Invalid schema type for ByteArrayConverter: ${schema.type}`);
    }
    if (value === null || value === undefined) return null;
    if (value instanceof Uint8Array) return Buffer.isBuffer(value) ? value : Buffer.from(value);
    throw new DataError(
      `ByteArrayConverter is not compatible with objects of type ${typeof value} (topic ${topic})`,
    );
  }

  toConnectData(_topic: string, _headers: Headers | null, value: Bytes | null): SchemaAndValue {
    return { schema: Schemas.OPTIONAL_BYTES, value };
  }

  toConnectHeader(topic: string, _headerKey: string, value: Bytes | null): SchemaAndValue {
    return this.toConnectData(topic, null, value);
  }

  fromConnectHeader(topic: string, _headerKey: string, schema: Schema | null, value: unknown): Bytes | null {
    return this.fromConnectData(topic, null, schema, value);
  }
}
