// What a schema format (Avro, Protobuf, JSON Schema) gives the registry converter: schemas parsed
// from the registry and made from Connect schemas, and readers and writers compiled from them
// once per schema, so that each record is one call of a prepared function.
import type { Schema, SchemaAndValue } from '../../api/schema.ts';
import type { RegisteredSchema, SchemaReference } from './registry-client.ts';

/** A schema of the format, parsed; opaque to the converter. */
export interface FormatSchema {
  /** What the subject name strategies call the record name; null when the schema has none. */
  readonly recordName: string | null;
}

export interface ConnectSchemaInFormat<S extends FormatSchema> {
  /** The text (and references) to register or look up. */
  readonly registered: RegisteredSchema;
  readonly parsed: S;
}

/** Reads a framed value's payload, which starts at `offset`. */
export type PayloadReader = (bytes: Buffer, offset: number) => SchemaAndValue;
/** Writes a Connect value as the payload that follows the 5-byte header. */
export type PayloadWriter = (value: unknown) => Buffer;

export interface RegistryFormat<S extends FormatSchema = FormatSchema> {
  /** Parses a registered schema; `resolve` fetches the schemas its references name. */
  parse(
    registered: RegisteredSchema,
    resolve: (reference: SchemaReference) => Promise<RegisteredSchema>,
  ): Promise<S>;
  /** A reader of values written with `schema`; `version` is the subject version Connect schemas get. */
  reader(schema: S, version: number | null): PayloadReader;
  /** The format's schema for a Connect schema (null: the format's schemaless form, if it has one). */
  fromConnectSchema(schema: Schema | null): ConnectSchemaInFormat<S>;
  /** A writer of Connect values of `connectSchema` as values of `target`. */
  writer(target: S, connectSchema: Schema | null): PayloadWriter;
  /**
   * Why a value made for `ours` cannot be written with `latest` (latest.compatibility.strict), or
   * undefined when it can.
   */
  incompatibility(latest: S, ours: S): string | undefined;
}

export interface FormatOptions {
  /** The converter's parsed config (its own keys included). */
  readonly config: Readonly<Record<string, unknown>>;
  readonly isKey: boolean;
}

export type FormatFactory = (options: FormatOptions) => RegistryFormat;
