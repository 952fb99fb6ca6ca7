// One sink record → one _bulk action: which index, which document id, which operation, whether
// the Kafka offset guards it as an external version, and the bytes of its action (and source)
// lines. The rules are the reference connectors' (DataConverter / BulkOperationBuilder); where
// Confluent and Aiven differ, the settings' flavour decides.
import { ConnectError, DataError } from '../../api/errors.ts';
import type { SinkRecord } from '../../api/record.ts';
import type { Schema } from '../../api/schema.ts';
import { convertToString } from '../../api/values/convert-to-string.ts';
import { javaClassName } from '../../api/values/java-class.ts';
import { utf8Bytes } from '../../converters/json/byte-slab.ts';
import { quote } from '../../converters/json/to-json.ts';
import { PayloadWriter } from './payload.ts';
import { ignoresKey, ignoresSchema, resourceNameFor, type SinkSettings } from './settings.ts';

export type OperationKind = 'index' | 'create' | 'update' | 'delete';

export interface BulkOperation {
  readonly record: SinkRecord;
  readonly index: string;
  /** Null when the server generates the id. */
  readonly id: string | null;
  readonly kind: OperationKind;
  /** The write carries version_type=external: an older or replayed record cannot overwrite. */
  readonly external: boolean;
  /** The action line and, except for deletes, the source line, each ending in a newline. */
  readonly bytes: readonly Buffer[];
  readonly size: number;
}

/** A record skipped on purpose (a tombstone with behavior.on.null.values=ignore). */
export interface Skipped {
  readonly skipped: true;
  /** Confluent reports ignored tombstones to the errant record reporter. */
  readonly report: Error | null;
}

const NEWLINE = Buffer.from('\n');
const KEY_TYPES = new Set(['INT8', 'INT16', 'INT32', 'INT64', 'STRING']);
/** ConnectSchema.schemaType for the classes a schemaless key can have. */
const SCHEMA_TYPE_BY_CLASS: Record<string, string> = {
  'java.lang.String': 'STRING',
  'java.lang.Long': 'INT64',
  'java.lang.Integer': 'INT32',
  'java.lang.Short': 'INT16',
  'java.lang.Byte': 'INT8',
  'java.lang.Double': 'FLOAT64',
  'java.lang.Float': 'FLOAT32',
  'java.lang.Boolean': 'BOOLEAN',
  '[B': 'BYTES',
  'java.util.HashMap': 'MAP',
  'java.util.ArrayList': 'ARRAY',
  'org.apache.kafka.connect.data.Struct': 'STRUCT',
};

export class DocumentBuilder {
  readonly #settings: SinkSettings;
  readonly #payloads: PayloadWriter;
  readonly #indexByTopic = new Map<string, string>();
  readonly #retryOnConflict: number;

  constructor(settings: SinkSettings) {
    this.#settings = settings;
    this.#payloads = new PayloadWriter(settings.compactMapEntries);
    this.#retryOnConflict = Math.min(settings.maxInFlight, settings.flavour === 'elasticsearch' ? 5 : 3);
  }

