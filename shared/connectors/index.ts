// The connectors this project ships, by their Kafka Connect class names.
import type { SinkConnectorPlugin } from '../api/plugin.ts';
import { elasticsearchSinkPlugin, openSearchSinkPlugin } from './elasticsearch/sink-connector.ts';
import { fileStreamSinkPlugin } from './file/sink-connector.ts';
import { s3SinkPlugin } from './s3/sink-connector.ts';

export const connectorPlugins: readonly SinkConnectorPlugin[] = [
  fileStreamSinkPlugin,
  s3SinkPlugin,
  elasticsearchSinkPlugin,
  openSearchSinkPlugin,
];
