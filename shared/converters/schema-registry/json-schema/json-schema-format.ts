// The JSON Schema format of the registry converters: the payload is JSON text, read with long
// integers kept exact; schemas map to Connect as Confluent's JsonSchemaData does
// (json-schema-data.ts). With json.fail.invalid.schema the payload is validated against the schema
// (ajv, loaded only then). Loaded on a converter's first prepare, never at start-up.
import { DataError } from '../../../api/errors.ts';
import type { Schema } from '../../../api/schema.ts';
import { bigintsExact } from '../../../api/values/raw-json.ts';
import type { FormatOptions, RegistryFormat } from '../format.ts';
import { resolveReferences } from '../references.ts';
import type { RegisteredSchema } from '../registry-client.ts';
import {
  compileFromConnect,
  compileToConnect,
  fromConnectSchema,
  type JsonSchemaNode,
  PreciseNumber,
  type RefResolver,
  toConnectSchema,
} from './json-schema-data.ts';

export interface JsonFormatSchema {
  readonly recordName: string | null;
  readonly root: JsonSchemaNode;
  readonly resolve: RefResolver;
  /** Validates a payload against the schema (json.fail.invalid.schema); undefined when off. */
  readonly validate?: (json: unknown) => string | undefined;
}

/** Keeps what a double would lose: integers beyond 2^53 as bigints, long fractions as text. */
function reviver(this: unknown, _key: string, value: unknown, context?: { source?: string }): unknown {
  if (typeof value !== 'number' || context?.source === undefined) return value;
  const source = context.source;
  if (Number.isSafeInteger(value)) return value;
  if (/^-?\d+$/.test(source)) return BigInt(source);
  return source.replace(/^-?0*\.?0*/, '').replace(/[.eE].*$/, '').length > 15
    ? new PreciseNumber(source)
    : value;
}

const parseJson = (text: string): unknown =>
  JSON.parse(text, reviver as (key: string, value: unknown) => unknown);

function pointer(root: unknown, path: string): JsonSchemaNode {
  let node = root;
  for (const raw of path.split('/').slice(1)) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    node = (node as Record<string, unknown> | undefined)?.[key];
  }
  if (node === null || typeof node !== 'object') throw new DataError(`Unresolvable $ref #${path}`);
  return node as JsonSchemaNode;
}

function resolverFor(root: JsonSchemaNode, documents: Map<string, JsonSchemaNode>): RefResolver {
  return (ref) => {
    const hash = ref.indexOf('#');
    const name = hash < 0 ? ref : ref.slice(0, hash);
    const path = hash < 0 ? '' : ref.slice(hash + 1);
    const document = name === '' ? root : documents.get(name);
    if (!document) throw new DataError(`Unresolvable $ref ${ref}: no such referenced schema`);
    return path === '' ? document : pointer(document, path);
  };
}

export function createJsonSchemaFormat(options: FormatOptions): RegistryFormat<JsonFormatSchema> {
  const config = options.config;
  const decimalNumeric = String(config['decimal.format']).toUpperCase() === 'NUMERIC';
  const failInvalid = config['json.fail.invalid.schema'] === true;
  const cacheSize = config['schemas.cache.config'] as number;
  const fromConnectCache = new Map<Schema, { registered: RegisteredSchema; parsed: JsonFormatSchema }>();
  let ajv: Promise<import('ajv').Ajv> | undefined;

  async function validatorFor(root: JsonSchemaNode, documents: Map<string, JsonSchemaNode>) {
    if (!failInvalid) return undefined;
    ajv ??= import('ajv').then(
      ({ Ajv }) => new Ajv({ strict: false, allErrors: false, validateSchema: false }),
    );
    const compiler = await ajv;
    for (const [name, document] of documents)
      if (!compiler.getSchema(name)) compiler.addSchema(document, name);
    const check = compiler.compile(root);
    return (json: unknown) =>
      check(json) ? undefined : compiler.errorsText(check.errors, { dataVar: 'value' });
  }

  const formatSchema = (
    root: JsonSchemaNode,
    documents: Map<string, JsonSchemaNode>,
    validate: JsonFormatSchema['validate'],
  ): JsonFormatSchema => ({
    recordName: typeof root.title === 'string' ? root.title : 'record',
    root,
    resolve: resolverFor(root, documents),
    validate,
  });

  return {
    async parse(registered, resolve) {
      const documents = new Map<string, JsonSchemaNode>();
      for (const reference of await resolveReferences(registered.references, resolve))
        documents.set(reference.name, JSON.parse(reference.registered.schema) as JsonSchemaNode);
      const root = JSON.parse(registered.schema) as JsonSchemaNode;
      return formatSchema(root, documents, await validatorFor(root, documents));
    },

    reader(schema, version) {
      const connectSchema = toConnectSchema(schema.root, version, false, schema.resolve);
      const convert = compileToConnect(connectSchema);
      const validate = schema.validate;
      return (bytes, offset) => {
        const json = parseJson(bytes.toString('utf8', offset));
        if (validate) {
          const problem = validate(json);
          if (problem) throw new DataError(`Validation error: ${problem}`);
        }
        return { schema: connectSchema, value: convert(json) };
      };
    },

    fromConnectSchema(schema) {
      if (schema === null)
        throw new DataError(
          'Data without a schema cannot be written as JSON Schema: give the values a Connect schema',
        );
      const cached = fromConnectCache.get(schema);
      if (cached) return cached;
      const root = fromConnectSchema(schema);
      const result = {
        registered: {
          schemaType: 'JSON' as const,
          schema: JSON.stringify(root, bigintsExact),
          references: [],
        },
        parsed: formatSchema(root, new Map(), undefined),
      };
      if (fromConnectCache.size >= cacheSize) fromConnectCache.delete(fromConnectCache.keys().next().value!);
      fromConnectCache.set(schema, result);
      return result;
    },

    writer(target, connectSchema) {
      if (connectSchema === null)
        throw new DataError(
          'Data without a schema cannot be written as JSON Schema: give the values a Connect schema',
        );
      const convert = compileFromConnect(connectSchema, decimalNumeric);
      let validate = target.validate;
      if (failInvalid && validate === undefined) {
        // Our own schema: compiled on first use (the writer itself is synchronous).
        let compiled: ((json: unknown) => string | undefined) | undefined;
        void validatorFor(target.root, new Map()).then((v) => {
          compiled = v;
        });
        validate = (json) => (compiled ? compiled(json) : undefined);
      }
      return (value) => {
        const json = convert(value);
        if (validate) {
          const problem = validate(parseJson(JSON.stringify(json)));
          if (problem) throw new DataError(`Validation error: ${problem}`);
        }
        return Buffer.from(JSON.stringify(json), 'utf8');
      };
    },

    incompatibility() {
      // JSON Schema compatibility is the registry's to judge; the latest schema is used as is.
      return undefined;
    },
  };
}
