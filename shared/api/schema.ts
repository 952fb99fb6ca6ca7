// Connect's schema system: the type of a key, value or header, with optionality, default, name,
// version, doc and parameters; STRUCT, ARRAY and MAP nest other schemas. Logical types (Decimal,
// Date, Time, Timestamp) are primitive schemas recognised by name.
//
// How Connect values are represented in JavaScript:
//   INT8/INT16/INT32/FLOAT32/FLOAT64  number
//   INT64                             number, or bigint beyond Number.MAX_SAFE_INTEGER
//   BOOLEAN boolean, STRING string, BYTES Buffer
//   ARRAY Array, MAP Map (keys of any type), STRUCT Struct
//   Decimal BigDecimal, Date/Time/Timestamp Date
// Values without a schema use the same representations (a JSON object becomes a Map), except a
// double with a whole value, which is boxed in a JavaDouble (values/java-double.ts) so that it is
// not taken for a Long, and a schemaless Float, boxed in a JavaFloat.
//
// Schemas are immutable values. Caches in converters and SMTs key on the schema object itself, so
// code that derives a schema should build it once per input schema, not once per record.
import { DataError, SchemaBuilderError } from './errors.ts';
import { JavaDouble, JavaFloat } from './values/java-double.ts';
import { epochMillis } from './values/wide-date.ts';

export type SchemaType =
  | 'INT8'
  | 'INT16'
  | 'INT32'
  | 'INT64'
  | 'FLOAT32'
  | 'FLOAT64'
  | 'BOOLEAN'
  | 'STRING'
  | 'BYTES'
  | 'ARRAY'
  | 'MAP'
  | 'STRUCT';

export const PRIMITIVE_TYPES: ReadonlySet<SchemaType> = new Set([
  'INT8',
  'INT16',
  'INT32',
  'INT64',
  'FLOAT32',
  'FLOAT64',
  'BOOLEAN',
  'STRING',
  'BYTES',
]);

export interface Field {
  readonly name: string;
  readonly index: number;
  readonly schema: Schema;
}

export interface Schema {
  readonly type: SchemaType;
  readonly optional: boolean;
  /** `undefined` when the schema has no default. */
  readonly defaultValue: unknown;
  readonly name: string | null;
  readonly version: number | null;
  readonly doc: string | null;
  readonly parameters: Readonly<Record<string, string>> | null;
  /** STRUCT only; empty for other types. */
  readonly fields: readonly Field[];
  /** MAP only. */
  readonly keySchema: Schema | null;
  /** MAP and ARRAY only. */
  readonly valueSchema: Schema | null;
  /** STRUCT only: the field of that name. */
  field(name: string): Field | undefined;
}

export interface SchemaAndValue {
  readonly schema: Schema | null;
  readonly value: unknown;
}

export const NULL_SCHEMA_AND_VALUE: SchemaAndValue = Object.freeze({ schema: null, value: null });

/** Names of Connect's logical types. */
export const LogicalTypeNames = {
  DECIMAL: 'org.apache.kafka.connect.data.Decimal',
  DATE: 'org.apache.kafka.connect.data.Date',
  TIME: 'org.apache.kafka.connect.data.Time',
  TIMESTAMP: 'org.apache.kafka.connect.data.Timestamp',
} as const;

/** A decimal number: unscaled × 10^-scale (Java's BigDecimal). */
export class BigDecimal {
  readonly unscaled: bigint;
  readonly scale: number;

  constructor(unscaled: bigint, scale: number) {
    this.unscaled = unscaled;
    this.scale = scale;
  }

  toString(): string {
    const negative = this.unscaled < 0n;
    const digits = (negative ? -this.unscaled : this.unscaled).toString();
    if (this.scale <= 0) return (negative ? '-' : '') + digits + '0'.repeat(-this.scale);
    const padded = digits.padStart(this.scale + 1, '0');
    return `${negative ? '-' : ''}${padded.slice(0, -this.scale)}.${padded.slice(-this.scale)}`;
  }

  equals(other: unknown): boolean {
    return other instanceof BigDecimal && other.unscaled === this.unscaled && other.scale === this.scale;
  }
}

class ConnectSchema implements Schema {
  readonly type: SchemaType;
  readonly optional: boolean;
  readonly defaultValue: unknown;
  readonly name: string | null;
  readonly version: number | null;
  readonly doc: string | null;
  readonly parameters: Readonly<Record<string, string>> | null;
  readonly fields: readonly Field[];
  readonly keySchema: Schema | null;
  readonly valueSchema: Schema | null;
  readonly #fieldsByName: Map<string, Field> | null;

