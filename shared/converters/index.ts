// The converters this project ships, by their Kafka Connect class names.
import type { ConverterPlugin, HeaderConverterPlugin } from '../api/plugin.ts';
import { VERSION } from '../api/version.ts';
import { ByteArrayConverter } from './bytearray.ts';
import { StringConverter, stringConverterConfigDef } from './string.ts';

export const converterPlugins: readonly (ConverterPlugin | HeaderConverterPlugin)[] = [
  {
    type: 'converter',
    className: 'org.apache.kafka.connect.storage.StringConverter',
    version: VERSION,
    create: () => new StringConverter(),
    config: stringConverterConfigDef,
  },
  {
    type: 'header_converter',
    className: 'org.apache.kafka.connect.storage.StringConverter',
    version: VERSION,
    create: () => new StringConverter(),
    config: stringConverterConfigDef,
  },
  {
    type: 'converter',
    className: 'org.apache.kafka.connect.converters.ByteArrayConverter',
    version: VERSION,
    create: () => new ByteArrayConverter(),
    config: () => new ByteArrayConverter().config(),
  },
  {
    type: 'header_converter',
    className: 'org.apache.kafka.connect.converters.ByteArrayConverter',
    version: VERSION,
    create: () => new ByteArrayConverter(),
    config: () => new ByteArrayConverter().config(),
  },
];
