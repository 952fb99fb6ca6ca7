// How a plugin makes itself known: its Kafka Connect class name (so connector JSON written for
// Apache Kafka Connect resolves to it), the aliases Kafka accepts, and a factory.
import type { ConfigDef, ConfigValue } from './config-def.ts';
import type { SinkConnector, SourceConnector } from './connector.ts';
import type { Converter, HeaderConverter } from './converter.ts';
import type { Predicate, Transformation } from './transformation.ts';

export type PluginType =
  | 'sink'
  | 'source'
  | 'converter'
  | 'header_converter'
  | 'transformation'
  | 'predicate';

interface PluginBase<T> {
  /** The fully qualified Java class name, e.g. org.apache.kafka.connect.transforms.InsertField$Value. */
  readonly className: string;
  /** Extra names it resolves by, e.g. "FileStreamSink" (simple names are derived automatically). */
  readonly aliases?: readonly string[];
  readonly version: string;
  create(): T;
  /** The plugin's config keys, for the REST API's /connector-plugins/{plugin}/config. */
  config(): ConfigDef;
}

interface ConnectorPluginBase<T> extends PluginBase<T> {
  /**
   * The Java class of the connector's task in Kafka (e.g. org.apache.kafka.connect.file.FileStreamSinkTask):
   * Kafka Connect puts it in every task config as `task.class`, so ours do too.
   */
  readonly taskClass: string;
}

export interface SinkConnectorPlugin extends ConnectorPluginBase<SinkConnector> {
  readonly type: 'sink';
  /**
   * Checks across keys (Kafka's Connector.validate beyond the ConfigDef): adds errors to the
   * values of the keys concerned, after every key was validated on its own.
   */
  validate?(config: Readonly<Record<string, string>>, values: Map<string, ConfigValue>): void;
}
export interface SourceConnectorPlugin extends ConnectorPluginBase<SourceConnector> {
  readonly type: 'source';
}
export interface ConverterPlugin extends PluginBase<Converter> {
  readonly type: 'converter';
}
export interface HeaderConverterPlugin extends PluginBase<HeaderConverter> {
  readonly type: 'header_converter';
}
export interface TransformationPlugin extends PluginBase<Transformation> {
  readonly type: 'transformation';
}
export interface PredicatePlugin extends PluginBase<Predicate> {
  readonly type: 'predicate';
}

export type Plugin =
  | SinkConnectorPlugin
  | SourceConnectorPlugin
  | ConverterPlugin
  | HeaderConverterPlugin
  | TransformationPlugin
  | PredicatePlugin;
