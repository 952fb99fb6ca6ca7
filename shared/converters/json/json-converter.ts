// org.apache.kafka.connect.json.JsonConverter: JSON with or without the {"schema","payload"}
// envelope, for keys, values and headers. Behaviour, config keys and error messages follow Kafka's;
// see to-connect.ts / to-json.ts / schema-json.ts for the rules and raw-envelope.ts for the fast
// path. Deliberate differences (JavaScript has one number type) are listed in the conformance corpus.
import type { ConfigDef } from '../../api/config-def.ts';
import type { Converter, HeaderConverter } from '../../api/converter.ts';
import { DataError } from '../../api/errors.ts';
import type { Headers } from '../../api/headers.ts';
import type { Bytes } from '../../api/record.ts';
import { NULL_SCHEMA_AND_VALUE, type Schema, type SchemaAndValue } from '../../api/schema.ts';
import { utf8Bytes } from './byte-slab.ts';
import { type JsonConverterSettings, jsonConverterConfigDef, parseJsonConverterConfig } from './config.ts';
import { jacksonText, jacksonUtf8, mayBeOtherEncoding } from './jackson-bytes.ts';
import { checkNumberLengths, isBlankJson, parseJacksonDocument } from './jackson-document.ts';
import { isObjectNode, type JsonNode, PRECISION_NEEDED, parseJson } from './json-node.ts';
import { LruCache } from './lru-cache.ts';
import { plainJsonText } from './plain-json.ts';
import { RecentRawSchemas } from './raw-envelope.ts';
import { parseJsonSchema } from './schema-json.ts';
import { mayHoldWholeDouble, ReaderCompiler, readSchemaless } from './to-connect.ts';
import { WriterCompiler, writeSchemaless } from './to-json.ts';

const ENVELOPE_ERROR =
  'JsonConverter with schemas.enable requires "schema" and "payload" fields and may not contain additional fields. If you are trying to deserialize plain JSON data, set schemas.enable=false in your converter configuration.';
const DESERIALIZE_ERROR = 'Converting byte[] to Kafka Connect data failed due to serialization error: ';
const BOM = '\uFEFF';
/** JSON.parse refused the text (a value no JSON document parses to). */
const PARSE_FAILED: unique symbol = Symbol('PARSE_FAILED');
const NULL_SCHEMA_PREFIX = Buffer.from('{"schema":null,"payload":');
const CLOSE_BRACE = 0x7d;
/** Only schemas with a Decimal need their numbers' text; looking for the name is cheaper than parsing twice. */
const DECIMAL_NAME = 'connect.data.Decimal';

export class JsonConverter implements Converter, HeaderConverter {
  #settings: JsonConverterSettings | undefined;
  #readers = new ReaderCompiler(true);
  #writers = new WriterCompiler('BASE64', true, 1000);
  #schemasByText = new LruCache<string, Schema | null>(1000);
  #rawSchemas = new RecentRawSchemas();
  /** Every read builds its maps and lists anew (readSchemaless and the compiled readers). */
  readonly freshValues = true;

  config(): ConfigDef {
    return jsonConverterConfigDef();
  }

