// The part Confluent's AvroConverter, ProtobufConverter and JsonSchemaConverter share: Confluent's
// wire format, the registry client, subject names, and the caches that make a warm converter
// registry-free. Registry calls happen in prepareToConnect / prepareFromConnect, once per batch
// for the schema ids and Connect schemas not seen before; toConnectData and fromConnectData are
// then synchronous lookups in those caches.
//
// The format itself (and its library: avsc, protobufjs, ajv) is imported on the first prepare, so
// a task whose connector uses no registry converter never loads it.
import type { ConfigDef } from '../../api/config-def.ts';
import type { Converter } from '../../api/converter.ts';
import { ConnectError, DataError } from '../../api/errors.ts';
import type { Headers } from '../../api/headers.ts';
import type { Bytes } from '../../api/record.ts';
import { NULL_SCHEMA_AND_VALUE, type Schema, type SchemaAndValue } from '../../api/schema.ts';
import { parseRegistrySettings, type RegistrySettings } from './config.ts';
import type { FormatFactory, FormatSchema, PayloadReader, PayloadWriter, RegistryFormat } from './format.ts';
import { SchemaRegistryClient, type SchemaType } from './registry-client.ts';
import { frameHeader, HEADER_SIZE, schemaIdOf } from './wire-format.ts';

/** Stands for the null Connect schema in caches keyed by schema. */
const SCHEMALESS = Symbol('schemaless');

interface Writer {
  readonly header: Buffer;
  readonly write: PayloadWriter;
}

export abstract class RegistryConverter implements Converter {
  /** As Confluent words it in messages: "Avro", "Protobuf", "JSON Schema". */
  protected abstract readonly formatName: string;
  protected abstract readonly schemaType: SchemaType;
  abstract config(): ConfigDef;
  /** Imports the format module; called once, on the first prepare. */
  protected abstract loadFormat(): Promise<FormatFactory>;

  #settings!: RegistrySettings;
  #parsedConfig: Readonly<Record<string, unknown>> = {};
  #isKey = false;
  #client!: SchemaRegistryClient;
  #format: RegistryFormat | undefined;
  #formatLoading: Promise<RegistryFormat> | undefined;
  /** Readers by schema id, then by topic (the subject, and so the schema version, depends on it). */
  readonly #readers = new Map<number, Map<string, PayloadReader>>();
  /** Why an id could not be prepared, thrown by toConnectData for the records that carry it. */
  readonly #readFailures = new Map<number, unknown>();
  readonly #writers = new Map<Schema | typeof SCHEMALESS, Map<string, Writer>>();
  readonly #writeFailures = new Map<Schema | typeof SCHEMALESS, unknown>();
  /** The last reader used, for the common case of one topic and one schema id in a row. */
  #lastRead: { id: number; topic: string; reader: PayloadReader } | undefined;

  configure(configs: Readonly<Record<string, unknown>>, isKey: boolean): void {
    const parsed = this.config().parse({ ...configs, 'converter.type': isKey ? 'key' : 'value' });
    this.#settings = parseRegistrySettings(parsed, isKey);
    this.#parsedConfig = parsed;
    this.#isKey = isKey;
    this.#client = new SchemaRegistryClient(this.#settings);
  }

  /** The registry client (its request count shows that a warm converter makes no calls). */
  get registry(): SchemaRegistryClient {
    return this.#client;
  }

