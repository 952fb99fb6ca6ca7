// The converters this project ships, by their Kafka Connect class names.
import type { Converter, HeaderConverter } from '../api/converter.ts';
import type { ConverterPlugin, HeaderConverterPlugin } from '../api/plugin.ts';
import { VERSION } from '../api/version.ts';
import { ByteArrayConverter } from './bytearray.ts';
import { jsonConverterConfigDef } from './json/config.ts';
import { JsonConverter } from './json/json-converter.ts';
import {
  BooleanConverter,
  DoubleConverter,
  FloatConverter,
  IntegerConverter,
  LongConverter,
  ShortConverter,
} from './number.ts';
import {
  AVRO_CONVERTER,
  AvroConverter,
  avroConverterConfigDef,
} from './schema-registry/avro/avro-converter.ts';
import {
  JSON_SCHEMA_CONVERTER,
  JsonSchemaConverter,
  jsonSchemaConverterConfigDef,
} from './schema-registry/json-schema/json-schema-converter.ts';
import {
  PROTOBUF_CONVERTER,
  ProtobufConverter,
  protobufConverterConfigDef,
} from './schema-registry/protobuf/protobuf-converter.ts';
import { SimpleHeaderConverter } from './simple-header.ts';
import { StringConverter, stringConverterConfigDef } from './string.ts';

const JSON_CONVERTER = 'org.apache.kafka.connect.json.JsonConverter';

/** Kafka's primitive converters, each usable as a key/value converter and as a header converter. */
const primitiveConverters: readonly [string, () => Converter & HeaderConverter][] = [
  ['BooleanConverter', () => new BooleanConverter()],
  ['DoubleConverter', () => new DoubleConverter()],
  ['FloatConverter', () => new FloatConverter()],
  ['IntegerConverter', () => new IntegerConverter()],
  ['LongConverter', () => new LongConverter()],
  ['ShortConverter', () => new ShortConverter()],
];

const primitivePlugins = primitiveConverters.flatMap(
  ([name, create]): (ConverterPlugin | HeaderConverterPlugin)[] =>
    (['converter', 'header_converter'] as const).map((type) => ({
      type,
      className: `org.apache.kafka.connect.converters.${name}`,
      version: VERSION,
      create,
      config: () => create().config(),
    })),
);

export const converterPlugins: readonly (ConverterPlugin | HeaderConverterPlugin)[] = [
  {
    type: 'converter',
    className: JSON_CONVERTER,
    version: VERSION,
    create: () => new JsonConverter(),
    config: jsonConverterConfigDef,
  },
  {
    type: 'header_converter',
    className: JSON_CONVERTER,
    version: VERSION,
    create: () => new JsonConverter(),
    config: jsonConverterConfigDef,
  },
  {
    type: 'header_converter',
    className: 'org.apache.kafka.connect.storage.SimpleHeaderConverter',
    version: VERSION,
    create: () => new SimpleHeaderConverter(),
    config: () => new SimpleHeaderConverter().config(),
  },
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
  {
    type: 'converter',
    className: AVRO_CONVERTER,
    version: VERSION,
    create: () => new AvroConverter(),
    config: avroConverterConfigDef,
  },
  {
    type: 'converter',
    className: PROTOBUF_CONVERTER,
    version: VERSION,
    create: () => new ProtobufConverter(),
    config: protobufConverterConfigDef,
  },
  {
    type: 'converter',
    className: JSON_SCHEMA_CONVERTER,
    version: VERSION,
    create: () => new JsonSchemaConverter(),
    config: jsonSchemaConverterConfigDef,
  },
  ...primitivePlugins,
];
