// Connect schemas ↔ the JSON schema form of Kafka's JsonConverter envelope:
// {"type":"struct","fields":[{"type":"int32","optional":false,"field":"id"}],"optional":false,"name":"x"}
// Parsing follows Kafka's asConnectSchema (same checks, same messages); writing follows
// asJsonSchema's key order, so our envelopes look like Kafka's byte for byte where numbers allow.
import { DataError, SchemaBuilderError } from '../../api/errors.ts';
import { type Schema, SchemaBuilder, type SchemaType } from '../../api/schema.ts';
import { intValue, isIntegral, isObjectNode, type JsonNode } from './json-node.ts';
import type { ReaderCompiler } from './to-connect.ts';

const TYPE_BY_NAME: Readonly<Record<string, SchemaType>> = {
  boolean: 'BOOLEAN',
  int8: 'INT8',
  int16: 'INT16',
  int32: 'INT32',
  int64: 'INT64',
  float: 'FLOAT32',
  double: 'FLOAT64',
  bytes: 'BYTES',
  string: 'STRING',
  array: 'ARRAY',
  map: 'MAP',
  struct: 'STRUCT',
};

export const NAME_BY_TYPE: Readonly<Record<SchemaType, string>> = {
  BOOLEAN: 'boolean',
  INT8: 'int8',
  INT16: 'int16',
  INT32: 'int32',
  INT64: 'int64',
  FLOAT32: 'float',
  FLOAT64: 'double',
  BYTES: 'bytes',
  STRING: 'string',
  ARRAY: 'array',
  MAP: 'map',
  STRUCT: 'struct',
};

const get = (node: JsonNode, key: string): JsonNode =>
  isObjectNode(node) && Object.hasOwn(node, key) ? node[key] : undefined;

/**
 * Kafka's asConnectSchema. `readers` converts a schema's `default` with the converter's rules;
 * `nested` resolves nested schemas (through the converter's cache).
 */
export function parseJsonSchema(
  node: JsonNode,
  readers: ReaderCompiler,
  nested: (node: JsonNode) => Schema | null,
): Schema | null {
  if (node === null) return null;
  const typeNode = get(node, 'type');
  if (typeof typeNode !== 'string') throw new DataError("Schema must contain 'type' field");
  let builder: SchemaBuilder;
  const type = Object.hasOwn(TYPE_BY_NAME, typeNode) ? TYPE_BY_NAME[typeNode] : undefined;
  switch (type) {
    case undefined:
      throw new DataError(`Unknown schema type: ${typeNode}`);
    case 'ARRAY': {
      const items = get(node, 'items');
      if (items === undefined || items === null)
        throw new DataError('Array schema did not specify the element type');
      builder = SchemaBuilder.array(nested(items) as Schema);
      break;
    }
    case 'MAP': {
      const keys = get(node, 'keys');
      if (keys === undefined) throw new DataError('Map schema did not specify the key type');
      const values = get(node, 'values');
      if (values === undefined) throw new DataError('Map schema did not specify the value type');
      const keySchema = nested(keys);
      const valueSchema = nested(values);
      if (keySchema === null) throw new SchemaBuilderError('keySchema cannot be null.');
      if (valueSchema === null) throw new SchemaBuilderError('valueSchema cannot be null.');
      builder = SchemaBuilder.map(keySchema, valueSchema);
      break;
    }
    case 'STRUCT': {
      builder = SchemaBuilder.struct();
      const fields = get(node, 'fields');
      if (!Array.isArray(fields)) throw new DataError('Struct schema\'s "fields" argument is not an array.');
      for (const field of fields) {
        const name = get(field, 'field');
        if (typeof name !== 'string')
          throw new DataError("Struct schema's field name not specified properly");
        const fieldSchema = nested(field) as Schema;
        builder.field(name, fieldSchema);
      }
      break;
    }
    default:
      builder = SchemaBuilder.type(type);
  }

  if (get(node, 'optional') === true) builder.optional();
  const name = get(node, 'name');
  if (typeof name === 'string') builder.name(name);
  const version = get(node, 'version');
  if (isIntegral(version)) builder.version(intValue(version));
  const doc = get(node, 'doc');
  if (typeof doc === 'string') builder.doc(doc);
  const parameters = get(node, 'parameters');
  if (isObjectNode(parameters)) {
    for (const [key, value] of Object.entries(parameters)) {
      if (typeof value !== 'string') throw new DataError('Schema parameters must have string values.');
      builder.parameter(key, value);
    }
  }
  const defaultNode = get(node, 'default');
  if (defaultNode === undefined) return builder.build();

  // Kafka converts the default with the schema being built; a null default means "no default".
  const withoutDefault = builder.build();
  const value = readers.reader(withoutDefault).read(defaultNode);
  if (value === null) {
    // No default, which only an optional schema may have (e.g. a string default for a bytes schema).
    if (withoutDefault.optional) return withoutDefault;
    throw new SchemaBuilderError('Invalid default value');
  }
  // Kafka validates a struct default against the builder itself, which never equals the built
  // schema, so a struct default is always rejected; we keep that outcome.
  if (withoutDefault.type === 'STRUCT') throw new SchemaBuilderError('Invalid default value');
  try {
    return builder.defaultValue(value).build();
  } catch (error) {
    throw new SchemaBuilderError('Invalid default value', { cause: error });
  }
}