  constructor(init: Omit<Schema, 'field'>) {
    this.type = init.type;
    this.optional = init.optional;
    this.defaultValue = init.defaultValue;
    this.name = init.name;
    this.version = init.version;
    this.doc = init.doc;
    this.parameters = init.parameters;
    this.fields = Object.freeze([...init.fields]);
    this.keySchema = init.keySchema;
    this.valueSchema = init.valueSchema;
    this.#fieldsByName = this.type === 'STRUCT' ? new Map(this.fields.map((f) => [f.name, f])) : null;
  }

  field(name: string): Field | undefined {
    if (this.#fieldsByName === null) throw new DataError('Cannot look up fields on non-struct type');
    return this.#fieldsByName.get(name);
  }

  toString(): string {
    return this.name ? `Schema{${this.name}:${this.type}}` : `Schema{${this.type}}`;
  }
}

/** Builds schemas fluently, as Kafka's SchemaBuilder does. */
export class SchemaBuilder {
  #optional = false;
  #defaultValue: unknown = undefined;
  #name: string | null = null;
  #version: number | null = null;
  #doc: string | null = null;
  #parameters: Record<string, string> | null = null;
  readonly #fields: Field[] = [];

  readonly type: SchemaType;
  readonly keySchema: Schema | null;
  readonly valueSchema: Schema | null;

  private constructor(type: SchemaType, keySchema: Schema | null = null, valueSchema: Schema | null = null) {
    this.type = type;
    this.keySchema = keySchema;
    this.valueSchema = valueSchema;
  }

  static type(type: SchemaType): SchemaBuilder {
    return new SchemaBuilder(type);
  }
  static int8(): SchemaBuilder {
    return new SchemaBuilder('INT8');
  }
  static int16(): SchemaBuilder {
    return new SchemaBuilder('INT16');
  }
  static int32(): SchemaBuilder {
    return new SchemaBuilder('INT32');
  }
  static int64(): SchemaBuilder {
    return new SchemaBuilder('INT64');
  }
  static float32(): SchemaBuilder {
    return new SchemaBuilder('FLOAT32');
  }
  static float64(): SchemaBuilder {
    return new SchemaBuilder('FLOAT64');
  }
  static bool(): SchemaBuilder {
    return new SchemaBuilder('BOOLEAN');
  }
  static string(): SchemaBuilder {
    return new SchemaBuilder('STRING');
  }
  static bytes(): SchemaBuilder {
    return new SchemaBuilder('BYTES');
  }
  static struct(): SchemaBuilder {
    return new SchemaBuilder('STRUCT');
  }
  static array(valueSchema: Schema): SchemaBuilder {
    return new SchemaBuilder('ARRAY', null, valueSchema);
  }
  static map(keySchema: Schema, valueSchema: Schema): SchemaBuilder {
    return new SchemaBuilder('MAP', keySchema, valueSchema);
  }

  /** A builder preset with everything `schema` has (Kafka's SchemaUtil.copySchemaBasics + fields). */
  static from(schema: Schema, withFields = true): SchemaBuilder {
    const builder = new SchemaBuilder(schema.type, schema.keySchema, schema.valueSchema);
    builder.#name = schema.name;
    builder.#version = schema.version;
    builder.#doc = schema.doc;
    builder.#parameters = schema.parameters ? { ...schema.parameters } : null;
    builder.#optional = schema.optional;
    if (withFields) for (const f of schema.fields) builder.field(f.name, f.schema);
    return builder;
  }

  get isOptional(): boolean {
    return this.#optional;
  }

  optional(): this {
    this.#optional = true;
    return this;
  }
  required(): this {
    this.#optional = false;
    return this;
  }
  name(name: string | null): this {
    this.#name = name;
    return this;
  }
  version(version: number | null): this {
    this.#version = version;
    return this;
  }
  doc(doc: string | null): this {
    this.#doc = doc;
    return this;
  }
  parameter(key: string, value: string): this {
    this.#parameters = { ...(this.#parameters ?? {}), [key]: value };
    return this;
  }
  parameters(parameters: Readonly<Record<string, string>>): this {
    this.#parameters = { ...(this.#parameters ?? {}), ...parameters };
    return this;
  }
  defaultValue(value: unknown): this {
    this.#defaultValue = value;
    return this;
  }

