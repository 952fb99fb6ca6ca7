// The connectors this project ships, by their Kafka Connect class names.
import type { SinkConnectorPlugin, SourceConnectorPlugin } from '../api/plugin.ts';
import { elasticsearchSinkPlugin, openSearchSinkPlugin } from './elasticsearch/sink-connector.ts';
import { fileStreamSinkPlugin } from './file/sink-connector.ts';
import { fileStreamSourcePlugin } from './file/source-connector.ts';
import { postgresConnectorPlugin } from './postgres-cdc/connector.ts';
import { s3SinkPlugin } from './s3/sink-connector.ts';

export const connectorPlugins: readonly (SinkConnectorPlugin | SourceConnectorPlugin)[] = [
  fileStreamSinkPlugin,
  s3SinkPlugin,
  fileStreamSourcePlugin,
  postgresConnectorPlugin,
  elasticsearchSinkPlugin,
  openSearchSinkPlugin,
];