  async #loadedFormat(): Promise<RegistryFormat> {
    if (this.#format) return this.#format;
    this.#formatLoading ??= this.loadFormat().then((factory) =>
      factory({ config: this.#parsedConfig, isKey: this.#isKey }),
    );
    this.#format = await this.#formatLoading;
    return this.#format;
  }

  // ---- bytes → Connect ------------------------------------------------------------------------

  async prepareToConnect(topic: string, values: readonly (Bytes | null)[]): Promise<void> {
    const missing = new Set<number>();
    for (const value of values) {
      if (value === null || value.length < HEADER_SIZE || value[0] !== 0) continue;
      const id = schemaIdOf(value);
      if (!this.#readers.get(id)?.has(topic)) missing.add(id);
    }
    if (missing.size === 0) return;
    const format = await this.#loadedFormat();
    await Promise.all(
      [...missing].map(async (id) => {
        try {
          const reader = await this.#makeReader(format, topic, id);
          const byTopic = this.#readers.get(id) ?? new Map<string, PayloadReader>();
          this.#readers.set(id, byTopic.set(topic, reader));
          this.#readFailures.delete(id);
        } catch (error) {
          this.#readFailures.set(id, error);
        }
      }),
    );
  }

  async #makeReader(format: RegistryFormat, topic: string, id: number): Promise<PayloadReader> {
    let registered: Awaited<ReturnType<SchemaRegistryClient['schemaById']>>;
    try {
      registered = await this.#client.schemaById(id);
    } catch (error) {
      if (!(error instanceof DataError)) throw error;
      throw new DataError(
        `Error retrieving ${this.formatName} ${this.#isKey ? 'key' : 'value'} schema for id ${id}: ${error.message}`,
        { cause: error },
      );
    }
    if (registered.typeDeclared !== false && registered.schemaType !== this.schemaType)
      throw new DataError(
        `Schema id ${id} is a ${registered.schemaType} schema, not ${this.schemaType}: use the converter of that format`,
      );
    const parsed = await format.parse(registered, (ref) =>
      this.#client.subjectVersion(ref.subject, ref.version),
    );
    // Confluent's converters give the Connect schema the subject version of the writer's schema;
    // a schema the strategy names no subject for (a primitive under RecordNameStrategy) gets none.
    let version: number | null = null;
    let subject: string | undefined;
    try {
      subject = this.#settings.subjectNameStrategy(topic, this.#isKey, parsed.recordName);
    } catch {
      subject = undefined;
    }
    if (subject !== undefined) version = await this.#client.versionOf(subject, id);
    return format.reader(parsed, version);
  }

  toConnectData(topic: string, _headers: Headers | null, value: Bytes | null): SchemaAndValue {
    if (value === null) return NULL_SCHEMA_AND_VALUE;
    let id: number;
    try {
      id = schemaIdOf(value);
    } catch (error) {
      throw this.#readError(topic, error);
    }
    const last = this.#lastRead;
    let reader = last !== undefined && last.id === id && last.topic === topic ? last.reader : undefined;
    if (reader === undefined) {
      reader = this.#readers.get(id)?.get(topic);
      if (reader === undefined) {
        const failure = this.#readFailures.get(id);
        if (failure !== undefined)
          throw failure instanceof DataError ? this.#readError(topic, failure) : failure;
        throw new ConnectError(
          `Schema id ${id} has not been looked up: call prepareToConnect with the batch before toConnectData`,
        );
      }
      this.#lastRead = { id, topic, reader };
    }
    try {
      return reader(value, HEADER_SIZE);
    } catch (error) {
      throw this.#readError(topic, error);
    }
  }

  #readError(topic: string, error: unknown): DataError {
    const reason = error instanceof Error ? error.message : String(error);
    return new DataError(`Failed to deserialize data for topic ${topic} to ${this.formatName}: ${reason}`, {
      cause: error,
    });
  }

  // ---- Connect → bytes ------------------------------------------------------------------------

