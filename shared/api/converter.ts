// Converters turn Kafka's bytes into Connect data (schema + value) and back, for keys and values;
// header converters do the same for each header value. Same contract as Kafka Connect's.
import type { ConfigDef } from './config-def.ts';
import type { Headers } from './headers.ts';
import type { Bytes } from './record.ts';
import type { Schema, SchemaAndValue } from './schema.ts';

export type ConverterType = 'key' | 'value' | 'header';

export interface Converter {
  /** `configs` are the converter's own keys with the `key.converter.` / `value.converter.` prefix removed. */
  configure(configs: Readonly<Record<string, unknown>>, isKey: boolean): void;
  fromConnectData(
    topic: string,
    headers: Headers | null,
    schema: Schema | null,
    value: unknown,
  ): Bytes | null;
  toConnectData(topic: string, headers: Headers | null, value: Bytes | null): SchemaAndValue;
  /**
   * For converters that need I/O to convert (a schema registry): called once per batch, before
   * toConnectData is called for `values`, so that toConnectData stays synchronous and a warm task
   * makes no network call per record. It does not throw for a bad record: toConnectData throws for
   * that record, so the failure meets errors.tolerance and the dead letter queue like any other.
   */
  prepareToConnect?(topic: string, values: readonly (Bytes | null)[]): Promise<void>;
  /** The same before fromConnectData, for the schemas (and values) about to be written. */
  prepareFromConnect?(topic: string, data: readonly SchemaAndValue[]): Promise<void>;
  config(): ConfigDef;
  close?(): void;
  /**
   * True when every toConnectData call returns newly made maps and lists that the converter keeps
   * no reference to; the transformation chain may then change them in place instead of copying.
   */
  readonly freshValues?: boolean;
}

export interface HeaderConverter {
  configure(configs: Readonly<Record<string, unknown>>): void;
  toConnectHeader(topic: string, headerKey: string, value: Bytes | null): SchemaAndValue;
  fromConnectHeader(topic: string, headerKey: string, schema: Schema | null, value: unknown): Bytes | null;
  config(): ConfigDef;
  close?(): void;
}
