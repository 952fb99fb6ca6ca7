// io.confluent.connect.protobuf.ProtobufConverter: Connect data ↔ Protobuf in Confluent's wire
// format (with its message indexes), with Confluent's keys. The mapping loads on the first batch.
import type { ConfigDef } from '../../../api/config-def.ts';
import { registryConfigDef, sharedDataKeys } from '../config.ts';
import type { FormatFactory } from '../format.ts';
import { RegistryConverter } from '../registry-converter.ts';

export const PROTOBUF_CONVERTER = 'io.confluent.connect.protobuf.ProtobufConverter';

export const protobufConverterConfigDef = (): ConfigDef =>
  sharedDataKeys(registryConfigDef())
    .define({
      name: 'enhanced.protobuf.schema.support',
      type: 'BOOLEAN',
      defaultValue: false,
      importance: 'MEDIUM',
      documentation:
        'Toggle for enabling/disabling enhanced protobuf schema support: package name preservation',
    })
    .define({
      name: 'optional.for.nullables',
      type: 'BOOLEAN',
      defaultValue: false,
      importance: 'LOW',
      documentation: 'Whether nullable fields should be specified with an optional label',
    });

export class ProtobufConverter extends RegistryConverter {
  protected readonly formatName = 'Protobuf';
  protected readonly schemaType = 'PROTOBUF' as const;

  config(): ConfigDef {
    return protobufConverterConfigDef();
  }

  protected async loadFormat(): Promise<FormatFactory> {
    const { createProtobufFormat } = await import('./protobuf-format.ts');
    return createProtobufFormat as FormatFactory;
  }
}