  /** The index (or data stream, or mapped resource) of a topic, after routing SMTs renamed it. */
  indexFor(topic: string): string {
    let index = this.#indexByTopic.get(topic);
    if (index === undefined) {
      index = resourceNameFor(this.#settings, topic);
      this.#indexByTopic.set(topic, index);
    }
    return index;
  }

  /** The bulk action for `record`; throws DataError for a record no document can be made of. */
  build(record: SinkRecord): BulkOperation | Skipped {
    const settings = this.#settings;
    const tombstone = record.value === null || record.value === undefined;
    if (tombstone) {
      switch (settings.nullValues) {
        case 'ignore':
          return {
            skipped: true,
            report:
              settings.flavour === 'elasticsearch'
                ? new ConnectError('Cannot write null valued record.')
                : null,
          };
        case 'delete':
          // Without a key there is no document to delete.
          if (record.key === null || record.key === undefined) return { skipped: true, report: null };
          break;
        default:
          throw new DataError(nullValueMessage(settings, record));
      }
    }
    const index = this.indexFor(record.topic);
    const keyIgnored = ignoresKey(settings, record.topic);
    const strategy = keyIgnored ? settings.keyIgnoredIds : 'record.key';
    const id =
      strategy === 'record.key'
        ? documentId(settings, record.keySchema, record.key)
        : strategy === 'none'
          ? null
          : `${record.topic}+${record.kafkaPartition}+${record.kafkaOffset}`;
    const dataStream = settings.dataStream !== null;
    // Confluent versions every keyed write outside data streams; Aiven only record-key ids.
    const versioned = !dataStream && strategy === 'record.key' && id !== null;
    const routing = this.#routing(record);

    if (tombstone) {
      const version = versioned ? this.#version(record) : null;
      const action = `{"delete":{${meta(index, id, routing)}${version === null ? '' : `,"version":${version},"version_type":"external"`}}}\n`;
      const bytes = [utf8Bytes(action)];
      return { record, index, id, kind: 'delete', external: version !== null, bytes, size: bytes[0]!.length };
    }

    let source = this.#payloads.write(
      record.topic,
      record.valueSchema,
      record.value,
      !ignoresSchema(settings, record.topic),
    );
    if (dataStream) source = this.#withTimestamp(source, record);
    if (settings.writeMethod === 'upsert') {
      const action = `{"update":{${meta(index, id, routing)},"retry_on_conflict":${this.#retryOnConflict}}}\n`;
      const body =
        settings.flavour === 'elasticsearch'
          ? [utf8Bytes('{"doc":'), source, utf8Bytes(',"upsert":'), source, utf8Bytes('}\n')]
          : [utf8Bytes('{"doc":'), source, utf8Bytes(',"doc_as_upsert":true}\n')];
      const bytes = [utf8Bytes(action), ...body];
      return { record, index, id, kind: 'update', external: false, bytes, size: sizeOf(bytes) };
    }
    const kind: OperationKind = dataStream ? 'create' : 'index';
    const version = versioned ? this.#version(record) : null;
    const action = `{"${kind}":{${meta(index, id, routing)}${version === null ? '' : `,"version":${version},"version_type":"external"`}}}\n`;
    const bytes = [utf8Bytes(action), source, NEWLINE];
    return { record, index, id, kind, external: version !== null, bytes, size: sizeOf(bytes) };
  }

  /** The Kafka offset, or the numeric value of external.version.header. */
  #version(record: SinkRecord): number | bigint {
    const header = this.#settings.externalVersionHeader;
    if (header === null) return record.kafkaOffset;
    const found = record.headers.lastWithName(header);
    const text = found ? convertToString(found.schema, found.value) : null;
    if (text === null || !/^[-+]?\d+$/.test(text.trim())) {
      throw new ConnectError(
        `Error converting external version header '${header}' to long for ${recordString(record)}`,
      );
    }
    const version = BigInt(text.trim());
    return version <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(version) : version;
  }

  #routing(record: SinkRecord): string | null {
    const { routing } = this.#settings;
    if (routing.type === 'none') return null;
    if (routing.type === 'key') return documentId(this.#settings, record.keySchema, record.key);
    const source = this.#payloads.write(
      record.topic,
      record.valueSchema,
      record.value,
      !ignoresSchema(this.#settings, record.topic),
    );
    const node = pointerLookup(JSON.parse(source.toString('utf8')), routing.valuePath ?? '');
    if (typeof node === 'string' || typeof node === 'number') {
      const text = String(node);
      if (text === '') throw new DataError(`Couldn't determine value for path: ${routing.valuePath}`);
      return text;
    }
    throw new DataError(
      `${jsonNodeType(node)} node type is not supported. Supported are: JSON string or JSON numeric values`,
    );
  }

  /** Data streams need @timestamp: copied from a value field, or the record's timestamp. */
  #withTimestamp(source: Buffer, record: SinkRecord): Buffer {
    const text = source.toString('utf8');
    if (!text.startsWith('{')) {
      throw new DataError(
        this.#settings.flavour === 'elasticsearch'
          ? `Top level payload contains data of Json type ${jsonNodeType(JSON.parse(text))}. Required Json object.`
          : `JSON payload is a type of ${jsonNodeType(JSON.parse(text))}. Required is JSON Object.`,
      );
    }
    const document = JSON.parse(text) as Record<string, unknown>;
    let value: string | undefined;
    const fields = this.#settings.dataStream!.timestampFields;
    if (fields.length > 0) {
      const field = fields.find((f) => Object.hasOwn(document, f));
      // Confluent copies the field's text (Jackson's asText) and leaves a record without one as is.
      if (field === undefined) return source;
      const found = document[field];
      value = quote(typeof found === 'string' ? found : JSON.stringify(found));
    } else {
      if (this.#settings.flavour === 'opensearch' && Object.hasOwn(document, '@timestamp')) return source;
      if (record.timestamp === null) throw new DataError("Record timestamp hasn't been set");
      value = String(record.timestamp);
    }
    if (Object.hasOwn(document, '@timestamp')) {
      document['@timestamp'] = JSON.parse(value);
      return Buffer.from(JSON.stringify(document), 'utf8');
    }
    // Splice the field in before the closing brace, so the record's own numbers keep their text.
    const body = text.slice(0, text.lastIndexOf('}'));
    return Buffer.from(`${body}${body.trim() === '{' ? '' : ','}"@timestamp":${value}}`, 'utf8');
  }
}

