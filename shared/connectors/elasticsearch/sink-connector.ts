// Two class names, one sink: Confluent's io.confluent.connect.elasticsearch.ElasticsearchSinkConnector
// and Aiven's io.aiven.kafka.connect.opensearch.OpenSearchSinkConnector, each with its own config
// vocabulary and defaults, both writing to Elasticsearch 7+/8 or OpenSearch through the same _bulk
// path. Every task gets the whole config; Kafka partitions are spread over tasks by the leases.
import type { ConfigDef } from '../../api/config-def.ts';
import type { ConfigKeyErrors, SinkConnector, SinkTask, TaskConfig } from '../../api/connector.ts';
import type { SinkConnectorPlugin } from '../../api/plugin.ts';
import { VERSION } from '../../api/version.ts';
import { configDefFor, type Flavour } from './config.ts';
import { parseSettings } from './settings.ts';
import { SearchSinkTask } from './sink-task.ts';
import { validateConnectorConfig } from './validation.ts';

export class SearchSinkConnector implements SinkConnector {
  readonly type = 'sink';
  readonly #flavour: Flavour;
  #props: TaskConfig = {};

  constructor(flavour: Flavour) {
    this.#flavour = flavour;
  }

  version(): string {
    return VERSION;
  }

  config(): ConfigDef {
    return configDefFor(this.#flavour);
  }

  validate(config: TaskConfig): Promise<readonly ConfigKeyErrors[]> {
    return validateConnectorConfig(this.#flavour, config);
  }

  start(props: TaskConfig): void {
    parseSettings(this.#flavour, props);
    this.#props = { ...props };
  }

  taskConfigs(maxTasks: number): TaskConfig[] {
    return Array.from({ length: maxTasks }, () => ({ ...this.#props }));
  }

  createTask(): SinkTask {
    return new SearchSinkTask(this.#flavour);
  }

  stop(): void {}
}

export const elasticsearchSinkPlugin: SinkConnectorPlugin = {
  type: 'sink',
  className: 'io.confluent.connect.elasticsearch.ElasticsearchSinkConnector',
  taskClass: 'io.confluent.connect.elasticsearch.ElasticsearchSinkTask',
  version: VERSION,
  create: () => new SearchSinkConnector('elasticsearch'),
  config: () => configDefFor('elasticsearch'),
};

export const openSearchSinkPlugin: SinkConnectorPlugin = {
  type: 'sink',
  className: 'io.aiven.kafka.connect.opensearch.OpenSearchSinkConnector',
  taskClass: 'io.aiven.kafka.connect.opensearch.OpenSearchSinkTask',
  // The class is spelt with a capital S; the lower-case spelling is common in configs anyway.
  aliases: [
    'io.aiven.kafka.connect.opensearch.OpensearchSinkConnector',
    'OpensearchSinkConnector',
    'OpensearchSink',
  ],
  version: VERSION,
  create: () => new SearchSinkConnector('opensearch'),
  config: () => configDefFor('opensearch'),
};
