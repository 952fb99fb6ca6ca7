// org.apache.kafka.connect.storage.SimpleHeaderConverter, the default header converter: writes a
// header value as text (Values.convertToString) and reads text back with type inference
// (Values.parseString). Text that cannot be read at all becomes BYTES, as in Kafka.
import { ConfigDef } from '../api/config-def.ts';
import type { HeaderConverter } from '../api/converter.ts';
import { DataError } from '../api/errors.ts';
import type { Bytes } from '../api/record.ts';
import { NULL_SCHEMA_AND_VALUE, type Schema, type SchemaAndValue, Schemas } from '../api/schema.ts';
import { convertToString } from '../api/values/convert-to-string.ts';
import { parseString } from '../api/values/parse-string.ts';

const UTF8 = new TextDecoder('utf-8');

export class SimpleHeaderConverter implements HeaderConverter {
  config(): ConfigDef {
    return new ConfigDef();
  }

  configure(): void {}

  toConnectHeader(_topic: string, _headerKey: string, value: Bytes | null): SchemaAndValue {
    if (value === null || value === undefined) return NULL_SCHEMA_AND_VALUE;
    try {
      return parseString(UTF8.decode(value));
    } catch (error) {
      if (error instanceof DataError) throw error;
      return { schema: Schemas.BYTES, value };
    }
  }

  fromConnectHeader(_topic: string, _headerKey: string, schema: Schema | null, value: unknown): Bytes | null {
    if (value === null || value === undefined) return null;
    return Buffer.from(convertToString(schema, value) ?? '', 'utf8');
  }
}