function meta(index: string, id: string | null, routing: string | null): string {
  let text = `"_index":${quote(index)}`;
  if (id !== null) text += `,"_id":${quote(id)}`;
  if (routing !== null) text += `,"routing":${quote(routing)}`;
  return text;
}

function sizeOf(parts: readonly Buffer[]): number {
  let size = 0;
  for (const part of parts) size += part.length;
  return size;
}

/** A document id from a record key, as the reference connectors' convertKey. */
export function documentId(settings: SinkSettings, keySchema: Schema | null, key: unknown): string {
  if (key === null || key === undefined)
    throw new DataError('Key is used as document id and can not be null.');
  const text = typeof key === 'string' ? key : String(key);
  if (settings.flavour === 'elasticsearch' && text === '')
    throw new DataError('Key is used as document id and can not be empty.');
  let type: string | undefined;
  if (keySchema === null) {
    const className = javaClassName(key);
    type = SCHEMA_TYPE_BY_CLASS[className];
    if (type === undefined)
      throw new DataError(`Java class class ${className} does not have corresponding schema type.`);
  } else {
    type = keySchema.type;
  }
  if (KEY_TYPES.has(type)) return text;
  throw new DataError(
    settings.flavour === 'elasticsearch'
      ? `${type} is not supported as the document id.`
      : `${type} type is not supported. Supported are: [Schema{INT8}, Schema{INT16}, Schema{INT32}, Schema{INT64}, Schema{STRING}]`,
  );
}

function nullValueMessage(settings: SinkSettings, record: SinkRecord): string {
  if (settings.flavour === 'elasticsearch') {
    return `${recordString(record)} has a null value (to ignore future records like this change the configuration property 'behavior.on.null.values' from 'FAIL' to 'IGNORE')`;
  }
  return `Sink record with key of ${String(record.key)} and null value encountered for topic/partition/offset ${record.topic}/${record.kafkaPartition}/${record.kafkaOffset} (to ignore future records like this change the configuration property 'behavior.on.null.values' from 'fail' to 'ignore')`;
}

export function recordString(record: SinkRecord): string {
  return `record from topic=${record.topic} partition=${record.kafkaPartition} offset=${record.kafkaOffset}`;
}

/** RFC 6901 lookup. */
function pointerLookup(document: unknown, pointer: string): unknown {
  if (pointer === '') return document;
  let node = document;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

/** Jackson's JsonNodeType names. */
function jsonNodeType(node: unknown): string {
  if (node === undefined) return 'MISSING';
  if (node === null) return 'NULL';
  if (Array.isArray(node)) return 'ARRAY';
  switch (typeof node) {
    case 'string':
      return 'STRING';
    case 'number':
      return 'NUMBER';
    case 'boolean':
      return 'BOOLEAN';
    default:
      return 'OBJECT';
  }
}
