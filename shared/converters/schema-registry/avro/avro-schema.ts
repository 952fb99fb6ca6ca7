// Avro schemas as a small tree of plain nodes: parsed from the JSON a registry returns, or built
// from a Connect schema, and written back to JSON the way Java's Avro writes it (a named type in
// full the first time, by name afterwards; a namespace only where it changes), so that the text we
// register reads like the text Confluent's converter registers. Every attribute the spec does not
// define (connect.name, logicalType, precision, ...) is kept in `props`, in order.
import { DataError } from '../../../api/errors.ts';
import { javaDoubleToString, javaFloatToString } from '../../../api/values/java-number-text.ts';
import { bigintsExact, rawJson } from '../../../api/values/raw-json.ts';

export type AvroPrimitive = 'null' | 'boolean' | 'int' | 'long' | 'float' | 'double' | 'bytes' | 'string';
export type AvroTypeName = AvroPrimitive | 'record' | 'enum' | 'array' | 'map' | 'union' | 'fixed';

export interface AvroField {
  readonly name: string;
  type: AvroSchema;
  doc: string | null;
  /** The field's default as JSON; undefined when it has none (JSON null is a null default). */
  defaultValue: unknown;
  readonly props: Map<string, unknown>;
}

export interface AvroSchema {
  readonly type: AvroTypeName;
  /** Named types (record, enum, fixed): the simple name and the namespace (null: none). */
  name: string | null;
  namespace: string | null;
  doc: string | null;
  fields: AvroField[];
  symbols: string[];
  enumDefault: string | null;
  size: number;
  items: AvroSchema | null;
  values: AvroSchema | null;
  types: AvroSchema[];
  readonly props: Map<string, unknown>;
}

const PRIMITIVES: ReadonlySet<string> = new Set([
  'null',
  'boolean',
  'int',
  'long',
  'float',
  'double',
  'bytes',
  'string',
]);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function avroNode(type: AvroTypeName, init: Partial<AvroSchema> = {}): AvroSchema {
  return {
    type,
    name: null,
    namespace: null,
    doc: null,
    fields: [],
    symbols: [],
    enumDefault: null,
    size: 0,
    items: null,
    values: null,
    types: [],
    props: new Map(),
    ...init,
  };
}

export function fullName(schema: AvroSchema): string {
  if (schema.name === null) return schema.type;
  return schema.namespace ? `${schema.namespace}.${schema.name}` : schema.name;
}

export const isNamed = (schema: AvroSchema): boolean =>
  schema.type === 'record' || schema.type === 'enum' || schema.type === 'fixed';

/** Checks a name as Java's Avro does. */
export function validateName(name: string): string {
  if (NAME.test(name)) return name;
  if (name === '') throw new DataError('Empty name');
  if (!/^[A-Za-z_]/.test(name)) throw new DataError(`Illegal initial character: ${name}`);
  throw new DataError(`Illegal character in: ${name}`);
}

// ---- parsing --------------------------------------------------------------------------------

const RESERVED = new Set([
  'type',
  'name',
  'namespace',
  'doc',
  'fields',
  'symbols',
  'default',
  'size',
  'items',
  'values',
  'aliases',
]);

/** Parses Avro schema JSON text; `known` holds named types defined elsewhere (references). */
export function parseAvroSchema(text: string, known: Map<string, AvroSchema> = new Map()): AvroSchema {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // A bare primitive name may be registered without quotes by some clients.
    json = text.trim();
  }
  return parseNode(json, null, known);
}

function parseNode(json: unknown, space: string | null, names: Map<string, AvroSchema>): AvroSchema {
  if (typeof json === 'string') {
    if (PRIMITIVES.has(json)) return avroNode(json as AvroPrimitive);
    const found =
      (!json.includes('.') && space ? names.get(`${space}.${json}`) : undefined) ?? names.get(json);
    if (!found) throw new DataError(`Undefined name: "${json}"`);
    return found;
  }
  if (Array.isArray(json)) return avroNode('union', { types: json.map((t) => parseNode(t, space, names)) });
  if (json === null || typeof json !== 'object') throw new DataError(`Not a schema: ${JSON.stringify(json)}`);
  const object = json as Record<string, unknown>;
  const type = object.type;
  if (typeof type !== 'string' || !(PRIMITIVES.has(type) || isComplex(type))) {
    if (typeof type === 'object' && type !== null) return parseNode(type, space, names);
    if (typeof type === 'string') {
      // {"type": "com.x.Named"}: a reference written as an object.
      return parseNode(type, space, names);
    }
    throw new DataError(`No type: ${JSON.stringify(json)}`);
  }
  const props = new Map<string, unknown>();
  for (const [key, value] of Object.entries(object)) if (!RESERVED.has(key)) props.set(key, value);
  if (PRIMITIVES.has(type)) return avroNode(type as AvroPrimitive, { props });
  switch (type) {
    case 'array':
      return avroNode('array', { items: parseNode(object.items, space, names), props });
    case 'map':
      return avroNode('map', { values: parseNode(object.values, space, names), props });
  }
  // Named: record (or error), enum, fixed.
  const rawName = String(object.name ?? '');
  const dot = rawName.lastIndexOf('.');
  const namespace =
    dot >= 0
      ? rawName.slice(0, dot)
      : typeof object.namespace === 'string'
        ? object.namespace || null
        : space;
  const node = avroNode(type === 'error' ? 'record' : (type as AvroTypeName), {
    name: dot >= 0 ? rawName.slice(dot + 1) : rawName,
    namespace,
    doc: typeof object.doc === 'string' ? object.doc : null,
    props,
  });
  const full = fullName(node);
  if (names.has(full)) throw new DataError(`Can't redefine: ${full}`);
  names.set(full, node);
  if (node.type === 'enum') {
    node.symbols = (object.symbols as string[]) ?? [];
    node.enumDefault = typeof object.default === 'string' ? object.default : null;
  } else if (node.type === 'fixed') {
    node.size = Number(object.size);
  } else {
    for (const field of (object.fields as Record<string, unknown>[]) ?? []) {
      const fieldProps = new Map<string, unknown>();
      for (const [key, value] of Object.entries(field))
        if (!['name', 'type', 'doc', 'default', 'order', 'aliases'].includes(key)) fieldProps.set(key, value);
      node.fields.push({
        name: String(field.name),
        type: parseNode(field.type, namespace, names),
        doc: typeof field.doc === 'string' ? field.doc : null,
        defaultValue: 'default' in field ? field.default : undefined,
        props: fieldProps,
      });
    }
  }
  return node;
}

