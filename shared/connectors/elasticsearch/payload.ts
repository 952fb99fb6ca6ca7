// A record value as the JSON document both reference connectors send: Kafka's JsonConverter with
// schemas.enable=false (our shared writer, so numbers print as Java prints them), after the
// reference's schema preprocessing when schemas are used: Decimal → double, and maps written as
// objects (compact, string keys) or as arrays of {"key","value"} documents. Preprocessing is
// planned once per schema; schemas without decimals or such maps are written as they are.
import { DataError } from '../../api/errors.ts';
import { BigDecimal, LogicalTypeNames, type Schema, SchemaBuilder, Struct } from '../../api/schema.ts';
import { JsonConverter } from '../../converters/json/json-converter.ts';

type Convert = (value: unknown) => unknown;

/** A schema rewritten for writing, and how its values change; null when nothing changes. */
interface Plan {
  readonly schema: Schema;
  readonly convert: Convert;
}

export class PayloadWriter {
  readonly #json = new JsonConverter();
  readonly #compactMaps: boolean;
  readonly #plans = new WeakMap<Schema, Plan | null>();

  constructor(compactMapEntries: boolean) {
    this.#compactMaps = compactMapEntries;
    this.#json.configure({ 'schemas.enable': 'false' }, false);
  }

  /** The document's UTF-8 JSON; throws DataError when the value does not fit its schema. */
  write(topic: string, schema: Schema | null, value: unknown, useSchema: boolean): Buffer {
    if (schema !== null && useSchema) {
      const plan = this.#plan(schema);
      if (plan !== null) return this.#bytes(topic, plan.schema, plan.convert(value));
    }
    return this.#bytes(topic, schema, value);
  }

  #bytes(topic: string, schema: Schema | null, value: unknown): Buffer {
    const bytes = this.#json.fromConnectData(topic, null, schema, value);
    // JsonConverter writes a schemaless null as no bytes at all; a document needs the JSON null.
    return bytes ?? Buffer.from('null');
  }

  #plan(schema: Schema): Plan | null {
    let plan = this.#plans.get(schema);
    if (plan === undefined) {
      plan = this.#build(schema);
      this.#plans.set(schema, plan);
    }
    return plan;
  }

  /** Confluent's preProcessSchema / preProcessValue, compiled. */
  #build(schema: Schema): Plan | null {
    switch (schema.name) {
      case LogicalTypeNames.DECIMAL: {
        const target = basics(schema, SchemaBuilder.float64(), (d) => toDouble(d));
        return { schema: target, convert: nullable(schema, toDouble) };
      }
      case LogicalTypeNames.DATE:
      case LogicalTypeNames.TIME:
      case LogicalTypeNames.TIMESTAMP:
        return null;
    }
    switch (schema.type) {
      case 'ARRAY': {
        const element = this.#plan(schema.valueSchema!);
        if (element === null) return null;
        const target = basics(schema, SchemaBuilder.array(element.schema), (a) =>
          (a as unknown[]).map(element.convert),
        );
        return {
          schema: target,
          convert: nullable(schema, (a) => (a as unknown[]).map(element.convert)),
        };
      }
      case 'MAP':
        return this.#mapPlan(schema);
      case 'STRUCT':
        return this.#structPlan(schema);
      default:
        return null;
    }
  }

  #mapPlan(schema: Schema): Plan | null {
    const keySchema = schema.keySchema!;
    const valueSchema = schema.valueSchema!;
    const keyPlan = this.#plan(keySchema);
    const valuePlan = this.#plan(valueSchema);
    const key = keyPlan?.convert ?? identity;
    const val = valuePlan?.convert ?? identity;
    if (this.#compactMaps && keySchema.type === 'STRING') {
      if (keyPlan === null && valuePlan === null) return null;
      const convert: Convert = (m) => {
        const result = new Map<unknown, unknown>();
        for (const [k, v] of m as Map<unknown, unknown>) result.set(key(k), val(v));
        return result;
      };
      const target = basics(
        schema,
        SchemaBuilder.map(keyPlan?.schema ?? keySchema, valuePlan?.schema ?? valueSchema),
        convert,
      );
      return { schema: target, convert: nullable(schema, convert) };
    }
    const name = (s: Schema) => s.name ?? s.type;
    const entry = SchemaBuilder.struct()
      .name(`${name(keySchema)}-${name(valueSchema)}`)
      .field('key', keyPlan?.schema ?? keySchema)
      .field('value', valuePlan?.schema ?? valueSchema)
      .build();
    const convert: Convert = (m) => {
      const entries: Struct[] = [];
      for (const [k, v] of m as Map<unknown, unknown>)
        entries.push(Struct.fromTrustedValues(entry, [key(k), val(v)]));
      return entries;
    };
    const target = basics(schema, SchemaBuilder.array(entry), convert);
    return { schema: target, convert: nullable(schema, convert) };
  }

  #structPlan(schema: Schema): Plan | null {
    const fieldPlans = schema.fields.map((f) => this.#plan(f.schema));
    if (fieldPlans.every((p) => p === null)) return null;
    const builder = SchemaBuilder.struct().name(schema.name);
    if (schema.optional) builder.optional();
    schema.fields.forEach((f, i) => {
      builder.field(f.name, fieldPlans[i]?.schema ?? f.schema);
    });
    const target = builder.build();
    const converts = fieldPlans.map((p) => p?.convert ?? identity);
    const convert: Convert = (s) => {
      const struct = s as Struct;
      const values = new Array<unknown>(converts.length);
      for (let i = 0; i < converts.length; i++) values[i] = converts[i]!(struct.valueAt(i));
      return Struct.fromTrustedValues(target, values);
    };
    return { schema: target, convert: nullable(schema, convert) };
  }
}

const identity: Convert = (v) => v;

function toDouble(value: unknown): number {
  if (!(value instanceof BigDecimal))
    throw new DataError(`Invalid type for Decimal, expected BigDecimal but was ${typeof value}`);
  return Number(value.toString());
}

/** Confluent's preProcessNullValue: the default, null for optional schemas, else an error. */
function nullable(schema: Schema, convert: Convert): Convert {
  return (value) => {
    if (value !== null && value !== undefined) return convert(value);
    if (schema.defaultValue !== undefined && schema.defaultValue !== null)
      return convert(schema.defaultValue);
    if (schema.optional) return null;
    throw new DataError('null value for field that is required and has no default value');
  };
}

/** Confluent's copySchemaBasics: optional and (converted) default; structs keep no default. */
function basics(source: Schema, target: SchemaBuilder, convertDefault: Convert): Schema {
  if (source.optional) target.optional();
  if (source.defaultValue !== undefined && source.defaultValue !== null && source.type !== 'STRUCT')
    target.defaultValue(convertDefault(source.defaultValue));
  return target.build();
}
