// org.apache.kafka.connect.transforms.MaskField$Key / $Value: replaces the values of the named
// fields with their type's empty value (0, false, "", empty list or map, epoch) or a replacement.
import { ConfigDef } from '../api/config-def.ts';
import { DataError } from '../api/errors.ts';
import type { ConnectRecord } from '../api/record.ts';
import { BigDecimal, LogicalTypeNames, type Schema, Struct } from '../api/schema.ts';
import type { Transformation } from '../api/transformation.ts';
import { nonEmptyString } from '../api/validators.ts';
import {
  convertStringToFloat,
  convertStringToInteger,
  parseBigDecimal,
} from '../api/values/convert-number.ts';
import { javaClassOf } from '../api/values/java-class.ts';
import { JavaDouble, JavaFloat, schemalessDouble } from '../api/values/java-double.ts';
import { defineReplaceNullWithDefault, nonEmptyList, REPLACE_NULL_WITH_DEFAULT } from './util/config.ts';
import { adopt, writableMap } from './util/owned-values.ts';
import { requireMap, requireStruct } from './util/requirements.ts';
import { operatingSchema, operatingValue, type Side, withSide } from './util/side.ts';

const PURPOSE = 'mask fields';

export const maskFieldConfigDef = (): ConfigDef =>
  defineReplaceNullWithDefault(
    new ConfigDef()
      .define({
        name: 'fields',
        type: 'LIST',
        validator: nonEmptyList,
        importance: 'HIGH',
        documentation: 'Names of fields to mask.',
      })
      .define({
        name: 'replacement',
        type: 'STRING',
        defaultValue: null,
        validator: {
          // Kafka's NonEmptyString accepts the null default.
          ensureValid: (name, value) => {
            if (value !== null) nonEmptyString.ensureValid(name, value);
          },
          toString: () => 'non-empty string',
        },
        importance: 'LOW',
        documentation:
          "Custom value replacement, that will be applied to all 'fields' values (numeric or non-empty string values only).",
      }),
  );

/**
 * The Java class the value would have: with a schema, the schema says (INT8 is a Byte); without
 * one, whole numbers are Longs and other numbers Doubles, as JsonConverter produces them.
 */
type ValueKind =
  | 'INT8'
  | 'INT16'
  | 'INT32'
  | 'INT64'
  | 'FLOAT32'
  | 'FLOAT64'
  | 'BOOLEAN'
  | 'STRING'
  | 'DECIMAL'
  | 'DATE'
  | 'LIST'
  | 'MAP'
  | 'OTHER';

function kindOf(schema: Schema | null, value: unknown): ValueKind {
  if (value instanceof BigDecimal) return 'DECIMAL';
  if (value instanceof Date) return 'DATE';
  if (Array.isArray(value)) return 'LIST';
  if (value instanceof Map) return 'MAP';
  if (value instanceof JavaDouble) return 'FLOAT64';
  if (value instanceof JavaFloat) return 'FLOAT32';
  if (schema !== null && schema.name !== LogicalTypeNames.DECIMAL) {
    switch (schema.type) {
      case 'INT8':
      case 'INT16':
      case 'INT32':
      case 'INT64':
      case 'FLOAT32':
      case 'FLOAT64':
      case 'BOOLEAN':
      case 'STRING':
        return schema.type;
    }
  }
  switch (typeof value) {
    case 'string':
      return 'STRING';
    case 'boolean':
      return 'BOOLEAN';
    case 'bigint':
      return 'INT64';
    case 'number':
      return Number.isInteger(value) ? 'INT64' : 'FLOAT64';
  }
  return 'OTHER';
}

function maskWithEmpty(kind: ValueKind, value: unknown): unknown {
  switch (kind) {
    case 'INT8':
    case 'INT16':
    case 'INT32':
    case 'INT64':
    case 'FLOAT32':
    case 'FLOAT64':
      return 0;
    case 'BOOLEAN':
      return false;
    case 'STRING':
      return '';
    case 'DECIMAL':
      return new BigDecimal(0n, 0);
    case 'DATE':
      return new Date(0);
    case 'LIST':
      return [];
    case 'MAP':
      return new Map();
    default:
      throw new DataError(`Cannot mask value of type: ${javaClassOf(value)}`);
  }
}

function maskWithReplacement(kind: ValueKind, value: unknown, replacement: string): unknown {
  switch (kind) {
    case 'INT8':
    case 'INT16':
    case 'INT32':
    case 'INT64':
      return convertStringToInteger(replacement, kind);
    case 'FLOAT32':
    case 'FLOAT64':
      return convertStringToFloat(replacement, kind);
    case 'STRING':
      return replacement;
    case 'DECIMAL': {
      const decimal = parseBigDecimal(replacement);
      if (decimal === null) {
        throw new DataError(`Unable to convert ${replacement} (class java.lang.String) to number`);
      }
      return decimal;
    }
    default:
      throw new DataError(`Cannot mask value of type ${javaClassOf(value)} with custom replacement.`);
  }
}

abstract class MaskField implements Transformation {
  readonly #side: Side;
  #fields = new Set<string>();
  #fieldList: string[] = [];
  #replacement: string | null = null;
  #replaceNullWithDefault = true;

  constructor(side: Side) {
    this.#side = side;
  }

  config(): ConfigDef {
    return maskFieldConfigDef();
  }

  configure(configs: Readonly<Record<string, unknown>>): void {
    const parsed = this.config().parse(configs);
    this.#fields = new Set(parsed.fields as string[]);
    this.#fieldList = [...this.#fields];
    this.#replacement = (parsed.replacement as string | null) ?? null;
    this.#replaceNullWithDefault = parsed[REPLACE_NULL_WITH_DEFAULT] as boolean;
  }

  #masked(schema: Schema | null, value: unknown): unknown {
    if (value === null || value === undefined) return null;
    const kind = kindOf(schema, value);
    const masked =
      this.#replacement === null
        ? maskWithEmpty(kind, value)
        : maskWithReplacement(kind, value, this.#replacement);
    // Without a schema a masked Double stays a Double (0.0), not a Long; a Float a Float.
    if (schema === null && kind === 'FLOAT64') return schemalessDouble(masked as number);
    if (schema === null && kind === 'FLOAT32') return new JavaFloat(masked as number);
    return masked;
  }

  apply<R extends ConnectRecord>(record: R): R {
    const value = operatingValue(record, this.#side);
    const schema = operatingSchema(record, this.#side);
    if (schema === null) {
      const updated = writableMap(record, requireMap(value, PURPOSE));
      const fields = this.#fieldList;
      for (let i = 0; i < fields.length; i++) {
        const field = fields[i]!;
        updated.set(field, this.#masked(null, updated.get(field)));
      }
      return adopt(withSide(record, this.#side, null, updated), updated);
    }
    const struct = requireStruct(value, PURPOSE);
    const updated = new Struct(struct.schema);
    for (const field of struct.schema.fields) {
      const original = struct.fieldValue(field, this.#replaceNullWithDefault);
      if (this.#fields.has(field.name)) updated.put(field.name, this.#masked(field.schema, original));
      else updated.putFrom(field, original);
    }
    return withSide(record, this.#side, schema, updated);
  }
}

export class MaskFieldKey extends MaskField {
  constructor() {
    super('key');
  }
}

export class MaskFieldValue extends MaskField {
  constructor() {
    super('value');
  }
}
