// The Protobuf format of the registry converters, on protobufjs: the payload is Confluent's
// message-index list (which message of the schema) followed by the message; schemas are .proto
// text whose imports are schema references or the well-known types Confluent's registry knows.
// Loaded on a converter's first prepare, never at start-up.
import protobuf from 'protobufjs';
import { DataError } from '../../../api/errors.ts';
import type { Schema, SchemaAndValue } from '../../../api/schema.ts';
import type { FormatOptions, PayloadReader, RegistryFormat } from '../format.ts';
import { resolveReferences } from '../references.ts';
import type { RegisteredSchema } from '../registry-client.ts';
import { connectSchemaOf, type ProtobufDataSettings, protoFromConnectSchema } from './protobuf-data.ts';
import { compileFromConnect, compileToConnect } from './protobuf-values.ts';
import { addWellKnown } from './well-known.ts';

export interface ProtobufFormatSchema {
  readonly recordName: string | null;
  readonly root: protobuf.Root;
  /** The schema file's top-level messages in declaration order (message index 0, 1, ...). */
  readonly messages: readonly protobuf.Type[];
}

/** Parses `text` into `root`, after its imports: references (by name) or well-known files. */
function parseInto(
  root: protobuf.Root,
  text: string,
  available: Map<string, string>,
  added: Set<string>,
): string[] {
  const probe = protobuf.parse(text, new protobuf.Root(), { keepCase: true });
  for (const file of probe.imports ?? []) importFile(root, file, available, added);
  for (const file of probe.weakImports ?? []) importFile(root, file, available, added);
  protobuf.parse(text, root, { keepCase: true });
  const space = probe.package ? probe.root.lookup(probe.package) : probe.root;
  const names =
    (space as protobuf.Namespace | null)?.nestedArray.filter((n) => n instanceof protobuf.Type) ?? [];
  return names.map((n) => n.fullName);
}

function importFile(
  root: protobuf.Root,
  file: string,
  available: Map<string, string>,
  added: Set<string>,
): void {
  if (added.has(file)) return;
  const text = available.get(file);
  if (text !== undefined) {
    added.add(file);
    parseInto(root, text, available, added);
    return;
  }
  if (!addWellKnown(root, file, added))
    throw new DataError(
      `The schema imports ${file}, which is neither a schema reference nor a well-known type`,
    );
}

function formatSchema(text: string, available: Map<string, string>): ProtobufFormatSchema {
  const root = new protobuf.Root();
  let names: string[];
  try {
    names = parseInto(root, text, available, new Set());
    root.resolveAll();
  } catch (error) {
    if (error instanceof DataError) throw error;
    throw new DataError(`Invalid Protobuf schema: ${(error as Error).message}`, { cause: error });
  }
  const messages = names.map((name) => root.lookupType(name));
  if (messages.length === 0) throw new DataError('The Protobuf schema defines no message');
  return { recordName: messages[0]!.fullName.replace(/^\./, ''), root, messages };
}

/** Reads Confluent's message indexes: a zigzag varint count, then that many zigzag varints. */
function readIndexes(bytes: Buffer, offset: number): { path: number[]; offset: number } {
  const reader = protobuf.Reader.create(bytes.subarray(offset));
  const count = reader.sint32();
  const path = count === 0 ? [0] : Array.from({ length: count }, () => reader.sint32());
  return { path, offset: offset + reader.pos };
}

function messageAt(schema: ProtobufFormatSchema, path: readonly number[]): protobuf.Type {
  let type = schema.messages[path[0]!];
  for (const index of path.slice(1))
    type = type?.nestedArray.filter((n) => n instanceof protobuf.Type)[index] as protobuf.Type | undefined;
  if (!type) throw new DataError(`No message at index ${path.join('.')} in the schema`);
  return type;
}

export function createProtobufFormat(options: FormatOptions): RegistryFormat<ProtobufFormatSchema> {
  const settings: ProtobufDataSettings = {
    enhancedSchemaSupport: options.config['enhanced.protobuf.schema.support'] as boolean,
    scrubInvalidNames: options.config['scrub.invalid.names'] as boolean,
    optionalForNullables: options.config['optional.for.nullables'] as boolean,
  };
  const cacheSize = options.config['schemas.cache.config'] as number;
  const fromConnectCache = new Map<Schema, { registered: RegisteredSchema; parsed: ProtobufFormatSchema }>();

  return {
    async parse(registered, resolve) {
      const available = new Map<string, string>();
      for (const reference of await resolveReferences(registered.references, resolve))
        available.set(reference.name, reference.registered.schema);
      return formatSchema(registered.schema, available);
    },

    reader(schema, version) {
      const readers = new Map<string, (bytes: Buffer, offset: number) => SchemaAndValue>();
      const readerFor = (path: number[]) => {
        const key = path.join('.');
        let read = readers.get(key);
        if (!read) {
          const type = messageAt(schema, path);
          const connectSchema = connectSchemaOf(type, version, settings);
          const convert = compileToConnect(connectSchema, type);
          read = (bytes, offset) => ({
            schema: connectSchema,
            value: convert(type.decode(bytes.subarray(offset)) as unknown as Record<string, unknown>),
          });
          readers.set(key, read);
        }
        return read;
      };
      const first = readerFor([0]);
      const reader: PayloadReader = (bytes, offset) => {
        // The common case, message index [0], is a single zero byte.
        if (bytes[offset] === 0) return first(bytes, offset + 1);
        const indexes = readIndexes(bytes, offset);
        return readerFor(indexes.path)(bytes, indexes.offset);
      };
      return reader;
    },

    fromConnectSchema(schema) {
      if (schema === null)
        throw new DataError(
          'Data without a schema cannot be written as Protobuf: give the values a Connect schema',
        );
      const cached = fromConnectCache.get(schema);
      if (cached) return cached;
      const { text } = protoFromConnectSchema(schema, settings);
      const result = {
        registered: { schemaType: 'PROTOBUF' as const, schema: text, references: [] },
        parsed: formatSchema(text, new Map()),
      };
      if (fromConnectCache.size >= cacheSize) fromConnectCache.delete(fromConnectCache.keys().next().value!);
      fromConnectCache.set(schema, result);
      return result;
    },

    writer(target, connectSchema) {
      if (connectSchema === null || connectSchema.type !== 'STRUCT')
        throw new DataError('Only structs can be written as Protobuf messages');
      const type = target.messages[0]!;
      const convert = compileFromConnect(connectSchema, type);
      return (value) => {
        const message = type.fromObject(convert(value as never));
        const payload = type.encode(message).finish();
        const out = Buffer.allocUnsafe(payload.length + 1);
        out[0] = 0; // message index [0]
        out.set(payload, 1);
        return out;
      };
    },

    incompatibility() {
      // Protobuf compatibility is the registry's to judge; the latest schema is used as is.
      return undefined;
    },
  };
}
