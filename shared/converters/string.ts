// org.apache.kafka.connect.storage.StringConverter: bytes ↔ text, for keys, values and headers.
import { ConfigDef } from '../api/config-def.ts';
import type { Converter, HeaderConverter } from '../api/converter.ts';
import { DataError } from '../api/errors.ts';
import type { Headers } from '../api/headers.ts';
import type { Bytes } from '../api/record.ts';
import { type Schema, type SchemaAndValue, Schemas } from '../api/schema.ts';
import { caseInsensitiveValidString } from '../api/validators.ts';

/** Java charset names Kafka users write, mapped to Node's encodings. */
const ENCODINGS: Record<string, BufferEncoding> = {
  UTF8: 'utf8',
  'UTF-8': 'utf8',
  'ISO-8859-1': 'latin1',
  ISO8859_1: 'latin1',
  'US-ASCII': 'ascii',
  ASCII: 'ascii',
  'UTF-16LE': 'utf16le',
};

export const stringConverterConfigDef = (): ConfigDef =>
  new ConfigDef()
    .define({
      name: 'converter.encoding',
      type: 'STRING',
      defaultValue: 'UTF8',
      validator: caseInsensitiveValidString(...Object.keys(ENCODINGS)),
      importance: 'HIGH',
      documentation: 'The name of the Java character set to use for encoding strings as byte arrays.',
      group: 'Converter',
      orderInGroup: 0,
      width: 'MEDIUM',
      displayName: 'Character encoding',
    })
    .define({
      name: 'converter.type',
      type: 'STRING',
      defaultValue: null,
      validator: caseInsensitiveValidString('key', 'value', 'header'),
      importance: 'LOW',
      documentation: 'How this converter will be used.',
    });

export class StringConverter implements Converter, HeaderConverter {
  #encoding: BufferEncoding = 'utf8';

  config(): ConfigDef {
    return stringConverterConfigDef();
  }

  configure(configs: Readonly<Record<string, unknown>>): void {
    const parsed = this.config().parse(configs);
    this.#encoding = ENCODINGS[String(parsed['converter.encoding']).toUpperCase()] ?? 'utf8';
  }

  fromConnectData(
    _topic: string,
    _headers: Headers | null,
    _schema: Schema | null,
    value: unknown,
  ): Bytes | null {
    if (value === null || value === undefined) return null;
    return Buffer.from(typeof value === 'string' ? value : String(value), this.#encoding);
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
