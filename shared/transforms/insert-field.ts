// org.apache.kafka.connect.transforms.InsertField$Key / $Value: adds the record's topic, partition,
// offset, timestamp or a static string as fields. A name ending in `!` makes the field required,
// `?` (or nothing) optional.
import { ConfigDef } from '../api/config-def.ts';
import { ConfigError } from '../api/errors.ts';
import type { ConnectRecord } from '../api/record.ts';
import { type Schema, SchemaBuilder, Schemas, Struct } from '../api/schema.ts';
import type { Transformation } from '../api/transformation.ts';
import {
  dateFromMillis,
  OPTIONAL_TIMESTAMP_SCHEMA,
  TIMESTAMP_SCHEMA,
} from '../api/values/logical-schemas.ts';
import { defineReplaceNullWithDefault, REPLACE_NULL_WITH_DEFAULT } from './util/config.ts';
import { adopt, writableMap } from './util/owned-values.ts';
import { requireMap, requireSinkRecord, requireStruct } from './util/requirements.ts';
import { SchemaUpdateCache } from './util/schema-cache.ts';
import { copySchemaBasics } from './util/schema-util.ts';
import { operatingSchema, operatingValue, type Side, withSide } from './util/side.ts';

const PURPOSE = 'field insertion';
const OPTIONALITY_DOC =
  'Suffix with <code>!</code> to make this a required field, or <code>?</code> to keep it optional (the default).';

interface InsertionSpec {
  readonly name: string;
  readonly optional: boolean;
}

function parseSpec(spec: unknown): InsertionSpec | null {
  if (spec === null || spec === undefined) return null;
  const text = String(spec);
  if (text.endsWith('?')) return { name: text.slice(0, -1), optional: true };
  if (text.endsWith('!')) return { name: text.slice(0, -1), optional: false };
  return { name: text, optional: true };
}

const fieldKey = (name: string, documentation: string) =>
  ({ name, type: 'STRING', defaultValue: null, importance: 'MEDIUM', documentation }) as const;

export const insertFieldConfigDef = (): ConfigDef =>
  defineReplaceNullWithDefault(
    new ConfigDef()
      .define(fieldKey('topic.field', `Field name for Kafka topic. ${OPTIONALITY_DOC}`))
      .define(fieldKey('partition.field', `Field name for Kafka partition. ${OPTIONALITY_DOC}`))
      .define(
        fieldKey(
          'offset.field',
          `Field name for Kafka offset - only applicable to sink connectors.<br/>${OPTIONALITY_DOC}`,
        ),
      )
      .define(fieldKey('timestamp.field', `Field name for record timestamp. ${OPTIONALITY_DOC}`))
      .define(fieldKey('static.field', `Field name for static data field. ${OPTIONALITY_DOC}`))
      .define(fieldKey('static.value', 'Static field value, if field name configured.')),
  );

abstract class InsertField implements Transformation {
  readonly #side: Side;
  #topic: InsertionSpec | null = null;
  #partition: InsertionSpec | null = null;
  #offset: InsertionSpec | null = null;
  #timestamp: InsertionSpec | null = null;
  #static: InsertionSpec | null = null;
  #staticValue: string | null = null;
  #replaceNullWithDefault = true;
  readonly #schemaCache = new SchemaUpdateCache();

  constructor(side: Side) {
    this.#side = side;
  }

  config(): ConfigDef {
    return insertFieldConfigDef();
  }

  configure(configs: Readonly<Record<string, unknown>>): void {
    const parsed = this.config().parse(configs);
    this.#topic = parseSpec(parsed['topic.field']);
    this.#partition = parseSpec(parsed['partition.field']);
    this.#offset = parseSpec(parsed['offset.field']);
    this.#timestamp = parseSpec(parsed['timestamp.field']);
    this.#static = parseSpec(parsed['static.field']);
    this.#staticValue = (parsed['static.value'] as string | null) ?? null;
    this.#replaceNullWithDefault = parsed[REPLACE_NULL_WITH_DEFAULT] as boolean;
    if (!this.#topic && !this.#partition && !this.#offset && !this.#timestamp && !this.#static) {
      throw new ConfigError('No field insertion configured');
    }
    if (this.#static && this.#staticValue === null) {
      // Java prints the InsertionSpec object itself here, which has no toString of its own.
      throw new ConfigError(
        'static.value',
        null,
        `No value specified for static field: ${this.#static.name}`,
      );
    }
    this.#schemaCache.clear();
  }

  apply<R extends ConnectRecord>(record: R): R {
    const value = operatingValue(record, this.#side);
    if (value === null || value === undefined) return record;
    const schema = operatingSchema(record, this.#side);
    return schema === null ? this.#applySchemaless(record, value) : this.#applyWithSchema(record, value);
  }

  #applySchemaless<R extends ConnectRecord>(record: R, value: unknown): R {
    const updated = writableMap(record, requireMap(value, PURPOSE));
    if (this.#topic) updated.set(this.#topic.name, record.topic);
    if (this.#partition && record.kafkaPartition !== null)
      updated.set(this.#partition.name, record.kafkaPartition);
    if (this.#offset) updated.set(this.#offset.name, requireSinkRecord(record, PURPOSE).kafkaOffset);
    if (this.#timestamp && record.timestamp !== null) updated.set(this.#timestamp.name, record.timestamp);
    if (this.#static && this.#staticValue !== null) updated.set(this.#static.name, this.#staticValue);
    return adopt(withSide(record, this.#side, null, updated), updated);
  }

  #applyWithSchema<R extends ConnectRecord>(record: R, value: unknown): R {
    const struct = requireStruct(value, PURPOSE);
    const updatedSchema = this.#schemaCache.getOrBuild(struct.schema, (s) => this.#buildSchema(s));
    const updated = new Struct(updatedSchema);
    for (const field of struct.schema.fields)
      updated.putFrom(field, struct.fieldValue(field, this.#replaceNullWithDefault));
    if (this.#topic) updated.put(this.#topic.name, record.topic);
    if (this.#partition && record.kafkaPartition !== null)
      updated.put(this.#partition.name, record.kafkaPartition);
    if (this.#offset) updated.put(this.#offset.name, requireSinkRecord(record, PURPOSE).kafkaOffset);
    if (this.#timestamp && record.timestamp !== null)
      updated.put(this.#timestamp.name, dateFromMillis(record.timestamp));
    if (this.#static && this.#staticValue !== null) updated.put(this.#static.name, this.#staticValue);
    return withSide(record, this.#side, updatedSchema, updated);
  }

  #buildSchema(schema: Schema): Schema {
    const builder = copySchemaBasics(schema, SchemaBuilder.struct());
    for (const field of schema.fields) builder.field(field.name, field.schema);
    const add = (spec: InsertionSpec | null, optional: Schema, required: Schema) => {
      if (spec) builder.field(spec.name, spec.optional ? optional : required);
    };
    add(this.#topic, Schemas.OPTIONAL_STRING, Schemas.STRING);
    add(this.#partition, Schemas.OPTIONAL_INT32, Schemas.INT32);
    add(this.#offset, Schemas.OPTIONAL_INT64, Schemas.INT64);
    add(this.#timestamp, OPTIONAL_TIMESTAMP_SCHEMA, TIMESTAMP_SCHEMA);
    add(this.#static, Schemas.OPTIONAL_STRING, Schemas.STRING);
    return builder.build();
  }
}

export class InsertFieldKey extends InsertField {
  constructor() {
    super('key');
  }
}

export class InsertFieldValue extends InsertField {
  constructor() {
    super('value');
  }
}