  field(name: string, schema: Schema): this {
    if (this.type !== 'STRUCT') throw new SchemaBuilderError('Cannot create fields on type ' + this.type);
    if (name === null || name === undefined || name.length === 0)
      throw new SchemaBuilderError('fieldName cannot be null.');
    if (this.#fields.some((f) => f.name === name))
      throw new SchemaBuilderError(`Cannot create field because of field name duplication ${name}`);
    this.#fields.push({ name, index: this.#fields.length, schema });
    return this;
  }

  build(): Schema {
    const init = {
      type: this.type,
      optional: this.#optional,
      defaultValue: undefined as unknown,
      name: this.#name,
      version: this.#version,
      doc: this.#doc,
      parameters: this.#parameters ? Object.freeze({ ...this.#parameters }) : null,
      fields: this.#fields,
      keySchema: this.keySchema,
      valueSchema: this.valueSchema,
    };
    if (this.#defaultValue !== undefined) {
      // The default must be valid for the schema it belongs to.
      validateValue(new ConnectSchema(init), this.#defaultValue);
      init.defaultValue = this.#defaultValue;
    }
    return Object.freeze(new ConnectSchema(init));
  }
}

const primitive = (type: SchemaType, optional: boolean): Schema => {
  const builder = SchemaBuilder.type(type);
  return (optional ? builder.optional() : builder).build();
};

/** Kafka's Schema.*_SCHEMA constants. */
export const Schemas = {
  INT8: primitive('INT8', false),
  INT16: primitive('INT16', false),
  INT32: primitive('INT32', false),
  INT64: primitive('INT64', false),
  FLOAT32: primitive('FLOAT32', false),
  FLOAT64: primitive('FLOAT64', false),
  BOOLEAN: primitive('BOOLEAN', false),
  STRING: primitive('STRING', false),
  BYTES: primitive('BYTES', false),
  OPTIONAL_INT8: primitive('INT8', true),
  OPTIONAL_INT16: primitive('INT16', true),
  OPTIONAL_INT32: primitive('INT32', true),
  OPTIONAL_INT64: primitive('INT64', true),
  OPTIONAL_FLOAT32: primitive('FLOAT32', true),
  OPTIONAL_FLOAT64: primitive('FLOAT64', true),
  OPTIONAL_BOOLEAN: primitive('BOOLEAN', true),
  OPTIONAL_STRING: primitive('STRING', true),
  OPTIONAL_BYTES: primitive('BYTES', true),
} as const;

/** A struct value: values for the fields of a STRUCT schema, by field position. */
export class Struct {
  readonly schema: Schema;
  #values: unknown[];
  /**
   * Set once validate() passed on a struct that can hold no arrays or maps. Every value stored
   * after that is checked against its field as it is stored (put; putFrom skips only a value that
   * was checked against that same field schema), so such a struct stays valid and SMTs that copy it
   * from record to record need not walk it again. An array or a map could be changed in place
   * without the struct knowing, so a struct that may hold one is checked every time, as Kafka does.
   */
  #validated = false;

  constructor(schema: Schema) {
    this.schema = schema;
    if (schema.type !== 'STRUCT') throw new DataError('Not a struct schema: ' + String(schema));
    // Unset fields read null. A loop of stores makes a packed array, several times faster to build
    // than fill() (an SMT builds a struct per record) and without holes to check on every read.
    const size = schema.fields.length;
    const values = new Array<unknown>(size);
    for (let i = 0; i < size; i++) values[i] = null;
    this.#values = values;
  }

  /**
   * A struct holding `values` (one per field, in field order) as they are, without validating
   * them: for converters that produced each value from the field's own schema, on the hot path.
   * Everyone else uses put, which validates. The struct keeps `values` itself: the caller hands
   * over a fresh array and never writes to it again (validate() remembers a pass, see #validated).
   */
  static fromTrustedValues(schema: Schema, values: unknown[]): Struct {
    const struct = new Struct(schema);
    struct.#values = values;
    return struct;
  }

  /** The value of the field at `index` exactly as set (getWithoutDefault by position). */
  valueAt(index: number): unknown {
    return this.#values[index];
  }

  /** The field's value, or the field schema's default when it was never set (as Kafka's get). */
  get(fieldName: string): unknown {
    return this.fieldValue(this.fieldNamed(fieldName), true);
  }

  /** The value exactly as set, without falling back to the default (Kafka's getWithoutDefault). */
  getWithoutDefault(fieldName: string): unknown {
    return this.fieldValue(this.fieldNamed(fieldName), false);
  }

  put(fieldName: string, value: unknown): this {
    const field = this.fieldNamed(fieldName);
    validateValue(field.schema, value, field.name);
    this.#values[field.index] = value;
    return this;
  }

  /**
   * get() (`withDefault`) or getWithoutDefault() for `field`, one of this struct's own schema's
   * fields, by position: no lookup by name.
   */
  fieldValue(field: Field, withDefault: boolean): unknown {
    const value = this.#values[field.index];
    return withDefault && value === null && field.schema.defaultValue !== undefined
      ? field.schema.defaultValue
      : value;
  }

  /**
   * put() of a value read from `from`, a field of another struct, into the field `fieldName`
   * (`from`'s name by default). SMTs copy most of a record's fields this way. Kafka checks each value
   * again; a value whose fitness cannot have changed since it was checked against this very schema
   * (put validates, converters build values from the schema) is not checked twice: a string,
   * number, boolean, bigint, Date or BigDecimal in a field with the same schema object. Everything
   * else is checked as put() checks it: a null (a required field can be unset), a struct (a
   * field's struct default never matches its schema), and arrays and maps, which may have been
   * changed after they were put. `value` must really be what `from` held (or its default): a
   * struct that already passed validate() trusts every store after it (see #validated).
   */
  putFrom(from: Field, value: unknown, fieldName: string = from.name): this {
    // Most SMTs keep a field's place (a copy, a cast, a field added at the end): the field at the
    // same position is the one of that name (names are unique) when its name matches.
    const inPlace = this.schema.fields[from.index];
    const field = inPlace !== undefined && inPlace.name === fieldName ? inPlace : this.fieldNamed(fieldName);
    if (field.schema !== from.schema || !keepsItsFitness(value))
      validateValue(field.schema, value, field.name);
    this.#values[field.index] = value;
    return this;
  }

  /** Checks that every required field has a value (Kafka's Struct.validate). */
  validate(): void {
    if (this.#validated) return;
    for (const field of this.schema.fields)
      validateValue(field.schema, this.#values[field.index], field.name);
    this.#validated = holdsNoContainers(this.schema);
  }

  equals(other: unknown): boolean {
    if (!(other instanceof Struct) || other.schema !== this.schema) return false;
    return this.schema.fields.every((f) =>
      valuesEqual(this.getWithoutDefault(f.name), other.getWithoutDefault(f.name)),
    );
  }

  toString(): string {
    const parts = this.schema.fields.flatMap((f) => {
      const v = this.#values[f.index];
      return v === null ? [] : [`${f.name}=${String(v)}`];
    });
    return `Struct{${parts.join(',')}}`;
  }

  /** The schema's field of that name; Kafka's DataException when there is none. */
  fieldNamed(fieldName: string): Field {
    const field = this.schema.field(fieldName);
    if (!field) throw new DataError(`${fieldName} is not a valid field name`);
    return field;
  }
}

const NO_CONTAINERS = new WeakMap<Schema, boolean>();

/** Whether values of a struct schema can hold no array or map, however deeply nested. */
function holdsNoContainers(schema: Schema): boolean {
  let answer = NO_CONTAINERS.get(schema);
  if (answer === undefined) {
    answer = schema.fields.every((field) => {
      const type = field.schema.type;
      return type === 'STRUCT' ? holdsNoContainers(field.schema) : type !== 'ARRAY' && type !== 'MAP';
    });
    NO_CONTAINERS.set(schema, answer);
  }
  return answer;
}

/** Values that cannot stop fitting a schema they fitted: primitives and immutable value objects. */
function keepsItsFitness(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'bigint':
      return true;
    case 'object':
      return value instanceof Date || value instanceof BigDecimal;
    default:
      return false;
  }
}

/** Deep equality of Connect values (Buffers by content, Maps by entries, Structs by fields). */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
  }
  if (Buffer.isBuffer(a) && Buffer.isBuffer(b)) return a.equals(b);
  if (a instanceof Date && b instanceof Date) return epochMillis(a) === epochMillis(b);
  if (a instanceof BigDecimal || a instanceof Struct) return a.equals(b);
  if (
    (a instanceof JavaDouble && b instanceof JavaDouble) ||
    (a instanceof JavaFloat && b instanceof JavaFloat)
  )
    return Object.is(a.value, b.value);
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((v, i) => valuesEqual(v, b[i]));
  if (a instanceof Map && b instanceof Map) {
    if (a.size !== b.size) return false;
    for (const [k, v] of a) if (!b.has(k) || !valuesEqual(v, b.get(k))) return false;
    return true;
  }
  return false;
}

const INT64_MIN = -(2n ** 63n);
const INT64_LIMIT = 2n ** 63n;

/**
 * Where a value sits, for error messages only, so it is worded lazily (validation runs for every
 * field of every record): a field name, undefined for a top-level value, or a position inside one.
 */
type Where = string | undefined | { readonly prefix: string; readonly inner: Where };

function locationOf(where: Where): string {
  if (where === undefined) return 'value';
  if (typeof where === 'string') return `field: "${where}"`;
  return where.prefix + locationOf(where.inner);
}

function mismatch(schema: Schema, value: unknown, where: Where): DataError {
  return new DataError(
    `Invalid Java object for schema ${schema.name ? `"${schema.name}" ` : ''}with type ${schema.type}: ${describe(value)} for ${locationOf(where)}`,
  );
}

/**
 * Throws a DataException-style error when `value` does not fit `schema` (Kafka's
 * ConnectSchema.validateValue). `fieldName` only improves the message.
 */
export function validateValue(schema: Schema, value: unknown, fieldName?: string): void {
  validateAt(schema, value, fieldName);
}

/** Kafka words nested positions as e.g. `element of array field: "tags"`. */
function validateAt(schema: Schema, value: unknown, where: Where): void {
  if (value === null || value === undefined) {
    if (schema.optional || schema.defaultValue !== undefined) return;
    throw new DataError(
      `Invalid value: null used for required ${locationOf(where)}, schema type: ${schema.type}`,
    );
  }
  if (schema.name !== null) {
    switch (schema.name) {
      case LogicalTypeNames.DECIMAL:
        if (!(value instanceof BigDecimal)) throw mismatch(schema, value, where);
        return;
      case LogicalTypeNames.DATE:
      case LogicalTypeNames.TIME:
      case LogicalTypeNames.TIMESTAMP:
        if (!(value instanceof Date)) throw mismatch(schema, value, where);
        return;
    }
  }
  switch (schema.type) {
    case 'INT8':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < -128 || value > 127)
        throw mismatch(schema, value, where);
      return;
    case 'INT16':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < -32768 || value > 32767)
        throw mismatch(schema, value, where);
      return;
    case 'INT32':
      if (typeof value !== 'number' || (value | 0) !== value) throw mismatch(schema, value, where);
      return;
    case 'INT64':
      if (typeof value === 'bigint') {
        if (value < INT64_MIN || value >= INT64_LIMIT) throw mismatch(schema, value, where);
        return;
      }
      if (typeof value !== 'number' || !Number.isInteger(value)) throw mismatch(schema, value, where);
      return;
    case 'FLOAT32':
      if (typeof value !== 'number' && !(value instanceof JavaFloat)) throw mismatch(schema, value, where);
      return;
    case 'FLOAT64':
      if (typeof value !== 'number' && !(value instanceof JavaDouble)) throw mismatch(schema, value, where);
      return;
    case 'BOOLEAN':
      if (typeof value !== 'boolean') throw mismatch(schema, value, where);
      return;
    case 'STRING':
      if (typeof value !== 'string') throw mismatch(schema, value, where);
      return;
    case 'BYTES':
      if (!(value instanceof Uint8Array)) throw mismatch(schema, value, where);
      return;
    case 'ARRAY': {
      if (!Array.isArray(value)) throw mismatch(schema, value, where);
      const element = { prefix: 'element of array ', inner: where };
      for (const item of value) validateAt(schema.valueSchema!, item, element);
      return;
    }
    case 'MAP': {
      if (!(value instanceof Map)) throw mismatch(schema, value, where);
      const key = { prefix: 'key of map ', inner: where };
      const entry = { prefix: 'value of map ', inner: where };
      for (const [k, v] of value) {
        validateAt(schema.keySchema!, k, key);
        validateAt(schema.valueSchema!, v, entry);
      }
      return;
    }
    case 'STRUCT':
      if (!(value instanceof Struct)) throw mismatch(schema, value, where);
      if (value.schema !== schema && !schemasEqual(value.schema, schema)) {
        throw new DataError('Struct schemas do not match.');
      }
      value.validate();
      return;
  }
}

function describe(value: unknown): string {
  if (value instanceof Map) return 'Map';
  if (Array.isArray(value)) return 'Array';
  if (Buffer.isBuffer(value)) return 'Buffer';
  return `${typeof value} ${String(value)}`;
}

/** Structural equality of schemas (Kafka's ConnectSchema.equals). */
export function schemasEqual(a: Schema | null, b: Schema | null): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  return (
    a.type === b.type &&
    a.optional === b.optional &&
    a.name === b.name &&
    a.version === b.version &&
    a.doc === b.doc &&
    valuesEqual(a.defaultValue ?? null, b.defaultValue ?? null) &&
    JSON.stringify(a.parameters) === JSON.stringify(b.parameters) &&
    a.fields.length === b.fields.length &&
    a.fields.every((f, i) => f.name === b.fields[i]!.name && schemasEqual(f.schema, b.fields[i]!.schema)) &&
    schemasEqual(a.keySchema, b.keySchema) &&
    schemasEqual(a.valueSchema, b.valueSchema)
  );
}
