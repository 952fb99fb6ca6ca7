// org.apache.kafka.connect.json.JsonConverterConfig: the same keys, defaults, groups and wording, so
// that `value.converter.schemas.enable=false` and friends mean what they mean in Kafka Connect.
import type { ConfigDef } from '../../api/config-def.ts';
import type { ConverterType } from '../../api/converter.ts';
import { caseInsensitiveValidString } from '../../api/validators.ts';
import { converterConfigDef } from '../converter-config.ts';

export type DecimalFormat = 'BASE64' | 'NUMERIC';

export interface JsonConverterSettings {
  readonly type: ConverterType;
  readonly schemasEnabled: boolean;
  readonly schemaCacheSize: number;
  readonly decimalFormat: DecimalFormat;
  readonly replaceNullWithDefault: boolean;
}

export const jsonConverterConfigDef = (): ConfigDef =>
  converterConfigDef()
    .define({
      name: 'schemas.enable',
      type: 'BOOLEAN',
      defaultValue: true,
      importance: 'HIGH',
      documentation: 'Include schemas within each of the serialized values and keys.',
      group: 'Schemas',
      orderInGroup: 0,
      width: 'MEDIUM',
      displayName: 'Enable Schemas',
    })
    .define({
      name: 'schemas.cache.size',
      type: 'INT',
      defaultValue: 1000,
      importance: 'HIGH',
      documentation: 'The maximum number of schemas that can be cached in this converter instance.',
      group: 'Schemas',
      orderInGroup: 1,
      width: 'MEDIUM',
      displayName: 'Schema Cache Size',
    })
    .define({
      name: 'decimal.format',
      type: 'STRING',
      defaultValue: 'BASE64',
      validator: caseInsensitiveValidString('BASE64', 'NUMERIC'),
      importance: 'LOW',
      documentation:
        "Controls which format this converter will serialize decimals in. This value is case insensitive and can be either 'BASE64' (default) or 'NUMERIC'",
      group: 'Serialization',
      orderInGroup: 0,
      width: 'MEDIUM',
      displayName: 'Decimal Format',
    })
    .define({
      name: 'replace.null.with.default',
      type: 'BOOLEAN',
      defaultValue: true,
      importance: 'LOW',
      documentation:
        'Whether to replace fields that have a default value and that are null to the default value. When set to true, the default value is used, otherwise null is used.',
      group: 'Serialization',
      orderInGroup: 1,
      width: 'MEDIUM',
      displayName: 'Replace null with default',
    });

export function parseJsonConverterConfig(configs: Readonly<Record<string, unknown>>): JsonConverterSettings {
  const parsed = jsonConverterConfigDef().parse(configs);
  return {
    type: parsed['converter.type'] as ConverterType,
    schemasEnabled: parsed['schemas.enable'] as boolean,
    schemaCacheSize: parsed['schemas.cache.size'] as number,
    decimalFormat: String(parsed['decimal.format']).toUpperCase() as DecimalFormat,
    replaceNullWithDefault: parsed['replace.null.with.default'] as boolean,
  };
}
