// io.confluent.connect.avro.AvroConverter: Connect data ↔ Avro in Confluent's wire format, with
// Confluent's keys. This module is small on purpose: the Avro library and the mapping load on the
// first batch (registry-converter.ts).
import type { ConfigDef } from '../../../api/config-def.ts';
import { registryConfigDef, sharedDataKeys } from '../config.ts';
import type { FormatFactory } from '../format.ts';
import { RegistryConverter } from '../registry-converter.ts';

export const AVRO_CONVERTER = 'io.confluent.connect.avro.AvroConverter';

export const avroConverterConfigDef = (): ConfigDef =>
  sharedDataKeys(registryConfigDef())
    .define({
      name: 'enhanced.avro.schema.support',
      type: 'BOOLEAN',
      defaultValue: false,
      importance: 'MEDIUM',
      documentation:
        'Toggle for enabling/disabling enhanced avro schema support: Enum symbol preservation and Package Name awareness',
    })
    .define({
      name: 'connect.meta.data',
      type: 'BOOLEAN',
      defaultValue: true,
      importance: 'LOW',
      documentation:
        'Toggle for enabling/disabling connect converter to add its meta data to the output schema or not',
    })
    .define({
      name: 'ignore.default.for.nullables',
      type: 'BOOLEAN',
      defaultValue: false,
      importance: 'LOW',
      documentation: 'Whether to ignore the default for nullable fields when the value is null',
    })
    .define({
      name: 'allow.optional.map.keys',
      type: 'BOOLEAN',
      defaultValue: false,
      importance: 'LOW',
      documentation: 'Allow optional string map key when converting from Connect Schema to Avro Schema.',
    })
    .define({
      name: 'avro.use.logical.type.converters',
      type: 'BOOLEAN',
      defaultValue: false,
      importance: 'MEDIUM',
      documentation:
        'If true, use logical type converter in generic record. Connect data is the same either way: the converter maps the logical types itself.',
    });

export class AvroConverter extends RegistryConverter {
  protected readonly formatName = 'Avro';
  protected readonly schemaType = 'AVRO' as const;

  config(): ConfigDef {
    return avroConverterConfigDef();
  }

  protected async loadFormat(): Promise<FormatFactory> {
    const { createAvroFormat } = await import('./avro-format.ts');
    return createAvroFormat as FormatFactory;
  }
}
