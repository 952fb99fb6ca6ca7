// org.apache.kafka.connect.transforms.InsertHeader: adds a header whose value is value.literal parsed
// as Kafka's Values.parseString reads it (so "42" is an INT8 and "true" a BOOLEAN).
import { ConfigDef } from '../api/config-def.ts';
import type { ConnectRecord } from '../api/record.ts';
import type { SchemaAndValue } from '../api/schema.ts';
import type { Transformation } from '../api/transformation.ts';
import { nonNull } from '../api/validators.ts';
import { parseString } from '../api/values/parse-string.ts';

export const insertHeaderConfigDef = (): ConfigDef =>
  new ConfigDef()
    .define({
      name: 'header',
      type: 'STRING',
      validator: nonNull,
      importance: 'HIGH',
      documentation: 'The name of the header.',
    })
    .define({
      name: 'value.literal',
      type: 'STRING',
      validator: nonNull,
      importance: 'HIGH',
      documentation: 'The literal value that is to be set as the header value on all records.',
    });

export class InsertHeader implements Transformation {
  #header = '';
  #literal: SchemaAndValue = { schema: null, value: null };

  config(): ConfigDef {
    return insertHeaderConfigDef();
  }

  configure(configs: Readonly<Record<string, unknown>>): void {
    const parsed = this.config().parse(configs);
    this.#header = parsed.header as string;
    this.#literal = parseString(parsed['value.literal'] as string);
  }

  apply<R extends ConnectRecord>(record: R): R {
    const headers = record.headers.duplicate().add(this.#header, this.#literal.value, this.#literal.schema);
    return { ...record, headers };
  }
}
