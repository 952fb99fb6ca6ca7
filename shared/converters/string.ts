// org.apache.kafka.connect.storage.StringConverter: bytes ↔ text, for keys, values and headers.
import type { ConfigDef } from '../api/config-def.ts';
import type { Converter, HeaderConverter } from '../api/converter.ts';
import { DataError } from '../api/errors.ts';
import type { Headers } from '../api/headers.ts';
import type { Bytes } from '../api/record.ts';
import { type Schema, type SchemaAndValue, Schemas } from '../api/schema.ts';
import { converterConfigDef } from './converter-config.ts';
import { javaToString } from './java-to-string.ts';

/** Java charset names (and aliases) Kafka users write, mapped to Node's encodings. */
const ENCODINGS: Record<string, BufferEncoding> = {
  UTF8: 'utf8',
  'UTF-8': 'utf8',
  'ISO-8859-1': 'latin1',
  ISO8859_1: 'latin1',
  'ISO-LATIN-1': 'latin1',
  LATIN1: 'latin1',
  'US-ASCII': 'ascii',
  ASCII: 'ascii',
  'UTF-16LE': 'utf16le',
  UTF_16LE: 'utf16le',
};

/** Kafka's StringSerializer/StringDeserializer reject an unknown charset when configured. */
class SerializationError extends DataError {
  override javaClassName = 'org.apache.kafka.common.errors.SerializationException';
}

// Kafka's StringConverterConfig: converter.type (from ConverterConfig, required, set by the
// runtime) and converter.encoding (any Java charset name; checked when configured).
export const stringConverterConfigDef = (): ConfigDef =>
  converterConfigDef().define({
    name: 'converter.encoding',
    type: 'STRING',
    defaultValue: 'UTF-8',
    importance: 'HIGH',
    documentation: 'The name of the Java character set to use for encoding strings as byte arrays.',
    width: 'MEDIUM',
    displayName: 'Encoding',
  });

export class StringConverter implements Converter, HeaderConverter {
  #encoding: BufferEncoding = 'utf8';

  config(): ConfigDef {
    return stringConverterConfigDef();
  }

  /** As a key/value converter (`isKey` given) or as a header converter (`converter.type` in configs). */
  configure(configs: Readonly<Record<string, unknown>>, isKey?: boolean): void {
    const withType =
      isKey === undefined ? configs : { ...configs, 'converter.type': isKey ? 'key' : 'value' };
    const parsed = this.config().parse(withType);
    const name = String(parsed['converter.encoding']);
    const encoding = ENCODINGS[name.toUpperCase()];
    if (encoding === undefined) throw new SerializationError(`Unsupported encoding ${name}`);
    this.#encoding = encoding;
  }

  fromConnectData(
    _topic: string,
    _headers: Headers | null,
    schema: Schema | null,
    value: unknown,
  ): Bytes | null {
    if (value === null || value === undefined) return null;
    return Buffer.from(typeof value === 'string' ? value : javaToString(value, schema), this.#encoding);
  }

  toConnectData(_topic: string, _headers: Headers | null, value: Bytes | null): SchemaAndValue {
    if (value === null) return { schema: Schemas.OPTIONAL_STRING, value: null };
    try {
      return { schema: Schemas.OPTIONAL_STRING, value: value.toString(this.#encoding) };
    } catch (error) {
      throw new DataError('Failed to deserialize string: ' + String(error), { cause: error });
    }
  }

  toConnectHeader(topic: string, _headerKey: string, value: Bytes | null): SchemaAndValue {
    return this.toConnectData(topic, null, value);
  }

  fromConnectHeader(topic: string, _headerKey: string, schema: Schema | null, value: unknown): Bytes | null {
    return this.fromConnectData(topic, null, schema, value);
  }
}