  /** As a key/value converter (`isKey` given) or as a header converter (`converter.type` in configs). */
  configure(configs: Readonly<Record<string, unknown>>, isKey?: boolean): void {
    const withType =
      isKey === undefined ? configs : { ...configs, 'converter.type': isKey ? 'key' : 'value' };
    const settings = parseJsonConverterConfig(withType);
    this.#settings = settings;
    this.#readers = new ReaderCompiler(settings.replaceNullWithDefault);
    this.#writers = new WriterCompiler(
      settings.decimalFormat,
      settings.replaceNullWithDefault,
      settings.schemaCacheSize,
    );
    this.#schemasByText = new LruCache(settings.schemaCacheSize);
    this.#rawSchemas = new RecentRawSchemas();
  }

  fromConnectData(
    _topic: string,
    _headers: Headers | null,
    schema: Schema | null,
    value: unknown,
  ): Bytes | null {
    if (schema === null && (value === null || value === undefined)) return null;
    const payload =
      schema === null
        ? (plainJsonText(value) ?? writeSchemaless(value))
        : this.#writers.payloadText(schema, value);
    if (!this.#configured().schemasEnabled) return utf8Bytes(payload);
    // The envelope's `{"schema":...,"payload":` is encoded once per schema; only the payload is new.
    const prefix = schema === null ? NULL_SCHEMA_PREFIX : this.#writers.envelopePrefix(schema);
    return utf8Bytes(payload, prefix, CLOSE_BRACE);
  }

  toConnectData(_topic: string, _headers: Headers | null, value: Bytes | null): SchemaAndValue {
    if (value === null || value === undefined) return NULL_SCHEMA_AND_VALUE;
    const settings = this.#configured();
    if (settings.schemasEnabled) {
      const match = this.#rawSchemas.match(value);
      if (match !== undefined) {
        const fast = this.#fromPayloadText(match.schema, match.payloadText);
        if (fast !== undefined) return fast;
      }
    }
    let text: string;
    // The UTF-8 the text comes from, for the checks Jackson makes on bytes; null for other encodings.
    let utf8: Buffer | null = value;
    if (mayBeOtherEncoding(value)) {
      // Jackson guesses UTF-16/32 from zero bytes or a byte order mark.
      try {
        ({ text, utf8 } = jacksonText(value));
      } catch (error) {
        throw new DataError(DESERIALIZE_ERROR, { cause: error });
      }
    } else {
      text = value.toString('utf8');
      // A replacement character may stand for bytes Jackson decodes differently (or fails on).
      if (text.includes('\uFFFD')) text = jacksonUtf8(value);
    }
    const bom = text.startsWith(BOM);
    if (bom) text = text.slice(1);
    // Where the text starts in `utf8` (after a byte order mark): only a text JSON.parse refuses needs it.
    const utf8Offset = bom ? 3 : 0;
    try {
      // Only a Decimal (with schemas) or a whole double (without) needs a number's text up front;
      // a huge integer still asks for it.
      const precise = settings.schemasEnabled ? text.includes(DECIMAL_NAME) : mayHoldWholeDouble(text);
      return this.#fromText(value, text, precise, utf8, utf8Offset);
    } catch (error) {
      if (error !== PRECISION_NEEDED) throw error;
      return this.#fromText(value, text, true, utf8, utf8Offset);
    }
  }

  /** The general path: parse the whole document, check the envelope, resolve the schema (cached). */
  #fromText(
    value: Buffer,
    text: string,
    precise: boolean,
    utf8: Buffer | null,
    utf8Offset: number,
  ): SchemaAndValue {
    const settings = this.#configured();
    let document: JsonNode;
    try {
      // Jackson reads empty input (JSON whitespace only) as a missing node rather than failing.
      document = isBlankJson(text) ? undefined : parseJson(text, precise);
    } catch {
      document = PARSE_FAILED;
    }
    if (document === PARSE_FAILED) {
      try {
        // Not strict JSON: read it as Jackson does (leading zeros, only the first value).
        document = parseJacksonDocument(text, precise, utf8 ?? undefined, utf8Offset);
      } catch (error) {
        throw new DataError(DESERIALIZE_ERROR, { cause: error });
      }
    } else {
      try {
        checkNumberLengths(text);
      } catch (error) {
        throw new DataError(DESERIALIZE_ERROR, { cause: error });
      }
    }
    if (!settings.schemasEnabled) return { schema: null, value: readSchemaless(document) };

    if (
      !isObjectNode(document) ||
      !Object.hasOwn(document, 'schema') ||
      !Object.hasOwn(document, 'payload') ||
      Object.keys(document).length !== 2
    )
      throw new DataError(ENVELOPE_ERROR);
    const schema = this.#schemaOf(document.schema);
    if (schema === null) {
      if (!precise && mayHoldWholeDouble(text)) throw PRECISION_NEEDED;
      const schemaless = { schema: null, value: readSchemaless(document.payload) };
      this.#rawSchemas.learn(value, null);
      return schemaless;
    }
    const reader = this.#readers.reader(schema);
    if (reader.needsPrecise && !precise) throw PRECISION_NEEDED;
    const result = { schema, value: reader.read(document.payload) };
    this.#rawSchemas.learn(value, schema);
    return result;
  }

  toConnectHeader(topic: string, _headerKey: string, value: Bytes | null): SchemaAndValue {
    return this.toConnectData(topic, null, value);
  }

  fromConnectHeader(topic: string, _headerKey: string, schema: Schema | null, value: unknown): Bytes | null {
    return this.fromConnectData(topic, null, schema, value);
  }

  /** The fast path's result, or undefined when the payload needs the general path. */
  #fromPayloadText(schema: Schema | null, payloadText: string): SchemaAndValue | undefined {
    const reader = schema === null ? undefined : this.#readers.reader(schema);
    // Bytes Buffer could not decode as UTF-8 take the general path, which decodes them as Jackson does.
    if (payloadText.includes('\uFFFD')) return undefined;
    // So do numbers Jackson finds too long (rare: only a long run of digits makes it look).
    try {
      checkNumberLengths(payloadText);
    } catch {
      return undefined;
    }
    let payload: JsonNode;
    try {
      payload = parseJson(payloadText, reader?.needsPrecise ?? mayHoldWholeDouble(payloadText));
    } catch {
      return undefined;
    }
    try {
      return { schema, value: reader === undefined ? readSchemaless(payload) : reader.read(payload) };
    } catch (error) {
      if (error !== PRECISION_NEEDED) throw error;
      const precise = parseJson(payloadText, true);
      return { schema, value: reader === undefined ? readSchemaless(precise) : reader.read(precise) };
    }
  }

  #schemaOf(node: JsonNode): Schema | null {
    if (node === null) return null;
    const key = JSON.stringify(node);
    const cached = this.#schemasByText.get(key);
    if (cached !== undefined) return cached;
    const schema = parseJsonSchema(node, this.#readers, (nested) => this.#schemaOf(nested));
    this.#schemasByText.set(key, schema);
    return schema;
  }

  #configured(): JsonConverterSettings {
    if (this.#settings === undefined) this.configure({}, false);
    return this.#settings!;
  }
}
