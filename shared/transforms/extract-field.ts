// org.apache.kafka.connect.transforms.ExtractField$Key / $Value: replaces the key or value with one
// of its fields (a nested one with field.syntax.version=V2).

import { ConfigDef } from '../api/config-def.ts';
import { IllegalArgumentError } from '../api/errors.ts';
import type { ConnectRecord } from '../api/record.ts';
import type { Transformation } from '../api/transformation.ts';
import {
  defineFieldSyntaxVersion,
  defineReplaceNullWithDefault,
  fieldSyntaxVersion,
  REPLACE_NULL_WITH_DEFAULT,
} from './util/config.ts';
import { SingleFieldPath } from './util/field-path.ts';
import { requireMapOrNull, requireStructOrNull } from './util/requirements.ts';
import { operatingSchema, operatingValue, type Side, withSide } from './util/side.ts';

const PURPOSE = 'field extraction';

export const extractFieldConfigDef = (): ConfigDef =>
  defineFieldSyntaxVersion(
    defineReplaceNullWithDefault(
      new ConfigDef().define({
        name: 'field',
        type: 'STRING',
        importance: 'MEDIUM',
        documentation: 'Field name to extract.',
      }),
    ),
  );

abstract class ExtractField implements Transformation {
  readonly #side: Side;
  #path = new SingleFieldPath('', 'V1');
  #originalPath = '';
  #replaceNullWithDefault = true;

  constructor(side: Side) {
    this.#side = side;
  }

  config(): ConfigDef {
    return extractFieldConfigDef();
  }

  configure(configs: Readonly<Record<string, unknown>>): void {
    const parsed = this.config().parse(configs);
    this.#originalPath = parsed.field as string;
    this.#path = new SingleFieldPath(this.#originalPath, fieldSyntaxVersion(parsed));
    this.#replaceNullWithDefault = parsed[REPLACE_NULL_WITH_DEFAULT] as boolean;
  }

  apply<R extends ConnectRecord>(record: R): R {
    const schema = operatingSchema(record, this.#side);
    const value = operatingValue(record, this.#side);
    if (schema === null) {
      const map = requireMapOrNull(value, PURPOSE);
      return withSide(record, this.#side, null, map === null ? null : this.#path.valueFromMap(map));
    }
    const struct = requireStructOrNull(value, PURPOSE);
    const field = this.#path.fieldFrom(schema);
    // Kafka throws IllegalArgumentException here, not a DataException.
    if (field === undefined) throw new IllegalArgumentError(`Unknown field: ${this.#originalPath}`);
    const extracted =
      struct === null ? null : this.#path.valueFromStruct(struct, this.#replaceNullWithDefault);
    return withSide(record, this.#side, field.schema, extracted);
  }
}

export class ExtractFieldKey extends ExtractField {
  constructor() {
    super('key');
  }
}

export class ExtractFieldValue extends ExtractField {
  constructor() {
    super('value');
  }
}
