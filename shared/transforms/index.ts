// The Single Message Transforms and predicates this project ships, by their Kafka Connect class
// names, so that connector JSON written for Apache Kafka Connect resolves to them unchanged.
import type { ConfigDef } from '../api/config-def.ts';
import type { PredicatePlugin, TransformationPlugin } from '../api/plugin.ts';
import type { Predicate, Transformation } from '../api/transformation.ts';
import { VERSION } from '../api/version.ts';
import { CastKey, CastValue, castConfigDef } from './cast.ts';
import {
  ExtractNewRecordState,
  extractNewRecordStateConfigDef,
} from './debezium/extract-new-record-state.ts';
import { DropHeaders, dropHeadersConfigDef } from './drop-headers.ts';
import { ExtractFieldKey, ExtractFieldValue, extractFieldConfigDef } from './extract-field.ts';
import { Filter } from './filter.ts';
import { FlattenKey, FlattenValue, flattenConfigDef } from './flatten.ts';
import { HeaderFromKey, HeaderFromValue, headerFromConfigDef } from './header-from.ts';
import { HoistFieldKey, HoistFieldValue, hoistFieldConfigDef } from './hoist-field.ts';
import { InsertFieldKey, InsertFieldValue, insertFieldConfigDef } from './insert-field.ts';
import { InsertHeader, insertHeaderConfigDef } from './insert-header.ts';
import { MaskFieldKey, MaskFieldValue, maskFieldConfigDef } from './mask-field.ts';
import { HasHeaderKey, hasHeaderKeyConfigDef } from './predicates/has-header-key.ts';
import { RecordIsTombstone } from './predicates/record-is-tombstone.ts';
import { TopicNameMatches, topicNameMatchesConfigDef } from './predicates/topic-name-matches.ts';
import { RegexRouter, regexRouterConfigDef } from './regex-router.ts';
import { ReplaceFieldKey, ReplaceFieldValue, replaceFieldConfigDef } from './replace-field.ts';
import {
  SetSchemaMetadataKey,
  SetSchemaMetadataValue,
  setSchemaMetadataConfigDef,
} from './set-schema-metadata.ts';
import {
  TimestampConverterKey,
  TimestampConverterValue,
  timestampConverterConfigDef,
} from './timestamp-converter.ts';
import { TimestampRouter, timestampRouterConfigDef } from './timestamp-router.ts';
import { ValueToKey, valueToKeyConfigDef } from './value-to-key.ts';

const TRANSFORMS = 'org.apache.kafka.connect.transforms.';
const PREDICATES = 'org.apache.kafka.connect.transforms.predicates.';

function transformation(
  simpleName: string,
  create: () => Transformation,
  config: () => ConfigDef,
): TransformationPlugin {
  return { type: 'transformation', className: TRANSFORMS + simpleName, version: VERSION, create, config };
}

/** The $Key and $Value flavours of one SMT, sharing its config. */
function keyAndValue(
  simpleName: string,
  key: () => Transformation,
  value: () => Transformation,
  config: () => ConfigDef,
): TransformationPlugin[] {
  return [
    transformation(`${simpleName}$Key`, key, config),
    transformation(`${simpleName}$Value`, value, config),
  ];
}

const emptyConfig = () => new Filter().config();

export const transformationPlugins: readonly TransformationPlugin[] = [
  ...keyAndValue(
    'Cast',
    () => new CastKey(),
    () => new CastValue(),
    castConfigDef,
  ),
  transformation('DropHeaders', () => new DropHeaders(), dropHeadersConfigDef),
  ...keyAndValue(
    'ExtractField',
    () => new ExtractFieldKey(),
    () => new ExtractFieldValue(),
    extractFieldConfigDef,
  ),
  transformation('Filter', () => new Filter(), emptyConfig),
  ...keyAndValue(
    'Flatten',
    () => new FlattenKey(),
    () => new FlattenValue(),
    flattenConfigDef,
  ),
  ...keyAndValue(
    'HeaderFrom',
    () => new HeaderFromKey(),
    () => new HeaderFromValue(),
    headerFromConfigDef,
  ),
  ...keyAndValue(
    'HoistField',
    () => new HoistFieldKey(),
    () => new HoistFieldValue(),
    hoistFieldConfigDef,
  ),
  ...keyAndValue(
    'InsertField',
    () => new InsertFieldKey(),
    () => new InsertFieldValue(),
    insertFieldConfigDef,
  ),
  transformation('InsertHeader', () => new InsertHeader(), insertHeaderConfigDef),
  ...keyAndValue(
    'MaskField',
    () => new MaskFieldKey(),
    () => new MaskFieldValue(),
    maskFieldConfigDef,
  ),
  transformation('RegexRouter', () => new RegexRouter(), regexRouterConfigDef),
  ...keyAndValue(
    'ReplaceField',
    () => new ReplaceFieldKey(),
    () => new ReplaceFieldValue(),
    replaceFieldConfigDef,
  ),
  ...keyAndValue(
    'SetSchemaMetadata',
    () => new SetSchemaMetadataKey(),
    () => new SetSchemaMetadataValue(),
    setSchemaMetadataConfigDef,
  ),
  ...keyAndValue(
    'TimestampConverter',
    () => new TimestampConverterKey(),
    () => new TimestampConverterValue(),
    timestampConverterConfigDef,
  ),
  transformation('TimestampRouter', () => new TimestampRouter(), timestampRouterConfigDef),
  transformation('ValueToKey', () => new ValueToKey(), valueToKeyConfigDef),
  // Debezium's, for change events: the class name its connector JSON uses.
  {
    type: 'transformation',
    className: 'io.debezium.transforms.ExtractNewRecordState',
    version: VERSION,
    create: () => new ExtractNewRecordState(),
    config: extractNewRecordStateConfigDef,
  },
];

function predicate(simpleName: string, create: () => Predicate, config: () => ConfigDef): PredicatePlugin {
  return { type: 'predicate', className: PREDICATES + simpleName, version: VERSION, create, config };
}

export const predicatePlugins: readonly PredicatePlugin[] = [
  predicate('HasHeaderKey', () => new HasHeaderKey(), hasHeaderKeyConfigDef),
  predicate(
    'RecordIsTombstone',
    () => new RecordIsTombstone(),
    () => new RecordIsTombstone().config(),
  ),
  predicate('TopicNameMatches', () => new TopicNameMatches(), topicNameMatchesConfigDef),
];