  async prepareFromConnect(topic: string, data: readonly SchemaAndValue[]): Promise<void> {
    const missing = new Set<Schema | null>();
    for (const { schema, value } of data) {
      if (value === null || value === undefined) continue;
      if (!this.#writers.get(schema ?? SCHEMALESS)?.has(topic)) missing.add(schema);
    }
    if (missing.size === 0) return;
    const format = await this.#loadedFormat();
    for (const schema of missing) {
      const key = schema ?? SCHEMALESS;
      try {
        const writer = await this.#makeWriter(format, topic, schema);
        const byTopic = this.#writers.get(key) ?? new Map<string, Writer>();
        this.#writers.set(key, byTopic.set(topic, writer));
        this.#writeFailures.delete(key);
      } catch (error) {
        this.#writeFailures.set(key, error);
      }
    }
  }

  /** Confluent's serializer: a fixed id, the latest version, or the id of our schema (registered or looked up). */
  async #makeWriter(format: RegistryFormat, topic: string, schema: Schema | null): Promise<Writer> {
    const settings = this.#settings;
    const ours = format.fromConnectSchema(schema);
    const subject = settings.subjectNameStrategy(topic, this.#isKey, ours.parsed.recordName);
    if (settings.useSchemaId >= 0) {
      const registered = await this.#client.schemaById(settings.useSchemaId);
      const target = await format.parse(registered, (ref) =>
        this.#client.subjectVersion(ref.subject, ref.version),
      );
      return { header: frameHeader(settings.useSchemaId), write: format.writer(target, schema) };
    }
    if (settings.useLatestVersion) {
      const latest = await this.#client.subjectVersion(subject, 'latest', settings.latestCacheTtlSec);
      const target = await format.parse(latest, (ref) =>
        this.#client.subjectVersion(ref.subject, ref.version),
      );
      if (settings.latestCompatibilityStrict) {
        const problem = format.incompatibility(target, ours.parsed);
        if (problem !== undefined)
          throw new DataError(
            `Schema being registered is incompatible with the latest schema of subject ${subject} (latest.compatibility.strict=true): ${problem}`,
          );
      }
      return { header: frameHeader(latest.id), write: format.writer(target, schema) };
    }
    const found = settings.autoRegister
      ? await this.#client.register(subject, ours.registered, settings.normalizeSchemas)
      : await this.#client.lookup(subject, ours.registered, settings.normalizeSchemas);
    return { header: frameHeader(found.id), write: format.writer(ours.parsed, schema) };
  }

  fromConnectData(
    topic: string,
    _headers: Headers | null,
    schema: Schema | null,
    value: unknown,
  ): Bytes | null {
    if (value === null || value === undefined) return null;
    const key = schema ?? SCHEMALESS;
    const writer = this.#writers.get(key)?.get(topic);
    if (writer === undefined) {
      const failure = this.#writeFailures.get(key);
      if (failure !== undefined)
        throw failure instanceof DataError ? this.#writeError(topic, failure) : failure;
      throw new ConnectError(
        'This schema has not been registered or looked up: call prepareFromConnect before fromConnectData',
      );
    }
    let payload: Buffer;
    try {
      payload = writer.write(value);
    } catch (error) {
      throw this.#writeError(topic, error);
    }
    return Buffer.concat([writer.header, payload], HEADER_SIZE + payload.length);
  }

  #writeError(topic: string, error: unknown): DataError {
    const reason = error instanceof Error ? error.message : String(error);
    return new DataError(`Failed to serialize ${this.formatName} data from topic ${topic}: ${reason}`, {
      cause: error,
    });
  }
}

/** prepareToConnect then toConnectData, for callers that convert one value at a time. */
export async function toConnectDataAsync(
  converter: Converter,
  topic: string,
  headers: Headers | null,
  value: Bytes | null,
): Promise<SchemaAndValue> {
  await converter.prepareToConnect?.(topic, [value]);
  return converter.toConnectData(topic, headers, value);
}

/** prepareFromConnect then fromConnectData, for callers that convert one value at a time. */
export async function fromConnectDataAsync(
  converter: Converter,
  topic: string,
  headers: Headers | null,
  schema: Schema | null,
  value: unknown,
): Promise<Bytes | null> {
  await converter.prepareFromConnect?.(topic, [{ schema, value }]);
  return converter.fromConnectData(topic, headers, schema, value);
}

export type { FormatSchema };
