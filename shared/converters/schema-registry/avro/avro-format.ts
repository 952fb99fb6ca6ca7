// The Avro format of the registry converters, on avsc: schemas parsed and built as Confluent's
// AvroData does (avro-data.ts), values encoded and decoded by avsc with unions wrapped (so every
// branch is known) and longs beyond 2^53 as bigints, and the Connect side converted by compiled
// closures (avro-values.ts). Loaded on a converter's first prepare, never at start-up.
import type avro from 'avsc';
import { DataError } from '../../../api/errors.ts';
import type { Schema } from '../../../api/schema.ts';
import type { FormatOptions, RegistryFormat } from '../format.ts';
import { resolveReferences } from '../references.ts';
import type { RegisteredSchema } from '../registry-client.ts';
import { type AvroDataSettings, fromConnectSchema, toConnectSchema } from './avro-data.ts';
import { avscType } from './avro-long.ts';
import { type AvroSchema, avroSchemaText, avscSchemaJson, fullName, parseAvroSchema } from './avro-schema.ts';
import { compileFromConnect, compileToConnect } from './avro-values.ts';
import { avroIncompatibility } from './compatibility.ts';

export interface AvroFormatSchema {
  readonly recordName: string | null;
  readonly avro: AvroSchema;
  readonly type: avro.Type;
}

function typeOf(schema: AvroSchema): avro.Type {
  try {
    return avscType(avscSchemaJson(schema));
  } catch (error) {
    throw new DataError(`Invalid Avro schema: ${(error as Error).message}`, { cause: error });
  }
}

/** Confluent's record name strategies accept records only (an Avro record's full name). */
function formatSchema(schema: AvroSchema): AvroFormatSchema {
  return {
    recordName: schema.type === 'record' ? fullName(schema) : null,
    avro: schema,
    type: typeOf(schema),
  };
}

export function avroSettings(config: Readonly<Record<string, unknown>>): AvroDataSettings {
  return {
    connectMetaData: config['connect.meta.data'] as boolean,
    enhancedSchemaSupport: config['enhanced.avro.schema.support'] as boolean,
    scrubInvalidNames: config['scrub.invalid.names'] as boolean,
    ignoreDefaultForNullables: config['ignore.default.for.nullables'] as boolean,
    allowOptionalMapKeys: config['allow.optional.map.keys'] as boolean,
  };
}

export function createAvroFormat(options: FormatOptions): RegistryFormat<AvroFormatSchema> {
  const settings = avroSettings(options.config);
  const cacheSize = options.config['schemas.cache.config'] as number;
  // Connect schema → our Avro schema: Connect schemas are immutable and reused, so by identity.
  const fromConnectCache = new Map<Schema, { registered: RegisteredSchema; parsed: AvroFormatSchema }>();

  return {
    async parse(registered, resolve) {
      const known = new Map<string, AvroSchema>();
      for (const reference of await resolveReferences(registered.references, resolve))
        parseAvroSchema(reference.registered.schema, known);
      return formatSchema(parseAvroSchema(registered.schema, known));
    },

    reader(schema, version) {
      const connectSchema = toConnectSchema(schema.avro, version, settings);
      const convert = compileToConnect(connectSchema, schema.avro, settings);
      const type = schema.type;
      return (bytes, offset) => {
        const decoded = type.decode(bytes, offset);
        if (decoded.offset < 0) throw new DataError('Truncated Avro data');
        const value = decoded.value;
        return { schema: connectSchema, value: value === null ? null : convert(value) };
      };
    },

    fromConnectSchema(schema) {
      if (schema === null)
        throw new DataError(
          'Data without a schema cannot be written as Avro: give the values a Connect schema',
        );
      const cached = fromConnectCache.get(schema);
      if (cached) return cached;
      const avroSchema = fromConnectSchema(schema, settings);
      const result = {
        registered: { schemaType: 'AVRO' as const, schema: avroSchemaText(avroSchema), references: [] },
        parsed: formatSchema(avroSchema),
      };
      if (fromConnectCache.size >= cacheSize) fromConnectCache.delete(fromConnectCache.keys().next().value!);
      fromConnectCache.set(schema, result);
      return result;
    },

    writer(target, connectSchema) {
      if (connectSchema === null)
        throw new DataError(
          'Data without a schema cannot be written as Avro: give the values a Connect schema',
        );
      const convert = compileFromConnect(connectSchema, target.avro, settings);
      const type = target.type;
      return (value) => type.toBuffer(convert(value));
    },

    incompatibility(latest, ours) {
      return avroIncompatibility(latest.avro, ours.avro);
    },
  };
}