const isComplex = (type: string) =>
  type === 'record' ||
  type === 'error' ||
  type === 'enum' ||
  type === 'fixed' ||
  type === 'array' ||
  type === 'map';

// ---- writing --------------------------------------------------------------------------------

/** JSON text of `schema`, written as Java's Avro Schema.toString() writes it. */
export function avroSchemaText(schema: AvroSchema): string {
  return JSON.stringify(toJson(schema, { defined: new Set(), space: null, props: true }), bigintsExact);
}

/**
 * The JSON value of `schema` as avsc's Type.forSchema takes it: primitives by bare name, so that
 * the type registry's own long type applies to every long, and without the attributes avsc ignores.
 */
export function avscSchemaJson(schema: AvroSchema): unknown {
  return toJson(schema, { defined: new Set(), space: null, props: false });
}

const CONNECT_DEFAULT = 'connect.default';

/**
 * A default as Jackson writes it in Java's schema text: a float or double default is a FloatNode
 * or DoubleNode, printed 0.0 rather than 0, so the registered text (and the schema's identity in
 * the registry) is the same as Confluent's and Apicurio's.
 */
function floatingText(schema: AvroSchema, value: unknown): unknown {
  const type = schema.type === 'union' ? schema.types[0]?.type : schema.type;
  if (typeof value !== 'number' || !Number.isFinite(value)) return value;
  if (type === 'double') return rawJson(javaDoubleToString(value));
  if (type === 'float') return rawJson(javaFloatToString(Math.fround(value)));
  return value;
}

interface Names {
  defined: Set<string>;
  space: string | null;
  /** False: leave the non-spec attributes out (for avsc). */
  props: boolean;
}

function toJson(schema: AvroSchema, names: Names): unknown {
  if (schema.type === 'union') return schema.types.map((t) => toJson(t, names));
  if (PRIMITIVES.has(schema.type)) {
    if (schema.props.size === 0 || !names.props) return schema.type;
    const json = withProps({ type: schema.type }, schema.props) as Record<string, unknown>;
    if (CONNECT_DEFAULT in json) json[CONNECT_DEFAULT] = floatingText(schema, json[CONNECT_DEFAULT]);
    return json;
  }
  const props = names.props ? schema.props : NO_PROPS;
  if (schema.type === 'array')
    return withProps({ type: 'array', items: toJson(schema.items!, names) }, props);
  if (schema.type === 'map') return withProps({ type: 'map', values: toJson(schema.values!, names) }, props);
  const full = fullName(schema);
  if (names.defined.has(full))
    return schema.namespace !== null && schema.namespace === names.space ? schema.name : full;
  names.defined.add(full);
  const json: Record<string, unknown> = { type: schema.type, name: schema.name };
  if (schema.namespace !== null) {
    if (schema.namespace !== names.space) json.namespace = schema.namespace;
  } else if (names.space !== null) json.namespace = '';
  if (schema.doc !== null) json.doc = schema.doc;
  if (schema.type === 'enum') {
    json.symbols = schema.symbols;
    if (schema.enumDefault !== null) json.default = schema.enumDefault;
  } else if (schema.type === 'fixed') {
    json.size = schema.size;
  } else {
    const saved = names.space;
    names.space = schema.namespace;
    json.fields = schema.fields.map((f) => {
      const field: Record<string, unknown> = { name: f.name, type: toJson(f.type, names) };
      if (f.doc !== null) field.doc = f.doc;
      if (f.defaultValue !== undefined)
        field.default = names.props ? floatingText(f.type, f.defaultValue) : f.defaultValue;
      return withProps(field, names.props ? f.props : NO_PROPS);
    });
    names.space = saved;
  }
  return withProps(json, props);
}

const NO_PROPS: Map<string, unknown> = new Map();

function withProps(json: Record<string, unknown>, props: Map<string, unknown>): Record<string, unknown> {
  for (const [key, value] of props) json[key] = value;
  return json;
}
