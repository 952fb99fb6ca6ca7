// io.confluent.connect.json.JsonSchemaConverter: Connect data ↔ JSON in Confluent's wire format
// with a JSON Schema in the registry, with Confluent's keys. The mapping loads on the first batch.
import type { ConfigDef } from '../../../api/config-def.ts';
import { caseInsensitiveValidString } from '../../../api/validators.ts';
import { registryConfigDef, sharedDataKeys } from '../config.ts';
import type { FormatFactory } from '../format.ts';
import { RegistryConverter } from '../registry-converter.ts';

export const JSON_SCHEMA_CONVERTER = 'io.confluent.connect.json.JsonSchemaConverter';

export const jsonSchemaConverterConfigDef = (): ConfigDef =>
  sharedDataKeys(registryConfigDef())
    .define({
      name: 'decimal.format',
      type: 'STRING',
      defaultValue: 'BASE64',
      validator: caseInsensitiveValidString('BASE64', 'NUMERIC'),
      importance: 'LOW',
      documentation:
        "Controls which format this converter will serialize decimals in. This value is case insensitive and can be either 'BASE64' (default) or 'NUMERIC'",
    })
    .define({
      name: 'json.fail.invalid.schema',
      type: 'BOOLEAN',
      defaultValue: false,
      importance: 'MEDIUM',
      documentation:
        'Whether to fail serialization or deserialization if the payload is not valid for the schema',
    })
    .define({
      name: 'json.fail.unknown.properties',
      type: 'BOOLEAN',
      defaultValue: true,
      importance: 'LOW',
      documentation:
        'Whether to fail deserialization if unknown JSON properties are encountered (Java classes only; Connect data ignores properties its schema lacks)',
    });

export class JsonSchemaConverter extends RegistryConverter {
  protected readonly formatName = 'JSON Schema';
  protected readonly schemaType = 'JSON' as const;

  config(): ConfigDef {
    return jsonSchemaConverterConfigDef();
  }

  protected async loadFormat(): Promise<FormatFactory> {
    const { createJsonSchemaFormat } = await import('./json-schema-format.ts');
    return createJsonSchemaFormat as FormatFactory;
  }
}
