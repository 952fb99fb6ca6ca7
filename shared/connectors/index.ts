// The connectors this project ships, by their Kafka Connect class names.
import type { SinkConnectorPlugin, SourceConnectorPlugin } from '../api/plugin.ts';
import { fileStreamSinkPlugin } from './file/sink-connector.ts';
import { fileStreamSourcePlugin } from './file/source-connector.ts';

export const connectorPlugins: readonly (SinkConnectorPlugin | SourceConnectorPlugin)[] = [
  fileStreamSinkPlugin,
  fileStreamSourcePlugin,
];
